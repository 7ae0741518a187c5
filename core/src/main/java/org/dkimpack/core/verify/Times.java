package org.dkimpack.core.verify;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Writes the times of {@code t=} and {@code x=} for people: {@code 2026-11-01T00:00Z}. */
final class Times {
    private static final DateTimeFormatter FORMAT =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm'Z'").withZone(ZoneOffset.UTC);

    private Times() {
    }

    static String format(long epochSecond) {
        if (epochSecond > 253402300799L) {
            return epochSecond + " (after the year 9999)";
        }
        return FORMAT.format(Instant.ofEpochSecond(epochSecond));
    }
}
