package org.dkimpack.core.result;

import java.util.ArrayList;
import java.util.List;

import org.dkimpack.core.DomainNames;

/**
 * Writes verification results as an {@code Authentication-Results} header field (RFC 8601):
 * one {@code dkim=} result per signature, with the signature's domain, identity, selector,
 * algorithm and the start of its {@code b=} as properties (RFC 6008 for {@code header.b}),
 * and the reason as a comment. Values that are not plain tokens are quoted, so a hostile
 * {@code d=} cannot change the meaning of the field.
 */
public final class AuthenticationResults {
    public static final String FIELD_NAME = "Authentication-Results";
    private static final int MAX_LINE = 78;
    private static final String TSPECIALS = "()<>@,;:\\\"/[]?=";

    private AuthenticationResults() {
    }

    /**
     * The whole field, name included, folded with CRLF, without a final CRLF.
     *
     * @param authservId the name of this server as an authentication service, usually its
     *     host name (RFC 8601 §2.5)
     */
    public static String field(String authservId, VerificationResult results) {
        return FIELD_NAME + ":" + value(authservId, results);
    }

    /** The field's value, as written after the colon, starting with a space. */
    public static String value(String authservId, VerificationResult results) {
        if (!DomainNames.isDomainName(authservId) && !isToken(authservId)) {
            throw new IllegalArgumentException("authserv-id '" + authservId
                    + "' must be a host name or a token");
        }
        StringBuilder out = new StringBuilder(" ").append(authservId).append(';');
        if (results.signatures().isEmpty()) {
            out.append("\r\n\tdkim=none");
            return out.toString();
        }
        List<SignatureResult> signatures = results.signatures();
        for (int i = 0; i < signatures.size(); i++) {
            out.append("\r\n\t");
            appendResult(out, signatures.get(i));
            if (i < signatures.size() - 1) {
                out.append(';');
            }
        }
        return out.toString();
    }

    private static void appendResult(StringBuilder out, SignatureResult signature) {
        List<String> words = new ArrayList<>();
        words.add("dkim=" + signature.result().token());
        String comment = comment(signature);
        if (!comment.isEmpty()) {
            words.add(comment);
        }
        signature.signingDomain().ifPresent(d -> words.add("header.d=" + propertyValue(d)));
        signature.agentOrUserIdentifier().ifPresent(i ->
                words.add("header.i=" + identityValue(i)));
        signature.selector().ifPresent(s -> words.add("header.s=" + propertyValue(s)));
        signature.algorithm().ifPresent(a -> words.add("header.a=" + propertyValue(a)));
        signature.signaturePrefix().ifPresent(b -> words.add("header.b=" + propertyValue(b)));

        int column = 1;
        boolean first = true;
        for (String word : words) {
            if (first) {
                out.append(word);
                column += word.length();
                first = false;
            } else if (column + 1 + word.length() > MAX_LINE) {
                out.append("\r\n\t").append(word);
                column = 1 + word.length();
            } else {
                out.append(' ').append(word);
                column += 1 + word.length();
            }
        }
    }

    private static String comment(SignatureResult signature) {
        List<String> parts = new ArrayList<>();
        if (signature.keyBits() > 0 && signature.result() == DkimResult.PASS) {
            parts.add(signature.keyBits() + "-bit key");
        }
        signature.reason().ifPresent(parts::add);
        if (parts.isEmpty()) {
            return "";
        }
        StringBuilder comment = new StringBuilder("(");
        for (char c : printable(String.join("; ", parts)).toCharArray()) {
            if (c == '(' || c == ')' || c == '\\') {
                comment.append('\\');
            }
            comment.append(c);
        }
        return comment.append(')').toString();
    }

    /** A {@code value} of RFC 2045: the token as it is, anything else quoted. */
    private static String propertyValue(String value) {
        String clean = printable(value);
        return isToken(clean) ? clean : quoted(clean);
    }

    /** RFC 8601 allows {@code [local-part] "@" domain-name} without quotes. */
    private static String identityValue(String identity) {
        String clean = printable(identity);
        int at = clean.lastIndexOf('@');
        if (at >= 0 && DomainNames.isDomainName(clean.substring(at + 1))
                && isDotAtom(clean.substring(0, at))) {
            return clean;
        }
        return quoted(clean);
    }

    private static boolean isToken(String value) {
        if (value.isEmpty()) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c <= ' ' || c >= 0x7f || TSPECIALS.indexOf(c) >= 0) {
                return false;
            }
        }
        return true;
    }

    /** An empty local part or a dot-atom of RFC 5322 §3.2.3. */
    private static boolean isDotAtom(String value) {
        if (value.isEmpty()) {
            return true;
        }
        if (value.startsWith(".") || value.endsWith(".") || value.contains("..")) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean atext = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
                    || (c >= '0' && c <= '9') || "!#$%&'*+-/=?^_`{|}~.".indexOf(c) >= 0;
            if (!atext) {
                return false;
            }
        }
        return true;
    }

    private static String quoted(String value) {
        StringBuilder result = new StringBuilder("\"");
        for (char c : value.toCharArray()) {
            if (c == '"' || c == '\\') {
                result.append('\\');
            }
            result.append(c);
        }
        return result.append('"').toString();
    }

    /** Keeps the field 7-bit and on its lines: other bytes become '?'. */
    private static String printable(String value) {
        StringBuilder result = new StringBuilder(value.length());
        for (char c : value.toCharArray()) {
            result.append(c >= ' ' && c < 0x7f ? c : '?');
        }
        return result.toString();
    }
}
