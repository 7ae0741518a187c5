package org.dkimpack.core.config;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the durations operators write in {@code mailetcontainer.xml} and on the
 * {@code dkimpack} command line: a whole number and a unit, {@code 500ms}, {@code 5s},
 * {@code 30m}, {@code 12h}, {@code 7d}, {@code 2w}; or an ISO
 * 8601 duration such as {@code PT90S}.
 */
public final class Durations {
    /** What an error message shows as the expected form. */
    public static final String EXPECTED = "a number and a unit (ms, s, m, h, d or w), such as"
            + " 5s, 12h or 7d";

    private static final Pattern NUMBER_AND_UNIT =
            Pattern.compile("(\\d{1,9})\\s*(ms|s|m|h|d|w)");

    private Durations() {
    }

    /**
     * Parses a duration.
     *
     * @throws IllegalArgumentException naming the expected form when the text is not one
     */
    public static Duration parse(String text) {
        String trimmed = text.trim().toLowerCase(Locale.ROOT);
        Matcher matcher = NUMBER_AND_UNIT.matcher(trimmed);
        if (matcher.matches()) {
            long amount = Long.parseLong(matcher.group(1));
            switch (matcher.group(2)) {
                case "ms":
                    return Duration.ofMillis(amount);
                case "s":
                    return Duration.ofSeconds(amount);
                case "m":
                    return Duration.ofMinutes(amount);
                case "h":
                    return Duration.ofHours(amount);
                case "d":
                    return Duration.ofDays(amount);
                default:
                    return Duration.ofDays(amount * 7);
            }
        }
        if (trimmed.startsWith("p")) {
            try {
                return Duration.parse(trimmed.toUpperCase(Locale.ROOT));
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("expected " + EXPECTED + ", got '" + text + "'",
                        e);
            }
        }
        throw new IllegalArgumentException("expected " + EXPECTED + ", got '" + text + "'");
    }

    /** Writes a duration the way {@link #parse(String)} reads it, in its largest exact unit. */
    public static String format(Duration duration) {
        long millis = duration.toMillis();
        if (millis % 1000 != 0) {
            return millis + "ms";
        }
        long seconds = duration.getSeconds();
        if (seconds != 0 && seconds % 86_400 == 0) {
            return seconds / 86_400 + "d";
        }
        if (seconds != 0 && seconds % 3600 == 0) {
            return seconds / 3600 + "h";
        }
        if (seconds != 0 && seconds % 60 == 0) {
            return seconds / 60 + "m";
        }
        return seconds + "s";
    }
}
