package org.dkimpack.james.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.mailet.MailetException;
import org.dkimpack.core.config.Durations;

/**
 * Reads a mailet's init parameters strictly: a value that is present but not understood is a
 * configuration error naming the mailet, the parameter, what was expected and what was found,
 * never a silent fall-back to the default.
 */
public final class Parameters {
    private static final Pattern SIZE = Pattern.compile("([0-9]{1,10})\\s*([kKmM]?)");

    private final String owner;
    private final Function<String, String> values;

    /**
     * @param owner the mailet's name, which starts every error message
     * @param values the raw values by parameter name, null when a parameter is absent
     */
    public Parameters(String owner, Function<String, String> values) {
        this.owner = owner;
        this.values = values;
    }

    /** The value, trimmed; empty when the parameter is absent or blank. */
    public Optional<String> optional(String name) {
        String value = values.apply(name);
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        return Optional.of(value.trim());
    }

    /** {@code true}, {@code false}, {@code yes} or {@code no}, in any case. */
    public boolean bool(String name, boolean defaultValue) throws MailetException {
        Optional<String> value = optional(name);
        if (value.isEmpty()) {
            return defaultValue;
        }
        switch (value.get().toLowerCase(Locale.ROOT)) {
            case "true":
            case "yes":
                return true;
            case "false":
            case "no":
                return false;
            default:
                throw error(name, "expected true or false, got '" + value.get() + "'");
        }
    }

    /** A duration such as {@code 5s} or {@code 7d} (see {@link Durations}); must be positive. */
    public Optional<Duration> duration(String name) throws MailetException {
        Optional<String> value = optional(name);
        if (value.isEmpty()) {
            return Optional.empty();
        }
        Duration duration;
        try {
            duration = Durations.parse(value.get());
        } catch (IllegalArgumentException e) {
            throw error(name, e.getMessage());
        }
        if (duration.isNegative() || duration.isZero()) {
            throw error(name, "expected a positive duration, got '" + value.get() + "'");
        }
        return Optional.of(duration);
    }

    /** A duration that may also be zero, for intervals where zero means "every time". */
    public Duration durationOrZero(String name, Duration defaultValue) throws MailetException {
        Optional<String> value = optional(name);
        if (value.isEmpty()) {
            return defaultValue;
        }
        if (value.get().matches("0+\\s*[a-zA-Z]*")) {
            return Duration.ZERO;
        }
        return duration(name).orElse(defaultValue);
    }

    /** A whole number from 1 up. */
    public int positiveInt(String name, int defaultValue) throws MailetException {
        Optional<String> value = optional(name);
        if (value.isEmpty()) {
            return defaultValue;
        }
        try {
            int number = Integer.parseInt(value.get());
            if (number >= 1) {
                return number;
            }
        } catch (NumberFormatException e) {
            // Reported below with the expected form.
        }
        throw error(name, "expected a whole number from 1 up, got '" + value.get() + "'");
    }

    /** A size in bytes from 1 up, written as a number with an optional {@code k} or {@code m}. */
    public int size(String name, int defaultValue) throws MailetException {
        Optional<String> value = optional(name);
        if (value.isEmpty()) {
            return defaultValue;
        }
        Matcher form = SIZE.matcher(value.get().trim());
        if (form.matches()) {
            long number = Long.parseLong(form.group(1));
            String unit = form.group(2).toLowerCase(Locale.ROOT);
            long bytes = number * (unit.equals("m") ? 1024 * 1024 : unit.equals("k") ? 1024 : 1);
            if (bytes >= 1 && bytes <= Integer.MAX_VALUE) {
                return (int) bytes;
            }
        }
        throw error(name, "expected a size in bytes from 1 up to 2047m, such as 1048576, 512k or"
                + " 1m, got '" + value.get() + "'");
    }

    /** One of a few words, compared without regard to case. */
    public <T> T choice(String name, Map<String, T> choices, T defaultValue)
            throws MailetException {
        Optional<String> value = optional(name);
        if (value.isEmpty()) {
            return defaultValue;
        }
        T chosen = choices.get(value.get().toLowerCase(Locale.ROOT));
        if (chosen == null) {
            throw error(name, "expected one of " + String.join(", ", choices.keySet())
                    + ", got '" + value.get() + "'");
        }
        return chosen;
    }

    /** The non-blank items of a list, each trimmed; empty when the parameter is absent. */
    public List<String> list(String name, String separatorRegex) {
        List<String> items = new ArrayList<>();
        optional(name).ifPresent(value -> {
            for (String item : value.split(separatorRegex)) {
                if (!item.isBlank()) {
                    items.add(item.trim());
                }
            }
        });
        return items;
    }

    /** A configuration error about one parameter. */
    public MailetException error(String name, String message) {
        return new MailetException(owner + ": parameter " + name + ": " + message);
    }

    /** A configuration error about one parameter, keeping its cause. */
    public MailetException error(String name, String message, Exception cause) {
        return new MailetException(owner + ": parameter " + name + ": " + message, cause);
    }
}
