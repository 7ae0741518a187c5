package org.dkimpack.core.key;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.RSAKeyGenParameterSpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;

import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.dkimpack.core.KeyType;

/**
 * A private key to sign with, RSA or Ed25519, together with its public half as it is
 * published in DNS.
 *
 * <p>RSA keys are JDK key objects, usable with {@code Signature.getInstance("SHA256withRSA")}
 * and the JDK's own providers; Ed25519 keys are Bouncy Castle lightweight parameters, so that
 * Ed25519 works on Java 11 without registering a JCA provider in the host server.
 *
 * <p>Instances come from {@link PrivateKeyLoader} or from {@link #generateRsa(int)} and
 * {@link #generateEd25519()}. Loading only reports the key size; {@link #checkUsableForSigning()}
 * applies the size policy of RFC 8301 §3.2, and {@link #isWeak()} tells the caller when to
 * warn. {@link #toString()} never shows key material.
 */
public final class SigningKey {
    /** The {@code v=} value of a key record (RFC 6376 §3.6.1). */
    private static final String KEY_RECORD_VERSION = "DKIM1";

    private static final int ED25519_BITS = 256;
    private static final String GENERATED = "generated key";
    private static final int PEM_LINE_LENGTH = 64;

    private final KeyType keyType;
    private final RSAPrivateKey rsaPrivateKey;
    private final RSAPublicKey rsaPublicKey;
    /** The same RSA key as Conscrypt's key object, when Conscrypt signs; otherwise null. */
    private final PrivateKey nativeRsaPrivateKey;
    private final Ed25519PrivateKeyParameters ed25519PrivateKey;
    private final Ed25519PublicKeyParameters ed25519PublicKey;
    private final int bits;
    private final String source;

    private SigningKey(KeyType keyType, RSAPrivateKey rsaPrivateKey, RSAPublicKey rsaPublicKey,
            Ed25519PrivateKeyParameters ed25519PrivateKey, int bits, String source) {
        this.keyType = keyType;
        this.rsaPrivateKey = rsaPrivateKey;
        this.rsaPublicKey = rsaPublicKey;
        this.nativeRsaPrivateKey =
                rsaPrivateKey == null ? null : NativeRsa.convert(rsaPrivateKey);
        this.ed25519PrivateKey = ed25519PrivateKey;
        this.ed25519PublicKey =
                ed25519PrivateKey == null ? null : ed25519PrivateKey.generatePublicKey();
        this.bits = bits;
        this.source = source;
    }

    /**
     * An RSA signing key.
     *
     * @param privateKey a JDK private key
     * @param publicExponent the public exponent, from the key's PKCS#1 structure
     * @param source where the key came from, for messages
     */
    static SigningKey rsa(RSAPrivateKey privateKey, BigInteger publicExponent, String source) {
        RSAPublicKey publicKey = rsaPublicKey(privateKey.getModulus(), publicExponent);
        return new SigningKey(KeyType.RSA, privateKey, publicKey, null,
                privateKey.getModulus().bitLength(), source);
    }

    /** An Ed25519 signing key; {@code source} says where it came from, for messages. */
    static SigningKey ed25519(Ed25519PrivateKeyParameters privateKey, String source) {
        return new SigningKey(KeyType.ED25519, null, null, privateKey, ED25519_BITS, source);
    }

