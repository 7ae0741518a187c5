package org.dkimpack.core.dns;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Stream;

import org.dkimpack.core.result.DkimResult;
import org.dkimpack.core.result.SignatureResult;
import org.dkimpack.core.result.VerificationResult;
import org.dkimpack.core.sign.DkimSigner;
import org.dkimpack.core.sign.SignatureSpec;
import org.dkimpack.core.support.Messages;
import org.dkimpack.core.support.TestKeys;
import org.dkimpack.core.verify.DkimVerifier;
import org.dkimpack.core.verify.VerifierOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.xbill.DNS.Rcode;

/**
 * Verification against DNS servers that answer late, with garbage, with another query's ID or
 * for another name: every such signature is a {@code temperror} with a reason, within the
 * configured time, never a pass and never an exception.
 */
class DnsFaultsTest {
    private static final Instant NOW = Instant.parse("2026-12-03T12:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final String RECORD = TestKeys.record("ed25519");
    private static final Duration TIMEOUT = Duration.ofMillis(300);
    /** Two queries of 300 ms, and room for a slow machine; nowhere near a hang. */
    private static final Duration BOUND = Duration.ofSeconds(3);

    private static final String SIGNED = Messages.sign(new DkimSigner(CLOCK),
            Messages.message("plain.eml"),
            SignatureSpec.builder(TestKeys.ed25519(), "example.com", "ed").build());

    static Stream<Arguments> faults() {
        return Stream.of(
                Arguments.of("answers after the timeout",
                        (ServerFactory) () -> MisbehavingDnsServer.startDelayed(
                                MisbehavingDnsServer.answering(RECORD), Duration.ofMillis(1500)),
                        "no answer from"),
                Arguments.of("random bytes",
                        (ServerFactory) () -> MisbehavingDnsServer.start(
                                MisbehavingDnsServer.garbage(1)), "DNS server"),
                Arguments.of("a header, then random bytes",
                        (ServerFactory) () -> MisbehavingDnsServer.start(
                                MisbehavingDnsServer.garbageAfterTheHeader(2)), "DNS server"),
                Arguments.of("an answer cut short",
                        (ServerFactory) () -> MisbehavingDnsServer.start(
                                MisbehavingDnsServer.cutShort(RECORD)), "DNS server"),
                Arguments.of("another query's ID",
                        (ServerFactory) () -> MisbehavingDnsServer.start(
                                MisbehavingDnsServer.wrongId(RECORD)), "invalid message id"),
                Arguments.of("the record of another name",
                        (ServerFactory) () -> MisbehavingDnsServer.start(
                                MisbehavingDnsServer.anotherName("ed._domainkey.example.org",
                                        RECORD)), "DNS server"),
                Arguments.of("SERVFAIL",
                        (ServerFactory) () -> MisbehavingDnsServer.start(
                                MisbehavingDnsServer.rcode(Rcode.SERVFAIL)), "answered SERVFAIL"),
                Arguments.of("FORMERR",
                        (ServerFactory) () -> MisbehavingDnsServer.start(
                                MisbehavingDnsServer.rcode(Rcode.FORMERR)), "answered FORMERR"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("faults")
    void verifyShouldGiveTemperrorWithinTheTimeoutWhenTheServerMisbehaves(String fault,
            ServerFactory factory, String reason) throws Exception {
        try (MisbehavingDnsServer server = factory.start()) {
            long start = System.nanoTime();

            VerificationResult result = verifier(server, VerifierOptions.builder())
                    .verify(Messages.stream(SIGNED));
            Duration elapsed = Duration.ofNanos(System.nanoTime() - start);

            assertThat(result.signatures()).singleElement().satisfies(signature -> {
                assertThat(signature.result()).as("result (reason: %s)",
                        signature.reason().orElse("-")).isEqualTo(DkimResult.TEMPERROR);
                assertThat(signature.reason()).get().asString()
                        .contains(reason)
                        .contains("ed._domainkey.example.com");
            });
            assertThat(elapsed).isLessThan(BOUND);
            assertThat(server.queries()).isPositive();
        }
    }

    @Test
    void verifyShouldPassWhenTheSameServerAnswersInTime() throws Exception {
        // The control for the faults above: the server and the message are sound.
        try (MisbehavingDnsServer server = MisbehavingDnsServer.startDelayed(
                MisbehavingDnsServer.answering(RECORD), Duration.ofMillis(50))) {
            VerificationResult result = verifier(server, VerifierOptions.builder())
                    .verify(Messages.stream(SIGNED));

            assertThat(result.signatures()).extracting(SignatureResult::result)
                    .containsExactly(DkimResult.PASS);
        }
    }

    @Test
    void verifyShouldNotLookUpMoreOnceTheMessagesDnsTimeIsSpent() throws Exception {
        String fiveTimesSigned = SIGNED;
        DkimSigner signer = new DkimSigner(CLOCK);
        for (int index = 0; index < 4; index++) {
            fiveTimesSigned = Messages.sign(signer, fiveTimesSigned, SignatureSpec.builder(
                    TestKeys.ed25519(), "example.com", "ed" + index).build());
        }
        try (MisbehavingDnsServer silent = MisbehavingDnsServer.start((query, bytes) -> null)) {
            long start = System.nanoTime();

            VerificationResult result = verifier(silent, VerifierOptions.builder()
                    .maxDnsTime(Duration.ofMillis(500))).verify(Messages.stream(fiveTimesSigned));
            Duration elapsed = Duration.ofNanos(System.nanoTime() - start);

            // The first lookup, two queries of 300 ms, uses up the 500 ms; the other four
            // signatures are not looked up at all.
            assertThat(result.signatures()).hasSize(5)
                    .allSatisfy(signature -> assertThat(signature.result())
                            .isEqualTo(DkimResult.TEMPERROR));
            assertThat(result.signatures()).filteredOn(signature -> signature.reason().get()
                    .startsWith("not looked up: DNS time limit of 500 ms per message reached"))
                    .hasSize(4);
            assertThat(silent.queries()).isEqualTo(2);
            assertThat(elapsed).isLessThan(BOUND);
        }
    }

    private static DkimVerifier verifier(MisbehavingDnsServer server,
            VerifierOptions.Builder options) {
        DnsKeyRecordResolver resolver = DnsKeyRecordResolver.builder()
                .servers(List.of(server.address()))
                .timeout(TIMEOUT)
                .retries(1)
                .build();
        return new DkimVerifier(resolver, options.clock(CLOCK).build());
    }

    @FunctionalInterface
    interface ServerFactory {
        MisbehavingDnsServer start() throws IOException;
    }
}
