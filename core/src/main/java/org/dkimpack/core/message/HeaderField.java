package org.dkimpack.core.message;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * One header field exactly as it appeared in the message: name, colon, value and any folding,
 * without the final line end. Canonicalization is defined on these bytes (RFC 6376 §3.4), so
 * nothing here is decoded or unfolded.
 *
 * <p>The text is held as ISO-8859-1, one char per byte: 8-bit and UTF-8 bytes pass through
 * unchanged and {@link #toBytes()} gives back the original bytes. Line ends inside a folded
 * field are CRLF, as on the wire, whatever the input used.
 */
public final class HeaderField {
    private final String raw;
    private final int colon;

    private HeaderField(String raw) {
        this.raw = raw;
        this.colon = raw.indexOf(':');
    }

    /** A field from its raw text (ISO-8859-1, CRLF inside folded fields, no final CRLF). */
    public static HeaderField of(String raw) {
        return new HeaderField(raw);
    }

    /** A field from its name and its value as written after the colon. */
    public static HeaderField of(String name, String value) {
        return new HeaderField(name + ":" + value);
    }

    /** The whole field as it appeared, without the final CRLF. */
    public String raw() {
        return raw;
    }

    /**
     * The field name as written, without the whitespace some writers leave before the colon;
     * the whole text when there is no colon (such a line matches no real field name).
     */
    public String name() {
        String name = colon < 0 ? raw : raw.substring(0, colon);
        int end = name.length();
        while (end > 0 && (name.charAt(end - 1) == ' ' || name.charAt(end - 1) == '\t')) {
            end--;
        }
        return name.substring(0, end);
    }

    /** The field name in lower case, for the case-insensitive comparisons of RFC 5322. */
    public String lowerCaseName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether this field has the given name, compared without regard to case. */
    public boolean hasName(String name) {
        return name().equalsIgnoreCase(name);
    }

    /** Everything after the colon, folding included; empty when there is no colon. */
    public String value() {
        return colon < 0 ? "" : raw.substring(colon + 1);
    }

    /**
     * The same field with another value: the name and whatever stood between it and the colon
     * are kept as they were, since simple header canonicalization hashes them too.
     */
    public HeaderField withValue(String value) {
        return new HeaderField((colon < 0 ? raw + ":" : raw.substring(0, colon + 1)) + value);
    }

    /** The original bytes of the field, without the final CRLF. */
    public byte[] toBytes() {
        return raw.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Override
    public String toString() {
        return raw;
    }
}
