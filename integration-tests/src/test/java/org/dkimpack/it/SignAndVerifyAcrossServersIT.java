package org.dkimpack.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.dkimpack.it.MailetContainerEdits.addParameters;
import static org.dkimpack.it.MailetContainerEdits.insertAfterMailet;
import static org.dkimpack.it.MailetContainerEdits.insertBeforeMailet;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import org.conscrypt.Conscrypt;
import org.dkimpack.core.dns.KnotServer;
import org.dkimpack.it.ReceivedMessage.DkimOutcome;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * Two organisations' mail servers, as they meet on the Internet: a sending James (sample
 * {@code outbound-signing}) signs what its users send and relays it over SMTP to a receiving
 * James (sample {@code inbound-verification}), which verifies it, with the key records served
 * by Knot DNS. What arrives is read over IMAP.
 *
 * <p>The samples are used as they are, with these edits of their mailetcontainer.xml:
 * <ul>
 * <li>both dkimpack mailets ask Knot ({@code dnsServers}); DkimVerify waits 2 s per query;</li>
 * <li>the sender's RemoteDelivery sends everything to the receiver ({@code gateway}), except
 *     mail for {@code legacy.test}, which a second RemoteDelivery sends through
 *     {@link EightBitMimeHidingProxy}: a receiver that does not announce 8BITMIME;</li>
 * <li>on purpose, the sender's pipeline adds a footer after signing to mail of
 *     {@code footer@sender-a.test} (AddFooter), as a misconfigured relay would.</li>
 * </ul>
 *
 * <p>Domains and keys: sender-a.test signs with a 4096-bit RSA key whose record (with a note
 * {@code n=}) is too big for a UDP answer, so that the receiver must ask over TCP;
 * sender-b.test with a 2048-bit RSA key and an Ed25519 key side by side; nokey.test has no
 * key; removed.test and outage.test have keys of their own for the DNS failure cases, so that
 * no cached answer can hide the failure.
 */
class SignAndVerifyAcrossServersIT {
    private static final String DKIM_SIGN = "org.dkimpack.james.DkimSign";
    private static final String DKIM_VERIFY = "org.dkimpack.james.DkimVerify";
    private static final String PASSWORD = "secret-" + UUID.randomUUID();
    private static final Duration ARRIVAL_TIMEOUT = Duration.ofSeconds(60);

    private static final String SENDER_A = "sender-a.test";
    private static final String SENDER_B = "sender-b.test";
    private static final String NO_KEY = "nokey.test";
    private static final String REMOVED = "removed.test";
    private static final String OUTAGE = "outage.test";
    private static final String RECEIVER = "receiver.test";
    private static final String LEGACY = "legacy.test";

    private static final String ALICE = "alice@" + SENDER_A;
    private static final String FOOTER_SENDER = "footer@" + SENDER_A;
    private static final String BOB = "bob@" + SENDER_B;
    private static final String CAROL = "carol@" + NO_KEY;
    private static final String DAVE = "dave@" + REMOVED;
    private static final String ERIN = "erin@" + OUTAGE;
    private static final String RECIPIENT = "rcpt@" + RECEIVER;
    private static final String LEGACY_RECIPIENT = "rcpt@" + LEGACY;

    /** Makes the 4096-bit key's record longer than a 1232-byte UDP answer holds. */
    private static final String LONG_NOTE = "n=" + "This record is long on purpose. ".repeat(15);

    private static final String FOOTER = "Added by the relay after signing";
    /** Low, so that a large message goes through the mailets' temporary files. */
    private static final String MAX_IN_MEMORY_SIZE = "<maxInMemorySize>256k</maxInMemorySize>";

    private static TestKey rsa4096;
    private static TestKey rsa2048;
    private static TestKey ed25519;
    private static TestKey removedKey;
    private static TestKey outageKey;
    private static List<TestKey> keys;
    private static KnotServer dns;
    private static EightBitMimeHidingProxy legacyProxy;
    private static JamesServer receiver;
    private static JamesServer sender;
    private static Path work;

