package org.dkimpack.core.canon;

import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Receives a canonical body and hashes its first {@code limit} bytes, the {@code l=} of
 * RFC 6376 §3.5, or all of it; it also counts every canonical byte, hashed or not, so that a
 * verifier can tell how much of the body a signature leaves unsigned.
 */
public final class BodyHasher extends OutputStream {
    private final MessageDigest digest;
    private final long limit;
    private long length;

    /**
     * @param digestAlgorithm the JCA name of the hash, such as {@code SHA-256}
     * @param limit how many canonical bytes to hash, or -1 for all
     */
    public BodyHasher(String digestAlgorithm, long limit) {
        try {
            this.digest = MessageDigest.getInstance(digestAlgorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no " + digestAlgorithm, e);
        }
        this.limit = limit;
    }

    @Override
    public void write(int b) {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] bytes, int offset, int count) {
        long hashed = count;
        if (limit >= 0) {
            hashed = Math.max(0, Math.min(count, limit - length));
        }
        if (hashed > 0) {
            digest.update(bytes, offset, (int) hashed);
        }
        length += count;
    }

    /** All canonical bytes received, including those beyond the limit. */
    public long canonicalLength() {
        return length;
    }

    /** The hash of the canonical body, up to the limit. Call once, after the body is done. */
    public byte[] bodyHash() {
        return digest.digest();
    }
}
