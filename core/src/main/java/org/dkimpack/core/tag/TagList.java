package org.dkimpack.core.tag;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A parsed tag list, the {@code tag=value; tag=value} syntax shared by the
 * {@code DKIM-Signature} header field and the key record (RFC 6376 §3.2).
 *
 * <p>Tag names are case-sensitive. Whitespace around names and values, folding included, is
 * dropped; whitespace inside a value is kept, for the caller to judge (it is meaningless in
 * base64 values, an error elsewhere). A tag that appears twice makes the list invalid.
 * Empty tag-specs ({@code ;;}), which the grammar forbids but published key records contain,
 * are tolerated.
 *
 * <p>The text is handled as ISO-8859-1, one char per byte, so that bytes outside ASCII
 * survive untouched and can be reported.
 */
public final class TagList {
    private final Map<String, String> tags;

    private TagList(Map<String, String> tags) {
        this.tags = Collections.unmodifiableMap(tags);
    }

    /**
     * Parses a tag list.
     *
     * @throws TagListException when a tag-spec has no {@code =}, a tag name is not
     *     {@code ALPHA *(ALPHA / DIGIT / "_")}, or a tag appears twice
     */
    public static TagList parse(String text) throws TagListException {
        Map<String, String> tags = new LinkedHashMap<>();
        int start = 0;
        while (start <= text.length()) {
            int end = text.indexOf(';', start);
            if (end < 0) {
                end = text.length();
            }
            String spec = text.substring(start, end);
            if (!isBlank(spec)) {
                int equals = spec.indexOf('=');
                if (equals < 0) {
                    throw new TagListException("tag-spec without '=': '" + printable(spec) + "'");
                }
                String name = trimWhitespace(spec.substring(0, equals));
                if (!isTagName(name)) {
                    throw new TagListException("invalid tag name '" + printable(name) + "'");
                }
                String value = trimWhitespace(spec.substring(equals + 1));
                if (tags.putIfAbsent(name, value) != null) {
                    throw new TagListException("tag " + name + "= appears more than once");
                }
            }
            start = end + 1;
        }
        return new TagList(tags);
    }

    /** The value of a tag, without surrounding whitespace. */
    public Optional<String> get(String name) {
        return Optional.ofNullable(tags.get(name));
    }

    public boolean contains(String name) {
        return tags.containsKey(name);
    }

    /** All tags in the order they were written. */
    public Map<String, String> asMap() {
        return tags;
    }

    /**
     * The same text with the value of one tag, and the whitespace around that value, removed:
     * the form in which a {@code DKIM-Signature} field is hashed with its own {@code b=}
     * (RFC 6376 §3.7). Everything else, folding included, stays byte for byte.
     */
    public static String withEmptyValue(String text, String name) {
        int start = 0;
        while (start <= text.length()) {
            int end = text.indexOf(';', start);
            if (end < 0) {
                end = text.length();
            }
            int equals = text.indexOf('=', start);
            if (equals >= 0 && equals < end
                    && trimWhitespace(text.substring(start, equals)).equals(name)) {
                return text.substring(0, equals + 1) + text.substring(end);
            }
            start = end + 1;
        }
        return text;
    }

    /** Removes every space, tab, CR and LF: the form in which base64 values are decoded. */
    public static String removeWhitespace(String value) {
        StringBuilder result = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (!isWhitespace(c)) {
                result.append(c);
            }
        }
        return result.toString();
    }

    /** Shows a value in an error message: control and non-ASCII bytes as \xNN, cut at 60. */
    public static String printable(String value) {
        StringBuilder result = new StringBuilder();
        int limit = Math.min(value.length(), 60);
        for (int i = 0; i < limit; i++) {
            char c = value.charAt(i);
            if (c >= 0x20 && c < 0x7f) {
                result.append(c);
            } else {
                result.append(String.format("\\x%02X", (int) c & 0xff));
            }
        }
        if (value.length() > limit) {
            result.append("...");
        }
        return result.toString();
    }

    static boolean isWhitespace(char c) {
        return c == ' ' || c == '\t' || c == '\r' || c == '\n';
    }

    private static boolean isBlank(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (!isWhitespace(text.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static String trimWhitespace(String text) {
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

    private static boolean isTagName(String name) {
        if (name.isEmpty() || !isAlpha(name.charAt(0))) {
            return false;
        }
        for (int i = 1; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!isAlpha(c) && !(c >= '0' && c <= '9') && c != '_') {
                return false;
            }
        }
        return true;
    }

    private static boolean isAlpha(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }
}
