package org.dkimpack.core.sign;

import java.util.ArrayList;
import java.util.List;

/**
 * Lays out a {@code DKIM-Signature} field: tags in order, folded so that lines stay within
 * 78 characters (RFC 5322 §2.1.1), long values such as {@code h=} and {@code b=} broken
 * where folding whitespace is allowed (RFC 6376 §3.5 permits FWS around the colons of
 * {@code h=} and inside base64 values).
 *
 * <p>The field is written twice: once with an empty {@code b=}, which is what gets signed,
 * and once more with the signature appended after {@code b=}. Since the verifier removes the
 * {@code b=} value with its surrounding whitespace, both forms hash alike whatever the
 * folding of the value.
 */
final class SignatureFieldWriter {
    static final String FIELD_NAME = "DKIM-Signature";
    private static final int MAX_LINE = 78;
    private static final String FOLD = "\r\n\t";

    private final StringBuilder text = new StringBuilder(FIELD_NAME + ":");
    private int column = text.length();

    /** Adds {@code name=value;}, starting a new line when it would not fit. */
    SignatureFieldWriter tag(String name, String value) {
        append(name + "=" + value + ";");
        return this;
    }

    /** Adds {@code h=}, breaking the list after a colon when it would not fit. */
    SignatureFieldWriter headerList(List<String> names) {
        List<String> pieces = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            String prefix = i == 0 ? "h=" : "";
            String suffix = i == names.size() - 1 ? ";" : ":";
            pieces.add(prefix + names.get(i) + suffix);
        }
        boolean first = true;
        for (String piece : pieces) {
            if (first) {
                append(piece);
                first = false;
            } else if (column + piece.length() > MAX_LINE) {
                text.append(FOLD).append(piece);
                column = 1 + piece.length();
            } else {
                text.append(piece);
                column += piece.length();
            }
        }
        return this;
    }

    /** The field up to and including the empty {@code b=}: the form that is signed. */
    String withEmptySignature() {
        StringBuilder copy = new StringBuilder(text);
        if (column + 3 > MAX_LINE) {
            copy.append(FOLD).append("b=");
        } else {
            copy.append(" b=");
        }
        return copy.toString();
    }

    /** The complete field: the signed form followed by the base64 signature, folded. */
    static String withSignature(String unsigned, String signatureBase64) {
        StringBuilder result = new StringBuilder(unsigned);
        int lineStart = unsigned.lastIndexOf('\n') + 1;
        int col = unsigned.length() - lineStart;
        int position = 0;
        while (position < signatureBase64.length()) {
            int room = MAX_LINE - col;
            if (room < 8) {
                result.append(FOLD);
                col = 1;
                room = MAX_LINE - col;
            }
            int end = Math.min(signatureBase64.length(), position + room);
            result.append(signatureBase64, position, end);
            col += end - position;
            position = end;
        }
        return result.toString();
    }

    private void append(String piece) {
        if (column + 1 + piece.length() > MAX_LINE) {
            text.append(FOLD).append(piece);
            column = 1 + piece.length();
        } else {
            text.append(' ').append(piece);
            column += 1 + piece.length();
        }
    }
}
