package org.dkimpack.core.verify;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

import org.dkimpack.core.DomainNames;
import org.dkimpack.core.PermanentDkimException;
import org.dkimpack.core.SignatureAlgorithm;
import org.dkimpack.core.canon.CanonicalizationPair;
import org.dkimpack.core.message.HeaderField;
import org.dkimpack.core.tag.DkimQuotedPrintable;
import org.dkimpack.core.tag.TagList;
import org.dkimpack.core.tag.TagListException;

/**
 * A {@code DKIM-Signature} field read and checked as RFC 6376 §6.1.1 requires: every required
 * tag present, each value well formed, {@code h=} naming From, {@code i=} within {@code d=},
 * no expiry before the timestamp. A field that fails any check cannot be verified and gives
 * {@code permerror}.
 */
final class SignatureField {
    private static final List<String> REQUIRED_TAGS = List.of("v", "a", "b", "bh", "d", "h", "s");
    /** RFC 6376 §3.5: {@code l=}, {@code t=} and {@code x=} have at most 76 digits. */
    private static final int MAX_DIGITS = 76;

    final HeaderField field;
    final TagList tags;
    final SignatureAlgorithm algorithm;
    final CanonicalizationPair canonicalization;
    final String signingDomain;
    final String selector;
    final String agentOrUserIdentifier;
    final List<String> signedHeaderNames;
    final byte[] bodyHash;
    final byte[] signature;
    final long bodyLengthLimit;
    final long timestamp;
    final long expiration;

    /** Checks the tags of a field, or says what makes it unusable. */
    SignatureField(HeaderField field, TagList tags, Instant now)
            throws PermanentDkimException {
        this.field = field;
        this.tags = tags;

        // Required tags and version.
        for (String name : REQUIRED_TAGS) {
            if (!tags.contains(name)) {
                throw new PermanentDkimException("signature lacks the required tag " + name + "=");
            }
        }
        String version = tags.get("v").orElseThrow();
        if (!version.equals("1")) {
            throw new PermanentDkimException("incompatible signature version v="
                    + TagList.printable(version) + "; expected v=1");
        }

        // Algorithm: known, and allowed by RFC 8301.
        String algorithmName = tags.get("a").orElseThrow();
        this.algorithm = SignatureAlgorithm.fromTagValue(algorithmName).orElseThrow(() ->
                new PermanentDkimException("unknown algorithm a="
                        + TagList.printable(algorithmName)));
        if (!algorithm.isAccepted()) {
            throw new PermanentDkimException(algorithm.tagValue() + " not accepted (RFC 8301)");
        }

        // Domain, selector, identity.
        this.signingDomain = tags.get("d").orElseThrow();
        if (!DomainNames.isDomainName(signingDomain)) {
            throw new PermanentDkimException("d= '" + TagList.printable(signingDomain)
                    + "' is not a valid domain name");
        }
        this.selector = tags.get("s").orElseThrow();
        if (!DomainNames.isDomainName(selector)) {
            throw new PermanentDkimException("s= '" + TagList.printable(selector)
                    + "' is not a valid selector");
        }
        this.agentOrUserIdentifier = checkedIdentifier(tags, signingDomain);

        // Canonicalization, query method, header list.
        String c = tags.get("c").orElse("simple/simple");
        this.canonicalization = CanonicalizationPair.fromTagValue(c).orElseThrow(() ->
                new PermanentDkimException("unknown canonicalization c=" + TagList.printable(c)));
        checkQueryMethods(tags);
        this.signedHeaderNames = headerNames(tags.get("h").orElseThrow());

        // Hashes, length limit, times.
        this.bodyHash = base64("bh", tags.get("bh").orElseThrow());
        this.signature = base64("b", tags.get("b").orElseThrow());
        this.bodyLengthLimit = tags.contains("l") ? number("l", tags.get("l").get()) : -1;
        this.timestamp = tags.contains("t") ? number("t", tags.get("t").get()) : -1;
        this.expiration = tags.contains("x") ? number("x", tags.get("x").get()) : -1;
        checkTimes(now);
    }

    private static String checkedIdentifier(TagList tags, String signingDomain)
            throws PermanentDkimException {
        if (!tags.contains("i")) {
            return "@" + signingDomain;
        }
        String identifier;
        try {
            identifier = DkimQuotedPrintable.decode(tags.get("i").get());
        } catch (TagListException e) {
            throw new PermanentDkimException("i= " + e.getMessage(), e);
        }
        int at = identifier.lastIndexOf('@');
        if (at < 0) {
            throw new PermanentDkimException("i= '" + TagList.printable(identifier)
                    + "' has no '@'");
        }
        String domain = identifier.substring(at + 1);
        if (!DomainNames.isWithin(domain, signingDomain)) {
            throw new PermanentDkimException("i= domain " + TagList.printable(domain)
                    + " is not within d=" + signingDomain);
        }
        return identifier;
    }

    /** RFC 6376 §3.5: {@code q=} must offer {@code dns/txt}; unknown methods are ignored. */
    private static void checkQueryMethods(TagList tags) throws PermanentDkimException {
        if (!tags.contains("q")) {
            return;
        }
        String value = tags.get("q").get();
        for (String method : value.split(":")) {
            String trimmed = TagList.removeWhitespace(method).toLowerCase(Locale.ROOT);
            if (trimmed.equals("dns/txt") || trimmed.equals("dns")) {
                return;
            }
        }
        throw new PermanentDkimException("q=" + TagList.printable(value)
                + " offers no supported query method; expected dns/txt");
    }

    private static List<String> headerNames(String value) throws PermanentDkimException {
        List<String> names = new ArrayList<>();
        boolean hasFrom = false;
        for (String name : value.split(":", -1)) {
            String trimmed = TagList.removeWhitespace(name);
            if (trimmed.isEmpty()) {
                throw new PermanentDkimException("h= has an empty field name: '"
                        + TagList.printable(value) + "'");
            }
            names.add(trimmed);
            hasFrom |= trimmed.equalsIgnoreCase("from");
        }
        // RFC 6376 §5.4 and §6.1.1: the From field must be signed.
        if (!hasFrom) {
            throw new PermanentDkimException("h= does not include From");
        }
        return names;
    }

    private static byte[] base64(String tag, String value) throws PermanentDkimException {
        String compact = TagList.removeWhitespace(value);
        try {
            byte[] decoded = Base64.getDecoder().decode(compact);
            if (decoded.length == 0) {
                throw new PermanentDkimException(tag + "= is empty");
            }
            return decoded;
        } catch (IllegalArgumentException e) {
            throw new PermanentDkimException(tag + "= is not valid base64", e);
        }
    }

    private static long number(String tag, String value) throws PermanentDkimException {
        if (value.isEmpty() || value.length() > MAX_DIGITS || !value.chars().allMatch(
                ch -> ch >= '0' && ch <= '9')) {
            throw new PermanentDkimException(tag + "=" + TagList.printable(value)
                    + " is not a number");
        }
        if (value.length() > 18) {
            // Legal by the grammar, but beyond any real time or length; keep it comparable.
            return Long.MAX_VALUE;
        }
        return Long.parseLong(value);
    }

    private void checkTimes(Instant now) throws PermanentDkimException {
        if (timestamp >= 0 && expiration >= 0 && expiration < timestamp) {
            throw new PermanentDkimException("x=" + expiration + " is before t=" + timestamp);
        }
        if (expiration >= 0 && expiration < now.getEpochSecond()) {
            throw new PermanentDkimException("signature expired "
                    + Times.format(expiration));
        }
    }
}
