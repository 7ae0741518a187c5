package org.dkimpack.james;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * What can happen to a key file while James runs, as a test does it to the file, with the
 * words of the error the mailet then reports. Truncating and emptying write the file in
 * place, as a failed copy would; the others put a new file in its place, as a careless
 * rotation would.
 */
enum KeyFileFault {
    /** The file is deleted. */
    DELETED("file not found"),
    /** The file is cut in the middle of a line: the PEM has no END line. */
    TRUNCATED("corrupt PEM"),
    /** Well-formed PEM around the first half of the key's data: the DER breaks off. */
    HALF_THE_KEY_DATA("corrupt key"),
    /** Bytes that are not text at all. */
    GARBAGE("not PEM"),
    /** The file is emptied. */
    EMPTY("is empty"),
    /** A private key of a type DKIM does not sign with. */
    EC_KEY("holds an EC key"),
    /** The same kind of key, but encrypted: the mailet has no passphrase. */
    ENCRYPTED("a passphrase is required");

    /** An EC P-256 private key (PKCS#8), a test resource. */
    static final String EC_P256 = "ec-p256.pkcs8.pem";
    /** RSA 2048, encrypted PKCS#8 with {@link Secrets#PASSPHRASE}, a test resource. */
    static final String RSA_2048_ENCRYPTED = "rsa-2048.encrypted.pem";
    /** RSA 2048, PKCS#1 with OpenSSL's legacy encryption, a test resource. */
    static final String RSA_2048_PKCS1_ENCRYPTED = "rsa-2048.pkcs1-encrypted.pem";
    /** Ed25519, encrypted PKCS#8, a test resource. */
    static final String ED25519_ENCRYPTED = "ed25519.encrypted.pem";

    private static final int PEM_LINE_LENGTH = 64;
    private static final int GARBAGE_LENGTH = 1500;

    private final String reported;

    KeyFileFault(String reported) {
        this.reported = reported;
    }

    /** Words of the error that the mailet logs or puts on the mail for this fault. */
    String reported() {
        return reported;
    }

    /** Does this to a key file. */
    void applyTo(Path keyFile) throws IOException {
        switch (this) {
            case DELETED:
                Files.delete(keyFile);
                break;
            case TRUNCATED:
                byte[] content = Files.readAllBytes(keyFile);
                Files.write(keyFile, Arrays.copyOf(content, content.length / 2));
                break;
            case HALF_THE_KEY_DATA:
                DkimTestSupport.write(keyFile, halfTheData(Files.readString(keyFile,
                        StandardCharsets.US_ASCII)).getBytes(StandardCharsets.US_ASCII));
                break;
            case GARBAGE:
                byte[] garbage = new byte[GARBAGE_LENGTH];
                new Random(GARBAGE_LENGTH).nextBytes(garbage);
                DkimTestSupport.write(keyFile, garbage);
                break;
            case EMPTY:
                Files.write(keyFile, new byte[0]);
                break;
            case EC_KEY:
                DkimTestSupport.write(keyFile, DkimTestSupport.resource("keys/" + EC_P256));
                break;
            case ENCRYPTED:
                DkimTestSupport.write(keyFile,
                        DkimTestSupport.resource("keys/" + RSA_2048_ENCRYPTED));
                break;
            default:
                throw new IllegalStateException("no way to do " + this + " to a file");
        }
    }

    /** The BEGIN and END lines of a PEM key around the first half of its base64 text. */
    private static String halfTheData(String pem) {
        List<String> lines = new ArrayList<>(Arrays.asList(pem.strip().split("\r?\n")));
        String begin = lines.remove(0);
        String end = lines.remove(lines.size() - 1);
        String data = String.join("", lines);
        String half = data.substring(0, data.length() / 2 / 4 * 4);
        StringBuilder result = new StringBuilder(begin).append('\n');
        for (int at = 0; at < half.length(); at += PEM_LINE_LENGTH) {
            result.append(half, at, Math.min(half.length(), at + PEM_LINE_LENGTH)).append('\n');
        }
        return result.append(end).append('\n').toString();
    }
}