    @BeforeAll
    static void startServers() throws IOException {
        work = TestEnvironment.workDirectory(SignAndVerifyAcrossServersIT.class);

        // Keys and DNS
        rsa4096 = TestKey.rsa(SENDER_A, "a4096", 4096).withRecordTags(LONG_NOTE);
        rsa2048 = TestKey.rsa(SENDER_B, "b2048", 2048);
        ed25519 = TestKey.ed25519(SENDER_B, "bed");
        removedKey = TestKey.ed25519(REMOVED, "r1");
        outageKey = TestKey.ed25519(OUTAGE, "o1");
        keys = List.of(rsa4096, rsa2048, ed25519, removedKey, outageKey);
        Path keyDirectory = work.resolve("keys");
        TestKey.writeKeyDirectory(keyDirectory, keys);
        KnotServer.Builder zones = KnotServer.builder();
        for (String domain : List.of(SENDER_A, SENDER_B, REMOVED, OUTAGE)) {
            zones.zone(domain, TestKey.zoneFile(domain, keys));
        }
        dns = zones.start();
        String dnsServers = "<dnsServers>" + dns.address() + "</dnsServers>";

        // The receiving organisation
        receiver = JamesServer.fromSample("inbound-verification")
                .name("receiver")
                .workDirectory(work)
                .domains(RECEIVER, LEGACY)
                .authservId(RECEIVER)
                .editMailetContainer(addParameters(DKIM_VERIFY, dnsServers,
                        "<dnsTimeout>2s</dnsTimeout>", MAX_IN_MEMORY_SIZE))
                .layOut();
        legacyProxy = EightBitMimeHidingProxy.start(receiver.smtpPort());

        // The sending organisation
        sender = JamesServer.fromSample("outbound-signing")
                .name("sender")
                .workDirectory(work)
                .domains(SENDER_A, SENDER_B, NO_KEY, REMOVED, OUTAGE)
                .keyDirectory(keyDirectory)
                // RSA signing through BoringSSL here; the other tests' Jameses use the JDK.
                .extensionJar(TestEnvironment.jarOf(Conscrypt.class))
                .editMailetContainer(addParameters(DKIM_SIGN, dnsServers, MAX_IN_MEMORY_SIZE))
                .editMailetContainer(insertAfterMailet(DKIM_SIGN,
                        "<mailet match=\"SenderIs=" + FOOTER_SENDER + "\" class=\"AddFooter\">\n"
                        + "  <text>" + FOOTER + "</text>\n"
                        + "</mailet>"))
                .editMailetContainer(addParameters("RemoteDelivery",
                        "<gateway>127.0.0.1</gateway>",
                        "<gatewayPort>" + receiver.smtpPort() + "</gatewayPort>"))
                .editMailetContainer(insertBeforeMailet("RemoteDelivery",
                        "<mailet match=\"HostIs=" + LEGACY + "\" class=\"RemoteDelivery\">\n"
                        + "  <outgoingQueue>outgoing-legacy</outgoingQueue>\n"
                        + "  <delayTime>5000, 100000, 500000</delayTime>\n"
                        + "  <maxRetries>3</maxRetries>\n"
                        + "  <maxDnsProblemRetries>0</maxDnsProblemRetries>\n"
                        + "  <deliveryThreads>2</deliveryThreads>\n"
                        + "  <sendpartial>true</sendpartial>\n"
                        + "  <bounceProcessor>bounces</bounceProcessor>\n"
                        + "  <gateway>127.0.0.1</gateway>\n"
                        + "  <gatewayPort>" + legacyProxy.port() + "</gatewayPort>\n"
                        + "</mailet>"))
                .layOut();

        JamesServer.startAll(receiver, sender);
        for (String user : List.of(ALICE, FOOTER_SENDER, BOB, CAROL, DAVE, ERIN)) {
            sender.createUser(user, PASSWORD);
        }
        receiver.createUser(RECIPIENT, PASSWORD);
        receiver.createUser(LEGACY_RECIPIENT, PASSWORD);
    }

    @AfterAll
    static void stopServers() throws IOException {
        JamesServer.closeAll(sender, receiver);
        if (legacyProxy != null) {
            legacyProxy.close();
        }
        if (dns != null) {
            dns.close();
        }
    }

    @Test
    void messageFromEachDomainShouldArriveWithPassForItsOwnDomainAndSelector() {
        ReceivedMessage fromA = sendAndReceive(ALICE, RECIPIENT, "plain");
        ReceivedMessage fromB = sendAndReceive(BOB, RECIPIENT, "plain");

        assertThat(fromA.dkimResults(RECEIVER))
                .extracting(DkimOutcome::result, DkimOutcome::domain, DkimOutcome::selector)
                .containsExactly(tuple("pass", SENDER_A, "a4096"));
        assertThat(fromB.dkimResults(RECEIVER))
                .extracting(DkimOutcome::result, DkimOutcome::domain, DkimOutcome::selector)
                .containsExactlyInAnyOrder(tuple("pass", SENDER_B, "b2048"),
                        tuple("pass", SENDER_B, "bed"));
    }

