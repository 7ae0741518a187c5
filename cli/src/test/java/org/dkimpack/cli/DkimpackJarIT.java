package org.dkimpack.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.dkimpack.core.dns.KnotServer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runnable jar, as bin/dkimpack runs it: in a fresh JVM, with Bouncy Castle, dnsjava and
 * SLF4J shaded in, which the in-process tests do not exercise as packaged. The failsafe plugin
 * runs it in {@code mvn verify}, after the jar is made.
 */
class DkimpackJarIT {
    private static final long TIMEOUT_SECONDS = 120;

    @TempDir
    private Path directory;

    private Path jar;

    @BeforeEach
    void setUp() {
        String property = System.getProperty("dkimpack.jar");
        // Set by the failsafe plugin after packaging; a unit test run (-Dtest=...) has no jar.
        assumeTrue(property != null, "no dkimpack.jar: run by failsafe in mvn verify");
        jar = Paths.get(property);
        assertThat(jar).isRegularFile();
    }

    @Test
    void keygenSignAndVerifyShouldWorkFromTheJarForRsaAndEd25519() throws Exception {
        Path message = TestData.copy("messages/plain.eml", directory);

        CommandRunner.Result keygenRsa = run(null, "keygen", "--domain", "example.com",
                "--selector", "s1");
        CommandRunner.Result keygenEd = run(null, "keygen", "--domain", "example.com",
                "--selector", "ed1", "--algorithm", "ed25519");
        CommandRunner.Result sign = run(message, "sign", "--domain", "example.com",
                "--key", "keys/example.com/s1.pem", "--selector", "s1",
                "--key", "keys/example.com/ed1.pem", "--selector", "ed1");
        Path signed = directory.resolve("signed.eml");
        Files.write(signed, sign.outBytes());
        CommandRunner.Result verify = run(null, "verify", "--authserv-id", "mx.example.net",
                "--key-record", "s1._domainkey.example.com="
                        + KeygenCommandTest.controlPanelValue(keygenRsa.out()),
                "--key-record", "ed1._domainkey.example.com="
                        + KeygenCommandTest.controlPanelValue(keygenEd.out()),
                signed.toString());

        for (CommandRunner.Result result : List.of(keygenRsa, keygenEd, sign, verify)) {
            assertThat(result.status()).as(result.toString()).isEqualTo(ExitStatus.OK);
            assertThat(result.err()).as(result.toString()).doesNotContain("SLF4J");
        }
        assertThat(verify.out()).contains("dkim=pass (2048-bit key)")
                .contains("dkim=pass (256-bit key)");
    }

    @Test
    void anEncryptedKeyShouldLoadFromTheJar() throws Exception {
        Path key = TestData.copy("keys/rsa-2048.encrypted.pem", directory);
        Path passphrase = TestData.copy("keys/rsa-2048.encrypted.passphrase", directory);

        CommandRunner.Result result = run(null, "dns-record", "--key", key.toString(),
                "--passphrase-file", passphrase.toString(), "--domain", "example.com",
                "--selector", "s1");

        assertThat(result.status()).as(result.toString()).isEqualTo(ExitStatus.OK);
        assertThat(KeygenCommandTest.controlPanelValue(result.out()))
                .isEqualTo(TestData.record("rsa-2048"));
    }

    @Test
    void checkDnsShouldAskARealDnsServerWithoutLoggingNoise() throws Exception {
        Path key = TestData.copy("keys/rsa-2048.pem", directory);

        CommandRunner.Result result;
        try (KnotServer dns = LoopbackDns.start()) {
            result = run(null, "check-dns", "--domain", "example.com", "--selector", "good",
                    "--key", key.toString(), "--dns-server", dns.address());
        }

        assertThat(result.status()).as(result.toString()).isEqualTo(ExitStatus.OK);
        assertThat(result.out()).endsWith("Verdict: usable, and it matches " + key + "\n");
        assertThat(result.err()).isEmpty();
    }

    @Test
    void aUsageErrorShouldExitWith64() throws Exception {
        CommandRunner.Result result = run(null, "sign", "--key");

        assertThat(result.status()).as(result.toString()).isEqualTo(ExitStatus.USAGE);
        assertThat(result.err()).contains("dkimpack sign: Missing required parameter for"
                + " option '--key'");
    }

    /** Runs the jar in the test's directory, waits for it, and reads what it wrote. */
    private CommandRunner.Result run(Path standardInput, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(
                Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar.toString()));
        command.addAll(List.of(args));
        Path out = Files.createTempFile(directory, "dkimpack-", ".out");
        Path err = Files.createTempFile(directory, "dkimpack-", ".err");
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(directory.toFile())
                .redirectOutput(out.toFile())
                .redirectError(err.toFile());
        builder.environment().remove(PassphraseOptions.ENVIRONMENT_VARIABLE);
        if (standardInput != null) {
            builder.redirectInput(standardInput.toFile());
        }

        Process process = builder.start();
        if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("dkimpack " + String.join(" ", args) + " did not finish in "
                    + TIMEOUT_SECONDS + "s");
        }

        return new CommandRunner.Result(process.exitValue(), Files.readAllBytes(out),
                Files.readString(err, StandardCharsets.UTF_8));
    }
}
