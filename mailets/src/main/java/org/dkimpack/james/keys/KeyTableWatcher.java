package org.dkimpack.james.keys;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a key table up to date with its source: reads it again at most once per interval, on
 * the first use after the interval, so that keys added or removed on disk are used without a
 * restart.
 *
 * <p>A source that no longer reads (a signing table edited into a syntax error, a key
 * directory removed) keeps the last good table in use and logs an error once per distinct
 * problem. Thread-safe.
 */
public final class KeyTableWatcher {
    private static final Logger LOGGER = LoggerFactory.getLogger(KeyTableWatcher.class);

    private final KeySource source;
    private final Duration interval;
    private final Clock clock;
    private volatile KeyTable table;
    private Instant lastRead;
    private String lastProblem;

    private KeyTableWatcher(KeySource source, Duration interval, Clock clock, KeyTable table) {
        this.source = source;
        this.interval = interval;
        this.clock = clock;
        this.table = table;
        this.lastRead = clock.instant();
    }

    /**
     * Reads the source a first time.
     *
     * @param interval the least time between two reads; zero reads at every use
     * @throws KeyConfigurationException when the source cannot be read: at start, that is a
     *     configuration error
     */
    public static KeyTableWatcher open(KeySource source, Duration interval, Clock clock)
            throws KeyConfigurationException {
        Objects.requireNonNull(interval, "interval");
        return new KeyTableWatcher(source, interval, clock, source.read());
    }

    /** The table, read again first when the interval has passed. */
    public KeyTable current() {
        refreshIfDue();
        return table;
    }

    public KeySource source() {
        return source;
    }

    private synchronized void refreshIfDue() {
        Instant now = clock.instant();
        if (now.isBefore(lastRead.plus(interval))) {
            return;
        }
        lastRead = now;
        KeyTable fresh;
        try {
            fresh = source.read();
        } catch (KeyConfigurationException e) {
            if (!e.getMessage().equals(lastProblem)) {
                lastProblem = e.getMessage();
                LOGGER.error("DKIM keys: {}; still using the {} keys read before", e.getMessage(),
                        table.entries().size());
            }
            return;
        }
        lastProblem = null;
        if (!fresh.equals(table)) {
            LOGGER.info("DKIM keys: {} changed; now {} keys for {} domains", source.describe(),
                    fresh.entries().size(), fresh.domainCount());
            table = fresh;
        }
    }
}
