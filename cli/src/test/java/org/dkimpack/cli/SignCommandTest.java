package org.dkimpack.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SignCommandTest {
    private final CommandRunner dkimpack = new CommandRunner();

    @TempDir
    private Path directory;

    private Path rsaKey;
    private Path ed25519Key;
    private Path message;

    @BeforeEach
    void setUp() {
        rsaKey = TestData.copy("keys/rsa-2048.pem", directory);
        ed25519Key = TestData.copy("keys/ed25519.pem", directory);
        message = TestData.copy("messages/plain.eml", directory);
    }

    @ParameterizedTest
    @ValueSource(strings = {"rsa", "ed25519"})
    void keygenThenSignThenVerifyShouldPass(String algorithm) throws Exception {
        CommandRunner.Result keygen = dkimpack.run("keygen", "--domain", "example.com",
                "--selector", "s1", "--algorithm", algorithm, "--out", directory.resolve("keys"));
        Path key = directory.resolve("keys/example.com/s1.pem");
        Path signed = directory.resolve("signed.eml");

        CommandRunner.Result sign = dkimpack.run("sign", "--domain", "example.com",
                "--selector", "s1", "--key", key, message);
        Files.write(signed, sign.outBytes());
        CommandRunner.Result verify = dkimpack.run("verify", "--authserv-id", "mx.example.net",
                "--key-record", "s1._domainkey.example.com="
                        + KeygenCommandTest.controlPanelValue(keygen.out()), signed);

        assertThat(sign.status()).as(sign.toString()).isEqualTo(ExitStatus.OK);
        assertThat(verify.status()).as(verify.toString()).isEqualTo(ExitStatus.OK);
        assertThat(verify.out()).startsWith("Authentication-Results: mx.example.net;\n"
                + "\tdkim=pass")
                .contains("header.d=example.com")
                .contains("header.s=s1")
                .contains("header.a=" + algorithm + "-sha256");
        assertThat(verify.err()).startsWith("signature 1: pass d=example.com s=s1");
    }

    @Test
    void aTamperedBodyShouldFailVerification() throws Exception {
        byte[] signed = sign("--domain", "example.com", "--selector", "good", "--key", rsaKey,
                message).outBytes();
        String tampered = new String(signed, StandardCharsets.US_ASCII)
                .replace("lunch on Thursday", "lunch on Friday");
        Path tamperedFile = directory.resolve("tampered.eml");
        Files.writeString(tamperedFile, tampered, StandardCharsets.US_ASCII);

        CommandRunner.Result verify = dkimpack.run("verify", "--authserv-id", "mx.example.net",
                "--key-record", "good._domainkey.example.com=" + TestData.record("rsa-2048"),
                tamperedFile);

        assertThat(tampered).isNotEqualTo(new String(signed, StandardCharsets.US_ASCII));
        assertThat(verify.status()).isEqualTo(ExitStatus.FAILURE);
        assertThat(verify.out()).contains("dkim=fail (body hash did not verify)");
        assertThat(verify.err()).contains("signature 1: fail")
                .contains("body hash did not verify");
    }

    @Test
    void signShouldPrependTheFieldAndKeepTheMessageBytesUntouched() throws Exception {
        byte[] original = Files.readAllBytes(message);

        CommandRunner.Result result = sign("--domain", "example.com", "--selector", "good",
                "--key", rsaKey, message);

        byte[] out = result.outBytes();
        assertThat(result.status()).as(result.toString()).isEqualTo(ExitStatus.OK);
        assertThat(Arrays.copyOfRange(out, out.length - original.length, out.length))
                .isEqualTo(original);
        String field = new String(out, 0, out.length - original.length,
                StandardCharsets.US_ASCII);
        assertThat(field).startsWith("DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed;"
                + " d=example.com; s=good;").endsWith("\r\n");
        assertThat(field.replace("\r\n", "")).doesNotContain("\n", "\r");
        assertThat(result.err()).isEmpty();
    }

    @Test
    void signShouldEndTheFieldWithABareLfWhenTheMessageDoes() throws Exception {
        Path lfMessage = TestData.copy("messages/lf-line-ends.eml", directory);

        CommandRunner.Result sign = sign("--domain", "example.com", "--selector", "good",
                "--key", rsaKey, lfMessage);
        Path signed = directory.resolve("signed.eml");
        Files.write(signed, sign.outBytes());
        CommandRunner.Result verify = verifyWithTestRecords(signed);

        assertThat(sign.status()).isEqualTo(ExitStatus.OK);
        assertThat(sign.out()).startsWith("DKIM-Signature: ").doesNotContain("\r");
        assertThat(verify.status()).as(verify.toString()).isEqualTo(ExitStatus.OK);
    }

    @Test
    void severalKeysAndSelectorsShouldMakeOneSignatureEach() throws Exception {
        CommandRunner.Result sign = sign("--domain", "example.com", "--key", rsaKey,
                "--selector", "good", "--key", ed25519Key, "--selector", "ed", message);
        Path signed = directory.resolve("signed.eml");
        Files.write(signed, sign.outBytes());

        CommandRunner.Result verify = verifyWithTestRecords(signed);

        assertThat(sign.status()).as(sign.toString()).isEqualTo(ExitStatus.OK);
        assertThat(sign.out()).containsSubsequence("DKIM-Signature: v=1; a=rsa-sha256",
                "DKIM-Signature: v=1; a=ed25519-sha256", "From: ");
        assertThat(verify.status()).as(verify.toString()).isEqualTo(ExitStatus.OK);
        assertThat(verify.err()).contains("signature 1: pass d=example.com s=good")
                .contains("signature 2: pass d=example.com s=ed");
    }

    @Test
    void signShouldTakeOneDomainPerKeyWhenGivenSeveral() {
        CommandRunner.Result result = sign("--domain", "example.com", "--key", rsaKey,
                "--selector", "good", "--domain", "example.org", "--key", ed25519Key,
                "--selector", "ed", message);

        assertThat(result.status()).as(result.toString()).isEqualTo(ExitStatus.OK);
        assertThat(result.out()).contains("d=example.com; s=good;").contains("d=example.org;");
    }

    @Test
    void signShouldReadTheMessageFromStandardInput() throws Exception {
        byte[] original = Files.readAllBytes(message);
        dkimpack.standardInput(original);

        CommandRunner.Result result = sign("--domain", "example.com", "--selector", "good",
                "--key", rsaKey, "-");

        byte[] out = result.outBytes();
        assertThat(result.status()).as(result.toString()).isEqualTo(ExitStatus.OK);
        assertThat(result.out()).startsWith("DKIM-Signature: ");
        assertThat(Arrays.copyOfRange(out, out.length - original.length, out.length))
                .isEqualTo(original);
    }

    @Test
    void signShouldSignTheHeadersGivenAndSetAnExpiration() {
        CommandRunner.Result result = sign("--domain", "example.com", "--selector", "good",
                "--key", rsaKey, "--headers", "subject:to", "--expiration", "7d",
                "--canonicalization", "simple/simple", message);

        String field = result.out().replaceAll("\r\n\t", " ");
        assertThat(result.status()).as(result.toString()).isEqualTo(ExitStatus.OK);
        assertThat(field).contains("c=simple/simple;").contains("h=from:from:subject:to;");
        long timestamp = Long.parseLong(field.replaceAll("(?s).* t=(\\d+);.*", "$1"));
        long expiration = Long.parseLong(field.replaceAll("(?s).* x=(\\d+);.*", "$1"));
        assertThat(expiration - timestamp).isEqualTo(7 * 24 * 3600);
    }

    @Test
    void signShouldRefuseAKeyWithoutItsSelector() {
        CommandRunner.Result result = sign("--domain", "example.com", "--key", rsaKey,
                "--selector", "good", "--key", ed25519Key, message);

        assertThat(result.status()).isEqualTo(ExitStatus.USAGE);
        assertThat(result.err()).contains("2 --key but 1 --selector; give one --selector per"
                + " --key");
        assertThat(result.out()).isEmpty();
    }

    @Test
    void signShouldRefuseAnAlgorithmThatDoesNotSuitTheKey() {
        CommandRunner.Result result = sign("--domain", "example.com", "--selector", "good",
                "--key", rsaKey, "--algorithm", "ed25519-sha256", message);

        assertThat(result.status()).isEqualTo(ExitStatus.USAGE);
        assertThat(result.err()).contains(rsaKey + ": algorithm ed25519-sha256 needs an Ed25519"
                + " key, got an RSA key");
    }

    @Test
    void signShouldRefuseRsaSha1() {
        CommandRunner.Result result = sign("--domain", "example.com", "--selector", "good",
                "--key", rsaKey, "--algorithm", "rsa-sha1", message);

        assertThat(result.status()).isEqualTo(ExitStatus.USAGE);
        assertThat(result.err()).contains("rsa-sha1 must not be used to sign");
    }

    @Test
    void signShouldRefuseAnUnknownCanonicalization() {
        CommandRunner.Result result = sign("--domain", "example.com", "--selector", "good",
                "--key", rsaKey, "--canonicalization", "relaxed/loose", message);

        assertThat(result.status()).isEqualTo(ExitStatus.USAGE);
        assertThat(result.err()).contains("--canonicalization 'relaxed/loose'");
    }

    @Test
    void signShouldRefuseAnEmptyHeaderName() {
        CommandRunner.Result result = sign("--domain", "example.com", "--selector", "good",
                "--key", rsaKey, "--headers", "from::subject", message);

        assertThat(result.status()).isEqualTo(ExitStatus.USAGE);
        assertThat(result.err()).contains("--headers: invalid header field name ''");
    }

    @Test
    void signShouldCheckTheCommandLineBeforeReadingKeys() {
        CommandRunner.Result result = sign("--domain", "example com", "--selector", "good",
                "--key", directory.resolve("missing.pem"), message);

        assertThat(result.status()).isEqualTo(ExitStatus.USAGE);
        assertThat(result.err()).contains("--domain 'example com' is not a valid DNS name");
    }

    @Test
    void signShouldRefuseAKeyUnder1024Bits() {
        Path weakKey = TestData.copy("keys/rsa-512.pem", directory);

        CommandRunner.Result result = sign("--domain", "example.com", "--selector", "weak",
                "--key", weakKey, message);

        assertThat(result.status()).isEqualTo(ExitStatus.DATA_ERROR);
        assertThat(result.err()).contains(weakKey + " has 512 bits; at least 1024 are"
                + " required");
        assertThat(result.out()).isEmpty();
    }

    @Test
    void signShouldNameAMissingMessageFile() {
        Path missing = directory.resolve("missing.eml");

        CommandRunner.Result result = sign("--domain", "example.com", "--selector", "good",
                "--key", rsaKey, missing);

        assertThat(result.status()).isEqualTo(ExitStatus.NO_INPUT);
        assertThat(result.err()).contains("dkimpack sign: " + missing
                + ": message file not found");
    }

    @Test
    void signShouldNameAMissingKeyFile() {
        Path missing = directory.resolve("missing.pem");

        CommandRunner.Result result = sign("--domain", "example.com", "--selector", "good",
                "--key", missing, message);

        assertThat(result.status()).isEqualTo(ExitStatus.NO_INPUT);
        assertThat(result.err()).contains("dkimpack sign: " + missing + ": file not found");
    }

    @Test
    void signShouldRefuseAFileThatIsNoMessage() throws Exception {
        Path notAMessage = directory.resolve("not-a-message.eml");
        Files.writeString(notAMessage, "this line is no header field\r\n\r\nbody\r\n");

        CommandRunner.Result result = sign("--domain", "example.com", "--selector", "good",
                "--key", rsaKey, notAMessage);

        assertThat(result.status()).as(result.toString()).isEqualTo(ExitStatus.DATA_ERROR);
        assertThat(result.err()).contains(notAMessage + ": cannot sign: message has 0 From fields;"
                + " exactly one is required to sign it");
        assertThat(result.out()).isEmpty();
    }

    private CommandRunner.Result sign(Object... arguments) {
        Object[] args = new Object[arguments.length + 1];
        args[0] = "sign";
        System.arraycopy(arguments, 0, args, 1, arguments.length);
        return dkimpack.run(args);
    }

    private CommandRunner.Result verifyWithTestRecords(Path signed) {
        return dkimpack.run("verify", "--authserv-id", "mx.example.net",
                "--key-record", "good._domainkey.example.com=" + TestData.record("rsa-2048"),
                "--key-record", "ed._domainkey.example.com=" + TestData.record("ed25519"),
                signed);
    }
}
