package org.dkimpack.james;

import static org.assertj.core.api.Assertions.fail;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What must never show in a log, an exception or a mail attribute: every form in which the
 * test keys' private material could be printed, and the passphrase of the encrypted ones.
 *
 * <p>For each key: every base64 line of its PEM file, the whole base64 text without line
 * breaks, its PKCS#8 DER in base64 (standard and URL-safe); for RSA the private exponent, both
 * primes and the CRT values in decimal and in hex (lower and upper case); for Ed25519 the
 * 32-byte seed in base64 and hex; for EC the private scalar in decimal and hex. A text leaks
 * when it holds one of them whole or any {@value #FRAGMENT} characters in a row of one, so
 * that a key cut short or wrapped differently is still found.
 */
final class Secrets {
    /** The passphrase of the encrypted test keys. */
    static final String PASSPHRASE = new String(
            DkimTestSupport.resource("keys/rsa-2048.encrypted.passphrase"),
            StandardCharsets.UTF_8).strip();
    /** A passphrase an operator might have mistyped: it must not show either. */
    static final String WRONG_PASSPHRASE = "wrong horse battery staple";

    /** The length of a run of a secret that counts as a leak. */
    static final int FRAGMENT = 32;

    private static final int ED25519_SEED_LENGTH = 32;
    private static final int SHORTEST_PEM_LINE = 16;

    private final Map<String, String> whole = new LinkedHashMap<>();
    private final Map<String, String> fragments = new LinkedHashMap<>();

    private Secrets() {
    }

    /** The secrets of every private key of the mailets' tests, and both passphrases. */
    static Secrets ofTestKeys() {
        Secrets secrets = new Secrets();
        for (String rsaKey : List.of(DkimTestSupport.RSA_2048, DkimTestSupport.RSA_1024,
                DkimTestSupport.RSA_512)) {
            byte[] der = secrets.pem(rsaKey);
            secrets.rsa(rsaKey, (RSAPrivateCrtKey) privateKey("RSA", der));
        }
        byte[] ed25519 = secrets.pem(DkimTestSupport.ED25519);
        secrets.ed25519(DkimTestSupport.ED25519, ed25519);
        byte[] ec = secrets.pem(KeyFileFault.EC_P256);
        secrets.number(KeyFileFault.EC_P256 + " private scalar",
                ((ECPrivateKey) privateKey("EC", ec)).getS());
        secrets.add("the passphrase", PASSPHRASE);
        secrets.add("a wrong passphrase", WRONG_PASSPHRASE);
        return secrets;
    }

    /** Each secret, whole, by its name, such as "rsa-2048.pkcs8.pem prime p in hex". */
    Map<String, String> byName() {
        Map<String, String> byName = new LinkedHashMap<>();
        whole.forEach((secret, name) -> byName.put(name, secret));
        return byName;
    }

    /**
     * Fails when the text holds a secret or {@value #FRAGMENT} characters in a row of one,
     * naming the secret, where it was seen and the text around it.
     *
     * @param where what the text is, for the failure message: "the log", "mail x's attributes"
     */
    void assertNoneIn(String where, String text) {
        for (Map.Entry<String, String> secret : whole.entrySet()) {
            int at = text.indexOf(secret.getKey());
            if (at >= 0) {
                leak(where, secret.getValue(), text, at);
            }
        }
        for (int at = 0; at + FRAGMENT <= text.length(); at++) {
            String name = fragments.get(text.substring(at, at + FRAGMENT));
            if (name != null) {
                leak(where, "part of " + name, text, at);
            }
        }
    }

    private static void leak(String where, String secret, String text, int at) {
        int from = Math.max(0, at - 80);
        int to = Math.min(text.length(), at + FRAGMENT + 80);
        fail(where + " shows " + secret + ", at character " + at + ":\n..."
                + text.substring(from, to) + "...");
    }

    /** Adds the base64 of a PEM file's lines and of its DER; returns the DER. */
    private byte[] pem(String keyResource) {
        String text = new String(DkimTestSupport.resource("keys/" + keyResource),
                StandardCharsets.US_ASCII);
        StringBuilder body = new StringBuilder();
        int line = 0;
        for (String content : text.split("\r?\n")) {
            if (content.startsWith("-----") || content.isBlank()) {
                continue;
            }
            line++;
            body.append(content.strip());
            if (content.strip().length() >= SHORTEST_PEM_LINE) {
                add(keyResource + " PEM line " + line, content.strip());
            }
        }
        add(keyResource + " PEM text without line breaks", body.toString());
        byte[] der = Base64.getDecoder().decode(body.toString());
        add(keyResource + " PKCS#8 DER in base64", Base64.getEncoder().encodeToString(der));
        add(keyResource + " PKCS#8 DER in URL-safe base64",
                Base64.getUrlEncoder().encodeToString(der));
        return der;
    }

    private void rsa(String keyResource, RSAPrivateCrtKey key) {
        number(keyResource + " private exponent d", key.getPrivateExponent());
        number(keyResource + " prime p", key.getPrimeP());
        number(keyResource + " prime q", key.getPrimeQ());
        number(keyResource + " CRT exponent dp", key.getPrimeExponentP());
        number(keyResource + " CRT exponent dq", key.getPrimeExponentQ());
        number(keyResource + " CRT coefficient", key.getCrtCoefficient());
    }

    /** RFC 8410 §7: the PKCS#8 of an Ed25519 key ends with its 32-byte seed. */
    private void ed25519(String keyResource, byte[] der) {
        byte[] seed = Arrays.copyOfRange(der, der.length - ED25519_SEED_LENGTH, der.length);
        add(keyResource + " seed in base64", Base64.getEncoder().encodeToString(seed));
        add(keyResource + " seed in base64 without padding",
                Base64.getEncoder().withoutPadding().encodeToString(seed));
        String hex = String.format("%064x", new BigInteger(1, seed));
        add(keyResource + " seed in hex", hex);
        add(keyResource + " seed in upper-case hex", hex.toUpperCase(Locale.ROOT));
    }

    private void number(String name, BigInteger value) {
        add(name + " in decimal", value.toString(10));
        add(name + " in hex", value.toString(16));
        add(name + " in upper-case hex", value.toString(16).toUpperCase(Locale.ROOT));
    }

    private void add(String name, String secret) {
        whole.putIfAbsent(secret, name);
        for (int at = 0; at + FRAGMENT <= secret.length(); at++) {
            fragments.putIfAbsent(secret.substring(at, at + FRAGMENT), name);
        }
    }

    private static java.security.PrivateKey privateKey(String algorithm, byte[] pkcs8) {
        try {
            return KeyFactory.getInstance(algorithm)
                    .generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("test key of " + algorithm + " does not load", e);
        }
    }
}
