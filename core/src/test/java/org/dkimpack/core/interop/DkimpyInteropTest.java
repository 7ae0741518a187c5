package org.dkimpack.core.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.dkimpack.core.canon.CanonicalizationPair;
import org.dkimpack.core.dns.StaticKeyRecordResolver;
import org.dkimpack.core.key.SigningKey;
import org.dkimpack.core.result.DkimResult;
import org.dkimpack.core.result.VerificationResult;
import org.dkimpack.core.sign.DkimSigner;
import org.dkimpack.core.sign.SignatureSpec;
import org.dkimpack.core.support.Messages;
import org.dkimpack.core.support.SigningMatrix;
import org.dkimpack.core.support.TestKeys;
import org.dkimpack.core.support.TestResources;
import org.dkimpack.core.verify.DkimVerifier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Cross-checks with dkimpy (Debian's python3-dkim), an independent implementation: what this
 * engine signs, dkimpy verifies, and what dkimpy signs, this engine verifies, over both
 * algorithms and the whole simple/relaxed matrix. A signer and a verifier that only agree
 * with each other could both be wrong.
 */
class DkimpyInteropTest {
    private static final String PYTHON = "/usr/bin/python3";
    private static final List<String> MESSAGES = List.of("plain.eml", "lf-line-ends.eml",
            "no-final-line-end.eml", "whitespace.eml", "eight-bit.eml", "multipart.eml");

    @TempDir
    static Path work;

    @BeforeAll
    static void requireDkimpy() throws Exception {
        Process probe = new ProcessBuilder(PYTHON, "-c", "import dkim")
                .redirectErrorStream(true).start();
        assertThat(probe.waitFor(30, TimeUnit.SECONDS) && probe.exitValue() == 0)
                .as("dkimpy is missing: run scripts/test, or apt-get install python3-dkim")
                .isTrue();
    }

    static Stream<Arguments> matrix() {
        return SigningMatrix.cases(MESSAGES);
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("matrix")
    void dkimpyShouldVerifyWhatThisEngineSigns(String messageName, String keyFile,
            CanonicalizationPair canonicalization) throws Exception {
        SigningKey key = TestKeys.load(keyFile);
        String signed = Messages.sign(new DkimSigner(), Messages.message(messageName),
                SignatureSpec.builder(key, "example.com", "s1")
                        .canonicalization(canonicalization).build());
        Path records = write("records.txt", "s1._domainkey.example.com\t" + key.keyRecordText()
                + "\n");

        String verdict = run(write("signed.eml", signed), PYTHON,
                TestResources.path("interop/dkimpy-verify.py").toString(), records.toString());

        assertThat(verdict.trim()).isEqualTo("pass");
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("matrix")
    void thisEngineShouldVerifyWhatDkimpySigns(String messageName, String keyFile,
            CanonicalizationPair canonicalization) throws Exception {
        SigningKey key = TestKeys.load(keyFile);
        boolean ed25519 = keyFile.startsWith("ed25519");
        Path dkimpyKey = ed25519
                ? write("seed.b64", Base64.getEncoder().encodeToString(
                        key.ed25519PrivateKey().getEncoded()))
                : TestResources.path("keys/rsa-2048.pkcs1.pem");

        String signed = run(TestResources.path("messages/" + messageName), PYTHON,
                TestResources.path("interop/dkimpy-sign.py").toString(),
                ed25519 ? "ed25519-sha256" : "rsa-sha256", canonicalization.tagValue(),
                "example.com", "s1", dkimpyKey.toString());
        VerificationResult result = new DkimVerifier(StaticKeyRecordResolver.builder()
                .add("s1._domainkey.example.com", key.keyRecordText()).strict().build())
                .verify(Messages.stream(signed));

        assertThat(result.summary()).as("%s", result).isEqualTo(DkimResult.PASS);
    }

    private static Path write(String name, String text) throws IOException {
        return Files.write(work.resolve(name), text.getBytes(StandardCharsets.ISO_8859_1));
    }

    private static String run(Path input, String... command) throws Exception {
        Process process = new ProcessBuilder(command)
                .redirectInput(input.toFile())
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        byte[] output = process.getInputStream().readAllBytes();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("%s finished", command[1]).isTrue();
        assertThat(process.exitValue()).as("exit status of %s", String.join(" ", command))
                .isZero();
        return new String(output, StandardCharsets.ISO_8859_1);
    }
}
