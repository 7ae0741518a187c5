package org.dkimpack.core.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * A second, independent reading of a message's header block, written from RFC 5322 §2.2 and
 * the rules {@code MessageReader} documents, so that the fuzz tests can check the reader and
 * count signature fields without trusting the code under test: lines end at LF, a CR just
 * before the LF belongs to the line end, the first empty line ends the block, a line starting
 * with a space or tab continues the field before it (joined with CRLF), and a header block
 * without a blank line runs to the end of the input.
 *
 * <p>Fields are ISO-8859-1 text, one char per byte, as the engine holds them.
 */
final class HeaderBlock {
    private static final String SIGNATURE_FIELD = "DKIM-Signature";

    private final List<String> fields;
    private final int length;

    private HeaderBlock(List<String> fields, int length) {
        this.fields = Collections.unmodifiableList(fields);
        this.length = length;
    }

    static HeaderBlock read(byte[] message) {
        List<String> fields = new ArrayList<>();
        StringBuilder field = null;
        int position = 0;
        while (position < message.length) {
            int lineFeed = indexOf(message, (byte) '\n', position);
            int next = lineFeed < 0 ? message.length : lineFeed + 1;
            int end = lineFeed < 0 ? message.length : lineFeed;
            if (lineFeed >= 0 && end > position && message[end - 1] == '\r') {
                end--;
            }
            String line = new String(message, position, end - position,
                    StandardCharsets.ISO_8859_1);
            position = next;
            if (line.isEmpty()) {
                break;
            }
            boolean continuation = line.charAt(0) == ' ' || line.charAt(0) == '\t';
            if (continuation && field != null) {
                field.append("\r\n").append(line);
            } else {
                if (field != null) {
                    fields.add(field.toString());
                }
                field = new StringBuilder(line);
            }
        }
        if (field != null) {
            fields.add(field.toString());
        }
        return new HeaderBlock(fields, position);
    }

    /** The fields top to bottom, each as written, without its final line end. */
    List<String> fields() {
        return fields;
    }

    /** Bytes the header block takes, its blank line included; the body starts here. */
    int length() {
        return length;
    }

    /** The {@code DKIM-Signature} fields, top to bottom. */
    List<String> signatureFields() {
        List<String> signatures = new ArrayList<>();
        for (String field : fields) {
            if (isSignatureField(field)) {
                signatures.add(field);
            }
        }
        return signatures;
    }

    /** How many fields have this name (ASCII letters compared without regard to case). */
    int count(String name) {
        int count = 0;
        for (String field : fields) {
            if (asciiEqualsIgnoreCase(name(field), name)) {
                count++;
            }
        }
        return count;
    }

    static boolean isSignatureField(String field) {
        return asciiEqualsIgnoreCase(name(field), SIGNATURE_FIELD);
    }

    /** The name: the text before the first colon, without the spaces and tabs before it. */
    static String name(String field) {
        int colon = field.indexOf(':');
        int end = colon < 0 ? field.length() : colon;
        while (end > 0 && (field.charAt(end - 1) == ' ' || field.charAt(end - 1) == '\t')) {
            end--;
        }
        return field.substring(0, end);
    }

    /** The value: everything after the first colon; empty without one. */
    static String value(String field) {
        int colon = field.indexOf(':');
        return colon < 0 ? "" : field.substring(colon + 1);
    }

    /**
     * The value of the first tag of that name in a tag list, read plainly (split at ';', then
     * at the first '=', whitespace trimmed); empty when there is none.
     */
    static Optional<String> tag(String tagList, String name) {
        for (String spec : tagList.split(";", -1)) {
            int equals = spec.indexOf('=');
            if (equals >= 0 && trim(spec.substring(0, equals)).equals(name)) {
                return Optional.of(trim(spec.substring(equals + 1)));
            }
        }
        return Optional.empty();
    }

    /** The bytes of a base64 tag value, whitespace ignored; empty when it is not base64. */
    static Optional<byte[]> base64(String value) {
        try {
            return Optional.of(Base64.getDecoder().decode(value.replaceAll("[ \t\r\n]", "")));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static String trim(String text) {
        int from = 0;
        int to = text.length();
        while (from < to && isWhitespace(text.charAt(from))) {
            from++;
        }
        while (to > from && isWhitespace(text.charAt(to - 1))) {
            to--;
        }
        return text.substring(from, to);
    }

    private static boolean isWhitespace(char c) {
        return c == ' ' || c == '\t' || c == '\r' || c == '\n';
    }

    private static boolean asciiEqualsIgnoreCase(String a, String b) {
        if (a.length() != b.length()) {
            return false;
        }
        for (int i = 0; i < a.length(); i++) {
            if (lower(a.charAt(i)) != lower(b.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static char lower(char c) {
        return c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c;
    }

    private static int indexOf(byte[] bytes, byte wanted, int from) {
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] == wanted) {
                return i;
            }
        }
        return -1;
    }
}
