package org.dkimpack.core.canon;

import java.util.Locale;
import java.util.Optional;

/** The two canonicalization algorithms of RFC 6376 §3.4, for header or body. */
public enum Canonicalization {
    SIMPLE("simple"),
    RELAXED("relaxed");

    private final String tagValue;

    Canonicalization(String tagValue) {
        this.tagValue = tagValue;
    }

    public String tagValue() {
        return tagValue;
    }

    /** The algorithm named in one half of a {@code c=} value, without regard to case. */
    public static Optional<Canonicalization> fromTagValue(String value) {
        String lower = value.toLowerCase(Locale.ROOT);
        for (Canonicalization c : values()) {
            if (c.tagValue.equals(lower)) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }
}
