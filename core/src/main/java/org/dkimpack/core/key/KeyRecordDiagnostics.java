package org.dkimpack.core.key;

import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.dkimpack.core.KeyType;
import org.dkimpack.core.tag.TagList;
import org.dkimpack.core.tag.TagListException;

/**
 * Finds the mistakes people make when they paste a key record into a DNS control panel, for
 * {@code dkimpack check-dns}: quotes and zone-file syntax kept in the value, escaped
 * semicolons, curly quotes, a {@code p=} broken across lines or cut short, a PEM header left
 * in {@code p=}, and records that parse but will not work as meant (a short key, {@code h=}
 * without sha256, {@code t=y} left on).
 *
 * <p>Where {@link KeyRecord#parse(String)} stops at the first error, this goes on as far as it
 * can, and says in plain words what to change.
 */
public final class KeyRecordDiagnostics {
    /** A zone-file line: optional name, optional TTL, optional class, then TXT. */
    private static final Pattern ZONE_FILE_LINE = Pattern.compile(
            "(?i)^(?:\\S+\\s+)?(?:\\d+\\s+)?(?:IN\\s+)?TXT\\s+(.*)$", Pattern.DOTALL);
    /** One or more quoted strings separated by whitespace, as zone files write TXT values. */
    private static final Pattern QUOTED_STRINGS =
            Pattern.compile("^\"[^\"]*\"(?:\\s*\"[^\"]*\")*$");
    private static final Pattern QUOTED_STRING = Pattern.compile("\"([^\"]*)\"");
    /** A tag-spec inside another tag's value: the ';' between them is missing. */
    private static final Pattern RUN_ON_TAG = Pattern.compile("\\s[A-Za-z][A-Za-z0-9_]*\\s*=");
    private static final int DER_SEQUENCE = 0x30;

    private KeyRecordDiagnostics() {
    }

    /**
     * Lists the problems of a key record's text, each as one human-readable sentence.
     *
     * @param recordText the value as entered in a control panel or served by DNS
     * @return the findings, in the order found; empty when the record is fine
     */
    public static List<String> findProblems(String recordText) {
        List<String> findings = new ArrayList<>();
        String text = unwrap(recordText.strip(), findings);
        reportNonAscii(text, findings);

        TagList tags;
        try {
            tags = TagList.parse(text);
        } catch (TagListException e) {
            findings.add("the record is not a tag list: " + e.getMessage());
            return findings;
        }
        if (reportRunOnTags(tags, findings)) {
            return findings;
        }

        // The checks of KeyRecord.parse, one by one, so that every problem is found.
        KeyType keyType = null;
        try {
            KeyRecord.checkVersion(tags);
            keyType = KeyRecord.keyTypeOf(tags);
        } catch (KeyRecordException e) {
            findings.add(e.getMessage());
        }
        Optional<String> publicKey = tags.get("p");
        if (publicKey.isEmpty()) {
            findings.add("the record has no p= tag");
        } else {
            reportPublicKey(publicKey.get(), keyType, findings);
        }

        reportUsage(text, findings);
        return findings;
    }

    /** Removes zone-file syntax, quotes and escapes around the value, reporting each. */
    private static String unwrap(String value, List<String> findings) {
        String text = value;
        Matcher zoneFileLine = ZONE_FILE_LINE.matcher(text);
        if (!text.startsWith("\"") && zoneFileLine.matches()) {
            findings.add("the value holds zone-file syntax ('IN TXT'); enter only the text"
                    + " from v=DKIM1 on, without quotes");
            text = joinQuotedStrings(zoneFileLine.group(1).strip());
        } else if (QUOTED_STRINGS.matcher(text).matches()) {
            findings.add(countQuotedStrings(text) > 1
                    ? "the value is wrapped in quotes and split into strings (\"...\" \"...\");"
                            + " enter it as one text without quotes"
                    : "the value is wrapped in quotes; enter it without them");
            text = joinQuotedStrings(text);
        } else if (text.startsWith("\u201C") && text.endsWith("\u201D")) {
            findings.add("the value is wrapped in curly quotes (\u201C\u201D); enter it without"
                    + " them");
            text = text.substring(1, text.length() - 1);
        }
        if (text.contains("\\;")) {
            findings.add("the value holds '\\;': the control panel kept the backslashes;"
                    + " enter plain semicolons");
            text = text.replace("\\;", ";");
        }
        return text;
    }

    private static String joinQuotedStrings(String text) {
        if (!QUOTED_STRINGS.matcher(text).matches()) {
            return text;
        }
        StringBuilder joined = new StringBuilder();
        Matcher string = QUOTED_STRING.matcher(text);
        while (string.find()) {
            joined.append(string.group(1));
        }
        return joined.toString();
    }

    private static int countQuotedStrings(String text) {
        int count = 0;
        Matcher string = QUOTED_STRING.matcher(text);
        while (string.find()) {
            count++;
        }
        return count;
    }

