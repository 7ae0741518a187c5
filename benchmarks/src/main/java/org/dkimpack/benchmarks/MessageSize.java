package org.dkimpack.benchmarks;

import java.util.Locale;

/** Sizes as the benchmarks' parameters write them: {@code 2KB}, {@code 100KB}, {@code 10MB}. */
public final class MessageSize {
    private static final long KIB = 1024;

    private MessageSize() {
    }

    /** The number of bytes a size names; KB and MB are binary (1024 and 1024 * 1024). */
    public static long parse(String size) {
        String upper = size.trim().toUpperCase(Locale.ROOT);
        if (upper.endsWith("GB")) {
            return Long.parseLong(upper.substring(0, upper.length() - 2)) * KIB * KIB * KIB;
        }
        if (upper.endsWith("MB")) {
            return Long.parseLong(upper.substring(0, upper.length() - 2)) * KIB * KIB;
        }
        if (upper.endsWith("KB")) {
            return Long.parseLong(upper.substring(0, upper.length() - 2)) * KIB;
        }
        if (upper.endsWith("B")) {
            return Long.parseLong(upper.substring(0, upper.length() - 1));
        }
        throw new IllegalArgumentException("expected a size such as 2KB, 100KB or 10MB, got '"
                + size + "'");
    }
}