    @Test
    void aMessageLargerThanMaxInMemorySizeShouldPassThroughTemporaryFiles() {
        String token = TestMessages.token("large");
        String plain = new String(TestMessages.load("plain", BOB, RECIPIENT, token),
                StandardCharsets.US_ASCII);
        StringBuilder large = new StringBuilder(plain);
        for (int line = 0; line < 40_000; line++) {
            large.append("Line ").append(line).append(" of a long report, kept as it was.\r\n");
        }
        large.append("The last line.\r\n");

        ReceivedMessage received = send(BOB, RECIPIENT,
                large.toString().getBytes(StandardCharsets.US_ASCII), token);

        assertThat(received.text().length()).isGreaterThan(1_500_000);
        assertThat(received.body()).endsWith("The last line.\n");
        assertThat(received.dkimResults(RECEIVER))
                .extracting(DkimOutcome::result, DkimOutcome::domain, DkimOutcome::selector)
                .containsExactlyInAnyOrder(tuple("pass", SENDER_B, "b2048"),
                        tuple("pass", SENDER_B, "bed"));
    }

    @Test
    void senderShouldSignThroughConscryptDroppedBesideThePack() throws IOException {
        String log = Files.readString(sender.directory().resolve("james.log"),
                StandardCharsets.UTF_8);

        assertThat(log).contains("RSA signatures through Conscrypt ");
        assertThat(log).doesNotContain("RSA signatures through the JDK");
    }

    @Test
    void keyRecordOfThe4096BitKeyShouldComeOnlyOverTcp() throws IOException {
        SimpleResolver udpOnly = new SimpleResolver(new InetSocketAddress(
                TestEnvironment.LOOPBACK, dns.port()));
        udpOnly.setEDNS(0, 1232, 0, List.of());
        udpOnly.setIgnoreTruncation(true);

        Message answer = udpOnly.send(Message.newQuery(Record.newRecord(
                Name.fromString(rsa4096.recordName() + "."), Type.TXT, DClass.IN)));

        // The mailets' resolver asks with the same 1232-byte EDNS size: truncated, it must
        // ask again over TCP, and the pass above shows that it did.
        assertThat(answer.getHeader().getFlag(Flags.TC))
                .as("the UDP answer for %s is truncated", rsa4096.recordName())
                .isTrue();
        assertThat(rsa4096.signingKey().bits()).isEqualTo(4096);
    }

    @Test
    void messageFromDomainWithoutKeyShouldArriveUnsignedWithDkimNone() {
        ReceivedMessage message = sendAndReceive(CAROL, RECIPIENT, "plain");

        assertThat(message.headers("DKIM-Signature")).isEmpty();
        assertThat(message.dkimResults(RECEIVER))
                .extracting(DkimOutcome::result)
                .containsExactly("none");
        assertThat(message.headers("X-DKIM-Warning")).isEmpty();
    }

    @Test
    void ed25519AndRsaSignaturesSideBySideShouldBothPass() {
        ReceivedMessage message = sendAndReceive(BOB, RECIPIENT, "plain");

        assertThat(message.headers("DKIM-Signature")).hasSize(2);
        assertThat(message.dkimResults(RECEIVER))
                .extracting(DkimOutcome::result, DkimOutcome::algorithm, DkimOutcome::selector)
                .containsExactlyInAnyOrder(tuple("pass", "rsa-sha256", "b2048"),
                        tuple("pass", "ed25519-sha256", "bed"));
    }

    @Test
    void footerAddedAfterSigningShouldArriveAsFailAndBeTagged() {
        ReceivedMessage message = sendAndReceive(FOOTER_SENDER, RECIPIENT, "plain");

        assertThat(message.body()).contains(FOOTER);
        assertThat(message.dkimResults(RECEIVER))
                .extracting(DkimOutcome::result, DkimOutcome::domain, DkimOutcome::selector)
                .containsExactly(tuple("fail", SENDER_A, "a4096"));
        assertThat(message.dkimResults(RECEIVER).get(0).comment()).containsIgnoringCase("body");
        // The sample's dkim-tag processor: a header field and a subject prefix, then delivery.
        assertThat(message.headers("X-DKIM-Warning")).hasSize(1);
        assertThat(message.header("Subject")).hasValueSatisfying(subject ->
                assertThat(subject).startsWith("[DKIM failed]"));
    }

    @Test
    void keyRecordRemovedFromDnsShouldGivePermerror() {
        dns.setZone(REMOVED, TestKey.zoneFile(REMOVED, List.of()));
        ReceivedMessage message;
        try {
            message = sendAndReceive(DAVE, RECIPIENT, "plain");
        } finally {
            dns.setZone(REMOVED, TestKey.zoneFile(REMOVED, keys));
        }

        assertThat(message.headers("DKIM-Signature")).hasSize(1);
        assertThat(message.dkimResults(RECEIVER))
                .extracting(DkimOutcome::result, DkimOutcome::domain, DkimOutcome::selector)
                .containsExactly(tuple("permerror", REMOVED, "r1"));
        // permerror is routed as fail is, by the sample: tagged, then delivered.
        assertThat(message.headers("X-DKIM-Warning")).hasSize(1);
        assertThat(message.header("Subject")).hasValueSatisfying(subject ->
                assertThat(subject).startsWith("[DKIM failed]"));
    }

