package org.dkimpack.core.sign;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

import org.dkimpack.core.DomainNames;
import org.dkimpack.core.SignatureAlgorithm;
import org.dkimpack.core.canon.CanonicalizationPair;
import org.dkimpack.core.key.KeyLoadException;
import org.dkimpack.core.key.SigningKey;

/**
 * What one signature is made with: key, signing domain ({@code d=}), selector ({@code s=}),
 * algorithm, canonicalization, signed header fields and the optional tags. Build one with
 * {@link #builder(SigningKey, String, String)}; the defaults are those of a careful signer:
 * {@code relaxed/relaxed}, the default header set with {@code From} oversigned, a timestamp
 * ({@code t=}), no expiry and no body length ({@code l=}).
 */
public final class SignatureSpec {
    private final SigningKey key;
    private final String signingDomain;
    private final String selector;
    private final SignatureAlgorithm algorithm;
    private final CanonicalizationPair canonicalization;
    private final SignedHeaderSelection headers;
    private final String agentOrUserIdentifier;
    private final Duration expiration;
    private final boolean timestamp;
    private final boolean bodyLength;

    private SignatureSpec(Builder builder) {
        this.key = builder.key;
        this.signingDomain = builder.signingDomain;
        this.selector = builder.selector;
        this.algorithm = builder.algorithm;
        this.canonicalization = builder.canonicalization;
        this.headers = builder.headers;
        this.agentOrUserIdentifier = builder.agentOrUserIdentifier;
        this.expiration = builder.expiration;
        this.timestamp = builder.timestamp;
        this.bodyLength = builder.bodyLength;
    }

    /**
     * Starts a specification. The key must be fit to sign: an RSA key under 1024 bits is
     * refused with an {@link IllegalArgumentException} (RFC 8301 §3.2). The algorithm
     * follows the key: {@code rsa-sha256} for an RSA
     * key, {@code ed25519-sha256} for an Ed25519 key.
     */
    public static Builder builder(SigningKey key, String signingDomain, String selector) {
        return new Builder(key, signingDomain, selector);
    }

    public SigningKey key() {
        return key;
    }

    public String signingDomain() {
        return signingDomain;
    }

    public String selector() {
        return selector;
    }

    public SignatureAlgorithm algorithm() {
        return algorithm;
    }

    public CanonicalizationPair canonicalization() {
        return canonicalization;
    }

    public SignedHeaderSelection headers() {
        return headers;
    }

    public Optional<String> agentOrUserIdentifier() {
        return Optional.ofNullable(agentOrUserIdentifier);
    }

    public Optional<Duration> expiration() {
        return Optional.ofNullable(expiration);
    }

    public boolean timestamp() {
        return timestamp;
    }

    public boolean bodyLength() {
        return bodyLength;
    }

    /** Builds a {@link SignatureSpec}; every setter checks its value at once. */
    public static final class Builder {
        private final SigningKey key;
        private final String signingDomain;
        private final String selector;
        private SignatureAlgorithm algorithm;
        private CanonicalizationPair canonicalization = CanonicalizationPair.RELAXED_RELAXED;
        private SignedHeaderSelection headers = SignedHeaderSelection.defaults();
        private String agentOrUserIdentifier;
        private Duration expiration;
        private boolean timestamp = true;
        private boolean bodyLength;

        private Builder(SigningKey key, String signingDomain, String selector) {
            this.key = Objects.requireNonNull(key, "key");
            try {
                key.checkUsableForSigning();
            } catch (KeyLoadException e) {
                throw new IllegalArgumentException(e.getMessage(), e);
            }
            this.signingDomain = DomainNames.requireDomain("signing domain (d=)", signingDomain);
            this.selector = DomainNames.requireDomain("selector (s=)", selector);
            this.algorithm = defaultAlgorithm(key);
        }

        private static SignatureAlgorithm defaultAlgorithm(SigningKey key) {
            switch (key.keyType()) {
                case ED25519:
                    return SignatureAlgorithm.ED25519_SHA256;
                case RSA:
                default:
                    return SignatureAlgorithm.RSA_SHA256;
            }
        }

        /** The algorithm; it must suit the key, and {@code rsa-sha1} is refused (RFC 8301). */
        public Builder algorithm(SignatureAlgorithm value) {
            if (!value.isAccepted()) {
                throw new IllegalArgumentException(value.tagValue()
                        + " must not be used to sign (RFC 8301 §3.1); use rsa-sha256");
            }
            if (value.keyType() != key.keyType()) {
                throw new IllegalArgumentException("algorithm " + value.tagValue()
                        + " needs " + value.keyType().description() + ", got "
                        + key.keyType().description());
            }
            this.algorithm = value;
            return this;
        }

        public Builder canonicalization(CanonicalizationPair value) {
            this.canonicalization = Objects.requireNonNull(value, "canonicalization");
            return this;
        }

        public Builder headers(SignedHeaderSelection value) {
            this.headers = Objects.requireNonNull(value, "headers");
            return this;
        }

        /**
         * The {@code i=} tag. Its domain must be the signing domain or a sub-domain of it
         * (RFC 6376 §3.5).
         */
        public Builder agentOrUserIdentifier(String value) {
            int at = value.lastIndexOf('@');
            if (at < 0) {
                throw new IllegalArgumentException("i= '" + value + "' has no '@'");
            }
            String domain = value.substring(at + 1);
            if (!DomainNames.isWithin(domain, signingDomain)) {
                throw new IllegalArgumentException("i= domain '" + domain
                        + "' is not the signing domain " + signingDomain + " or below it");
            }
            this.agentOrUserIdentifier = value;
            return this;
        }

        /** Adds {@code x=}: the signature expires this long after it is made. */
        public Builder expiration(Duration value) {
            if (value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException("expiration must be positive, got " + value);
            }
            this.expiration = value;
            return this;
        }

        /** Whether to write {@code t=}; on by default, and needed by {@code x=}. */
        public Builder timestamp(boolean value) {
            this.timestamp = value;
            return this;
        }

        /** Whether to write {@code l=}; off by default, since it lets others append text. */
        public Builder bodyLength(boolean value) {
            this.bodyLength = value;
            return this;
        }

        public SignatureSpec build() {
            if (expiration != null && !timestamp) {
                throw new IllegalArgumentException("an expiration (x=) needs the timestamp (t=)");
            }
            return new SignatureSpec(this);
        }
    }
}
