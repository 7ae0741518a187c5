package org.dkimpack.core.key;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.Signature;
import java.security.SignatureException;

import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;
import org.dkimpack.core.KeyType;
import org.dkimpack.core.SignatureAlgorithm;

/**
 * The two signature primitives of DKIM: sign the canonicalized header data with a
 * {@link SigningKey}, and verify a signature with the key of a {@link KeyRecord}
 * (RFC 6376 §3.7).
 *
 * <p>RSA uses {@code SHA256withRSA}, RSASSA-PKCS1-v1_5: to sign, Conscrypt's when its jar is
 * on the class path (about 1.6 times faster), otherwise and to verify the JDK's own.
 * Ed25519-SHA256 follows RFC 8463 §3: the data is hashed with SHA-256 first, and the 32-byte
 * hash is signed with PureEdDSA Ed25519 (RFC 8032), through Bouncy Castle's lightweight
 * {@link Ed25519Signer}.
 *
 * <p>Policy is the caller's: these methods neither refuse short RSA keys nor judge
 * {@code t=} or {@code h=}. They only refuse to sign with {@code rsa-sha1} (RFC 8301 §3.1).
 */
public final class KeyAlgorithms {

    private KeyAlgorithms() {
    }

    /**
     * Signs data, the canonicalized header fields of RFC 6376 §3.7.
     *
     * @return the signature, for the {@code b=} tag before base64
     * @throws IllegalArgumentException when the algorithm is {@code rsa-sha1}, or needs
     *     another key type than the key's
     */
    public static byte[] sign(SigningKey key, SignatureAlgorithm algorithm, byte[] data) {
        if (!algorithm.isAccepted()) {
            throw new IllegalArgumentException(algorithm.tagValue()
                    + " must not be used to sign (RFC 8301 §3.1); use rsa-sha256");
        }
        if (algorithm.keyType() != key.keyType()) {
            throw new IllegalArgumentException(algorithm.tagValue() + " needs a k="
                    + algorithm.keyType().tagValue() + " key; the key from " + key.source()
                    + " is k=" + key.keyType().tagValue());
        }

        if (key.keyType() == KeyType.ED25519) {
            return signEd25519(key.ed25519PrivateKey(), digest(algorithm, data));
        }
        if (key.nativeRsaPrivateKey() != null) {
            try {
                Signature signer = Signature.getInstance(jdkRsaAlgorithm(algorithm),
                        NativeRsa.provider());
                signer.initSign(key.nativeRsaPrivateKey());
                signer.update(data);
                return signer.sign();
            } catch (GeneralSecurityException | RuntimeException e) {
                // The JDK below gives the same signature, only slower.
            }
        }
        try {
            Signature signer = Signature.getInstance(jdkRsaAlgorithm(algorithm));
            signer.initSign(key.rsaPrivateKey());
            signer.update(data);
            return signer.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK cannot sign with the RSA key from "
                    + key.source(), e);
        }
    }

    /**
     * Verifies a signature of data with the key of a key record. Also computes
     * {@code rsa-sha1}, so that a verifier can tell a valid but refused signature from a
     * broken one; refusing it is the caller's part (RFC 8301 §3.1).
     *
     * @return true when the signature is valid; false when it is not, is malformed (wrong
     *     length, garbage), the record is revoked, or the algorithm needs another key type
     */
    public static boolean verify(KeyRecord keyRecord, SignatureAlgorithm algorithm, byte[] data,
            byte[] signature) {
        if (keyRecord.isRevoked() || algorithm.keyType() != keyRecord.keyType()) {
            return false;
        }

        if (keyRecord.keyType() == KeyType.ED25519) {
            return verifyEd25519(keyRecord.ed25519PublicKey(), digest(algorithm, data),
                    signature);
        }
        try {
            Signature verifier = Signature.getInstance(jdkRsaAlgorithm(algorithm));
            verifier.initVerify(keyRecord.rsaPublicKey());
            verifier.update(data);
            return verifier.verify(signature);
        } catch (SignatureException e) {
            // The JDK throws, rather than returning false, for a signature of the wrong length.
            return false;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK cannot verify with the RSA key", e);
        }
    }

    /**
     * Which implementation makes RSA signatures: "the JDK", or Conscrypt when its jar is on
     * the class path (see the README's Performance section), for a log line at start.
     */
    public static String rsaSigner() {
        return NativeRsa.describe();
    }

    /** PureEdDSA Ed25519 of RFC 8032 §5.1.6, over the message as given. */
    static byte[] signEd25519(Ed25519PrivateKeyParameters key, byte[] message) {
        Ed25519Signer signer = new Ed25519Signer();
        signer.init(true, key);
        signer.update(message, 0, message.length);
        return signer.generateSignature();
    }

    /** PureEdDSA Ed25519 verification of RFC 8032 §5.1.7; false for any malformed signature. */
    static boolean verifyEd25519(Ed25519PublicKeyParameters key, byte[] message,
            byte[] signature) {
        try {
            Ed25519Signer verifier = new Ed25519Signer();
            verifier.init(false, key);
            verifier.update(message, 0, message.length);
            return verifier.verifySignature(signature);
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static byte[] digest(SignatureAlgorithm algorithm, byte[] data) {
        try {
            return MessageDigest.getInstance(algorithm.digestAlgorithm()).digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no " + algorithm.digestAlgorithm(), e);
        }
    }

    private static String jdkRsaAlgorithm(SignatureAlgorithm algorithm) {
        switch (algorithm) {
            case RSA_SHA256:
                return "SHA256withRSA";
            case RSA_SHA1:
                return "SHA1withRSA";
            default:
                throw new IllegalArgumentException(algorithm.tagValue()
                        + " is not an RSA algorithm");
        }
    }
}
