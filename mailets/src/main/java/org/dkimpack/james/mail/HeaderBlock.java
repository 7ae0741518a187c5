package org.dkimpack.james.mail;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Predicate;

import org.dkimpack.core.message.HeaderField;
import org.dkimpack.core.message.MessageFormatException;
import org.dkimpack.core.message.MessageReader;
import org.dkimpack.core.result.AuthenticationResults;
import org.dkimpack.core.tag.TagList;
import org.dkimpack.core.tag.TagListException;

/**
 * Reads and edits the header block of message bytes, byte for byte: fields are kept as they
 * were written, folding included.
 */
public final class HeaderBlock {
    private static final byte[] CRLF = {'\r', '\n'};
    private static final String SIGNATURE_FIELD = "DKIM-Signature";

    private HeaderBlock() {
    }

    /** The header fields, top to bottom. */
    public static List<HeaderField> fields(MessageBytes message)
            throws IOException, MessageFormatException {
        try (InputStream in = message.newInputStream()) {
            return MessageReader.of(in).headerFields();
        }
    }

    /**
     * The same message without the fields that match: the other fields and the body stay as
     * they were, and the header block ends with a blank line.
     */
    public static MessageBytes without(MessageBytes message, Predicate<HeaderField> unwanted)
            throws IOException, MessageFormatException {
        MessageBytes.Writer out = MessageBytes.writer(message.length(), message.memoryLimit());
        try (InputStream in = message.newInputStream()) {
            MessageReader reader = MessageReader.of(in);
            for (HeaderField field : reader.headerFields()) {
                if (!unwanted.test(field)) {
                    out.write(field.toBytes());
                    out.write(CRLF);
                }
            }
            out.write(CRLF);
            reader.body().transferTo(out);
            return out.finish();
        } catch (IOException | MessageFormatException | RuntimeException e) {
            out.discard();
            throw e;
        }
    }

    /** Whether the field is an {@code Authentication-Results} field of this authserv-id. */
    public static boolean isAuthenticationResultsOf(HeaderField field, String authservId) {
        return field.hasName(AuthenticationResults.FIELD_NAME)
                && authservId(field.value()).map(id -> id.equalsIgnoreCase(authservId))
                        .orElse(false);
    }

    /**
     * The authserv-id of an {@code Authentication-Results} value: its first word, after any
     * comments and folding (RFC 8601 §2.2), unquoted when quoted.
     */
    public static Optional<String> authservId(String value) {
        int i = skipCommentsAndWhitespace(value, 0);
        if (i >= value.length()) {
            return Optional.empty();
        }
        StringBuilder id = new StringBuilder();
        if (value.charAt(i) == '"') {
            for (i++; i < value.length() && value.charAt(i) != '"'; i++) {
                char c = value.charAt(i);
                if (c == '\\' && i + 1 < value.length()) {
                    i++;
                    c = value.charAt(i);
                }
                id.append(c);
            }
        } else {
            for (; i < value.length(); i++) {
                char c = value.charAt(i);
                if (c == ';' || c == '(' || isWhitespace(c)) {
                    break;
                }
                id.append(c);
            }
        }
        return id.length() == 0 ? Optional.empty() : Optional.of(id.toString());
    }

    /**
     * The {@code d=} and {@code s=} of each {@code DKIM-Signature} field that has both, in
     * lower case, as "domain selector".
     */
    public static List<String> signatureIdentities(List<HeaderField> fields) {
        List<String> identities = new ArrayList<>();
        for (HeaderField field : fields) {
            if (!field.hasName(SIGNATURE_FIELD)) {
                continue;
            }
            try {
                TagList tags = TagList.parse(field.value());
                Optional<String> domain = tags.get("d");
                Optional<String> selector = tags.get("s");
                if (domain.isPresent() && selector.isPresent()) {
                    identities.add(signatureIdentity(domain.get(), selector.get()));
                }
            } catch (TagListException e) {
                // A signature that does not parse is nobody's: it cannot block a new one.
                continue;
            }
        }
        return identities;
    }

    /** The form {@link #signatureIdentities(List)} gives for a domain and a selector. */
    public static String signatureIdentity(String domain, String selector) {
        return domain.toLowerCase(Locale.ROOT) + " " + selector.toLowerCase(Locale.ROOT);
    }

    private static int skipCommentsAndWhitespace(String value, int start) {
        int i = start;
        int depth = 0;
        while (i < value.length()) {
            char c = value.charAt(i);
            if (depth > 0 && c == '\\') {
                i += 2;
                continue;
            }
            if (c == '(') {
                depth++;
            } else if (c == ')' && depth > 0) {
                depth--;
            } else if (depth == 0 && !isWhitespace(c)) {
                return i;
            }
            i++;
        }
        return i;
    }

    private static boolean isWhitespace(char c) {
        return c == ' ' || c == '\t' || c == '\r' || c == '\n';
    }
}
