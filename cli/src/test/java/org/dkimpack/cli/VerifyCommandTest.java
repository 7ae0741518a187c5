package org.dkimpack.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.dkimpack.core.dns.KnotServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VerifyCommandTest {
    private static KnotServer dns;

    private final CommandRunner dkimpack = new CommandRunner();

    @TempDir
    private Path directory;

    private Path rsaKey;
    private Path message;

    @BeforeAll
    static void startDns() throws Exception {
        dns = LoopbackDns.start();
    }

    @AfterAll
    static void stopDns() {
        dns.close();
    }

    @BeforeEach
    void setUp() {
        rsaKey = TestData.copy("keys/rsa-2048.pem", directory);
        message = TestData.copy("messages/plain.eml", directory);
    }

    @Test
    void verifyShouldPassWithTheRecordFromDns() throws Exception {
        Path signed = signed("example.com", "good");

        CommandRunner.Result result = dkimpack.run("verify", "--authserv-id", "mx.example.net",
                "--dns-server", dns.address(), signed);

        assertThat(result.status()).as(result.toString()).isEqualTo(ExitStatus.OK);
        assertThat(result.out()).startsWith("Authentication-Results: mx.example.net;\n"
                + "\tdkim=pass (2048-bit key) header.d=example.com header.i=@example.com\n"
                + "\theader.s=good header.a=rsa-sha256 header.b=");
    }

    @Test
    void verifyShouldExitWith75WhenDnsFailsForEverySignature() throws Exception {
        Path signed = signed(LoopbackDns.BROKEN_ZONE, "s1");

        CommandRunner.Result result = dkimpack.run("verify", "--authserv-id", "mx.example.net",
                "--dns-server", dns.address(), "--timeout", "2s", signed);

        assertThat(result.status()).as(result.toString()).isEqualTo(ExitStatus.TEMPORARY_FAILURE);
        assertThat(result.out()).contains("dkim=temperror");
        assertThat(result.err()).contains("signature 1: temperror d=broken.example s=s1")
                .contains("SERVFAIL");
    }

    @Test
    void verifyShouldExitWith1WhenATemporaryFailureComesWithAFailure() throws Exception {
        byte[] failing = Files.readAllBytes(signed(LoopbackDns.BROKEN_ZONE, "s1"));
        Path twice = directory.resolve("twice.eml");
        Files.write(twice, dkimpack.standardInput(failing).run("sign", "--domain",
                "example.com", "--selector", "weak", "--key", rsaKey, "-").outBytes());

        CommandRunner.Result result = dkimpack.run("verify", "--authserv-id", "mx.example.net",
                "--dns-server", dns.address(), "--timeout", "2s", twice);

        assertThat(result.status()).as(result.toString()).isEqualTo(ExitStatus.FAILURE);
        assertThat(result.out()).contains("dkim=temperror").contains("dkim=permerror");
    }

    @Test
    void keyRecordShouldAnswerForTheNameGivenAndDnsForTheOthers() throws Exception {
        Path signed = directory.resolve("signed.eml");
        Files.write(signed, dkimpack.run("sign", "--domain", "example.com", "--key", rsaKey,
                "--selector", "unpublished", "--key", TestData.copy("keys/ed25519.pem",
                        directory), "--selector", "ed", message).outBytes());

        CommandRunner.Result result = dkimpack.run("verify", "--authserv-id", "mx.example.net",
                "--dns-server", dns.address(), "--key-record",
                "unpublished._domainkey.example.com.=" + TestData.record("rsa-2048"), signed);

        assertThat(result.status()).as(result.toString()).isEqualTo(ExitStatus.OK);
        assertThat(result.err()).contains("signature 1: pass d=example.com s=unpublished")
                .contains("signature 2: pass d=example.com s=ed");
    }

    @Test
    void keyRecordAloneShouldLeaveOtherNamesMissing() throws Exception {
        Path signed = signed("example.com", "good");

        CommandRunner.Result result = dkimpack.run("verify", "--authserv-id", "mx.example.net",
                "--key-record", "other._domainkey.example.com=" + TestData.record("rsa-2048"),
                signed);

        assertThat(result.status()).isEqualTo(ExitStatus.FAILURE);
        assertThat(result.out()).contains("dkim=permerror (no key record at"
                + " good._domainkey.example.com)");
    }

    @Test
    void anUnsignedMessageShouldBeNoneAndExit1() {
        CommandRunner.Result result = dkimpack.run("verify", "--authserv-id", "mx.example.net",
                "--key-record", "good._domainkey.example.com=" + TestData.record("rsa-2048"),
                message);

        assertThat(result.status()).isEqualTo(ExitStatus.FAILURE);
        assertThat(result.out()).isEqualTo("Authentication-Results: mx.example.net;\n"
                + "\tdkim=none\n");
        assertThat(result.err()).isEqualTo("no DKIM-Signature field in " + message + "\n");
    }

    @Test
    void verifyShouldReadStandardInput() throws Exception {
        dkimpack.standardInput(Files.readAllBytes(signed("example.com", "good")));

        CommandRunner.Result result = dkimpack.run("verify", "--authserv-id", "mx.example.net",
                "--key-record", "good._domainkey.example.com=" + TestData.record("rsa-2048"));

        assertThat(result.status()).as(result.toString()).isEqualTo(ExitStatus.OK);
    }

    @Test
    void verifyShouldNameTheHostWhenNoAuthservIdIsGiven() {
        CommandRunner.Result result = dkimpack.run("verify", "--key-record",
                "good._domainkey.example.com=" + TestData.record("rsa-2048"), message);

        assertThat(result.out()).matches("(?s)Authentication-Results: [A-Za-z0-9._-]+;\n.*");
    }

    @Test
    void verifyShouldRefuseAKeyRecordWithoutName() {
        CommandRunner.Result result = dkimpack.run("verify", "--key-record",
                "v=DKIM1; k=rsa; p=MIIB", message);

        assertThat(result.status()).isEqualTo(ExitStatus.USAGE);
        assertThat(result.err()).contains("--key-record name 'v' is not where a key record"
                + " lives; expected SELECTOR._domainkey.DOMAIN");
    }

    @Test
    void verifyShouldRefuseAKeyRecordWithoutValue() {
        CommandRunner.Result result = dkimpack.run("verify", "--key-record",
                "s1._domainkey.example.com", message);

        assertThat(result.status()).isEqualTo(ExitStatus.USAGE);
        assertThat(result.err()).contains("--key-record 's1._domainkey.example.com' is not"
                + " NAME=VALUE");
    }

    @Test
    void verifyShouldRefuseAnAuthservIdThatIsNoToken() {
        CommandRunner.Result result = dkimpack.run("verify", "--authserv-id", "mx example",
                message);

        assertThat(result.status()).isEqualTo(ExitStatus.USAGE);
        assertThat(result.err()).contains("--authserv-id 'mx example'");
    }

    @Test
    void verifyShouldRefuseADnsServerThatIsNoAddress() {
        CommandRunner.Result result = dkimpack.run("verify", "--dns-server", "[::1", message);

        assertThat(result.status()).isEqualTo(ExitStatus.USAGE);
        assertThat(result.err()).contains("--dns-server");
    }

    @Test
    void verifyShouldRefuseATimeoutThatIsNoDuration() {
        CommandRunner.Result result = dkimpack.run("verify", "--timeout", "soon", message);

        assertThat(result.status()).isEqualTo(ExitStatus.USAGE);
        assertThat(result.err()).contains("'soon' is not a duration");
    }

    @Test
    void verifyShouldNameAMissingMessageFile() {
        Path missing = directory.resolve("missing.eml");

        CommandRunner.Result result = dkimpack.run("verify", "--key-record",
                "good._domainkey.example.com=" + TestData.record("rsa-2048"), missing);

        assertThat(result.status()).isEqualTo(ExitStatus.NO_INPUT);
        assertThat(result.err()).contains("dkimpack verify: " + missing
                + ": message file not found");
    }

    private Path signed(String domain, String selector) throws Exception {
        CommandRunner.Result sign = dkimpack.run("sign", "--domain", domain, "--selector",
                selector, "--key", rsaKey, message);
        assertThat(sign.status()).as(sign.toString()).isEqualTo(ExitStatus.OK);
        Path signed = directory.resolve(domain + "-" + selector + ".eml");
        Files.write(signed, sign.outBytes());
        return signed;
    }
}
