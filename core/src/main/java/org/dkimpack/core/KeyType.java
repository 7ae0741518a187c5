package org.dkimpack.core;

import java.util.Locale;
import java.util.Optional;

/** The key types of the {@code k=} tag of a key record (RFC 6376 §3.6.1, RFC 8463 §4). */
public enum KeyType {
    RSA("rsa"),
    ED25519("ed25519");

    private final String tagValue;

    KeyType(String tagValue) {
        this.tagValue = tagValue;
    }

    /** The value as written in {@code k=}. */
    public String tagValue() {
        return tagValue;
    }

    /** The key type named by a {@code k=} value, compared without regard to case. */
    public static Optional<KeyType> fromTagValue(String value) {
        String lower = value.toLowerCase(Locale.ROOT);
        for (KeyType type : values()) {
            if (type.tagValue.equals(lower)) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }
}
