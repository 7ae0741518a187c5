package org.dkimpack.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DnsRecordCommandTest {
    private static final String RSA_2048_RECORD = TestData.record("rsa-2048");

    private final CommandRunner dkimpack = new CommandRunner();

    @TempDir
    private Path directory;

    @Test
    void dnsRecordShouldPrintTheRecordOfAnExistingKey() {
        Path key = TestData.copy("keys/rsa-2048.pem", directory);

        CommandRunner.Result result = dnsRecord(key);

        assertThat(result.status()).as(result.toString()).isEqualTo(ExitStatus.OK);
        assertThat(result.out()).startsWith("Key " + key + " (rsa, 2048 bits)")
                .contains("Publish this TXT record at s1._domainkey.example.com:")
                .contains("s1._domainkey.example.com. IN TXT ( \"v=DKIM1; k=rsa; p=MIIB");
        assertThat(KeygenCommandTest.controlPanelValue(result.out())).isEqualTo(RSA_2048_RECORD);
    }

    @Test
    void dnsRecordShouldReadAnEncryptedKeyWithThePassphraseFile() {
        Path key = TestData.copy("keys/rsa-2048.encrypted.pem", directory);
        Path passphrase = TestData.copy("keys/rsa-2048.encrypted.passphrase", directory);

        CommandRunner.Result result = dnsRecord(key, "--passphrase-file", passphrase.toString());

        assertThat(result.status()).as(result.toString()).isEqualTo(ExitStatus.OK);
        assertThat(KeygenCommandTest.controlPanelValue(result.out())).isEqualTo(RSA_2048_RECORD);
        assertThat(result.out() + result.err()).doesNotContain("correct horse");
    }

    @Test
    void dnsRecordShouldReadAnEncryptedKeyWithThePassphraseFromTheEnvironment() {
        Path key = TestData.copy("keys/rsa-2048.encrypted.pem", directory);
        dkimpack.environment(PassphraseOptions.ENVIRONMENT_VARIABLE,
                TestData.text("keys/rsa-2048.encrypted.passphrase"));

        CommandRunner.Result result = dnsRecord(key);

        assertThat(result.status()).as(result.toString()).isEqualTo(ExitStatus.OK);
        assertThat(KeygenCommandTest.controlPanelValue(result.out())).isEqualTo(RSA_2048_RECORD);
    }

    @Test
    void dnsRecordShouldSayHowToGiveThePassphraseOfAnEncryptedKey() {
        Path key = TestData.copy("keys/rsa-2048.encrypted.pem", directory);

        CommandRunner.Result result = dnsRecord(key);

        assertThat(result.status()).isEqualTo(ExitStatus.DATA_ERROR);
        assertThat(result.err()).contains("dkimpack dns-record: " + key)
                .contains("--passphrase-file FILE or the DKIMPACK_PASSPHRASE environment"
                        + " variable");
    }

    @Test
    void dnsRecordShouldRefuseAWrongPassphrase() {
        Path key = TestData.copy("keys/rsa-2048.encrypted.pem", directory);
        dkimpack.environment(PassphraseOptions.ENVIRONMENT_VARIABLE, "not the passphrase");

        CommandRunner.Result result = dnsRecord(key);

        assertThat(result.status()).isEqualTo(ExitStatus.DATA_ERROR);
        assertThat(result.err()).contains(key + ": wrong passphrase")
                .doesNotContain("not the passphrase");
    }

    @Test
    void dnsRecordShouldNameAMissingKeyFile() {
        Path key = directory.resolve("missing.pem");

        CommandRunner.Result result = dnsRecord(key);

        assertThat(result.status()).isEqualTo(ExitStatus.NO_INPUT);
        assertThat(result.err()).contains("dkimpack dns-record: " + key + ": file not found");
    }

    @Test
    void dnsRecordShouldNameAMissingPassphraseFile() {
        Path key = TestData.copy("keys/rsa-2048.encrypted.pem", directory);
        Path passphrase = directory.resolve("missing.passphrase");

        CommandRunner.Result result = dnsRecord(key, "--passphrase-file", passphrase.toString());

        assertThat(result.status()).isEqualTo(ExitStatus.NO_INPUT);
        assertThat(result.err()).contains(passphrase + ": passphrase file not found");
    }

    @Test
    void dnsRecordShouldRefuseAKeyUnder1024Bits() {
        Path key = TestData.copy("keys/rsa-512.pem", directory);

        CommandRunner.Result result = dnsRecord(key);

        assertThat(result.status()).isEqualTo(ExitStatus.DATA_ERROR);
        assertThat(result.err()).contains(key + " has 512 bits; at least 1024 are required");
        assertThat(result.out()).isEmpty();
    }

    @Test
    void dnsRecordShouldWarnAboutAKeyUnder2048Bits() {
        Path key = TestData.copy("keys/rsa-1024.pem", directory);

        CommandRunner.Result result = dnsRecord(key);

        assertThat(result.status()).isEqualTo(ExitStatus.OK);
        assertThat(result.err()).contains("warning: " + key + ": the RSA key has 1024 bits");
    }

    @Test
    void dnsRecordShouldRequireTheDomain() {
        Path key = TestData.copy("keys/ed25519.pem", directory);

        CommandRunner.Result result = dkimpack.run("dns-record", "--key", key, "--selector", "s1");

        assertThat(result.status()).isEqualTo(ExitStatus.USAGE);
        assertThat(result.err()).contains("Missing required option: '--domain=DOMAIN'");
    }

    private CommandRunner.Result dnsRecord(Path key, String... options) {
        String[] args = new String[7 + options.length];
        String[] common = {"dns-record", "--key", key.toString(), "--domain", "example.com",
            "--selector", "s1"};
        System.arraycopy(common, 0, args, 0, common.length);
        System.arraycopy(options, 0, args, common.length, options.length);
        return dkimpack.run(args);
    }
}
