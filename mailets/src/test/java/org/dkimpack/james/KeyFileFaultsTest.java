package org.dkimpack.james;

import static org.assertj.core.api.Assertions.assertThat;
import static org.dkimpack.james.DkimTestSupport.ED25519;
import static org.dkimpack.james.DkimTestSupport.FROM_EXAMPLE_COM;
import static org.dkimpack.james.DkimTestSupport.FROM_EXAMPLE_NET;
import static org.dkimpack.james.DkimTestSupport.RSA_2048;
import static org.dkimpack.james.DkimTestSupport.bytes;
import static org.dkimpack.james.DkimTestSupport.config;
import static org.dkimpack.james.DkimTestSupport.headers;
import static org.dkimpack.james.DkimTestSupport.parameters;
import static org.dkimpack.james.DkimTestSupport.verify;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import javax.mail.MessagingException;

import ch.qos.logback.classic.Level;
import org.apache.mailet.Mail;
import org.apache.mailet.base.test.FakeMail;
import org.dkimpack.core.result.DkimResult;
import org.dkimpack.core.tag.TagList;
import org.dkimpack.james.DkimTestSupport.SigningTable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A key file deleted, truncated or replaced while James runs (issue 7): every message still
 * goes on, unsigned or to the error processor as {@code onError} says; each gets exactly one
 * error line naming it, its domain and the key file; and signing resumes by itself once a
 * good key is back, without the mailet being initialised again.
 *
 * <p>The keys come from a signing table, which names each key file: a file deleted from a
 * key directory is a key taken away, not a fault.
 */
class KeyFileFaultsTest {
    @RegisterExtension
    final LogCapture logs = new LogCapture();

    @TempDir
    Path folder;

    private SigningTable table;
    private Path tableFile;
    private final List<DkimSign> mailets = new ArrayList<>();

    /** example.com signs with RSA and Ed25519, example.net with Ed25519 alone. */
    @BeforeEach
    void setUp() {
        table = new SigningTable(folder)
                .add("example.com", "s2024", RSA_2048)
                .add("example.com", "ed2024", ED25519)
                .add("example.net", "net-ed", ED25519);
        tableFile = table.write();
    }

    @AfterEach
    void destroyMailets() {
        mailets.forEach(DkimSign::destroy);
    }

    private DkimSign signer(String onError) throws MessagingException {
        return signer(onError, "0s", Clock.systemUTC());
    }

    private DkimSign signer(String onError, String reloadInterval, Clock clock)
            throws MessagingException {
        DkimSign mailet = new DkimSign();
        mailet.useClock(clock);
        mailet.useResolverForChecks(table.dns());
        mailet.init(config("DkimSign", parameters(
                DkimSign.SIGNING_TABLE, tableFile.toString(),
                DkimSign.ON_ERROR, onError,
                DkimSign.RELOAD_INTERVAL, reloadInterval)));
        mailets.add(mailet);
        return mailet;
    }

    /** A test message as a mail with a name of its own, to find its log lines by. */
    private static FakeMail mail(String messageResource, String name)
            throws MessagingException {
        FakeMail mail = DkimTestSupport.mail(messageResource);
        mail.setName(name);
        return mail;
    }

    private static List<String> selectors(Mail mail) throws Exception {
        List<String> selectors = new ArrayList<>();
        for (String field : headers(mail, "DKIM-Signature")) {
            selectors.add(TagList.parse(field).get("s").orElseThrow());
        }
        return selectors;
    }

    private void restore(String domain, String selector, String keyResource) {
        DkimTestSupport.write(table.keyFile(domain, selector),
                DkimTestSupport.resource("keys/" + keyResource));
    }

    @ParameterizedTest
    @EnumSource(KeyFileFault.class)
    void serviceShouldPassEveryMailUnsignedWithOneErrorEachWhileTheKeyIsBroken(
            KeyFileFault fault) throws Exception {
        DkimSign mailet = signer("pass");
        fault.applyTo(table.keyFile("example.net", "net-ed"));
        FakeMail first = mail(FROM_EXAMPLE_NET, "first-mail");
        FakeMail second = mail(FROM_EXAMPLE_NET, "second-mail");
        byte[] firstBefore = bytes(first);
        byte[] secondBefore = bytes(second);

        mailet.service(first);
        mailet.service(second);

        assertThat(bytes(first)).isEqualTo(firstBefore);
        assertThat(bytes(second)).isEqualTo(secondBefore);
        for (FakeMail mail : List.of(first, second)) {
            assertThat(mail.getState()).isEqualTo("relay");
            assertThat(mail.getErrorMessage()).isNull();
            assertThat(logs.errorsAbout(mail.getName())).as(logs.summary()).singleElement()
                    .asString()
                    .contains("from example.net goes on unsigned")
                    .contains(table.keyFile("example.net", "net-ed").toString())
                    .contains(fault.reported());
        }
    }

