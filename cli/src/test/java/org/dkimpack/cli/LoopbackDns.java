package org.dkimpack.cli;

import java.io.IOException;

import org.dkimpack.core.dns.KnotServer;

/**
 * The DNS server of the tests that look key records up: Knot DNS on loopback, serving
 * dns/example.com.zone, with a zone broken.example that answers SERVFAIL for every name.
 */
final class LoopbackDns {
    /** A zone Knot cannot load: every lookup in it fails, for now, as DNS fails. */
    static final String BROKEN_ZONE = "broken.example";

    private LoopbackDns() {
    }

    static KnotServer start() throws IOException {
        return KnotServer.builder()
                .zone("example.com", TestData.text("dns/example.com.zone"))
                .unloadableZone(BROKEN_ZONE)
                .start();
    }
}
