package org.dkimpack.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.dkimpack.it.MailetContainerEdits.addParameters;
import static org.dkimpack.it.MailetContainerEdits.switchProcessor;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.dkimpack.core.PermanentDkimException;
import org.dkimpack.core.dns.KnotServer;
import org.dkimpack.core.sign.DkimSigner;
import org.dkimpack.core.sign.SignatureSpec;
import org.dkimpack.it.ReceivedMessage.DkimOutcome;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The samples' second way with failed mail: the switch of processor {@code dkim-verify} set to
 * {@code dkim-quarantine}, in the {@code inbound-verification} sample, keeps such mail in the
 * repository {@code memory://var/mail/dkim-quarantine/} instead of the mailbox, and an
 * administrator releases it over webadmin, as conf-samples/README.md says.
 *
 * <p>The mail comes from outside (no SMTP login), signed by the test itself with a key that
 * Knot DNS publishes, and altered after signing where a test wants a failure.
 */
class QuarantineIT {
    private static final String DKIM_VERIFY = "org.dkimpack.james.DkimVerify";
    private static final String QUARANTINE = "var/mail/dkim-quarantine";
    private static final String PASSWORD = "secret-" + UUID.randomUUID();
    private static final Duration ARRIVAL_TIMEOUT = Duration.ofSeconds(60);
    private static final String RECEIVER = "receiver.test";
    private static final String RECIPIENT = "rcpt@" + RECEIVER;
    private static final String OUTSIDE = "outside.test";
    private static final String OUTSIDE_SENDER = "someone@" + OUTSIDE;

    private static TestKey key;
    private static KnotServer dns;
    private static JamesServer receiver;
    private static Mailbox mailbox;

    @BeforeAll
    static void startServers() throws IOException {
        Path work = TestEnvironment.workDirectory(QuarantineIT.class);
        key = TestKey.ed25519(OUTSIDE, "q1");
        dns = KnotServer.builder().zone(OUTSIDE, TestKey.zoneFile(OUTSIDE, List.of(key))).start();
        receiver = JamesServer.fromSample("inbound-verification")
                .name("quarantining-receiver")
                .workDirectory(work)
                .domains(RECEIVER)
                .authservId(RECEIVER)
                .editMailetContainer(switchProcessor("dkim-tag", "dkim-quarantine"))
                .editMailetContainer(addParameters(DKIM_VERIFY,
                        "<dnsServers>" + dns.address() + "</dnsServers>"))
                .layOut();
        JamesServer.startAll(receiver);
        receiver.createUser(RECIPIENT, PASSWORD);
        mailbox = new Mailbox(receiver.imapPort(), RECIPIENT, PASSWORD);
    }

    @AfterAll
    static void stopServers() {
        JamesServer.closeAll(receiver);
        if (dns != null) {
            dns.close();
        }
    }

    @Test
    void failedMessageShouldBeKeptInQuarantineAndNotDelivered() throws Exception {
        String failedToken = TestMessages.token("altered");
        String intactToken = TestMessages.token("intact");

        SmtpClient.deliver(receiver.smtpPort(), OUTSIDE_SENDER, RECIPIENT,
                alteredAfterSigning(signed(failedToken)));
        QuarantinedMail quarantined = awaitQuarantined(failedToken);
        SmtpClient.deliver(receiver.smtpPort(), OUTSIDE_SENDER, RECIPIENT, signed(intactToken));
        ReceivedMessage intact = mailbox.await(intactToken, ARRIVAL_TIMEOUT, this::diagnostics);

        assertThat(quarantined.message.dkimResults(RECEIVER))
                .extracting(DkimOutcome::result, DkimOutcome::domain, DkimOutcome::selector)
                .containsExactly(tuple("fail", OUTSIDE, "q1"));
        assertThat(quarantined.message.headers("X-DKIM-Warning")).isEmpty();
        assertThat(intact.dkimResults(RECEIVER)).extracting(DkimOutcome::result)
                .containsExactly("pass");
        // The failed one went in first; the mailbox has only the intact one.
        assertThat(mailbox.find(failedToken)).isEmpty();
    }

    @Test
    void releasedMessageShouldReachTheMailboxWithItsResults() throws Exception {
        String token = TestMessages.token("released");
        SmtpClient.deliver(receiver.smtpPort(), OUTSIDE_SENDER, RECIPIENT,
                alteredAfterSigning(signed(token)));
        QuarantinedMail quarantined = awaitQuarantined(token);

        receiver.reprocess(QUARANTINE, quarantined.key, "transport");
        ReceivedMessage released = mailbox.await(token, ARRIVAL_TIMEOUT, this::diagnostics);

        assertThat(released.dkimResults(RECEIVER)).extracting(DkimOutcome::result)
                .containsExactly("fail");
        assertThat(released.headers("Authentication-Results")).hasSize(1);
        assertThat(receiver.mailRepositoryKeys(QUARANTINE)).doesNotContain(quarantined.key);
    }

    /** The test message, signed with the key of outside.test, the signature in front. */
    private static byte[] signed(String token) throws IOException, PermanentDkimException {
        byte[] message = TestMessages.load("plain", OUTSIDE_SENDER, RECIPIENT, token);
        SignatureSpec spec = SignatureSpec.builder(key.signingKey(), OUTSIDE, key.selector())
                .build();
        String field = new DkimSigner().sign(new ByteArrayInputStream(message), spec);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes((field + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(message);
        return out.toByteArray();
    }

    /** A line added at the end of the body, as a list or a careless relay adds one. */
    private static byte[] alteredAfterSigning(byte[] message) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(message);
        out.writeBytes("P.S. added on the way\n".getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }

    private QuarantinedMail awaitQuarantined(String token) throws InterruptedException {
        long deadline = System.nanoTime() + ARRIVAL_TIMEOUT.toNanos();
        while (true) {
            for (String mailKey : receiver.mailRepositoryKeys(QUARANTINE)) {
                ReceivedMessage message = receiver.mailRepositoryMessage(QUARANTINE, mailKey);
                if (message.header("Message-ID").orElse("").contains(token)) {
                    return new QuarantinedMail(mailKey, message);
                }
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no message with Message-ID *" + token + "* in "
                        + QUARANTINE + " within " + ARRIVAL_TIMEOUT.getSeconds() + " s\n"
                        + diagnostics());
            }
            Thread.sleep(250);
        }
    }

    private String diagnostics() {
        return "--- the end of the receiver's log (" + receiver.directory() + "):\n"
                + receiver.logTail();
    }

    /** A mail in the quarantine repository: its key there and its message. */
    private static final class QuarantinedMail {
        private final String key;
        private final ReceivedMessage message;

        QuarantinedMail(String key, ReceivedMessage message) {
            this.key = key;
            this.message = message;
        }
    }
}