    @Test
    void stoppedDnsServerShouldGiveTemperrorAndTheMailShouldStillBeDelivered() {
        dns.stop();
        ReceivedMessage message;
        try {
            message = sendAndReceive(ERIN, RECIPIENT, "plain");
        } finally {
            dns.start();
        }

        assertThat(message.dkimResults(RECEIVER))
                .extracting(DkimOutcome::result, DkimOutcome::domain, DkimOutcome::selector)
                .containsExactly(tuple("temperror", OUTAGE, "o1"));
        assertThat(message.headers("X-DKIM-Warning")).isEmpty();
        assertThat(message.header("Subject")).hasValueSatisfying(subject ->
                assertThat(subject).doesNotContain("[DKIM failed]"));
    }

    static Stream<Arguments> messagesJamesHandlesAfterSigning() {
        return Stream.of(
                arguments("8-bit body, receiver announcing 8BITMIME", "eight-bit", RECIPIENT),
                arguments("8-bit body, receiver without 8BITMIME", "eight-bit", LEGACY_RECIPIENT),
                arguments("a message/rfc822 attachment", "attached-message", RECIPIENT),
                arguments("long folded header fields", "long-folded-headers", RECIPIENT),
                arguments("no MIME-Version", "no-mime-version", RECIPIENT));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("messagesJamesHandlesAfterSigning")
    void whatJamesDoesAfterSigningShouldNotBreakTheSignatures(String shape, String messageName,
            String recipient) {
        ReceivedMessage message = sendAndReceive(BOB, recipient, messageName);

        assertThat(message.dkimResults(RECEIVER))
                .as("%s, as it arrived:%n%s", shape, message)
                .extracting(DkimOutcome::result, DkimOutcome::domain, DkimOutcome::selector)
                .containsExactlyInAnyOrder(tuple("pass", SENDER_B, "b2048"),
                        tuple("pass", SENDER_B, "bed"));
    }

    @Test
    void eightBitBodyShouldReadTheSameAfterTheTripWithout8BitMime() {
        String token = TestMessages.token("eight-bit-text");
        byte[] sent = TestMessages.load("eight-bit", BOB, LEGACY_RECIPIENT, token);

        ReceivedMessage message = send(BOB, LEGACY_RECIPIENT, sent, token);

        String sentText = new String(sent, StandardCharsets.UTF_8);
        String sentBody = sentText.substring(sentText.indexOf("\n\n") + 2);
        assertThat(message.decodedText()).isEqualTo(sentBody);
        assertThat(message.dkimResults(RECEIVER)).extracting(DkimOutcome::result)
                .containsOnly("pass");
        // What the sending James told the receiver that does not announce 8BITMIME.
        String transcript = legacyProxy.clientTranscripts().stream()
                .filter(text -> text.contains(token))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no SMTP session through the proxy"
                        + " carried " + token));
        assertThat(transcript).doesNotContain("BODY=8BITMIME");
        assertThat(transcript.chars()).allMatch(c -> c < 0x80);
    }

    private static ReceivedMessage sendAndReceive(String from, String to, String messageName) {
        String token = TestMessages.token(messageName);
        return send(from, to, TestMessages.load(messageName, from, to, token), token);
    }

    /**
     * Submits as the sender's user, then waits for the message in the recipient's INBOX. The
     * message as it arrived is also kept in {@code received/<token>.eml} of the work folder.
     */
    private static ReceivedMessage send(String from, String to, byte[] message, String token) {
        SmtpClient.submit(sender.smtpPort(), from, PASSWORD, to, message);
        ReceivedMessage received = new Mailbox(receiver.imapPort(), to, PASSWORD)
                .await(token, ARRIVAL_TIMEOUT, SignAndVerifyAcrossServersIT::diagnostics);
        received.saveTo(work.resolve("received").resolve(token + ".eml"));
        return received;
    }

    private static String diagnostics() {
        return "sender's error repository: " + sender.mailRepositoryKeys("var/mail/error")
                + "\n--- the end of the sender's log (" + sender.directory() + "):\n"
                + sender.logTail()
                + "\n--- the end of the receiver's log (" + receiver.directory() + "):\n"
                + receiver.logTail();
    }
}
