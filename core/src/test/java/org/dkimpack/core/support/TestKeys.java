package org.dkimpack.core.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.dkimpack.core.key.KeyLoadException;
import org.dkimpack.core.key.KeyRecord;
import org.dkimpack.core.key.KeyRecordException;
import org.dkimpack.core.key.PrivateKeyLoader;
import org.dkimpack.core.key.SigningKey;

/**
 * The test keys, all under {@code src/test/resources/keys/}: key files, the
 * passphrase of the encrypted ones, the key records of {@code records.txt}, and the published
 * RFC 8463 and RFC 8032 vectors. One place, so that no test pastes its own set-up.
 */
public final class TestKeys {
    private static final Path DIRECTORY = directory();
    private static final Map<String, String> RECORDS =
            readRecords(DIRECTORY.resolve("records.txt"));
    private static final Map<String, String> RFC8463_RECORDS =
            readRecords(DIRECTORY.resolve("rfc8463/records.txt"));
    private static final Pattern QUOTED_STRING = Pattern.compile("\"([^\"]*)\"");

    private TestKeys() {
    }

    /** A file of the keys folder, such as "rsa-2048.pkcs8.pem"; it need not exist. */
    public static Path file(String name) {
        return DIRECTORY.resolve(name);
    }

    public static String text(String name) {
        try {
            return Files.readString(file(name), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static byte[] bytes(String name) {
        try {
            return Files.readAllBytes(file(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The passphrase of the encrypted test keys. */
    public static char[] passphrase() {
        return text("rsa-2048.encrypted.passphrase").strip().toCharArray();
    }

    /** Loads a key file, with the passphrase (ignored for keys that are not encrypted). */
    public static SigningKey load(String name) {
        try {
            return PrivateKeyLoader.load(file(name), passphrase());
        } catch (KeyLoadException e) {
            throw new AssertionError(e);
        }
    }

    /** The 2048-bit RSA test key. */
    public static SigningKey rsa2048() {
        return load("rsa-2048.pkcs8.pem");
    }

    /** The Ed25519 test key. */
    public static SigningKey ed25519() {
        return load("ed25519.pem");
    }

    /** A record of records.txt, by name. */
    public static String record(String name) {
        String record = RECORDS.get(name);
        if (record == null) {
            throw new IllegalArgumentException("no record " + name + " in keys/records.txt");
        }
        return record;
    }

    public static KeyRecord parsedRecord(String name) {
        try {
            return KeyRecord.parse(record(name));
        } catch (KeyRecordException e) {
            throw new AssertionError(e);
        }
    }

    /**
     * The RFC 8463 record of a selector ("brisbane", "test") as DNS serves it: the quoted
     * strings of the zone file joined (RFC 6376 §3.6.2.2).
     */
    public static String rfc8463Record(String selector) {
        String raw = rfc8463RawRecord(selector);
        if (!raw.startsWith("\"")) {
            return raw;
        }
        StringBuilder joined = new StringBuilder();
        Matcher string = QUOTED_STRING.matcher(raw);
        while (string.find()) {
            joined.append(string.group(1));
        }
        return joined.toString();
    }

    /** The RFC 8463 record of a selector as written in the zone file, quotes and all. */
    public static String rfc8463RawRecord(String selector) {
        return RFC8463_RECORDS.get(selector + "._domainkey.football.example.com");
    }

    /** A {@code name=value} vector file, such as "rfc8032/test-1.txt". */
    public static Map<String, String> vector(String name) {
        Map<String, String> values = new HashMap<>();
        for (String line : text(name).split("\n")) {
            int equals = line.indexOf('=');
            if (!line.startsWith("#") && equals > 0) {
                values.put(line.substring(0, equals), line.substring(equals + 1).strip());
            }
        }
        return values;
    }

    public static byte[] hex(String hex) {
        byte[] result = new byte[hex.length() / 2];
        for (int i = 0; i < result.length; i++) {
            result[i] = (byte) Integer.parseInt(hex.substring(2 * i, 2 * i + 2), 16);
        }
        return result;
    }

    /** NAME, a tab, then the record to the end of the line; '#' starts a comment line. */
    private static Map<String, String> readRecords(Path file) {
        Map<String, String> records = new HashMap<>();
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (String line : lines) {
            int tab = line.indexOf('\t');
            if (!line.startsWith("#") && tab > 0) {
                records.put(line.substring(0, tab), line.substring(tab + 1));
            }
        }
        return records;
    }

    private static Path directory() {
        URL url = TestKeys.class.getResource("/keys/records.txt");
        if (url == null) {
            throw new IllegalStateException("keys/records.txt is not on the test class path");
        }
        try {
            return Paths.get(url.toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
