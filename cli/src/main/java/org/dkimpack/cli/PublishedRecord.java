package org.dkimpack.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

import org.dkimpack.core.key.SigningKey;

/**
 * The key record to publish for a key, written the two ways operators enter it: a zone-file
 * line for those who edit their zone, and the bare value for a DNS control panel. keygen and
 * dns-record print exactly the same text, so that either can be followed.
 */
final class PublishedRecord {
    /** The longest character-string a TXT record holds (RFC 1035 §3.3). */
    static final int MAX_CHARACTER_STRING = 255;

    private PublishedRecord() {
    }

    /** Prints the instructions, from "Publish this TXT record" to the check-dns hint. */
    static void print(PrintStream out, String domain, String selector, SigningKey key,
            String keyFile) {
        String name = selector + "._domainkey." + domain;
        String value = key.keyRecordText();
        out.println("Publish this TXT record at " + name + ":");
        out.println();
        out.println("In a zone file:");
        out.println(zoneFileLine(name, value));
        out.println();
        out.println("In a DNS control panel for " + domain + ": a TXT record named "
                + selector + "._domainkey,");
        out.println("with this value, on one line and without quotes:");
        out.println(value);
        out.println();
        out.println("Then check what DNS serves with:");
        out.println("dkimpack check-dns --domain " + domain + " --selector " + selector
                + " --key " + keyFile);
    }

    /** Type and size of a key, for messages: "rsa, 2048 bits". */
    static String describe(SigningKey key) {
        return key.keyType().tagValue() + ", " + key.bits() + " bits";
    }

    /**
     * {@code NAME. IN TXT ( "..." "..." )}: the value in character-strings of at most
     * {@value #MAX_CHARACTER_STRING} bytes, which a verifier joins again (RFC 6376 §3.6.2.2).
     */
    static String zoneFileLine(String name, String value) {
        StringBuilder line = new StringBuilder(name).append(". IN TXT (");
        for (String string : characterStrings(value)) {
            line.append(" \"").append(string.replace("\\", "\\\\").replace("\"", "\\\""))
                    .append('"');
        }
        return line.append(" )").toString();
    }

    /** The value cut into pieces of at most 255 characters, which are bytes here: ASCII. */
    static List<String> characterStrings(String value) {
        List<String> strings = new ArrayList<>();
        for (int start = 0; start < value.length(); start += MAX_CHARACTER_STRING) {
            strings.add(value.substring(start,
                    Math.min(value.length(), start + MAX_CHARACTER_STRING)));
        }
        return strings;
    }
}
