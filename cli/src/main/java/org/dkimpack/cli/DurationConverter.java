package org.dkimpack.cli;

import java.time.Duration;

import org.dkimpack.core.config.Durations;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Reads a duration as people write it on a command line, as {@link Durations} does for the
 * mailets: {@code 500ms}, {@code 5s}, {@code 10m}, {@code 2h}, {@code 7d} or ISO-8601
 * ({@code PT5S}). Only positive durations are accepted.
 */
final class DurationConverter implements ITypeConverter<Duration> {

    @Override
    public Duration convert(String value) {
        Duration duration;
        try {
            duration = Durations.parse(value);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException("'" + value + "' is not a duration; expected "
                    + Durations.EXPECTED);
        }
        if (duration.isZero() || duration.isNegative()) {
            throw new TypeConversionException("'" + value + "' is not a positive duration");
        }
        return duration;
    }
}
