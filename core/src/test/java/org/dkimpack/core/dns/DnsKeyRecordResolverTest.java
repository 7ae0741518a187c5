package org.dkimpack.core.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.dkimpack.core.TemporaryDkimException;
import org.dkimpack.core.support.TestResources;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/** {@link DnsKeyRecordResolver} against a real DNS server, Knot DNS, on loopback. */
class DnsKeyRecordResolverTest {

    private static final String ED25519_RECORD =
            "v=DKIM1; k=ed25519; p=11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=";
    /** The record of RFC 8463 Appendix A.2, served in the five strings the RFC shows. */
    private static final String RFC8463_RSA_RECORD =
            "v=DKIM1; k=rsa; p=MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQDkHlOQoBTzWR"
            + "iGs5V6NpP3idY6Wk08a5qhdR6wy5bdOKb2jLQiY/J16JYi0Qvx/b"
            + "yYzCNb3W91y3FutACDfzwQ/BC/e/8uBsCR+yz1Lxj+PL6lHvqMKr"
            + "M3rG4hstT5QjvHO9PzoxZyVYLzBfO2EeC3Ip3G+2kryOTIKT+l/K"
            + "4w3QIDAQAB";
    private static final String RSA4096_RECORD = TestResources.read("dns/rsa4096.record").trim();

    private static KnotServer dns;
    private static DnsKeyRecordResolver resolver;

    @BeforeAll
    static void startDns() throws IOException {
        String exampleCom = TestResources.read("dns/example.com.zone")
                + "big._domainkey IN TXT " + KnotServer.txtRecordData(RSA4096_RECORD) + "\n";
        dns = KnotServer.builder()
                .zone("example.com", exampleCom)
                .zone("example.org", TestResources.read("dns/example.org.zone"))
                .unloadableZone("broken.example")
                .start();
        resolver = resolverFor(dns.address()).build();
    }

    @AfterAll
    static void stopDns() {
        if (dns != null) {
            dns.close();
        }
    }

    @Test
    void lookupShouldReturnASingleStringRecord() throws Exception {
        List<String> records = resolver.lookupTxt("brisbane._domainkey.example.com");

        assertThat(records).containsExactly(ED25519_RECORD);
    }

    @Test
    void lookupShouldJoinTheStringsOfOneRecord() throws Exception {
        List<String> records = resolver.lookupTxt("test._domainkey.example.com");

        assertThat(records).containsExactly(RFC8463_RSA_RECORD);
    }

    @Test
    void lookupShouldReturnEveryRecordAtAName() throws Exception {
        List<String> records = resolver.lookupTxt("two._domainkey.example.com");

        assertThat(records)
                .containsExactlyInAnyOrder(ED25519_RECORD, "v=DKIM1; k=ed25519; p=second");
    }

    @Test
    void lookupShouldRetryOverTcpWhenTheUdpAnswerIsTruncated() throws Exception {
        DnsKeyRecordResolver plainDns = resolverFor(dns.address()).udpPayloadSize(512).build();
        Message udpOnly = udpQueryIgnoringTruncation("big._domainkey.example.com");

        List<String> records = plainDns.lookupTxt("big._domainkey.example.com");

        assertThat(RSA4096_RECORD.length()).isGreaterThan(512);
        assertThat(udpOnly.getHeader().getFlag(Flags.TC))
                .as("the record does not fit in a 512-byte UDP answer")
                .isTrue();
        assertThat(records).containsExactly(RSA4096_RECORD);
    }

    @Test
    void lookupShouldFollowACnameInTheAnswer() throws Exception {
        List<String> records = resolver.lookupTxt("alias._domainkey.example.com");

        assertThat(records).containsExactly(ED25519_RECORD);
    }

    @Test
    void lookupShouldAskForTheTargetOfACnameTheServerDidNotFollow() throws Exception {
        List<String> records = resolver.lookupTxt("outside._domainkey.example.com");

        assertThat(records).containsExactly(ED25519_RECORD);
    }

    @Test
    void lookupShouldReturnNothingForACnameToANameThatDoesNotExist() throws Exception {
        List<String> records = resolver.lookupTxt("dangling._domainkey.example.com");

        assertThat(records).isEmpty();
    }

    @Test
    void lookupShouldGiveUpOnACnameLoopAcrossZones() {
        assertThatThrownBy(() -> resolver.lookupTxt("loop._domainkey.example.com"))
                .isInstanceOf(TemporaryDkimException.class)
                .hasMessageStartingWith("CNAME chain from loop._domainkey.example.com still goes"
                        + " on at ");
    }

    @Test
    void lookupShouldReturnNothingOnNxdomain() throws Exception {
        List<String> records = resolver.lookupTxt("nosuchkey._domainkey.example.com");

        assertThat(records).isEmpty();
    }

    @Test
    void lookupShouldReturnNothingWhenTheNameHasOnlyOtherTypes() throws Exception {
        List<String> records = resolver.lookupTxt("host._domainkey.example.com");

        assertThat(records).isEmpty();
    }

    @Test
    void lookupShouldAcceptATrailingDotAndAnyCase() throws Exception {
        List<String> records = resolver.lookupTxt("Brisbane._DomainKey.EXAMPLE.com.");

        assertThat(records).containsExactly(ED25519_RECORD);
    }

