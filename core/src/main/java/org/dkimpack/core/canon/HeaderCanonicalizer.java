package org.dkimpack.core.canon;

import java.util.Locale;

import org.dkimpack.core.message.HeaderField;

/** Header field canonicalization, RFC 6376 §3.4.1 and §3.4.2. */
public final class HeaderCanonicalizer {

    private HeaderCanonicalizer() {
    }

    /**
     * The canonical form of one field, without the CRLF that follows it in the hash input.
     * The text is ISO-8859-1, one char per byte.
     */
    public static String canonicalize(Canonicalization canonicalization, HeaderField field) {
        if (canonicalization == Canonicalization.SIMPLE) {
            return field.raw();
        }
        return relaxed(field.raw());
    }

    /**
     * RFC 6376 §3.4.2: name in lower case, unfolded, runs of whitespace to one space, no
     * whitespace at the end of the value or on either side of the colon.
     */
    private static String relaxed(String raw) {
        int colon = raw.indexOf(':');
        String name = colon < 0 ? raw : raw.substring(0, colon);
        String value = colon < 0 ? "" : raw.substring(colon + 1);
        StringBuilder result = new StringBuilder(raw.length());
        result.append(trimEnd(collapse(unfold(name))).toLowerCase(Locale.ROOT));
        if (colon >= 0) {
            result.append(':');
            result.append(trimStart(trimEnd(collapse(unfold(value)))));
        }
        return result.toString();
    }

    private static String unfold(String text) {
        if (text.indexOf('\r') < 0 && text.indexOf('\n') < 0) {
            return text;
        }
        StringBuilder result = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                i++;
            } else if (c != '\n') {
                result.append(c);
            }
        }
        return result.toString();
    }

    private static String collapse(String text) {
        StringBuilder result = new StringBuilder(text.length());
        boolean inWhitespace = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == ' ' || c == '\t') {
                if (!inWhitespace) {
                    result.append(' ');
                }
                inWhitespace = true;
            } else {
                result.append(c);
                inWhitespace = false;
            }
        }
        return result.toString();
    }

    private static String trimEnd(String text) {
        int end = text.length();
        while (end > 0 && text.charAt(end - 1) == ' ') {
            end--;
        }
        return text.substring(0, end);
    }

    private static String trimStart(String text) {
        int start = 0;
        while (start < text.length() && text.charAt(start) == ' ') {
            start++;
        }
        return text.substring(start);
    }
}
