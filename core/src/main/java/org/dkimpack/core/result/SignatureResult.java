package org.dkimpack.core.result;

import java.util.Objects;
import java.util.Optional;

/**
 * The outcome for one {@code DKIM-Signature} field: the result, what the signature claims
 * ({@code d=}, {@code s=}, {@code i=}, {@code a=}, the start of {@code b=}) as far as it
 * could be read, and a reason a person can act on.
 */
public final class SignatureResult {
    /** How many characters of {@code b=} identify a signature (RFC 6008 §4). */
    public static final int SIGNATURE_PREFIX_LENGTH = 8;

    private final DkimResult result;
    private final String signingDomain;
    private final String selector;
    private final String agentOrUserIdentifier;
    private final String algorithm;
    private final String signaturePrefix;
    private final String reason;
    private final int keyBits;
    private final boolean testing;

    private SignatureResult(Builder builder) {
        this.result = Objects.requireNonNull(builder.result, "result");
        this.signingDomain = builder.signingDomain;
        this.selector = builder.selector;
        this.agentOrUserIdentifier = builder.agentOrUserIdentifier;
        this.algorithm = builder.algorithm;
        this.signaturePrefix = builder.signaturePrefix;
        this.reason = builder.reason;
        this.keyBits = builder.keyBits;
        this.testing = builder.testing;
    }

    public static Builder builder(DkimResult result) {
        return new Builder(result);
    }

    public DkimResult result() {
        return result;
    }

    /** {@code d=}, the SDID, when it could be read. */
    public Optional<String> signingDomain() {
        return Optional.ofNullable(signingDomain);
    }

    /** {@code s=}, when it could be read. */
    public Optional<String> selector() {
        return Optional.ofNullable(selector);
    }

    /** {@code i=} decoded, or {@code @d} when the signature has none (RFC 6376 §3.5). */
    public Optional<String> agentOrUserIdentifier() {
        return Optional.ofNullable(agentOrUserIdentifier);
    }

    /** {@code a=} as written, when present. */
    public Optional<String> algorithm() {
        return Optional.ofNullable(algorithm);
    }

    /** The first {@value #SIGNATURE_PREFIX_LENGTH} characters of {@code b=}. */
    public Optional<String> signaturePrefix() {
        return Optional.ofNullable(signaturePrefix);
    }

    /** Why the result is what it is; empty for a plain pass. */
    public Optional<String> reason() {
        return Optional.ofNullable(reason);
    }

    /** The size of the public key used, or 0 when no key was used. */
    public int keyBits() {
        return keyBits;
    }

    /** Whether the key record says the domain is testing DKIM ({@code t=y}). */
    public boolean testing() {
        return testing;
    }

    @Override
    public String toString() {
        return "dkim=" + result.token() + " d=" + signingDomain + " s=" + selector
                + (reason == null ? "" : " (" + reason + ")");
    }

    /** Builds a {@link SignatureResult}. */
    public static final class Builder {
        private DkimResult result;
        private String signingDomain;
        private String selector;
        private String agentOrUserIdentifier;
        private String algorithm;
        private String signaturePrefix;
        private String reason;
        private int keyBits;
        private boolean testing;

        private Builder(DkimResult result) {
            this.result = result;
        }

        public Builder result(DkimResult value) {
            this.result = value;
            return this;
        }

        public Builder signingDomain(String value) {
            this.signingDomain = value;
            return this;
        }

        public Builder selector(String value) {
            this.selector = value;
            return this;
        }

        public Builder agentOrUserIdentifier(String value) {
            this.agentOrUserIdentifier = value;
            return this;
        }

        public Builder algorithm(String value) {
            this.algorithm = value;
            return this;
        }

        /** Takes the whole {@code b=} value and keeps its first characters. */
        public Builder signature(String base64) {
            String compact = base64.replaceAll("[ \t\r\n]", "");
            this.signaturePrefix = compact.substring(0,
                    Math.min(SIGNATURE_PREFIX_LENGTH, compact.length()));
            return this;
        }

        public Builder reason(String value) {
            this.reason = value;
            return this;
        }

        public Builder keyBits(int value) {
            this.keyBits = value;
            return this;
        }

        public Builder testing(boolean value) {
            this.testing = value;
            return this;
        }

        public SignatureResult build() {
            return new SignatureResult(this);
        }
    }
}