    @Test
    void lookupShouldReturnNothingForANameThatIsNotADnsName() throws Exception {
        String longLabel = "a".repeat(64);

        List<String> emptyLabel = resolver.lookupTxt("s1._domainkey..example.com");
        List<String> tooLongLabel = resolver.lookupTxt(longLabel + "._domainkey.example.com");
        List<String> empty = resolver.lookupTxt("");

        assertThat(emptyLabel).isEmpty();
        assertThat(tooLongLabel).isEmpty();
        assertThat(empty).isEmpty();
    }

    @Test
    void lookupShouldFailTemporarilyOnServfail() {
        assertThatThrownBy(() -> resolver.lookupTxt("s1._domainkey.broken.example"))
                .isInstanceOf(TemporaryDkimException.class)
                .hasMessageStartingWith("DNS server " + dns.address()
                        + " answered SERVFAIL for s1._domainkey.broken.example");
    }

    @Test
    void lookupShouldFailTemporarilyWhenTheServerRefuses() {
        assertThatThrownBy(() -> resolver.lookupTxt("s1._domainkey.not-served.example"))
                .isInstanceOf(TemporaryDkimException.class)
                .hasMessageStartingWith("DNS server " + dns.address()
                        + " answered REFUSED for s1._domainkey.not-served.example");
    }

    @Test
    void lookupShouldFailTemporarilyWithinTheTimeoutWhenNoServerAnswers() throws Exception {
        try (DatagramSocket silent = silentServer()) {
            String address = "127.0.0.1:" + silent.getLocalPort();
            DnsKeyRecordResolver unanswered = resolverFor(address)
                    .timeout(Duration.ofMillis(500))
                    .retries(1)
                    .build();
            long start = System.nanoTime();

            Throwable failure = catchFailure(unanswered, "s1._domainkey.example.com");
            Duration elapsed = Duration.ofNanos(System.nanoTime() - start);

            assertThat(failure)
                    .isInstanceOf(TemporaryDkimException.class)
                    .hasMessage("no answer from " + address
                            + " within 500ms for s1._domainkey.example.com (2 queries)");
            assertThat(elapsed).isLessThan(Duration.ofSeconds(3));
            assertThat(countQueries(silent)).isEqualTo(2);
        }
    }

    @Test
    void lookupShouldAskTheNextServerWhenOneDoesNotAnswer() throws Exception {
        try (DatagramSocket silent = silentServer()) {
            DnsKeyRecordResolver withFallback = DnsKeyRecordResolver.builder()
                    .servers(List.of("127.0.0.1:" + silent.getLocalPort(), dns.address()))
                    .timeout(Duration.ofMillis(300))
                    .build();

            List<String> records = withFallback.lookupTxt("brisbane._domainkey.example.com");

            assertThat(records).containsExactly(ED25519_RECORD);
        }
    }

    @Test
    void lookupShouldServeManyThreadsSharingOneResolver() throws Exception {
        DnsKeyRecordResolver shared = resolverFor(dns.address()).build();
        List<String> names = List.of("brisbane._domainkey.example.com",
                "alias._domainkey.example.com", "outside._domainkey.example.com");
        ExecutorService threads = Executors.newFixedThreadPool(8);
        List<Future<List<String>>> lookups = new ArrayList<>();

        try {
            for (int index = 0; index < 200; index++) {
                String name = names.get(index % names.size());
                lookups.add(threads.submit(() -> shared.lookupTxt(name)));
            }
            for (Future<List<String>> lookup : lookups) {
                assertThat(lookup.get(10, TimeUnit.SECONDS)).containsExactly(ED25519_RECORD);
            }
        } finally {
            threads.shutdownNow();
        }
    }

    private static DnsKeyRecordResolver.Builder resolverFor(String server) {
        return DnsKeyRecordResolver.builder()
                .servers(List.of(server))
                .timeout(Duration.ofSeconds(2));
    }

    /** What a resolver without TCP fallback would get: the UDP answer, truncated or not. */
    private static Message udpQueryIgnoringTruncation(String name) throws IOException {
        SimpleResolver udpOnly = new SimpleResolver(dns.socketAddress());
        udpOnly.setEDNS(-1);
        udpOnly.setIgnoreTruncation(true);
        udpOnly.setTimeout(Duration.ofSeconds(2));
        Record question = Record.newRecord(Name.fromString(name + "."), Type.TXT, DClass.IN);
        return udpOnly.send(Message.newQuery(question));
    }

    /** A UDP socket on loopback that receives queries and never answers. */
    private static DatagramSocket silentServer() throws IOException {
        return new DatagramSocket(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
    }

    private static int countQueries(DatagramSocket silent) throws IOException {
        silent.setSoTimeout(100);
        int count = 0;
        try {
            while (true) {
                silent.receive(new DatagramPacket(new byte[512], 512));
                count++;
            }
        } catch (SocketTimeoutException noMore) {
            return count;
        }
    }

    private static Throwable catchFailure(KeyRecordResolver resolver, String name) {
        try {
            resolver.lookupTxt(name);
            return null;
        } catch (TemporaryDkimException e) {
            return e;
        }
    }
}
