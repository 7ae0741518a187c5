package org.dkimpack.it;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Collectors;

import javax.mail.Session;
import javax.mail.internet.MimeMessage;

/**
 * A message as it arrived, byte for byte, with its header fields read the way a person reads
 * them: unfolded, by name. {@link #dkimResults(String)} reads the {@code dkim=} results of the
 * {@code Authentication-Results} field a given server wrote.
 */
final class ReceivedMessage {
    private final byte[] raw;
    private final List<String[]> fields = new ArrayList<>();
    private final String body;

    ReceivedMessage(byte[] raw) {
        this.raw = raw.clone();
        String text = new String(raw, StandardCharsets.UTF_8).replace("\r\n", "\n");
        int end = text.indexOf("\n\n");
        String header = end < 0 ? text : text.substring(0, end + 1);
        this.body = end < 0 ? "" : text.substring(end + 2);
        String name = null;
        StringBuilder value = new StringBuilder();
        for (String line : header.split("\n")) {
            if (!line.isEmpty() && (line.charAt(0) == ' ' || line.charAt(0) == '\t')) {
                value.append(line);
                continue;
            }
            if (name != null) {
                fields.add(new String[] {name, value.toString().trim()});
            }
            int colon = line.indexOf(':');
            name = colon < 0 ? line : line.substring(0, colon).trim();
            value = new StringBuilder(colon < 0 ? "" : line.substring(colon + 1));
        }
        if (name != null) {
            fields.add(new String[] {name, value.toString().trim()});
        }
    }

    /** Writes the message, byte for byte, to a file (and its folder). */
    void saveTo(Path file) {
        try {
            Files.createDirectories(file.getParent());
            Files.write(file, raw);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The whole message as text (CRLF kept), for failure messages. */
    String text() {
        return new String(raw, StandardCharsets.UTF_8);
    }

    /** The body after the header block, LF line ends. */
    String body() {
        return body;
    }

    /** Every value of a header field, unfolded and trimmed, top to bottom. */
    List<String> headers(String fieldName) {
        return fields.stream()
                .filter(field -> field[0].equalsIgnoreCase(fieldName))
                .map(field -> field[1])
                .collect(Collectors.toList());
    }

    /** The topmost value of a header field. */
    Optional<String> header(String fieldName) {
        return headers(fieldName).stream().findFirst();
    }

    /** The content of the only text part, decoded as a mail reader decodes it. */
    String decodedText() {
        try {
            MimeMessage message = new MimeMessage(Session.getInstance(new Properties()),
                    new ByteArrayInputStream(raw));
            Object content = message.getContent();
            if (!(content instanceof String)) {
                throw new IllegalStateException("not a single text part: " + content);
            }
            return ((String) content).replace("\r\n", "\n");
        } catch (Exception e) {
            throw new IllegalStateException("cannot decode the message:\n" + text(), e);
        }
    }

    /**
     * The {@code dkim=} results of the topmost {@code Authentication-Results} field whose
     * authserv-id is the given one, in their order.
     *
     * @throws IllegalStateException when there is no such field
     */
    List<DkimOutcome> dkimResults(String authservId) {
        for (String value : headers("Authentication-Results")) {
            List<String> parts = splitResults(value);
            if (!parts.isEmpty() && parts.get(0).trim().equalsIgnoreCase(authservId)) {
                return parts.subList(1, parts.size()).stream()
                        .map(DkimOutcome::parse)
                        .filter(outcome -> outcome.method().equals("dkim"))
                        .collect(Collectors.toList());
            }
        }
        throw new IllegalStateException("no Authentication-Results field of " + authservId
                + " in the message:\n" + text());
    }

    /** The field's value split at each ';' outside comments and quoted strings. */
    private static List<String> splitResults(String value) {
        List<String> parts = new ArrayList<>();
        StringBuilder part = new StringBuilder();
        int commentDepth = 0;
        boolean quoted = false;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\\' && i + 1 < value.length() && (quoted || commentDepth > 0)) {
                part.append(c).append(value.charAt(++i));
                continue;
            }
            if (quoted) {
                quoted = c != '"';
            } else if (c == '"' && commentDepth == 0) {
                quoted = true;
            } else if (c == '(') {
                commentDepth++;
            } else if (c == ')' && commentDepth > 0) {
                commentDepth--;
            } else if (c == ';' && commentDepth == 0) {
                parts.add(part.toString());
                part = new StringBuilder();
                continue;
            }
            part.append(c);
        }
        if (part.toString().trim().length() > 0) {
            parts.add(part.toString());
        }
        return parts;
    }

    @Override
    public String toString() {
        return text();
    }

    /**
     * One result of an {@code Authentication-Results} field: {@code dkim=pass (comment)
     * header.d=... header.s=... header.a=...}.
     */
    static final class DkimOutcome {
        private final String method;
        private final String result;
        private final String comment;
        private final List<String[]> properties;

        private DkimOutcome(String method, String result, String comment,
                List<String[]> properties) {
            this.method = method;
            this.result = result;
            this.comment = comment;
            this.properties = properties;
        }

        static DkimOutcome parse(String text) {
            StringBuilder outside = new StringBuilder();
            StringBuilder comment = new StringBuilder();
            int depth = 0;
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (c == '\\' && depth > 0 && i + 1 < text.length()) {
                    comment.append(text.charAt(++i));
                } else if (c == '(') {
                    if (depth++ > 0) {
                        comment.append(c);
                    }
                } else if (c == ')' && depth > 0) {
                    if (--depth > 0) {
                        comment.append(c);
                    }
                } else if (depth > 0) {
                    comment.append(c);
                } else {
                    outside.append(c);
                }
            }
            String[] words = outside.toString().trim().split("\\s+");
            String[] methodAndResult = words[0].split("=", 2);
            List<String[]> properties = new ArrayList<>();
            for (int i = 1; i < words.length; i++) {
                String[] property = words[i].split("=", 2);
                String value = property.length > 1 ? property[1] : "";
                if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                    value = value.substring(1, value.length() - 1);
                }
                properties.add(new String[] {property[0].toLowerCase(Locale.ROOT), value});
            }
            return new DkimOutcome(methodAndResult[0].toLowerCase(Locale.ROOT),
                    methodAndResult.length > 1 ? methodAndResult[1].toLowerCase(Locale.ROOT) : "",
                    comment.toString(), properties);
        }

        String method() {
            return method;
        }

        /** {@code pass}, {@code fail}, {@code none}, ... */
        String result() {
            return result;
        }

        /** The comment: the key size of a pass, the reason of anything else. */
        String comment() {
            return comment;
        }

        /** {@code header.d}, or "" when absent. */
        String domain() {
            return property("header.d");
        }

        /** {@code header.s}, or "" when absent. */
        String selector() {
            return property("header.s");
        }

        /** {@code header.a}, or "" when absent. */
        String algorithm() {
            return property("header.a");
        }

        String property(String name) {
            return properties.stream()
                    .filter(property -> property[0].equals(name))
                    .map(property -> property[1])
                    .findFirst()
                    .orElse("");
        }

        @Override
        public String toString() {
            return method + "=" + result + (comment.isEmpty() ? "" : " (" + comment + ")")
                    + properties.stream().map(p -> " " + p[0] + "=" + p[1])
                            .collect(Collectors.joining());
        }
    }
}
