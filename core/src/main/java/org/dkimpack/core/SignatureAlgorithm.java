package org.dkimpack.core;

import java.util.Locale;
import java.util.Optional;

/**
 * The signing algorithms of the {@code a=} tag. {@code rsa-sha1} is recognised so that it can
 * be named in a result, but it is never used to sign and never passes (RFC 8301 §3.1).
 */
public enum SignatureAlgorithm {
    RSA_SHA256("rsa-sha256", KeyType.RSA, "sha256", "SHA-256"),
    ED25519_SHA256("ed25519-sha256", KeyType.ED25519, "sha256", "SHA-256"),
    RSA_SHA1("rsa-sha1", KeyType.RSA, "sha1", "SHA-1");

    private final String tagValue;
    private final KeyType keyType;
    private final String hashName;
    private final String digestAlgorithm;

    SignatureAlgorithm(String tagValue, KeyType keyType, String hashName, String digestAlgorithm) {
        this.tagValue = tagValue;
        this.keyType = keyType;
        this.hashName = hashName;
        this.digestAlgorithm = digestAlgorithm;
    }

    /** The value as written in {@code a=}. */
    public String tagValue() {
        return tagValue;
    }

    public KeyType keyType() {
        return keyType;
    }

    /** The hash as named in a key record's {@code h=} tag. */
    public String hashName() {
        return hashName;
    }

    /** The JCA name of the hash, for {@link java.security.MessageDigest}. */
    public String digestAlgorithm() {
        return digestAlgorithm;
    }

    /** Whether RFC 8301 allows this algorithm to sign or to pass verification. */
    public boolean isAccepted() {
        return this != RSA_SHA1;
    }

    /** The algorithm named by an {@code a=} value, compared without regard to case. */
    public static Optional<SignatureAlgorithm> fromTagValue(String value) {
        String lower = value.toLowerCase(Locale.ROOT);
        for (SignatureAlgorithm algorithm : values()) {
            if (algorithm.tagValue.equals(lower)) {
                return Optional.of(algorithm);
            }
        }
        return Optional.empty();
    }
}
