package org.dkimpack.core.dns;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.dkimpack.core.support.MutableClock;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Name;

class TxtRecordCacheTest {

    private static final Name KEY_NAME = Name.fromConstantString("s1._domainkey.example.com.");
    private static final List<String> RECORDS = List.of("v=DKIM1; p=abc");

    private final MutableClock clock = new MutableClock(Instant.parse("2025-01-01T00:00:00Z"));
    private final TxtRecordCache cache = new TxtRecordCache(clock, 3);

    @Test
    void getShouldReturnRecordsUntilTheirTimeToLiveRunsOut() {
        cache.put(KEY_NAME, RECORDS, Duration.ofSeconds(60));

        clock.advance(Duration.ofSeconds(59));
        List<String> beforeExpiry = cache.get(KEY_NAME);
        clock.advance(Duration.ofSeconds(1));
        List<String> atExpiry = cache.get(KEY_NAME);

        assertThat(beforeExpiry).isEqualTo(RECORDS);
        assertThat(atExpiry).isNull();
        assertThat(cache.size()).isZero();
    }

    @Test
    void getShouldReturnAnEmptyListForACachedNegativeAnswer() {
        cache.put(KEY_NAME, List.of(), Duration.ofSeconds(60));

        List<String> found = cache.get(KEY_NAME);

        assertThat(found).isEmpty();
    }

    @Test
    void getShouldIgnoreTheCaseOfTheName() {
        cache.put(KEY_NAME, RECORDS, Duration.ofSeconds(60));

        List<String> found = cache.get(Name.fromConstantString("S1._DomainKey.EXAMPLE.com."));

        assertThat(found).isEqualTo(RECORDS);
    }

    @Test
    void putShouldKeepNothingWithAZeroTimeToLive() {
        cache.put(KEY_NAME, RECORDS, Duration.ZERO);

        assertThat(cache.get(KEY_NAME)).isNull();
    }

    @Test
    void putShouldDropTheLeastRecentlyUsedEntryWhenFull() {
        Name first = Name.fromConstantString("a.example.");
        Name second = Name.fromConstantString("b.example.");
        Name third = Name.fromConstantString("c.example.");
        Name fourth = Name.fromConstantString("d.example.");
        cache.put(first, RECORDS, Duration.ofSeconds(60));
        cache.put(second, RECORDS, Duration.ofSeconds(60));
        cache.put(third, RECORDS, Duration.ofSeconds(60));
        cache.get(first);

        cache.put(fourth, RECORDS, Duration.ofSeconds(60));

        assertThat(cache.size()).isEqualTo(3);
        assertThat(cache.get(second)).isNull();
        assertThat(cache.get(first)).isEqualTo(RECORDS);
        assertThat(cache.get(third)).isEqualTo(RECORDS);
        assertThat(cache.get(fourth)).isEqualTo(RECORDS);
    }

    @Test
    void putShouldKeepNothingWhenTheCacheHasNoRoom() {
        TxtRecordCache disabled = new TxtRecordCache(clock, 0);

        disabled.put(KEY_NAME, RECORDS, Duration.ofSeconds(60));

        assertThat(disabled.get(KEY_NAME)).isNull();
    }
}