    /**
     * Generates a new RSA key with public exponent 65537, for {@code dkimpack keygen}.
     *
     * @param bits the modulus length, from 1024 (RFC 8301 §3.2) to 4096
     * @throws IllegalArgumentException when {@code bits} is outside that range
     */
    public static SigningKey generateRsa(int bits) {
        if (bits < KeyPolicy.MINIMUM_RSA_BITS || bits > KeyPolicy.MAXIMUM_GENERATED_RSA_BITS) {
            throw new IllegalArgumentException("RSA key size " + bits + " is out of range;"
                    + " expected " + KeyPolicy.MINIMUM_RSA_BITS + " to "
                    + KeyPolicy.MAXIMUM_GENERATED_RSA_BITS + " bits");
        }
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(new RSAKeyGenParameterSpec(bits, RSAKeyGenParameterSpec.F4),
                    new SecureRandom());
            RSAPrivateKey privateKey = (RSAPrivateKey) generator.generateKeyPair().getPrivate();
            return rsa(privateKey, RSAKeyGenParameterSpec.F4, GENERATED);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK cannot generate RSA keys", e);
        }
    }

    /** Generates a new Ed25519 key, for {@code dkimpack keygen}. */
    public static SigningKey generateEd25519() {
        return ed25519(new Ed25519PrivateKeyParameters(new SecureRandom()), GENERATED);
    }

    public KeyType keyType() {
        return keyType;
    }

    /** The key size: the RSA modulus length in bits, or 256 for Ed25519. */
    public int bits() {
        return bits;
    }

    /** Where the key came from: the file name given to the loader, or "generated key". */
    public String source() {
        return source;
    }

    /**
     * The RSA private key, a JDK key object.
     *
     * @throws IllegalStateException when this is not an RSA key
     */
    public RSAPrivateKey rsaPrivateKey() {
        requireType(KeyType.RSA);
        return rsaPrivateKey;
    }

    /** The RSA private key as Conscrypt's key object, or null when the JDK signs. */
    PrivateKey nativeRsaPrivateKey() {
        return nativeRsaPrivateKey;
    }

    /**
     * The public half of the RSA key, a JDK key object.
     *
     * @throws IllegalStateException when this is not an RSA key
     */
    public RSAPublicKey rsaPublicKey() {
        requireType(KeyType.RSA);
        return rsaPublicKey;
    }

    /**
     * The Ed25519 private key, as Bouncy Castle lightweight parameters.
     *
     * @throws IllegalStateException when this is not an Ed25519 key
     */
    public Ed25519PrivateKeyParameters ed25519PrivateKey() {
        requireType(KeyType.ED25519);
        return ed25519PrivateKey;
    }

    /**
     * The public half of the Ed25519 key.
     *
     * @throws IllegalStateException when this is not an Ed25519 key
     */
    public Ed25519PublicKeyParameters ed25519PublicKey() {
        requireType(KeyType.ED25519);
        return ed25519PublicKey;
    }

    /**
     * The public key as the {@code p=} tag of a key record carries it, before base64: for RSA
     * the DER SubjectPublicKeyInfo (RFC 6376 §3.6.1), for Ed25519 the bare 32-byte key
     * (RFC 8463 §4).
     */
    public byte[] publicKeyBytes() {
        return keyType == KeyType.RSA ? rsaPublicKey.getEncoded() : ed25519PublicKey.getEncoded();
    }

    /** The {@code p=} value of the key record: {@link #publicKeyBytes()} in base64. */
    public String publicKeyBase64() {
        return Base64.getEncoder().encodeToString(publicKeyBytes());
    }

    /**
     * The text of the key record to publish at {@code <selector>._domainkey.<domain>}:
     * {@code v=DKIM1; k=rsa; p=...} or {@code v=DKIM1; k=ed25519; p=...}.
     */
    public String keyRecordText() {
        return "v=" + KEY_RECORD_VERSION + "; k=" + keyType.tagValue() + "; p="
                + publicKeyBase64();
    }

    /**
     * The private key as unencrypted PKCS#8 PEM ({@code -----BEGIN PRIVATE KEY-----}), as
     * {@code openssl genpkey} writes it, for {@code dkimpack keygen} to save.
     */
    public String toPkcs8Pem() {
        byte[] der = keyType == KeyType.RSA ? rsaPrivateKey.getEncoded() : ed25519Pkcs8();
        String base64 = Base64.getMimeEncoder(PEM_LINE_LENGTH, new byte[] {'\n'})
                .encodeToString(der);
        return "-----BEGIN PRIVATE KEY-----\n" + base64 + "\n-----END PRIVATE KEY-----\n";
    }

    /**
     * Whether callers should warn about this key: an RSA key under 2048 bits, which
     * RFC 8301 §3.2 allows but advises against. The core library does not log; the caller does.
     */
    public boolean isWeak() {
        return keyType == KeyType.RSA && bits < KeyPolicy.RECOMMENDED_RSA_BITS;
    }

    /**
     * Refuses a key that must not sign: an RSA key under 1024 bits (RFC 8301 §3.2).
     *
     * @throws KeyLoadException naming the source and the key size
     */
    public void checkUsableForSigning() throws KeyLoadException {
        if (keyType == KeyType.RSA && bits < KeyPolicy.MINIMUM_RSA_BITS) {
            throw new KeyLoadException("RSA key in " + source + " has " + bits
                    + " bits; at least " + KeyPolicy.MINIMUM_RSA_BITS
                    + " are required (RFC 8301 §3.2)");
        }
    }

    /** Two signing keys are equal when they hold the same private key, wherever it came from. */
    @Override
    public boolean equals(Object other) {
        if (this == other) {
            return true;
        }
        if (!(other instanceof SigningKey)) {
            return false;
        }
        SigningKey that = (SigningKey) other;
        return keyType == that.keyType && Arrays.equals(privateKeyEncoding(),
                that.privateKeyEncoding());
    }

    @Override
    public int hashCode() {
        return Objects.hash(keyType, Arrays.hashCode(publicKeyBytes()));
    }

    /** Type, size and source only: never key material. */
    @Override
    public String toString() {
        return "SigningKey[" + keyType.tagValue() + ", " + bits + " bits, " + source + "]";
    }

    private byte[] privateKeyEncoding() {
        return keyType == KeyType.RSA ? rsaPrivateKey.getEncoded() : ed25519PrivateKey.getEncoded();
    }

    private byte[] ed25519Pkcs8() {
        // Version 1 PKCS#8 without the public key, byte for byte what openssl genpkey writes,
        // so that older tools read it too (RFC 8410 §7).
        try {
            PrivateKeyInfo info = new PrivateKeyInfo(
                    new AlgorithmIdentifier(EdECObjectIdentifiers.id_Ed25519),
                    new DEROctetString(ed25519PrivateKey.getEncoded()));
            return info.getEncoded(ASN1Encoding.DER);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode an Ed25519 key as PKCS#8", e);
        }
    }

    private void requireType(KeyType wanted) {
        if (keyType != wanted) {
            throw new IllegalStateException("the key from " + source + " is "
                    + keyType.tagValue() + ", not " + wanted.tagValue());
        }
    }

    private static RSAPublicKey rsaPublicKey(BigInteger modulus, BigInteger publicExponent) {
        try {
            return (RSAPublicKey) KeyFactory.getInstance("RSA")
                    .generatePublic(new RSAPublicKeySpec(modulus, publicExponent));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK cannot make the RSA public key", e);
        }
    }
}
