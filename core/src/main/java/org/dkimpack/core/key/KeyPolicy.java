package org.dkimpack.core.key;

/**
 * The key sizes RFC 8301 §3.2 sets for RSA: signers must use at least 1024 bits and should
 * use at least 2048; verifiers must accept 1024 to 4096 bits. Ed25519 keys have one size and
 * need no such limit (RFC 8463).
 */
public final class KeyPolicy {
    /** RSA keys shorter than this are never used to sign, and never pass verification. */
    public static final int MINIMUM_RSA_BITS = 1024;

    /** RSA keys shorter than this are accepted, but callers should warn about them. */
    public static final int RECOMMENDED_RSA_BITS = 2048;

    /** The largest RSA key that {@link SigningKey#generateRsa(int)} makes. */
    public static final int MAXIMUM_GENERATED_RSA_BITS = 4096;

    private KeyPolicy() {
    }
}
