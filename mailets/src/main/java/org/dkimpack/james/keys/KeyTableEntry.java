package org.dkimpack.james.keys;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

import org.dkimpack.core.SignatureAlgorithm;

/**
 * One signing key of a key table: for which domains, under which selector, from which file,
 * and where it was configured (for messages).
 *
 * <p>The domain pattern is a domain name ({@code example.com}) or a wildcard for its
 * sub-domains ({@code *.example.com}). Either way the signature's {@code d=} is the domain
 * named, without the {@code *.}: that is where the key record can be published once for all
 * sub-domains.
 */
public final class KeyTableEntry {
    private static final String WILDCARD_PREFIX = "*.";

    private final String domainPattern;
    private final String selector;
    private final Path keyFile;
    private final SignatureAlgorithm algorithm;
    private final String origin;

    /**
     * @param domainPattern {@code example.com} or {@code *.example.com}, already checked
     * @param selector the selector ({@code s=}), already checked
     * @param keyFile the private key's PEM file
     * @param algorithm the algorithm to sign with, or null to follow the key's type
     * @param origin where the entry comes from, such as "signing table /etc/dkim.table line 3"
     */
    public KeyTableEntry(String domainPattern, String selector, Path keyFile,
            SignatureAlgorithm algorithm, String origin) {
        this.domainPattern = domainPattern.toLowerCase(Locale.ROOT);
        this.selector = selector.toLowerCase(Locale.ROOT);
        this.keyFile = keyFile.toAbsolutePath().normalize();
        this.algorithm = algorithm;
        this.origin = origin;
    }

    /** Whether the given text is a wildcard pattern ({@code *.example.com}). */
    public static boolean isWildcard(String domainPattern) {
        return domainPattern.startsWith(WILDCARD_PREFIX);
    }

    public String domainPattern() {
        return domainPattern;
    }

    public boolean isWildcard() {
        return isWildcard(domainPattern);
    }

    /** The {@code d=} of signatures made with this entry: the pattern without {@code *.}. */
    public String signingDomain() {
        return isWildcard() ? domainPattern.substring(WILDCARD_PREFIX.length()) : domainPattern;
    }

    public String selector() {
        return selector;
    }

    /** The PEM file, absolute. */
    public Path keyFile() {
        return keyFile;
    }

    /** The algorithm configured for this key; empty means "the one its type calls for". */
    public Optional<SignatureAlgorithm> algorithm() {
        return Optional.ofNullable(algorithm);
    }

    /** Where the entry was configured, for messages. */
    public String origin() {
        return origin;
    }

    /** The DNS name of this entry's key record: {@code <selector>._domainkey.<d>}. */
    public String keyRecordName() {
        return selector + "._domainkey." + signingDomain();
    }

    @Override
    public boolean equals(Object other) {
        if (!(other instanceof KeyTableEntry)) {
            return false;
        }
        KeyTableEntry that = (KeyTableEntry) other;
        return domainPattern.equals(that.domainPattern) && selector.equals(that.selector)
                && keyFile.equals(that.keyFile) && algorithm == that.algorithm;
    }

    @Override
    public int hashCode() {
        return Objects.hash(domainPattern, selector, keyFile, algorithm);
    }

    @Override
    public String toString() {
        return domainPattern + " s=" + selector + " " + keyFile
                + (algorithm == null ? "" : " " + algorithm.tagValue());
    }
}
