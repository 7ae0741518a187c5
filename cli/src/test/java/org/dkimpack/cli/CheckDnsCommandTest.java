package org.dkimpack.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.dkimpack.core.dns.KnotServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** check-dns against a real DNS server on loopback, serving dns/example.com.zone. */
class CheckDnsCommandTest {
    private static KnotServer dns;

    private final CommandRunner dkimpack = new CommandRunner();

    @TempDir
    private Path directory;

    private Path rsaKey;

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
    }

    @Test
    void aGoodRecordShouldBeUsable() {
        CommandRunner.Result result = checkDns("good");

        assertThat(result.status()).as(result.toString()).isEqualTo(ExitStatus.OK);
        assertThat(result.out()).startsWith("Checking the DKIM key record at"
                + " good._domainkey.example.com (asking " + dns.address() + ")\n")
                .contains("ok      found 1 TXT record\n")
                .contains("info    value: v=DKIM1; k=rsa; p=MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIB"
                        + "CgKCAQEAqQ...HfrxNF1n6QIDAQAB (410 characters)\n")
                .contains("ok      parses as a DKIM key record\n")
                .contains("info    key: rsa, 2048 bits\n")
                .contains("info    flags: none\n")
                .doesNotContain("warning", "error")
                .endsWith("Verdict: usable\n");
        assertThat(result.err()).isEmpty();
    }

    @Test
    void aGoodRecordShouldMatchItsPrivateKey() {
        CommandRunner.Result result = checkDns("good", "--key", rsaKey.toString());

        assertThat(result.status()).as(result.toString()).isEqualTo(ExitStatus.OK);
        assertThat(result.out()).contains("ok      publishes the public half of " + rsaKey)
                .endsWith("Verdict: usable, and it matches " + rsaKey + "\n");
    }

    @Test
    void anEd25519RecordShouldBeUsable() {
        CommandRunner.Result result = checkDns("ed", "--key",
                TestData.copy("keys/ed25519.pem", directory).toString());

        assertThat(result.status()).as(result.toString()).isEqualTo(ExitStatus.OK);
        assertThat(result.out()).contains("info    key: ed25519, 256 bits\n");
    }

    @Test
    void aRecordOfAnotherKeyShouldBeAMismatch() {
        Path otherKey = TestData.copy("keys/ed25519.pem", directory);

        CommandRunner.Result result = checkDns("good", "--key", otherKey.toString());

        assertThat(result.status()).as(result.toString()).isEqualTo(ExitStatus.FAILURE);
        assertThat(result.out()).contains("error   does not publish the public half of "
                + otherKey + " (the record has an rsa key of 2048 bits, the file an ed25519 key"
                + " of 256 bits)")
                .endsWith("Verdict: NOT usable, 1 error\n");
    }

    @Test
    void aRecordPastedWithALineBreakInsideTheKeyShouldNotBeUsable() {
        CommandRunner.Result result = checkDns("linebreak");

        assertThat(result.status()).as(result.toString()).isEqualTo(ExitStatus.FAILURE);
        assertThat(result.out()).contains("error   p= contains spaces or line breaks\n")
                .contains("error   the value holds a line break at character 139: it was"
                        + " pasted across lines")
                .contains("Verdict: NOT usable, 2 errors");
    }

    @Test
    void aRecordWithASpaceInsideTheKeyShouldBeUsableWithAWarning() {
        CommandRunner.Result result = checkDns("spaced", "--key", rsaKey.toString());

        assertThat(result.status()).as(result.toString()).isEqualTo(ExitStatus.OK);
        assertThat(result.out()).contains("warning p= contains spaces or line breaks\n")
                .endsWith("Verdict: usable, and it matches " + rsaKey + " (1 warning)\n");
    }

    @Test
    void aTruncatedKeyShouldNotBeUsable() {
        CommandRunner.Result result = checkDns("truncated", "--key", rsaKey.toString());

        assertThat(result.status()).as(result.toString()).isEqualTo(ExitStatus.FAILURE);
        assertThat(result.out()).contains("error   does not parse: p= does not hold an RSA"
                + " public key")
                .contains("error   p= looks cut short (RSA key does not decode; 300 base64"
                        + " chars)")
                .contains("info    not compared with " + rsaKey + ": the record holds no key")
                .endsWith("Verdict: NOT usable, 2 errors\n");
    }

    @Test
    void aValueCutAt255CharactersShouldNotBeUsable() {
        CommandRunner.Result result = checkDns("cut255");

        assertThat(result.status()).as(result.toString()).isEqualTo(ExitStatus.FAILURE);
        assertThat(result.out()).contains("error   does not parse: p= is not valid base64")
                .contains("error   the value is exactly 255 characters long, the most one TXT"
                        + " string holds: it was probably cut there")
                .endsWith("Verdict: NOT usable, 2 errors\n");
    }

    @Test
    void a512BitKeyShouldNotBeUsable() {
        CommandRunner.Result result = checkDns("weak");

        assertThat(result.status()).as(result.toString()).isEqualTo(ExitStatus.FAILURE);
        assertThat(result.out()).contains("info    key: rsa, 512 bits\n")
                .contains("error   key has 512 bits; at least 1024 are required"
                        + " (RFC 8301 §3.2)\n")
                .endsWith("Verdict: NOT usable, 1 error\n");
    }

    @Test
    void a1024BitKeyShouldBeUsableWithAWarning() {
        CommandRunner.Result result = checkDns("short");

        assertThat(result.status()).as(result.toString()).isEqualTo(ExitStatus.OK);
        assertThat(result.out()).contains("warning key has 1024 bits; 2048 or more are"
                + " recommended (RFC 8301 §3.2)\n")
                .endsWith("Verdict: usable (1 warning)\n");
    }

    @Test
    void aMissingRecordShouldNotBeUsable() {
        CommandRunner.Result result = checkDns("missing", "--key", rsaKey.toString());

        assertThat(result.status()).as(result.toString()).isEqualTo(ExitStatus.FAILURE);
        assertThat(result.out()).contains("error   no TXT record at missing._domainkey"
                + ".example.com: the name does not exist or has no TXT record")
                .endsWith("Verdict: NOT usable, 1 error\n");
    }

    @Test
    void testingModeShouldBeAWarning() {
        CommandRunner.Result result = checkDns("testing");

        assertThat(result.status()).as(result.toString()).isEqualTo(ExitStatus.OK);
        assertThat(result.out()).contains("info    flags: t=y (testing mode)\n")
                .contains("warning t=y: the domain is in testing mode; remove it once"
                        + " signatures pass\n")
                .endsWith("Verdict: usable (1 warning)\n");
    }

    @Test
    void quotesKeptInTheValueShouldNotBeUsable() {
        CommandRunner.Result result = checkDns("quoted");

        assertThat(result.status()).as(result.toString()).isEqualTo(ExitStatus.FAILURE);
        assertThat(result.out()).contains("info    value: \"v=DKIM1; k=rsa; p=")
                .contains("error   the value is wrapped in quotes; enter it without them\n");
    }

    @Test
    void aValueThatIsNoKeyShouldNotBeUsable() {
        CommandRunner.Result result = checkDns("notakey");

        assertThat(result.status()).as(result.toString()).isEqualTo(ExitStatus.FAILURE);
        assertThat(result.out()).contains("error   does not parse: p= does not hold an RSA"
                + " public key");
    }

    @Test
    void twoRecordsShouldEachBeChecked() {
        CommandRunner.Result result = checkDns("two");

        assertThat(result.status()).as(result.toString()).isEqualTo(ExitStatus.FAILURE);
        assertThat(result.out()).contains("ok      found 2 TXT records\n")
                .contains("warning verifiers may use any one of the 2 records")
                .containsSubsequence("Record 1 of 2:",
                        "info    key: none (empty p=: the key is revoked)",
                        "error   p= is empty: the key is revoked", "Record 2 of 2:",
                        "info    key: ed25519, 256 bits")
                .endsWith("Verdict: NOT usable, 1 error\n");
    }

    @Test
    void aDnsFailureShouldExitWith75() {
        CommandRunner.Result result = dkimpack.run("check-dns", "--domain",
                LoopbackDns.BROKEN_ZONE, "--selector", "s1", "--dns-server", dns.address(),
                "--timeout", "2s");

        assertThat(result.status()).as(result.toString()).isEqualTo(ExitStatus.TEMPORARY_FAILURE);
        assertThat(result.out()).contains("error   DNS gave no answer: ")
                .contains("SERVFAIL")
                .endsWith("Verdict: unknown, DNS failed; try again later\n");
    }

    @Test
    void aMissingKeyFileShouldExitWith66BeforeAskingDns() {
        Path missing = directory.resolve("missing.pem");

        CommandRunner.Result result = checkDns("good", "--key", missing.toString());

        assertThat(result.status()).isEqualTo(ExitStatus.NO_INPUT);
        assertThat(result.err()).contains("dkimpack check-dns: " + missing + ": file not found");
        assertThat(result.out()).isEmpty();
    }

    private CommandRunner.Result checkDns(String selector, String... options) {
        String[] args = new String[7 + options.length];
        String[] common = {"check-dns", "--domain", "example.com", "--selector", selector,
            "--dns-server", dns.address()};
        System.arraycopy(common, 0, args, 0, common.length);
        System.arraycopy(options, 0, args, common.length, options.length);
        return dkimpack.run(args);
    }
}
