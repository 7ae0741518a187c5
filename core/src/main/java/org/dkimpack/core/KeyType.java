package org.dkimpack.core;

import java.util.Locale;
import java.util.Optional;

/** The key types of the {@code k=} tag of a key record (RFC 6376 §3.6.1, RFC 8463 §4). */
public enum KeyType {
    RSA("rsa", "an RSA key"),
    ED25519("ed25519", "an Ed25519 key");

    private final String tagValue;
    private final String description;

    KeyType(String tagValue, String description) {
        this.tagValue = tagValue;
        this.description = description;
    }

    /** How a message names a key of this type: "an RSA key". */
    public String description() {
        return description;
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
