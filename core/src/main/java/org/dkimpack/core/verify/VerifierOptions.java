package org.dkimpack.core.verify;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.function.LongSupplier;

import org.dkimpack.core.message.MessageReader;

/**
 * The limits and policies of a {@link DkimVerifier}, with defaults safe for mail from the
 * whole internet. Build with {@link #builder()}; {@link #defaults()} gives the defaults.
 */
public final class VerifierOptions {
    /** Signatures checked per message; the rest are reported as not checked. */
    public static final int DEFAULT_MAX_SIGNATURES = 5;
    /** How far in the future a {@code t=} may be before the signature is refused. */
    public static final Duration DEFAULT_MAX_CLOCK_SKEW = Duration.ofHours(1);
    /** DNS time one message may use; lookups that would start later are not made. */
    public static final Duration DEFAULT_MAX_DNS_TIME = Duration.ofSeconds(10);

    private final int maxSignatures;
    private final int maxHeaderBytes;
    private final Duration maxClockSkew;
    private final Duration maxDnsTime;
    private final boolean acceptUnsignedBodyContent;
    private final Clock clock;
    private final LongSupplier nanoTime;

    private VerifierOptions(Builder builder) {
        this.maxSignatures = builder.maxSignatures;
        this.maxHeaderBytes = builder.maxHeaderBytes;
        this.maxClockSkew = builder.maxClockSkew;
        this.maxDnsTime = builder.maxDnsTime;
        this.acceptUnsignedBodyContent = builder.acceptUnsignedBodyContent;
        this.clock = builder.clock;
        this.nanoTime = builder.nanoTime;
    }

    public static VerifierOptions defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public int maxSignatures() {
        return maxSignatures;
    }

    public int maxHeaderBytes() {
        return maxHeaderBytes;
    }

    public Duration maxClockSkew() {
        return maxClockSkew;
    }

    /**
     * The DNS time one message may use, counted over its key record lookups. Once it is
     * spent, the remaining signatures get {@code temperror} without a lookup, so a message
     * with many signatures pointing at slow name servers cannot hold a mail thread for long.
     */
    public Duration maxDnsTime() {
        return maxDnsTime;
    }

    /**
     * Whether a signature whose {@code l=} leaves part of the body unsigned may pass. Off by
     * default: such content can be appended by anyone (RFC 6376 §8.2), so the result is
     * {@code policy}.
     */
    public boolean acceptUnsignedBodyContent() {
        return acceptUnsignedBodyContent;
    }

    /** The time signatures are judged at: {@code t=} and {@code x=}. */
    public Clock clock() {
        return clock;
    }

    /**
     * What DNS time is measured with, in nanoseconds: {@link System#nanoTime()}, which a
     * clock set back or forward does not disturb.
     */
    public LongSupplier nanoTime() {
        return nanoTime;
    }

    /** Builds {@link VerifierOptions}; each setter checks its value. */
    public static final class Builder {
        private int maxSignatures = DEFAULT_MAX_SIGNATURES;
        private int maxHeaderBytes = MessageReader.DEFAULT_MAX_HEADER_BYTES;
        private Duration maxClockSkew = DEFAULT_MAX_CLOCK_SKEW;
        private Duration maxDnsTime = DEFAULT_MAX_DNS_TIME;
        private boolean acceptUnsignedBodyContent;
        private Clock clock = Clock.systemUTC();
        private LongSupplier nanoTime = System::nanoTime;

        private Builder() {
        }

        public Builder maxSignatures(int value) {
            if (value < 1) {
                throw new IllegalArgumentException("maxSignatures must be at least 1, got "
                        + value);
            }
            this.maxSignatures = value;
            return this;
        }

        public Builder maxHeaderBytes(int value) {
            if (value < 1) {
                throw new IllegalArgumentException("maxHeaderBytes must be positive, got "
                        + value);
            }
            this.maxHeaderBytes = value;
            return this;
        }

        public Builder maxClockSkew(Duration value) {
            if (value.isNegative()) {
                throw new IllegalArgumentException("maxClockSkew must not be negative, got "
                        + value);
            }
            this.maxClockSkew = value;
            return this;
        }

        public Builder maxDnsTime(Duration value) {
            if (value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException("maxDnsTime must be positive, got " + value);
            }
            this.maxDnsTime = value;
            return this;
        }

        public Builder acceptUnsignedBodyContent(boolean value) {
            this.acceptUnsignedBodyContent = value;
            return this;
        }

        public Builder clock(Clock value) {
            this.clock = Objects.requireNonNull(value, "clock");
            return this;
        }

        /** For tests: a source of elapsed nanoseconds in place of {@link System#nanoTime()}. */
        public Builder nanoTime(LongSupplier value) {
            this.nanoTime = Objects.requireNonNull(value, "nanoTime");
            return this;
        }

        public VerifierOptions build() {
            return new VerifierOptions(this);
        }
    }
}
