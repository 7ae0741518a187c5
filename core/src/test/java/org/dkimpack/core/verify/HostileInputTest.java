package org.dkimpack.core.verify;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import org.dkimpack.core.dns.KeyRecordResolver;
import org.dkimpack.core.dns.StaticKeyRecordResolver;
import org.dkimpack.core.result.DkimResult;
import org.dkimpack.core.result.SignatureResult;
import org.dkimpack.core.result.VerificationResult;
import org.dkimpack.core.sign.DkimSigner;
import org.dkimpack.core.sign.SignatureSpec;
import org.dkimpack.core.support.Messages;
import org.dkimpack.core.support.TestKeys;
import org.dkimpack.core.support.TestResources;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Crafted input, each with the verdict and reason it must get: the corpus under
 * {@code hostile/} (written by its {@code make-corpus.py}), then inputs too large to keep
 * as files, made here.
 */
class HostileInputTest {
    private static final Clock CLOCK =
            Clock.fixed(Instant.parse("2026-12-03T12:00:00Z"), ZoneOffset.UTC);
    private static KeyRecordResolver resolver;

    @BeforeAll
    static void loadRecords() throws IOException {
        resolver = StaticKeyRecordResolver.fromRecordsFile(
                TestResources.path("hostile/records.txt"));
    }

    static Stream<String[]> corpus() throws IOException {
        return Files.readAllLines(TestResources.path("hostile/cases.tsv"),
                StandardCharsets.UTF_8).stream()
                .filter(line -> !line.startsWith("#") && !line.isBlank())
                .map(line -> line.split("\t", -1));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void corpusMessageShouldGetItsVerdictAndReason(String file, String verdicts,
            String reasons) throws Exception {
        byte[] message = TestResources.bytes("hostile/" + file);

        VerificationResult result = verifier(VerifierOptions.builder().clock(CLOCK).build())
                .verify(new ByteArrayInputStream(message));

        if (verdicts.equals("none")) {
            assertThat(result.signatures()).isEmpty();
            return;
        }
        assertThat(result.signatures()).extracting(s -> s.result().token())
                .as("%s", result).containsExactly(verdicts.split(","));
        List<String> expectedReasons = Arrays.asList(reasons.split(" \\| "));
        for (int i = 0; i < expectedReasons.size(); i++) {
            String reason = expectedReasons.get(i).trim();
            SignatureResult signature = result.signatures().get(i);
            if (reason.equals("-")) {
                assertThat(signature.reason()).as("reason of #%d", i + 1).isEmpty();
            } else {
                assertThat(signature.reason().orElse("")).as("reason of #%d", i + 1)
                        .contains(reason);
            }
        }
    }

    @Test
    void aBodyOfHundredThousandByteLinesShouldVerify() throws Exception {
        String line = "x".repeat(100_000) + "\r\n";
        String message = Messages.message("plain.eml") + line + line + line;

        assertThat(signAndVerify(message).summary()).isEqualTo(DkimResult.PASS);
    }

    @Test
    void tenThousandHeaderFieldsShouldVerify() throws Exception {
        StringBuilder fields = new StringBuilder();
        for (int i = 0; i < 10_000; i++) {
            fields.append("X-Filler-").append(i).append(": value ").append(i).append("\r\n");
        }

        VerificationResult result = signAndVerify(fields + Messages.message("plain.eml"));

        assertThat(result.summary()).isEqualTo(DkimResult.PASS);
    }

    @Test
    void aThousandSignaturesShouldBeCheckedOnlyUpToTheLimit() throws Exception {
        String signed = signed(Messages.message("plain.eml"));
        String field = signed.substring(0, signed.indexOf("From:"));
        String message = field.repeat(1000) + Messages.message("plain.eml");

        VerificationResult result = new DkimVerifier(published(),
                VerifierOptions.builder().clock(CLOCK).build()).verify(Messages.stream(message));

        assertThat(result.signatures()).hasSize(1000);
        assertThat(result.signatures().subList(0, 5)).extracting(SignatureResult::result)
                .containsOnly(DkimResult.PASS);
        assertThat(result.signatures().subList(5, 1000)).extracting(SignatureResult::result)
                .containsOnly(DkimResult.POLICY);
    }

    @Test
    void aHeaderBlockWithoutEndShouldStopAtTheLimitWithoutRunningOutOfMemory()
            throws Exception {
        byte[] start = "DKIM-Signature: v=1; a=rsa-sha256; d=example.com; s=rsa; z="
                .getBytes(StandardCharsets.US_ASCII);
        InputStream letters = new InputStream() {
            @Override
            public int read() {
                return 'A';
            }

            @Override
            public int read(byte[] buffer, int offset, int length) {
                Arrays.fill(buffer, offset, offset + length, (byte) 'A');
                return length;
            }
        };
        SequenceInputStream endless =
                new SequenceInputStream(new ByteArrayInputStream(start), letters);

        VerificationResult result = verifier(VerifierOptions.builder().clock(CLOCK).build())
                .verify(endless);

        assertThat(result.summary()).isEqualTo(DkimResult.PERMERROR);
        assertThat(result.signatures().get(0).reason())
                .contains("header block exceeds the limit of 1048576 bytes");
    }

    private static DkimVerifier verifier(VerifierOptions options) {
        return new DkimVerifier(resolver, options);
    }

    private static String signed(String message) {
        return Messages.sign(new DkimSigner(CLOCK), message,
                SignatureSpec.builder(TestKeys.rsa2048(), "example.com", "s1").build());
    }

    private static KeyRecordResolver published() {
        return StaticKeyRecordResolver.builder()
                .add("s1._domainkey.example.com", TestKeys.rsa2048().keyRecordText())
                .strict().build();
    }

    private static VerificationResult signAndVerify(String message) throws IOException {
        return new DkimVerifier(published(), VerifierOptions.builder().clock(CLOCK).build())
                .verify(Messages.stream(signed(message)));
    }
}
