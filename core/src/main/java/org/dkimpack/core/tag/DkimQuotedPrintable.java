package org.dkimpack.core.tag;

/**
 * The dkim-quoted-printable encoding of the {@code i=} and {@code z=} values (RFC 6376
 * §2.11): {@code =XX} for any byte that is not plain printable ASCII, and always for
 * {@code ;}, {@code =} and whitespace.
 */
public final class DkimQuotedPrintable {

    private DkimQuotedPrintable() {
    }

    /** Encodes an ISO-8859-1 string (one char per byte). */
    public static String encode(String text) {
        StringBuilder result = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c > 0x20 && c < 0x7f && c != ';' && c != '=') {
                result.append(c);
            } else {
                result.append(String.format("=%02X", (int) c & 0xff));
            }
        }
        return result.toString();
    }

    /**
     * Decodes a value, dropping the folding whitespace the grammar allows inside it.
     *
     * @throws TagListException when an {@code =} is not followed by two hex digits
     */
    public static String decode(String value) throws TagListException {
        StringBuilder result = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '=') {
                if (i + 2 >= value.length()) {
                    throw new TagListException("bad quoted-printable escape in '"
                            + TagList.printable(value) + "'");
                }
                int high = Character.digit(value.charAt(i + 1), 16);
                int low = Character.digit(value.charAt(i + 2), 16);
                if (high < 0 || low < 0) {
                    throw new TagListException("bad quoted-printable escape in '"
                            + TagList.printable(value) + "'");
                }
                result.append((char) (high * 16 + low));
                i += 2;
            } else if (!TagList.isWhitespace(c)) {
                result.append(c);
            }
        }
        return result.toString();
    }
}
