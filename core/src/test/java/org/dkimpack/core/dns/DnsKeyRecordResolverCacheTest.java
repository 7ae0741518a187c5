package org.dkimpack.core.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.dkimpack.core.TemporaryDkimException;
import org.dkimpack.core.support.MutableClock;
import org.dkimpack.core.support.TestResources;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The cache of {@link DnsKeyRecordResolver}, against Knot DNS on loopback: what is served
 * without asking (the server is stopped to prove it) and when the server is asked again (the
 * zone is replaced and the clock moved past the TTL).
 */
class DnsKeyRecordResolverCacheTest {

    private static final String ZONE = "ttl.example.net";
    private static final String FIRST = "v=DKIM1; k=ed25519; p=first";
    private static final String SECOND = "v=DKIM1; k=ed25519; p=second";

    private static KnotServer dns;

    private final MutableClock clock = new MutableClock(Instant.parse("2025-01-01T00:00:00Z"));

    @BeforeAll
    static void startDns() throws IOException {
        dns = KnotServer.builder()
                .zone(ZONE, TestResources.read("dns/ttl.example.net.zone"))
                .start();
    }

    @AfterAll
    static void stopDns() {
        if (dns != null) {
            dns.close();
        }
    }

    @BeforeEach
    void serveTheFirstVersion() {
        dns.start();
        dns.setZone(ZONE, TestResources.read("dns/ttl.example.net.zone"));
    }

    @Test
    void lookupShouldServeACachedRecordWithoutAskingTheServer() throws Exception {
        DnsKeyRecordResolver resolver = resolver().build();
        resolver.lookupTxt("short._domainkey." + ZONE);
        dns.stop();

        List<String> records = resolver.lookupTxt("short._domainkey." + ZONE);

        assertThat(records).containsExactly(FIRST);
    }

    @Test
    void lookupShouldServeACachedNegativeAnswerWithoutAskingTheServer() throws Exception {
        DnsKeyRecordResolver resolver = resolver().build();
        resolver.lookupTxt("new._domainkey." + ZONE);
        resolver.lookupTxt("host._domainkey." + ZONE);
        dns.stop();

        List<String> nxdomain = resolver.lookupTxt("new._domainkey." + ZONE);
        List<String> nodata = resolver.lookupTxt("host._domainkey." + ZONE);

        assertThat(nxdomain).isEmpty();
        assertThat(nodata).isEmpty();
    }

    @Test
    void lookupShouldAskAgainOnceTheRecordTtlHasPassed() throws Exception {
        DnsKeyRecordResolver resolver = resolver().build();
        resolver.lookupTxt("short._domainkey." + ZONE);
        dns.setZone(ZONE, TestResources.read("dns/ttl.example.net-v2.zone"));

        clock.advance(Duration.ofSeconds(119));
        List<String> beforeTtl = resolver.lookupTxt("short._domainkey." + ZONE);
        clock.advance(Duration.ofSeconds(1));
        List<String> atTtl = resolver.lookupTxt("short._domainkey." + ZONE);

        assertThat(beforeTtl).containsExactly(FIRST);
        assertThat(atTtl).containsExactly(SECOND);
    }

    @Test
    void lookupShouldKeepNoRecordLongerThanTheCacheTtlCap() throws Exception {
        DnsKeyRecordResolver resolver = resolver().maxCacheTtl(Duration.ofMinutes(10)).build();
        resolver.lookupTxt("long._domainkey." + ZONE);
        dns.setZone(ZONE, TestResources.read("dns/ttl.example.net-v2.zone"));

        clock.advance(Duration.ofSeconds(599));
        List<String> beforeCap = resolver.lookupTxt("long._domainkey." + ZONE);
        clock.advance(Duration.ofSeconds(1));
        List<String> atCap = resolver.lookupTxt("long._domainkey." + ZONE);

        assertThat(beforeCap).containsExactly(FIRST);
        assertThat(atCap).containsExactly(SECOND);
    }

    @Test
    void lookupShouldAskAgainOnceTheNegativeTtlOfTheSoaHasPassed() throws Exception {
        DnsKeyRecordResolver resolver = resolver().build();
        resolver.lookupTxt("new._domainkey." + ZONE);
        resolver.lookupTxt("host._domainkey." + ZONE);
        dns.setZone(ZONE, TestResources.read("dns/ttl.example.net-v2.zone"));

        clock.advance(Duration.ofSeconds(29));
        List<String> nxdomainBeforeTtl = resolver.lookupTxt("new._domainkey." + ZONE);
        List<String> nodataBeforeTtl = resolver.lookupTxt("host._domainkey." + ZONE);
        clock.advance(Duration.ofSeconds(1));
        List<String> nxdomainAtTtl = resolver.lookupTxt("new._domainkey." + ZONE);
        List<String> nodataAtTtl = resolver.lookupTxt("host._domainkey." + ZONE);

        assertThat(nxdomainBeforeTtl).isEmpty();
        assertThat(nodataBeforeTtl).isEmpty();
        assertThat(nxdomainAtTtl).containsExactly(SECOND);
        assertThat(nodataAtTtl).containsExactly(SECOND);
    }

    @Test
    void lookupShouldKeepNoNegativeAnswerLongerThanTheNegativeCacheTtlCap() throws Exception {
        DnsKeyRecordResolver resolver = resolver()
                .maxNegativeCacheTtl(Duration.ofSeconds(10))
                .build();
        resolver.lookupTxt("new._domainkey." + ZONE);
        dns.setZone(ZONE, TestResources.read("dns/ttl.example.net-v2.zone"));

        clock.advance(Duration.ofSeconds(10));
        List<String> atCap = resolver.lookupTxt("new._domainkey." + ZONE);

        assertThat(atCap).containsExactly(SECOND);
    }

    @Test
    void lookupShouldNotCacheATemporaryFailure() throws Exception {
        DnsKeyRecordResolver resolver = resolver().build();
        dns.stop();
        assertThatThrownBy(() -> resolver.lookupTxt("short._domainkey." + ZONE))
                .isInstanceOf(TemporaryDkimException.class);
        dns.start();

        List<String> records = resolver.lookupTxt("short._domainkey." + ZONE);

        assertThat(records).containsExactly(FIRST);
    }

    @Test
    void lookupShouldAskEveryTimeWhenTheCacheIsOff() throws Exception {
        DnsKeyRecordResolver resolver = resolver().cacheMaxEntries(0).build();
        resolver.lookupTxt("short._domainkey." + ZONE);
        dns.stop();

        assertThatThrownBy(() -> resolver.lookupTxt("short._domainkey." + ZONE))
                .isInstanceOf(TemporaryDkimException.class)
                .hasMessageContaining(dns.address());
    }

    private DnsKeyRecordResolver.Builder resolver() {
        return DnsKeyRecordResolver.builder()
                .servers(List.of(dns.address()))
                .timeout(Duration.ofMillis(500))
                .retries(0)
                .clock(clock);
    }
}
