package org.dkimpack.core.canon;

import java.util.Objects;
import java.util.Optional;

/**
 * The header and body canonicalization of a signature, as in {@code c=relaxed/simple}.
 * RFC 6376 §3.5: a missing {@code c=} means {@code simple/simple}, and a single name sets the
 * header algorithm with the body left {@code simple}.
 */
public final class CanonicalizationPair {
    public static final CanonicalizationPair SIMPLE_SIMPLE =
            new CanonicalizationPair(Canonicalization.SIMPLE, Canonicalization.SIMPLE);
    public static final CanonicalizationPair RELAXED_RELAXED =
            new CanonicalizationPair(Canonicalization.RELAXED, Canonicalization.RELAXED);

    private final Canonicalization header;
    private final Canonicalization body;

    public CanonicalizationPair(Canonicalization header, Canonicalization body) {
        this.header = Objects.requireNonNull(header, "header");
        this.body = Objects.requireNonNull(body, "body");
    }

    /** Parses {@code header[/body]}; empty when either half names no known algorithm. */
    public static Optional<CanonicalizationPair> fromTagValue(String value) {
        int slash = value.indexOf('/');
        String headerName = slash < 0 ? value : value.substring(0, slash);
        String bodyName = slash < 0 ? "simple" : value.substring(slash + 1);
        Optional<Canonicalization> header = Canonicalization.fromTagValue(headerName.trim());
        Optional<Canonicalization> body = Canonicalization.fromTagValue(bodyName.trim());
        if (header.isEmpty() || body.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new CanonicalizationPair(header.get(), body.get()));
    }

    public Canonicalization header() {
        return header;
    }

    public Canonicalization body() {
        return body;
    }

    /** The {@code c=} value, always with both halves. */
    public String tagValue() {
        return header.tagValue() + "/" + body.tagValue();
    }

    @Override
    public boolean equals(Object other) {
        if (!(other instanceof CanonicalizationPair)) {
            return false;
        }
        CanonicalizationPair that = (CanonicalizationPair) other;
        return header == that.header && body == that.body;
    }

    @Override
    public int hashCode() {
        return Objects.hash(header, body);
    }

    @Override
    public String toString() {
        return tagValue();
    }
}
