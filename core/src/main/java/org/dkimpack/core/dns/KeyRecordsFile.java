package org.dkimpack.core.dns;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads a key records file: the DNS data of test vectors and offline checks, in UTF-8, one
 * record a line as {@code NAME<TAB>VALUE}.
 *
 * <ul>
 *   <li>Blank lines and lines starting with {@code #} are ignored.</li>
 *   <li>{@code @zone NAME} lines tell the loopback DNS server that serves the same files
 *       where to cut zones; a static table has no zones, so they are ignored here.</li>
 *   <li>The same NAME may come on several lines, for several TXT records at that name.</li>
 *   <li>A VALUE starting with {@code "} is written as in a zone file: one or more quoted
 *       character-strings, with {@code \"}, {@code \\} and {@code \DDD} escapes, joined
 *       without separator as a verifier joins them (RFC 6376 §3.6.2.2). Any other VALUE is
 *       the record text exactly as written, spaces at the end included.</li>
 * </ul>
 */
final class KeyRecordsFile {

    private KeyRecordsFile() {
    }

    /**
     * The (name, record) pairs of a file, in file order.
     *
     * @throws IllegalArgumentException naming the file and line when a line is malformed
     */
    static List<Map.Entry<String, String>> read(Path file) throws IOException {
        List<Map.Entry<String, String>> records = new ArrayList<>();
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        for (int index = 0; index < lines.size(); index++) {
            String line = lines.get(index);
            String trimmed = line.trim();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            String where = file + " line " + (index + 1);
            if (trimmed.startsWith("@")) {
                if (!trimmed.startsWith("@zone ")) {
                    throw new IllegalArgumentException(where + ": unknown directive '" + trimmed
                            + "'; expected NAME<TAB>VALUE or @zone NAME");
                }
                continue;
            }

            int tab = line.indexOf('\t');
            if (tab <= 0) {
                throw new IllegalArgumentException(
                        where + ": expected NAME<TAB>VALUE, got '" + line + "'");
            }
            String value = line.substring(tab + 1);
            String record = value.startsWith("\"") ? unquote(value, where) : value;
            records.add(Map.entry(line.substring(0, tab).trim(), record));
        }
        return records;
    }

    /** Joins the quoted character-strings of zone-file TXT data. */
    static String unquote(String rdata, String where) {
        ByteArrayOutputStream joined = new ByteArrayOutputStream();
        int position = 0;
        while (position < rdata.length()) {
            char next = rdata.charAt(position);
            if (Character.isWhitespace(next)) {
                position++;
                continue;
            }
            if (next != '"') {
                throw new IllegalArgumentException(where + ": expected a quoted string at column "
                        + (position + 1) + " of " + rdata + ", got '" + next + "'");
            }
            position = readQuoted(rdata, position + 1, joined, where);
        }
        return new String(joined.toByteArray(), StandardCharsets.UTF_8);
    }

    /** Reads one character-string from after its opening quote; returns the index after it. */
    private static int readQuoted(String rdata, int start, ByteArrayOutputStream out,
            String where) {
        int position = start;
        while (position < rdata.length()) {
            char next = rdata.charAt(position);
            if (next == '"') {
                return position + 1;
            }

            // RFC 1035 §5.1: \DDD is the octet with that decimal value, \X is X itself.
            if (next == '\\') {
                String digits = rdata.length() >= position + 4
                        ? rdata.substring(position + 1, position + 4)
                        : "";
                if (digits.matches("[0-9]{3}") && Integer.parseInt(digits) <= 255) {
                    out.write(Integer.parseInt(digits));
                    position += 4;
                    continue;
                }
                position++;
                if (position >= rdata.length()) {
                    break;
                }
            }

            int codePoint = rdata.codePointAt(position);
            byte[] bytes = new String(Character.toChars(codePoint))
                    .getBytes(StandardCharsets.UTF_8);
            out.write(bytes, 0, bytes.length);
            position += Character.charCount(codePoint);
        }
        throw new IllegalArgumentException(where + ": unterminated quoted string in " + rdata);
    }
}
