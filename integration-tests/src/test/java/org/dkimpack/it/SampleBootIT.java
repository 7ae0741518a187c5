package org.dkimpack.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import org.dkimpack.it.ReceivedMessage.DkimOutcome;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each sample of {@code conf-samples/} boots in James 3.8.1 as it is, but for what its
 * placeholders stand for (ports, the domain, the key directory, the authserv-id), with the
 * extension jar in {@code extensions-jars/}, and its dkimpack mailets work.
 *
 * <p>Nothing else is changed, not even where the mailets look key records up (the system's
 * resolvers), so the probe needs no DNS: an unauthenticated message with a signature that
 * lacks its {@code b=} tag is a {@code permerror} found before any lookup, which a verifying
 * sample must mark and route to {@code dkim-tag}, its default; a signing sample must have
 * loaded the key. Every sample must still deliver local mail.
 */
class SampleBootIT {
    private static final String DOMAIN = "sample.test";
    private static final String USER = "alice@" + DOMAIN;
    private static final String PASSWORD = "secret-" + UUID.randomUUID();
    private static final Duration ARRIVAL_TIMEOUT = Duration.ofSeconds(60);

    private static Path work;
    private static Path keyDirectory;

    @BeforeAll
    static void makeKeys() throws IOException {
        work = TestEnvironment.workDirectory(SampleBootIT.class);
        keyDirectory = work.resolve("keys");
        TestKey.writeKeyDirectory(keyDirectory, List.of(TestKey.rsa(DOMAIN, "s1", 2048)));
    }

    static Stream<String> samples() {
        return TestEnvironment.sampleNames().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void sampleShouldBootAsItIsAndItsDkimMailetsShouldWork(String sample) throws IOException {
        String mailetContainer = Files.readString(TestEnvironment.confSamples()
                .resolve(sample).resolve("mailetcontainer.xml"), StandardCharsets.UTF_8);
        boolean signs = mailetContainer.contains("class=\"org.dkimpack.james.DkimSign\"");
        boolean verifies = mailetContainer.contains("class=\"org.dkimpack.james.DkimVerify\"");
        String token = TestMessages.token(sample);

        try (JamesServer james = JamesServer.fromSample(sample)
                .workDirectory(work)
                .domains(DOMAIN)
                .keyDirectory(keyDirectory)
                .layOut()) {
            JamesServer.startAll(james);
            james.createUser(USER, PASSWORD);
            SmtpClient.deliver(james.smtpPort(), "someone@elsewhere.example", USER,
                    TestMessages.load("broken-signature", "someone@elsewhere.example", USER,
                            token));
            ReceivedMessage message = new Mailbox(james.imapPort(), USER, PASSWORD)
                    .await(token, ARRIVAL_TIMEOUT, james::logTail);
            String log = james.log();

            assertThat(signs || verifies).as("%s uses a dkimpack mailet", sample).isTrue();
            if (signs) {
                assertThat(log).contains("DkimSign - 1 keys for 1 domains from key directory "
                        + keyDirectory);
            }
            if (verifies) {
                assertThat(log).contains("DkimVerify - verifying DKIM as authserv-id " + DOMAIN);
                assertThat(message.dkimResults(DOMAIN))
                        .extracting(DkimOutcome::result, DkimOutcome::domain)
                        .containsExactly(tuple("permerror",
                                "elsewhere.example"));
                assertThat(message.headers("X-DKIM-Warning")).hasSize(1);
                assertThat(message.header("Subject")).hasValueSatisfying(subject ->
                        assertThat(subject).startsWith("[DKIM failed]"));
            } else {
                assertThat(message.headers("Authentication-Results")).isEmpty();
            }
            assertThat(log).doesNotContain(" ERROR ");
        }
    }
}
