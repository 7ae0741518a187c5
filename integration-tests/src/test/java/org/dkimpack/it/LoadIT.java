package org.dkimpack.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.dkimpack.it.MailetContainerEdits.addParameters;
import static org.dkimpack.it.MailetContainerEdits.insertBeforeMailet;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntPredicate;
import java.util.stream.Collectors;

import org.dkimpack.core.dns.KnotServer;
import org.dkimpack.it.ReceivedMessage.DkimOutcome;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Load through the pair of James servers of {@link SignAndVerifyAcrossServersIT}: the sender
 * (sample {@code outbound-signing}) signs with a 2048-bit RSA key of {@code load.test} and
 * relays over SMTP to the receiver (sample {@code inbound-verification}), which verifies with
 * the key record from Knot DNS ({@code dnsTimeout} 1 s).
 *
 * <p>Each phase submits {@value #MESSAGES} small messages, each with a token of its own in
 * its Message-ID and Subject, from {@value #SESSIONS} threads, each holding one SMTP session
 * (logged in as the sender's user) for {@code MESSAGES / SESSIONS} messages. To count fast,
 * the receiver's transport keeps mail for each phase's recipient in a memory mail repository
 * ({@code ToRepository}) instead of a mailbox; the test polls the repository's size over
 * webadmin until all have arrived, waits a little for late duplicates, then reads every mail
 * over webadmin and checks each token arrived exactly once, with its DKIM result.
 *
 * <ol>
 * <li>Phase 1: every message {@code dkim=pass} for {@code d=load.test}, {@code s=load1}.</li>
 * <li>Phase 2: Knot is stopped after {@value #OUTAGE_START} submissions and started again
 *     after {@value #OUTAGE_END}: every message arrives, each {@code pass} or
 *     {@code temperror} (the receiver's resolver caches a positive answer for its TTL, 1 s,
 *     and the receiver's spool lags behind the submissions, so how many of each depends on
 *     timing; the counts are reported, not asserted).</li>
 * </ol>
 *
 * <p>A line per phase (messages, submission throughput, end-to-end time and throughput,
 * result counts) goes to stdout and to {@code target/load-results.md}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LoadIT {
    static final int MESSAGES = 5_000;
    static final int SESSIONS = 8;
    static final int OUTAGE_START = 1_500;
    static final int OUTAGE_END = 3_000;
    private static final Duration ARRIVAL_DEADLINE = Duration.ofMinutes(3);
    /** After the last expected arrival: how long to watch for more (duplicates). */
    private static final Duration SETTLE = Duration.ofSeconds(3);
    private static final int FETCH_THREADS = 4;
    private static final int PAGE = 1_000;

    private static final String DKIM_SIGN = "org.dkimpack.james.DkimSign";
    private static final String DKIM_VERIFY = "org.dkimpack.james.DkimVerify";
    private static final String PASSWORD = "secret-" + UUID.randomUUID();
    private static final String SENDER_DOMAIN = "load.test";
    private static final String RECEIVER = "receiver.test";
    private static final String FROM = "loader@" + SENDER_DOMAIN;
    private static final String SELECTOR = "load1";

    private static final List<String> RESULT_LINES = new ArrayList<>();

    private static KnotServer dns;
    private static JamesServer receiver;
    private static JamesServer sender;
    private static Path work;

    @BeforeAll
    static void startServers() throws IOException {
        work = TestEnvironment.workDirectory(LoadIT.class);
        TestKey key = TestKey.rsa(SENDER_DOMAIN, SELECTOR, 2048);
        Path keyDirectory = work.resolve("keys");
        TestKey.writeKeyDirectory(keyDirectory, List.of(key));
        dns = KnotServer.builder()
                .zone(SENDER_DOMAIN, TestKey.zoneFile(SENDER_DOMAIN, List.of(key)))
                .start();
        String dnsServers = "<dnsServers>" + dns.address() + "</dnsServers>";

        StringBuilder toRepositories = new StringBuilder();
        for (int phase = 1; phase <= 2; phase++) {
            toRepositories.append("<mailet match=\"RecipientIs=").append(recipient(phase))
                    .append("\" class=\"ToRepository\">\n")
                    .append("  <repositoryPath>memory://").append(repository(phase))
                    .append("/</repositoryPath>\n")
                    .append("</mailet>\n");
        }
        receiver = JamesServer.fromSample("inbound-verification")
                .name("receiver")
                .workDirectory(work)
                .domains(RECEIVER)
                .authservId(RECEIVER)
                .maxHeap("768m")
                .editMailetContainer(addParameters(DKIM_VERIFY, dnsServers,
                        "<dnsTimeout>1s</dnsTimeout>"))
                .editMailetContainer(insertBeforeMailet("RecipientRewriteTable",
                        toRepositories.toString()))
                .layOut();
        sender = JamesServer.fromSample("outbound-signing")
                .name("sender")
                .workDirectory(work)
                .domains(SENDER_DOMAIN)
                .keyDirectory(keyDirectory)
                .maxHeap("512m")
                .editMailetContainer(addParameters(DKIM_SIGN, dnsServers))
                .editMailetContainer(addParameters("RemoteDelivery",
                        "<gateway>127.0.0.1</gateway>",
                        "<gatewayPort>" + receiver.smtpPort() + "</gatewayPort>"))
                .layOut();

        JamesServer.startAll(receiver, sender);
        sender.createUser(FROM, PASSWORD);
        receiver.createUser(recipient(1), PASSWORD);
        receiver.createUser(recipient(2), PASSWORD);
    }

    @AfterAll
    static void stopServers() throws IOException {
        JamesServer.closeAll(sender, receiver);
        if (dns != null) {
            dns.close();
        }
        if (!RESULT_LINES.isEmpty()) {
            writeResults();
        }
    }

    @Test
    @Order(1)
    void everyMessageShouldArriveExactlyOnceWithPass() throws Exception {
        Phase phase = run(1, submitted -> true);

        assertThat(phase.missing).as("tokens that did not arrive").isEmpty();
        assertThat(phase.duplicated).as("tokens that arrived more than once").isEmpty();
        assertThat(phase.arrived).isEqualTo(MESSAGES);
        assertThat(phase.unexpected).as("messages without exactly one pass for d=%s s=%s",
                SENDER_DOMAIN, SELECTOR).isEmpty();
        assertThat(phase.results).containsOnlyKeys("pass").containsEntry("pass", MESSAGES);
        assertNoErrorMail();
    }

    @Test
    @Order(2)
    void stoppedAndRestartedDnsServerShouldLoseNoMessage() throws Exception {
        AtomicLong stoppedAt = new AtomicLong();
        AtomicLong startedAt = new AtomicLong();
        Phase phase = run(2, submitted -> {
            if (stoppedAt.get() == 0 && submitted >= OUTAGE_START) {
                dns.stop();
                stoppedAt.set(System.nanoTime());
                log("phase 2: Knot stopped after " + submitted + " submissions");
            }
            if (stoppedAt.get() != 0 && startedAt.get() == 0 && submitted >= OUTAGE_END) {
                dns.start();
                startedAt.set(System.nanoTime());
                log(String.format(Locale.ROOT, "phase 2: Knot started again after %d"
                        + " submissions, %.1f s stopped", submitted,
                        (startedAt.get() - stoppedAt.get()) / 1e9));
            }
            return stoppedAt.get() != 0 && startedAt.get() != 0;
        });

        assertThat(stoppedAt.get()).as("Knot was stopped").isNotZero();
        assertThat(startedAt.get()).as("Knot was started again").isNotZero();
        assertThat(phase.missing).as("tokens that did not arrive").isEmpty();
        assertThat(phase.duplicated).as("tokens that arrived more than once").isEmpty();
        assertThat(phase.arrived).isEqualTo(MESSAGES);
        assertThat(phase.unexpected).as("messages without exactly one pass or temperror"
                + " for d=%s s=%s", SENDER_DOMAIN, SELECTOR).isEmpty();
        assertThat(phase.results.keySet()).isSubsetOf("pass", "temperror");
        assertThat(phase.results.values().stream().mapToInt(Integer::intValue).sum())
                .isEqualTo(MESSAGES);
        assertNoErrorMail();
    }

    /**
     * Submits a phase's messages, waits until they have all arrived (or the deadline), reads
     * them, and records the phase's line. {@code controller} is called with the number of
     * messages submitted so far, from a thread of its own, every few milliseconds, until it
     * answers true or the submissions end.
     */
    private Phase run(int number, IntPredicate controller) throws Exception {
        String recipient = recipient(number);
        String repository = repository(number);
        String label = "load" + number;
        List<String> tokens = new ArrayList<>(MESSAGES);
        for (int i = 0; i < MESSAGES; i++) {
            tokens.add(TestMessages.token(label + "-" + i));
        }
        int perSession = MESSAGES / SESSIONS;

        // Submission: SESSIONS threads, one session each.
        AtomicInteger submitted = new AtomicInteger();
        ExecutorService senders = Executors.newFixedThreadPool(SESSIONS);
        long start = System.nanoTime();
        List<Future<?>> sessions = new ArrayList<>();
        for (int s = 0; s < SESSIONS; s++) {
            List<String> own = tokens.subList(s * perSession, (s + 1) * perSession);
            sessions.add(senders.submit(() -> {
                try (SmtpSession session = SmtpSession.open(sender.smtpPort(), FROM,
                        PASSWORD)) {
                    for (String token : own) {
                        session.send(FROM, recipient,
                                TestMessages.load("plain", FROM, recipient, token));
                        submitted.incrementAndGet();
                    }
                }
                return null;
            }));
        }
        senders.shutdown();
        boolean controlled = false;
        while (!senders.awaitTermination(5, TimeUnit.MILLISECONDS)) {
            if (!controlled) {
                controlled = controller.test(submitted.get());
            }
        }
        long submittedAt = System.nanoTime();
        for (Future<?> session : sessions) {
            session.get();
        }
        if (!controlled) {
            controller.test(submitted.get());
        }
        double submitSeconds = (submittedAt - start) / 1e9;
        log(String.format(Locale.ROOT, "phase %d: %d submitted in %.1f s (%.0f msg/s)",
                number, MESSAGES, submitSeconds, MESSAGES / submitSeconds));

        // Arrival: poll the repository's size.
        long deadline = System.nanoTime() + ARRIVAL_DEADLINE.toNanos();
        long size = receiver.mailRepositorySize(repository);
        while (size < MESSAGES && System.nanoTime() < deadline) {
            Thread.sleep(100);
            size = receiver.mailRepositorySize(repository);
        }
        long arrivedAt = System.nanoTime();
        double endToEndSeconds = (arrivedAt - start) / 1e9;
        log(String.format(Locale.ROOT, "phase %d: %d in the receiver's repository %.1f s after"
                + " the first submission", number, size, endToEndSeconds));
        Thread.sleep(SETTLE.toMillis());

        Phase phase = read(repository, tokens);
        String line = String.format(Locale.ROOT,
                "| %d%s | %d | %d | %.1f | %.0f | %.1f | %.0f | %d | %d | %s |",
                number, number == 2 ? " (Knot stopped and restarted)" : "", MESSAGES,
                phase.arrived, submitSeconds, MESSAGES / submitSeconds, endToEndSeconds,
                phase.arrived / endToEndSeconds, phase.results.getOrDefault("pass", 0),
                phase.results.getOrDefault("temperror", 0),
                phase.missing.size() + " missing, " + phase.duplicated.size()
                        + " duplicated, " + phase.unexpected.size() + " other results");
        RESULT_LINES.add(line);
        log(line);
        if (phase.arrived != MESSAGES || !phase.missing.isEmpty()) {
            log(diagnostics());
        }
        return phase;
    }

    /** Reads every mail of the repository and matches it to the tokens sent. */
    private static Phase read(String repository, List<String> tokens) throws Exception {
        List<String> keys = new ArrayList<>();
        for (int offset = 0; ; offset += PAGE) {
            List<String> page = receiver.mailRepositoryKeys(repository, offset, PAGE);
            keys.addAll(page);
            if (page.size() < PAGE) {
                break;
            }
        }
        Map<String, AtomicInteger> seen = new ConcurrentHashMap<>();
        Map<String, Integer> results = new ConcurrentHashMap<>();
        List<String> unexpected = new ArrayList<>();
        ExecutorService fetchers = Executors.newFixedThreadPool(FETCH_THREADS);
        List<Future<?>> fetches = new ArrayList<>();
        for (String key : keys) {
            fetches.add(fetchers.submit(() -> {
                ReceivedMessage message = receiver.mailRepositoryMessage(repository, key);
                String token = token(message);
                seen.computeIfAbsent(token, t -> new AtomicInteger()).incrementAndGet();
                List<DkimOutcome> outcomes = message.dkimResults(RECEIVER);
                String result = outcomes.size() == 1
                        && outcomes.get(0).domain().equals(SENDER_DOMAIN)
                        && outcomes.get(0).selector().equals(SELECTOR)
                        ? outcomes.get(0).result() : "unexpected";
                results.merge(result, 1, Integer::sum);
                if (result.equals("unexpected") || result.equals("fail")
                        || result.equals("permerror")) {
                    synchronized (unexpected) {
                        if (unexpected.size() < 20) {
                            message.saveTo(work.resolve("unexpected").resolve(key + ".eml"));
                        }
                        unexpected.add(token + ": " + message.headers("Authentication-Results"));
                    }
                }
                return null;
            }));
        }
        fetchers.shutdown();
        for (Future<?> fetch : fetches) {
            fetch.get();
        }
        Phase phase = new Phase();
        phase.arrived = keys.size();
        phase.results = new TreeMap<>(results);
        phase.unexpected = unexpected;
        phase.missing = tokens.stream().filter(token -> !seen.containsKey(token))
                .collect(Collectors.toList());
        phase.duplicated = seen.entrySet().stream().filter(entry -> entry.getValue().get() > 1)
                .map(entry -> entry.getKey() + " x" + entry.getValue().get())
                .collect(Collectors.toList());
        Set<String> sent = new HashSet<>(tokens);
        List<String> strangers = seen.keySet().stream().filter(token -> !sent.contains(token))
                .collect(Collectors.toList());
        phase.unexpected.addAll(strangers.stream().map(token -> token + ": not sent")
                .collect(Collectors.toList()));
        return phase;
    }

    /** Neither server put a mail in its error repository. */
    private static void assertNoErrorMail() {
        assertThat(sender.mailRepositorySize("var/mail/error")).as("sender's error mails")
                .isZero();
        assertThat(receiver.mailRepositorySize("var/mail/error")).as("receiver's error mails")
                .isZero();
    }

    /** The token of a test message: its Message-ID is {@code <token@dkimpack.test>}. */
    private static String token(ReceivedMessage message) {
        String id = message.header("Message-ID").orElse("<none@>");
        return id.substring(id.indexOf('<') + 1, id.indexOf('@'));
    }

    private static String recipient(int phase) {
        return "phase" + phase + "@" + RECEIVER;
    }

    private static String repository(int phase) {
        return "var/mail/load-" + phase;
    }

    private static void log(String line) {
        System.out.println("[LoadIT] " + line);
    }

    private static String diagnostics() {
        return "sender's error repository: " + sender.mailRepositorySize("var/mail/error")
                + ", receiver's: " + receiver.mailRepositorySize("var/mail/error")
                + "\n--- the end of the sender's log (" + sender.directory() + "):\n"
                + sender.logTail()
                + "\n--- the end of the receiver's log (" + receiver.directory() + "):\n"
                + receiver.logTail();
    }

    private static void writeResults() throws IOException {
        String text = "Measured by LoadIT (" + MESSAGES + " messages per phase, " + SESSIONS
                + " SMTP sessions, " + Runtime.getRuntime().availableProcessors()
                + " cores):\n\n"
                + "| phase | sent | arrived | submission s | submission msg/s"
                + " | end-to-end s | end-to-end msg/s | pass | temperror | lost/other |\n"
                + "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |\n"
                + String.join("\n", RESULT_LINES) + "\n";
        Path target = Paths.get(System.getProperty("itWorkDirectory", "target/it-work"))
                .toAbsolutePath().getParent();
        Files.writeString(target.resolve("load-results.md"), text, StandardCharsets.UTF_8);
        Files.writeString(work.resolve("load-results.md"), text, StandardCharsets.UTF_8);
        System.out.println(text);
    }

    /** What one phase measured and found. */
    private static final class Phase {
        private int arrived;
        private Map<String, Integer> results;
        private List<String> missing;
        private List<String> duplicated;
        private List<String> unexpected;
    }
}
