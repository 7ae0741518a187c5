package org.dkimpack.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.dkimpack.it.MailetContainerEdits.addParameters;
import static org.dkimpack.it.MailetContainerEdits.replace;
import static org.dkimpack.it.MailetContainerEdits.switchProcessor;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.conscrypt.Conscrypt;
import org.dkimpack.core.dns.KnotServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * What DkimSign costs a James server end to end: messages per second submitted over SMTP to
 * the {@code outbound-signing} sample and through its pipeline, with DkimSign and without.
 *
 * <p>Four servers from the same sample, started side by side with the JVM's production
 * defaults: one signing with a 2048-bit RSA key through the JDK, one with the same key
 * through Conscrypt (its jar beside the pack's), one with an Ed25519 key, one whose DkimSign
 * never matches. Both keep outgoing mail in their
 * {@code relay-hold} repository instead of delivering it (the sample's one-line switch), so
 * the figure is James's own work: SMTP, spooling, the mailet pipeline, signing. Rounds
 * go round the servers, after a warm-up on each, so that a machine that slows down
 * during the run weighs on both alike. A round is timed from the first submission until the
 * last message is in the repository.
 *
 * <p>A benchmark, not a test of speed: it asserts only that every message arrived, signed by
 * the signing servers with their key and not by the other, and prints the table, also written to
 * {@code target/signing-overhead.md}. It runs only when asked, through
 * {@code scripts/bench --end-to-end}.
 */
@EnabledIfSystemProperty(named = "dkimpack.endToEnd", matches = "true")
class SigningOverheadIT {
    private static final int SESSIONS = 8;
    private static final int WARM_UP = Integer.getInteger("dkimpack.endToEnd.warmUp", 8_000);
    private static final int MESSAGES = Integer.getInteger("dkimpack.endToEnd.messages", 4_000);
    private static final int ROUNDS = Integer.getInteger("dkimpack.endToEnd.rounds", 5);
    private static final Duration ARRIVAL_DEADLINE = Duration.ofMinutes(3);

    private static final String DKIM_SIGN = "org.dkimpack.james.DkimSign";
    private static final String HELD = "var/mail/relay";
    private static final String PASSWORD = "secret-" + UUID.randomUUID();
    private static final String DOMAIN = "overhead.test";
    private static final String FROM = "bench@" + DOMAIN;
    private static final String TO = "someone@elsewhere.example";
    private static final String RSA_SELECTOR = "rsa1";
    private static final String ED25519_SELECTOR = "ed1";

    private static KnotServer dns;
    private static JamesServer rsa;
    private static JamesServer rsaConscrypt;
    private static JamesServer ed25519;
    private static JamesServer plain;
    private static Path work;

    @BeforeAll
    static void startServers() throws IOException {
        work = TestEnvironment.workDirectory(SigningOverheadIT.class);
        TestKey rsaKey = TestKey.rsa(DOMAIN, RSA_SELECTOR, 2048);
        TestKey ed25519Key = TestKey.ed25519(DOMAIN, ED25519_SELECTOR);
        Path rsaKeys = work.resolve("rsa-keys");
        TestKey.writeKeyDirectory(rsaKeys, List.of(rsaKey));
        Path ed25519Keys = work.resolve("ed25519-keys");
        TestKey.writeKeyDirectory(ed25519Keys, List.of(ed25519Key));
        // DkimSign checks at start that the published records match the keys.
        dns = KnotServer.builder()
                .zone(DOMAIN, TestKey.zoneFile(DOMAIN, List.of(rsaKey, ed25519Key)))
                .start();
        String dnsServers = "<dnsServers>" + dns.address() + "</dnsServers>";

        rsa = server("rsa", rsaKeys, dnsServers).layOut();
        rsaConscrypt = server("rsa-conscrypt", rsaKeys, dnsServers)
                .extensionJar(TestEnvironment.jarOf(Conscrypt.class))
                .layOut();
        ed25519 = server("ed25519", ed25519Keys, dnsServers).layOut();
        plain = server("plain", rsaKeys, dnsServers)
                .editMailetContainer(replace("<mailet match=\"All\" class=\"" + DKIM_SIGN + "\">",
                        "<mailet match=\"HasHeader=X-Never-Present\" class=\"" + DKIM_SIGN
                                + "\">"))
                .layOut();
        JamesServer.startAll(rsa, rsaConscrypt, ed25519, plain);
        for (JamesServer server : List.of(rsa, rsaConscrypt, ed25519, plain)) {
            server.createUser(FROM, PASSWORD);
        }
    }

    private static JamesServer.Builder server(String name, Path keyDirectory,
            String dnsServers) {
        return JamesServer.fromSample("outbound-signing")
                .name(name)
                .workDirectory(work)
                .domains(DOMAIN)
                .keyDirectory(keyDirectory)
                .maxHeap("1g")
                .productionJvm()
                .editMailetContainer(addParameters(DKIM_SIGN, dnsServers))
                .editMailetContainer(switchProcessor("remote-delivery", "relay-hold"));
    }

    @AfterAll
    static void stopServers() {
        JamesServer.closeAll(rsa, rsaConscrypt, ed25519, plain);
        if (dns != null) {
            dns.close();
        }
    }

    @Test
    void signingShouldCostWhatTheTableSays() throws Exception {
        for (JamesServer server : List.of(plain, rsa, rsaConscrypt, ed25519)) {
            round(server, "warm-up", WARM_UP);
        }
        List<Double> plainRates = new ArrayList<>();
        List<Double> rsaRates = new ArrayList<>();
        List<Double> conscryptRates = new ArrayList<>();
        List<Double> ed25519Rates = new ArrayList<>();
        for (int number = 1; number <= ROUNDS; number++) {
            plainRates.add(round(plain, "round " + number, MESSAGES));
            rsaRates.add(round(rsa, "round " + number, MESSAGES));
            conscryptRates.add(round(rsaConscrypt, "round " + number, MESSAGES));
            ed25519Rates.add(round(ed25519, "round " + number, MESSAGES));
        }

        assertThat(anyHeld(rsa).headers("DKIM-Signature")).singleElement().asString()
                .contains("a=rsa-sha256").contains("d=" + DOMAIN).contains("s=" + RSA_SELECTOR);
        assertThat(anyHeld(rsaConscrypt).headers("DKIM-Signature")).singleElement().asString()
                .contains("a=rsa-sha256").contains("s=" + RSA_SELECTOR);
        assertThat(Files.readString(rsaConscrypt.directory().resolve("james.log"),
                StandardCharsets.UTF_8)).contains("RSA signatures through Conscrypt ");
        assertThat(anyHeld(ed25519).headers("DKIM-Signature")).singleElement().asString()
                .contains("a=ed25519-sha256").contains("s=" + ED25519_SELECTOR);
        assertThat(anyHeld(plain).headers("DKIM-Signature")).isEmpty();
        for (JamesServer server : List.of(rsa, rsaConscrypt, ed25519, plain)) {
            assertThat(server.mailRepositorySize("var/mail/error")).as("%s: error mails", server)
                    .isZero();
        }

        writeTable(plainRates, rsaRates, conscryptRates, ed25519Rates);
    }

    /** Submits {@code count} messages to {@code server}; returns messages per second. */
    private static double round(JamesServer server, String label, int count) throws Exception {
        long before = server.mailRepositorySize(HELD);
        ExecutorService senders = Executors.newFixedThreadPool(SESSIONS);
        List<Future<?>> sessions = new ArrayList<>();
        long start = System.nanoTime();
        for (int session = 0; session < SESSIONS; session++) {
            int own = count / SESSIONS + (session < count % SESSIONS ? 1 : 0);
            String prefix = label.replace(' ', '-') + "-" + session;
            sessions.add(senders.submit(() -> {
                try (SmtpSession smtp = SmtpSession.open(server.smtpPort(), FROM, PASSWORD)) {
                    for (int index = 0; index < own; index++) {
                        smtp.send(FROM, TO, TestMessages.load("plain", FROM, TO,
                                TestMessages.token(prefix + "-" + index)));
                    }
                }
                return null;
            }));
        }
        senders.shutdown();
        for (Future<?> session : sessions) {
            session.get();
        }
        long deadline = System.nanoTime() + ARRIVAL_DEADLINE.toNanos();
        long held = server.mailRepositorySize(HELD);
        while (held < before + count && System.nanoTime() < deadline) {
            Thread.sleep(20);
            held = server.mailRepositorySize(HELD);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        assertThat(held).as("%s: messages held by %s", label, server).isEqualTo(before + count);
        double rate = count / seconds;
        System.out.printf(Locale.ROOT, "[SigningOverheadIT] %s, %s: %d messages in %.2f s,"
                + " %.0f msg/s%n", server, label, count, seconds, rate);
        return rate;
    }

    private static ReceivedMessage anyHeld(JamesServer server) {
        List<String> keys = server.mailRepositoryKeys(HELD, 0, 1);
        assertThat(keys).isNotEmpty();
        return server.mailRepositoryMessage(HELD, keys.get(0));
    }

    private static void writeTable(List<Double> plainRates, List<Double> rsaRates,
            List<Double> conscryptRates, List<Double> ed25519Rates) throws IOException {
        StringBuilder table = new StringBuilder();
        table.append(String.format(Locale.ROOT, "SigningOverheadIT: %d messages of about 0.4 kB"
                + " per round from %d SMTP sessions, relaxed/relaxed, %d cores%n%n",
                MESSAGES, SESSIONS, Runtime.getRuntime().availableProcessors()));
        table.append("| round | without DkimSign | DkimSign, RSA-2048 | overhead"
                + " | RSA-2048, Conscrypt | overhead | DkimSign, Ed25519 | overhead |\n");
        table.append("|---|--:|--:|--:|--:|--:|--:|--:|\n");
        for (int index = 0; index < plainRates.size(); index++) {
            table.append(row(String.valueOf(index + 1), plainRates.get(index),
                    rsaRates.get(index), conscryptRates.get(index), ed25519Rates.get(index)));
        }
        table.append(row("mean", mean(plainRates), mean(rsaRates), mean(conscryptRates),
                mean(ed25519Rates)));
        Path target = Paths.get(System.getProperty("itWorkDirectory", "target/it-work"))
                .toAbsolutePath().getParent();
        Files.writeString(target.resolve("signing-overhead.md"), table, StandardCharsets.UTF_8);
        System.out.println(table);
    }

    private static String row(String label, double plainRate, double... signingRates) {
        StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "| %s | %.0f msg/s",
                label, plainRate));
        for (double rate : signingRates) {
            row.append(String.format(Locale.ROOT, " | %.0f msg/s | %.1f%%", rate,
                    100 * (1 - rate / plainRate)));
        }
        return row.append(" |\n").toString();
    }

    private static double mean(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    }
}
