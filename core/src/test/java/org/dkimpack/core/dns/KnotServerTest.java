package org.dkimpack.core.dns;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.dkimpack.core.support.TestResources;
import org.junit.jupiter.api.Test;

/** The parts of the {@link KnotServer} test helper that the resolver tests do not reach. */
class KnotServerTest {

    private static final String RECORD =
            "v=DKIM1; k=ed25519; p=11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=";

    @Test
    void txtRecordDataShouldSplitALongValueIntoStringsOf255Octets() {
        String value = "a".repeat(255) + "b".repeat(255) + "c";

        String data = KnotServer.txtRecordData(value);

        assertThat(data).isEqualTo("\"" + "a".repeat(255) + "\" \"" + "b".repeat(255)
                + "\" \"c\"");
    }

    @Test
    void txtRecordDataShouldEscapeQuotesBackslashesAndControlOctets() {
        String data = KnotServer.txtRecordData("n=\"x\\y\"\t;");

        assertThat(data).isEqualTo("\"n=\\\"x\\\\y\\\"\\009;\"");
    }

    @Test
    void setZoneShouldServeAZoneAddedWhileRunning() throws Exception {
        try (KnotServer dns = KnotServer.builder()
                .zone("example.org", TestResources.read("dns/example.org.zone"))
                .start()) {
            String zoneText = TestResources.read("dns/example.org.zone");

            dns.setZone("added.example", zoneText);
            List<String> records = resolverFor(dns).lookupTxt("s2._domainkey.added.example");

            assertThat(records).containsExactly(RECORD);
        }
    }

    @Test
    void restartShouldServeAgainOnTheSamePort() throws Exception {
        try (KnotServer dns = KnotServer.builder()
                .zone("example.org", TestResources.read("dns/example.org.zone"))
                .start()) {
            int port = dns.port();

            dns.restart();
            List<String> records = resolverFor(dns).lookupTxt("s2._domainkey.example.org");

            assertThat(dns.port()).isEqualTo(port);
            assertThat(records).containsExactly(RECORD);
        }
    }

    private static KeyRecordResolver resolverFor(KnotServer dns) {
        return DnsKeyRecordResolver.builder()
                .servers(List.of(dns.address()))
                .cacheMaxEntries(0)
                .build();
    }
}
