package org.dkimpack.core.fuzz;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads back an {@code Authentication-Results} field the way a downstream filter would
 * (RFC 8601 §2.2, with the comments and quoted strings of RFC 5322), to check that whatever a
 * hostile signature put into {@code d=}, {@code s=}, {@code i=} or a reason, the field still
 * says exactly one {@code dkim=} result per signature, with the same properties.
 */
final class ResultsFieldReader {
    private final String text;
    private int position;

    private ResultsFieldReader(String text) {
        this.text = text;
    }

    /** One {@code dkim=} result of the field: its word and its properties, decoded. */
    static final class Entry {
        final String result;
        final Map<String, String> properties = new LinkedHashMap<>();

        Entry(String result) {
            this.result = result;
        }
    }

    /**
     * Reads a whole field, name included.
     *
     * @throws AssertionError when the field breaks the syntax, with what and where
     */
    static List<Entry> read(String field, String authservId) {
        checkLines(field);
        ResultsFieldReader reader = new ResultsFieldReader(field.replace("\r\n", ""));
        reader.expect("Authentication-Results:");
        reader.skipCfws();
        reader.expect(authservId);
        reader.skipCfws();
        reader.expect(";");
        List<Entry> entries = new ArrayList<>();
        while (true) {
            reader.skipCfws();
            entries.add(reader.entry());
            reader.skipCfws();
            if (reader.atEnd()) {
                return entries;
            }
            reader.expect(";");
        }
    }

    /** Only printable ASCII, and line breaks only as CRLF followed by a tab. */
    private static void checkLines(String field) {
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c == '\r') {
                if (!field.startsWith("\r\n\t", i)) {
                    throw new AssertionError("line break not followed by a tab at " + i
                            + " in " + field);
                }
                i += 2;
            } else if (c < 0x20 || c > 0x7e) {
                throw new AssertionError(String.format("character U+%04X at %d in %s",
                        (int) c, i, field));
            }
        }
    }

    private Entry entry() {
        expect("dkim=");
        Entry entry = new Entry(token());
        while (true) {
            skipCfws();
            if (atEnd() || peek() == ';') {
                return entry;
            }
            String property = token();
            expect("=");
            String value = !atEnd() && peek() == '"' ? quotedString() : plainValue();
            if (entry.properties.put(property, value) != null) {
                throw new AssertionError("property " + property + " twice in " + text);
            }
        }
    }

    /** A token of RFC 2045. */
    private String token() {
        return run("()<>,;:\\\"[]?= \t", "token");
    }

    /**
     * An unquoted property value: a token, or an identity {@code [local-part] "@" domain} of
     * RFC 8601, whose local part may hold '=', '?' and '/'; it ends at whitespace, a comment
     * or ';'.
     */
    private String plainValue() {
        return run("()<>,;:\\\"[] \t", "value");
    }

    private String run(String delimiters, String what) {
        int start = position;
        while (!atEnd() && delimiters.indexOf(peek()) < 0) {
            position++;
        }
        if (position == start) {
            throw new AssertionError(what + " expected at " + position + " in " + text);
        }
        return text.substring(start, position);
    }

    private String quotedString() {
        expect("\"");
        StringBuilder value = new StringBuilder();
        while (true) {
            if (atEnd()) {
                throw new AssertionError("unterminated quoted string in " + text);
            }
            char c = text.charAt(position++);
            if (c == '"') {
                return value.toString();
            }
            if (c == '\\') {
                if (atEnd()) {
                    throw new AssertionError("backslash at the end in " + text);
                }
                c = text.charAt(position++);
            }
            value.append(c);
        }
    }

    private void skipCfws() {
        while (!atEnd()) {
            char c = peek();
            if (c == ' ' || c == '\t') {
                position++;
            } else if (c == '(') {
                skipComment();
            } else {
                return;
            }
        }
    }

    private void skipComment() {
        int depth = 0;
        do {
            if (atEnd()) {
                throw new AssertionError("unterminated comment in " + text);
            }
            char c = text.charAt(position++);
            if (c == '\\') {
                position++;
            } else if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            }
        } while (depth > 0);
    }

    private void expect(String wanted) {
        if (!text.startsWith(wanted, position)) {
            throw new AssertionError("'" + wanted + "' expected at " + position + " in "
                    + text);
        }
        position += wanted.length();
    }

    private char peek() {
        return text.charAt(position);
    }

    private boolean atEnd() {
        return position >= text.length();
    }
}
