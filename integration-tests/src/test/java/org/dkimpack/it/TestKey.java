package org.dkimpack.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import org.dkimpack.core.dns.KnotServer;
import org.dkimpack.core.key.SigningKey;

/**
 * A signing key of a test domain, made for this run: its PEM file where DkimSign reads it
 * ({@code <keyDirectory>/<domain>/<selector>.pem}, mode 600) and its key record, as the zone
 * file of the domain publishes it at {@code <selector>._domainkey.<domain>}.
 */
final class TestKey {
    private final String domain;
    private final String selector;
    private final SigningKey key;
    private final String extraTags;

    private TestKey(String domain, String selector, SigningKey key, String extraTags) {
        this.domain = domain;
        this.selector = selector;
        this.key = key;
        this.extraTags = extraTags;
    }

    static TestKey rsa(String domain, String selector, int bits) {
        return new TestKey(domain, selector, SigningKey.generateRsa(bits), "");
    }

    static TestKey ed25519(String domain, String selector) {
        return new TestKey(domain, selector, SigningKey.generateEd25519(), "");
    }

    /** The same key, with more tags after {@code p=} in its record (a note {@code n=}). */
    TestKey withRecordTags(String tags) {
        return new TestKey(domain, selector, key, extraTags + "; " + tags);
    }

    String domain() {
        return domain;
    }

    String selector() {
        return selector;
    }

    SigningKey signingKey() {
        return key;
    }

    /** {@code <selector>._domainkey.<domain>}. */
    String recordName() {
        return selector + "._domainkey." + domain;
    }

    /** The key record: {@code v=DKIM1; k=...; p=...}, and any extra tags. */
    String recordText() {
        return key.keyRecordText() + extraTags;
    }

    /** Writes each key as {@code <directory>/<domain>/<selector>.pem}, readable by us only. */
    static void writeKeyDirectory(Path directory, Collection<TestKey> keys) throws IOException {
        for (TestKey key : keys) {
            Path folder = Files.createDirectories(directory.resolve(key.domain));
            Path file = folder.resolve(key.selector + ".pem");
            Files.writeString(file, key.key.toPkcs8Pem(), StandardCharsets.US_ASCII);
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        }
    }

    /**
     * The zone file of a domain with the key records of the given keys that belong to it.
     * Everything lives 1 s (TTL and negative TTL), so that no resolver keeps an answer across
     * a change of the zone.
     */
    static String zoneFile(String domain, Collection<TestKey> keys) {
        List<String> lines = new ArrayList<>(List.of(
                "$TTL 1",
                "@ IN SOA ns hostmaster 1 3600 600 86400 1",
                "@ IN NS ns",
                "ns IN A 127.0.0.1"));
        for (TestKey key : keys) {
            if (key.domain.equals(domain)) {
                lines.add(key.selector + "._domainkey IN TXT "
                        + KnotServer.txtRecordData(key.recordText()));
            }
        }
        return String.join("\n", lines) + "\n";
    }
}
