package org.dkimpack.core.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The settings checks of {@link DnsKeyRecordResolver.Builder}; no query is sent. */
class DnsKeyRecordResolverBuilderTest {

    private final DnsKeyRecordResolver.Builder builder = DnsKeyRecordResolver.builder();

    @Test
    void buildShouldKeepTheServersInOrder() {
        DnsKeyRecordResolver resolver = builder
                .servers(List.of("127.0.0.1:5353", "[::1]", "127.0.0.2"))
                .build();

        assertThat(resolver.servers())
                .containsExactly("127.0.0.1:5353", "[::1]:53", "127.0.0.2:53");
    }

    @Test
    void serversShouldNameTheBadValue() {
        assertThatThrownBy(() -> builder.servers(List.of("127.0.0.1", "x:notaport")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("DNS server 'x:notaport': port must be 1-65535");
    }

    @Test
    void serversShouldRefuseAnEmptyList() {
        assertThatThrownBy(() -> builder.servers(List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("DNS servers: expected at least one host[:port], got an empty list");
    }

    @Test
    void timeoutShouldRefuseZero() {
        assertThatThrownBy(() -> builder.timeout(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("DNS timeout must be positive, got PT0S");
    }

    @Test
    void retriesShouldRefuseANegativeCount() {
        assertThatThrownBy(() -> builder.retries(-1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("DNS retries must be 0-10, got -1");
    }

    @Test
    void cacheMaxEntriesShouldRefuseANegativeCount() {
        assertThatThrownBy(() -> builder.cacheMaxEntries(-1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("DNS cache size must be 0 or more entries, got -1");
    }

    @Test
    void udpPayloadSizeShouldRefuseLessThanPlainDns() {
        assertThatThrownBy(() -> builder.udpPayloadSize(511))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("DNS UDP payload size must be 512-65535 bytes, got 511");
    }

    @Test
    void maxCacheTtlShouldRefuseANegativeDuration() {
        assertThatThrownBy(() -> builder.maxCacheTtl(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("DNS cache TTL cap must not be negative, got PT-1S");
    }
}
