package org.dkimpack.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAKeyGenParameterSpec;
import java.util.Base64;

import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.dkimpack.core.key.KeyLoadException;
import org.dkimpack.core.key.PrivateKeyLoader;
import org.dkimpack.core.key.SigningKey;

/**
 * The keys every column signs and verifies with: an RSA 2048-bit key and an Ed25519 key,
 * generated from fixed seeds, so that each forked JVM (and each run) has the same keys.
 */
public final class Keys {
    public static final String RSA_SELECTOR = "rsa2048";
    public static final String ED25519_SELECTOR = "ed2024";

    private static final byte[] RSA_SEED = "dkimpack benchmark rsa key".getBytes(
            StandardCharsets.US_ASCII);
    private static final int ED25519_SEED_BYTE = 0x2a;
    private static final int ED25519_KEY_BYTES = 32;

    private final SigningKey rsa;
    private final SigningKey ed25519;
    private final String rsaPem;
    private final String ed25519Pem;
    private final byte[] ed25519Pkcs8;

    private Keys() throws GeneralSecurityException, IOException, KeyLoadException {
        SecureRandom random = SecureRandom.getInstance("SHA1PRNG");
        random.setSeed(RSA_SEED);
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(new RSAKeyGenParameterSpec(2048, RSAKeyGenParameterSpec.F4),
                random);
        rsaPem = pem(generator.generateKeyPair().getPrivate().getEncoded());
        rsa = PrivateKeyLoader.loadPem(rsaPem, "benchmark RSA key", null);

        byte[] seed = new byte[ED25519_KEY_BYTES];
        for (int i = 0; i < seed.length; i++) {
            seed[i] = (byte) (ED25519_SEED_BYTE + i);
        }
        ed25519Pkcs8 = new PrivateKeyInfo(new AlgorithmIdentifier(EdECObjectIdentifiers.id_Ed25519),
                new DEROctetString(seed)).getEncoded(ASN1Encoding.DER);
        ed25519Pem = pem(ed25519Pkcs8);
        ed25519 = PrivateKeyLoader.loadPem(ed25519Pem, "benchmark Ed25519 key", null);
    }

    /** Makes the keys; about a second of RSA key generation. */
    public static Keys create() {
        try {
            return new Keys();
        } catch (GeneralSecurityException | IOException | KeyLoadException e) {
            throw new IllegalStateException("cannot make the benchmark keys", e);
        }
    }

    public SigningKey rsa() {
        return rsa;
    }

    public SigningKey ed25519() {
        return ed25519;
    }

    /** The RSA key as PKCS#8 PEM, as {@code dkimpack keygen} writes it. */
    public String rsaPem() {
        return rsaPem;
    }

    public String ed25519Pem() {
        return ed25519Pem;
    }

    /** The Ed25519 key as a JDK key object, for the JDK's own Ed25519 (Java 15 and later). */
    public PrivateKey ed25519JdkKey() throws GeneralSecurityException {
        return KeyFactory.getInstance("Ed25519")
                .generatePrivate(new PKCS8EncodedKeySpec(ed25519Pkcs8));
    }

    /** The name a key record of the benchmark domain is looked up at. */
    public static String recordName(String selector) {
        return selector + "._domainkey." + GeneratedMessage.SENDER_DOMAIN;
    }

    private static String pem(byte[] der) {
        return "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END PRIVATE KEY-----\n";
    }
}