    @ParameterizedTest
    @EnumSource(KeyFileFault.class)
    void serviceShouldSendEveryMailToTheErrorProcessorWithOneErrorEachWhileTheKeyIsBroken(
            KeyFileFault fault) throws Exception {
        DkimSign mailet = signer("error");
        fault.applyTo(table.keyFile("example.net", "net-ed"));
        FakeMail first = mail(FROM_EXAMPLE_NET, "first-mail");
        FakeMail second = mail(FROM_EXAMPLE_NET, "second-mail");
        byte[] firstBefore = bytes(first);

        mailet.service(first);
        mailet.service(second);

        assertThat(bytes(first)).isEqualTo(firstBefore);
        for (FakeMail mail : List.of(first, second)) {
            assertThat(mail.getState()).isEqualTo(Mail.ERROR);
            assertThat(mail.getErrorMessage()).contains("example.net").contains(fault.reported());
            assertThat(logs.errorsAbout(mail.getName())).as(logs.summary()).singleElement()
                    .asString()
                    .contains("from example.net goes to the error processor")
                    .contains(fault.reported());
        }
    }

    @ParameterizedTest
    @EnumSource(KeyFileFault.class)
    void serviceShouldSignWithTheOtherKeyAndLogOneErrorWhenOneOfTwoKeysIsBroken(
            KeyFileFault fault) throws Exception {
        DkimSign mailet = signer("pass");
        fault.applyTo(table.keyFile("example.com", "s2024"));
        FakeMail mail = mail(FROM_EXAMPLE_COM, "half-signed");

        mailet.service(mail);

        assertThat(selectors(mail)).containsExactly("ed2024");
        assertThat(verify(bytes(mail), table.dns()).summary()).isEqualTo(DkimResult.PASS);
        assertThat(logs.errorsAbout("half-signed")).as(logs.summary()).singleElement()
                .asString()
                .contains("signed without some of its keys")
                .contains(table.keyFile("example.com", "s2024").toString())
                .contains(fault.reported());
    }

    @ParameterizedTest
    @EnumSource(KeyFileFault.class)
    void serviceShouldSignAgainWithoutNewInitOnceTheGoodKeyIsBack(KeyFileFault fault)
            throws Exception {
        DkimSign mailet = signer("pass");
        FakeMail before = mail(FROM_EXAMPLE_NET, "signed-before");
        mailet.service(before);
        fault.applyTo(table.keyFile("example.net", "net-ed"));
        FakeMail broken = mail(FROM_EXAMPLE_NET, "sent-while-broken");
        mailet.service(broken);
        restore("example.net", "net-ed", ED25519);
        FakeMail after = mail(FROM_EXAMPLE_NET, "sent-after-repair");

        mailet.service(after);

        assertThat(selectors(before)).containsExactly("net-ed");
        assertThat(selectors(broken)).isEmpty();
        assertThat(selectors(after)).containsExactly("net-ed");
        assertThat(verify(bytes(after), table.dns()).summary()).isEqualTo(DkimResult.PASS);
        assertThat(logs.errorsAbout("signed-before")).isEmpty();
        assertThat(logs.errorsAbout("sent-while-broken")).hasSize(1);
        assertThat(logs.errorsAbout("sent-after-repair")).isEmpty();
    }

    /** The default interval: a key put back is seen once the interval has passed. */
    @Test
    void serviceShouldSignAgainWithinTheReloadIntervalOnceADeletedKeyIsPutBack()
            throws Exception {
        SteppingClock clock = new SteppingClock();
        DkimSign mailet = signer("pass", "10s", clock);
        KeyFileFault.DELETED.applyTo(table.keyFile("example.net", "net-ed"));
        clock.advance(Duration.ofSeconds(11));
        FakeMail deleted = mail(FROM_EXAMPLE_NET, "sent-while-deleted");
        mailet.service(deleted);
        restore("example.net", "net-ed", ED25519);
        clock.advance(Duration.ofSeconds(1));
        FakeMail tooSoon = mail(FROM_EXAMPLE_NET, "sent-too-soon");
        mailet.service(tooSoon);
        clock.advance(Duration.ofSeconds(10));
        FakeMail later = mail(FROM_EXAMPLE_NET, "sent-later");

        mailet.service(later);

        assertThat(selectors(deleted)).isEmpty();
        assertThat(selectors(tooSoon)).isEmpty();
        assertThat(selectors(later)).containsExactly("net-ed");
        assertThat(Map.of(
                "sent-while-deleted", logs.errorsAbout("sent-while-deleted").size(),
                "sent-too-soon", logs.errorsAbout("sent-too-soon").size(),
                "sent-later", logs.errorsAbout("sent-later").size()))
                .isEqualTo(Map.of("sent-while-deleted", 1, "sent-too-soon", 1, "sent-later", 0));
        assertThat(logs.messages(Level.INFO,
                "changed on disk and was read again").stream()
                .filter(line -> line.contains("net-ed")).collect(Collectors.toList()))
                .hasSize(1);
    }

    /** A clock the test moves forward by hand. */
    private static final class SteppingClock extends Clock {
        private Instant now = Instant.parse("2026-12-03T10:15:00Z");

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException("the test clock stays in UTC");
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
