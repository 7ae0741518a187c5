package org.dkimpack.core.canon;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.dkimpack.core.SignatureAlgorithm;

/**
 * The body hashes one message needs, computed in a single pass over the body. Signatures
 * that share canonicalization, hash and length limit share one computation: an RSA and an
 * Ed25519 signature made with the same {@code c=} hash the body once.
 */
public final class BodyHashes {
    private static final int MIN_BUFFER = 4096;
    private static final int MAX_BUFFER = 65536;

    private final Map<Key, Computation> computations = new LinkedHashMap<>();
    private boolean consumed;

    /** Asks for a body hash; returns the key to read it back with after {@link #consume}. */
    public Key add(Canonicalization canonicalization, SignatureAlgorithm algorithm, long limit) {
        if (consumed) {
            throw new IllegalStateException("the body has already been read");
        }
        Key key = new Key(canonicalization, algorithm.digestAlgorithm(), limit);
        computations.computeIfAbsent(key, Computation::new);
        return key;
    }

    /** Reads the body to its end, feeding every computation. */
    public void consume(InputStream body) throws IOException {
        if (consumed) {
            throw new IllegalStateException("the body has already been read");
        }
        consumed = true;
        List<BodyCanonicalizer> sinks = new ArrayList<>();
        for (Computation computation : computations.values()) {
            sinks.add(computation.canonicalizer);
        }
        // A small message gets a small buffer; one that fills it gets the large one.
        byte[] buffer = new byte[Math.max(MIN_BUFFER, Math.min(MAX_BUFFER, body.available() + 1))];
        int count;
        while ((count = body.read(buffer)) >= 0) {
            for (BodyCanonicalizer sink : sinks) {
                sink.write(buffer, 0, count);
            }
            if (count == buffer.length && buffer.length < MAX_BUFFER) {
                buffer = new byte[MAX_BUFFER];
            }
        }
        for (BodyCanonicalizer sink : sinks) {
            sink.close();
        }
        for (Computation computation : computations.values()) {
            computation.finish();
        }
    }

    /** The hash of the canonical body, up to the limit. */
    public byte[] bodyHash(Key key) {
        return computation(key).bodyHash.clone();
    }

    /** The length of the whole canonical body, beyond any limit. */
    public long canonicalLength(Key key) {
        return computation(key).hasher.canonicalLength();
    }

    private Computation computation(Key key) {
        if (!consumed) {
            throw new IllegalStateException("the body has not been read yet");
        }
        Computation computation = computations.get(key);
        if (computation == null) {
            throw new IllegalArgumentException("no body hash was asked for " + key);
        }
        return computation;
    }

    /** What tells two body hashes apart: canonicalization, hash and length limit. */
    public static final class Key {
        private final Canonicalization canonicalization;
        private final String digestAlgorithm;
        private final long limit;

        private Key(Canonicalization canonicalization, String digestAlgorithm, long limit) {
            this.canonicalization = canonicalization;
            this.digestAlgorithm = digestAlgorithm;
            this.limit = limit;
        }

        @Override
        public boolean equals(Object other) {
            if (!(other instanceof Key)) {
                return false;
            }
            Key that = (Key) other;
            return canonicalization == that.canonicalization
                    && digestAlgorithm.equals(that.digestAlgorithm) && limit == that.limit;
        }

        @Override
        public int hashCode() {
            return Objects.hash(canonicalization, digestAlgorithm, limit);
        }

        @Override
        public String toString() {
            return canonicalization.tagValue() + "/" + digestAlgorithm
                    + (limit >= 0 ? "/l=" + limit : "");
        }
    }

    private static final class Computation {
        private final BodyHasher hasher;
        private final BodyCanonicalizer canonicalizer;
        private byte[] bodyHash;

        Computation(Key key) {
            this.hasher = new BodyHasher(key.digestAlgorithm, key.limit);
            this.canonicalizer = new BodyCanonicalizer(key.canonicalization, hasher);
        }

        void finish() {
            bodyHash = hasher.bodyHash();
        }
    }
}
