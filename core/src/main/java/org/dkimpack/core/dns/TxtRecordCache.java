package org.dkimpack.core.dns;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.xbill.DNS.Name;

/**
 * The answers of {@link DnsKeyRecordResolver}, kept until their time to live runs out: the
 * records found at a name, or an empty list for a name without records (a negative answer,
 * RFC 2308). Bounded by entry count; when full, the least recently used entry goes.
 *
 * <p>Thread-safe: every method holds the cache's lock, for the short time a map operation
 * takes. Time comes from the given {@link Clock}, so that tests can move it.
 */
final class TxtRecordCache {

    private final Clock clock;
    private final int maxEntries;
    private final Map<Name, CachedAnswer> entries;

    TxtRecordCache(Clock clock, int maxEntries) {
        this.clock = clock;
        this.maxEntries = maxEntries;
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<Name, CachedAnswer> eldest) {
                return size() > TxtRecordCache.this.maxEntries;
            }
        };
    }

    /**
     * The records cached for a name (empty for a cached negative answer), or {@code null} when
     * nothing is cached or the entry has expired.
     */
    synchronized List<String> get(Name name) {
        CachedAnswer entry = entries.get(name);
        if (entry == null) {
            return null;
        }
        if (!clock.instant().isBefore(entry.expiresAt)) {
            entries.remove(name);
            return null;
        }
        return entry.records;
    }

    /** Keeps records for a name during {@code timeToLive}; a zero time to live keeps nothing. */
    synchronized void put(Name name, List<String> records, Duration timeToLive) {
        if (maxEntries == 0 || timeToLive.isZero() || timeToLive.isNegative()) {
            return;
        }
        entries.put(name, new CachedAnswer(List.copyOf(records), clock.instant().plus(timeToLive)));
    }

    synchronized int size() {
        return entries.size();
    }

    private static final class CachedAnswer {
        private final List<String> records;
        private final Instant expiresAt;

        private CachedAnswer(List<String> records, Instant expiresAt) {
            this.records = records;
            this.expiresAt = expiresAt;
        }
    }
}