    private static void reportNonAscii(String text, List<String> findings) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean whitespace = c == ' ' || c == '\t' || c == '\r' || c == '\n';
            if (!whitespace && (c < 0x20 || c > 0x7e)) {
                findings.add("the value holds a character outside printable ASCII ("
                        + String.format("U+%04X", (int) c) + " at position " + (i + 1)
                        + "); a word processor or web page may have put in curly quotes,"
                        + " dashes or non-breaking spaces");
                return;
            }
        }
    }

    /** "v=DKIM1 k=rsa p=...": tags separated by spaces instead of ';'. */
    private static boolean reportRunOnTags(TagList tags, List<String> findings) {
        for (Map.Entry<String, String> tag : tags.asMap().entrySet()) {
            if (!"p".equals(tag.getKey()) && !"n".equals(tag.getKey())
                    && RUN_ON_TAG.matcher(tag.getValue()).find()) {
                findings.add("tags must be separated by ';': " + tag.getKey() + "= is '"
                        + TagList.printable(tag.getValue()) + "'");
                return true;
            }
        }
        return false;
    }

    private static void reportPublicKey(String value, KeyType keyType, List<String> findings) {
        String base64 = TagList.removeWhitespace(value);
        if (base64.contains("-----")) {
            findings.add("p= holds PEM armour (-----BEGIN/END PUBLIC KEY-----); enter only the"
                    + " base64 text between those lines");
            return;
        }
        if (!base64.equals(value)) {
            // Legal folding in a record (RFC 6376 §3.6.1), but in a control panel it is a
            // line break copied from a terminal or a web page, and some tools choke on it.
            findings.add("p= contains spaces or line breaks");
        }
        if (base64.isEmpty()) {
            findings.add("p= is empty: the key is revoked (RFC 6376 §3.6.1)");
            return;
        }

        byte[] publicKeyData;
        try {
            publicKeyData = KeyRecord.decodeBase64(base64);
        } catch (KeyRecordException e) {
            findings.add(e.getMessage());
            return;
        }
        if (keyType == KeyType.ED25519) {
            try {
                KeyRecord.decodeEd25519PublicKey(publicKeyData);
            } catch (KeyRecordException e) {
                findings.add(e.getMessage());
            }
        } else if (keyType == KeyType.RSA) {
            reportRsaPublicKey(publicKeyData, base64.length(), findings);
        }
    }

    private static void reportRsaPublicKey(byte[] publicKeyData, int base64Length,
            List<String> findings) {
        RSAPublicKey rsaPublicKey;
        try {
            rsaPublicKey = KeyRecord.decodeRsaPublicKey(publicKeyData);
        } catch (KeyRecordException e) {
            findings.add(isCutShort(publicKeyData)
                    ? "p= looks cut short (RSA key does not decode; " + base64Length
                            + " base64 chars)"
                    : e.getMessage());
            return;
        }
        int bits = rsaPublicKey.getModulus().bitLength();
        if (bits < KeyPolicy.MINIMUM_RSA_BITS) {
            findings.add("key has " + bits + " bits; at least " + KeyPolicy.MINIMUM_RSA_BITS
                    + " are required (RFC 8301 §3.2)");
        } else if (bits < KeyPolicy.RECOMMENDED_RSA_BITS) {
            findings.add("key has " + bits + " bits; " + KeyPolicy.RECOMMENDED_RSA_BITS
                    + " or more are recommended (RFC 8301 §3.2)");
        }
    }

    /** A DER SEQUENCE whose length field promises more bytes than there are. */
    private static boolean isCutShort(byte[] der) {
        if (der.length < 2 || (der[0] & 0xff) != DER_SEQUENCE) {
            return false;
        }
        int first = der[1] & 0xff;
        if (first < 0x80) {
            return 2 + first > der.length;
        }
        int lengthBytes = first & 0x7f;
        if (lengthBytes == 0 || lengthBytes > 3 || der.length < 2 + lengthBytes) {
            return false;
        }
        int length = 0;
        for (int i = 0; i < lengthBytes; i++) {
            length = (length << 8) | (der[2 + i] & 0xff);
        }
        return 2 + lengthBytes + length > der.length;
    }

    /** Records that parse but will not work as meant. */
    private static void reportUsage(String text, List<String> findings) {
        KeyRecord keyRecord;
        try {
            keyRecord = KeyRecord.parse(text);
        } catch (KeyRecordException e) {
            if (findings.isEmpty()) {
                findings.add(e.getMessage());
            }
            return;
        }
        if (!keyRecord.allowsHash("sha256")) {
            findings.add("h= does not allow sha256; verifiers will fail every signature made"
                    + " with this key (RFC 8301 §3.1 forbids sha1)");
        }
        if (!keyRecord.allowsEmail()) {
            findings.add("s= holds neither email nor *; verifiers will not use this key for"
                    + " mail");
        }
        if (keyRecord.isTesting()) {
            findings.add("t=y: the domain is in testing mode; remove it once signatures pass");
        }
    }
}
