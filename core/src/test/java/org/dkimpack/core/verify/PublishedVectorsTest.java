package org.dkimpack.core.verify;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Stream;

import org.dkimpack.core.dns.StaticKeyRecordResolver;
import org.dkimpack.core.result.DkimResult;
import org.dkimpack.core.result.SignatureResult;
import org.dkimpack.core.result.VerificationResult;
import org.dkimpack.core.support.TestResources;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The verdicts of the shared vectors (RFC 8463 Appendix A, go-msgauth, dkimpy and the
 * Mail::DKIM corpus): every signature must get exactly the expected result, with the
 * vectors' note shown when it does not.
 */
class PublishedVectorsTest {
    /** The day the vectors were checked; no signature in them expires or starts after it. */
    private static final Clock CLOCK =
            Clock.fixed(Instant.parse("2026-12-03T00:00:00Z"), ZoneOffset.UTC);

    static Stream<ExpectedVerdicts.Row> thirdParty() throws Exception {
        return ExpectedVerdicts.read(TestResources.path("vectors/third-party/expected.tsv"))
                .stream();
    }

    static Stream<ExpectedVerdicts.Row> mailDkim() throws Exception {
        return ExpectedVerdicts.read(TestResources.path("vectors/maildkim/expected.tsv"))
                .stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("thirdParty")
    void thirdPartyVectorShouldGetTheExpectedVerdict(ExpectedVerdicts.Row row) throws Exception {
        StaticKeyRecordResolver resolver = StaticKeyRecordResolver.builder()
                .addRecordsFile(TestResources.path("vectors/third-party/rfc8463.records"))
                .addRecordsFile(TestResources.path("vectors/third-party/gomsgauth.records"))
                .addRecordsFile(TestResources.path("vectors/third-party/dkimpy.records"))
                .build();

        checkVerdict(row, "vectors/third-party/", resolver);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("mailDkim")
    void mailDkimCorpusMessageShouldGetTheExpectedVerdict(ExpectedVerdicts.Row row)
            throws Exception {
        StaticKeyRecordResolver resolver = StaticKeyRecordResolver.builder()
                .addRecordsFile(TestResources.path("vectors/maildkim/maildkim.records"))
                .build();

        checkVerdict(row, "vectors/maildkim/", resolver);
    }

    private static void checkVerdict(ExpectedVerdicts.Row row, String folder,
            StaticKeyRecordResolver resolver) throws Exception {
        DkimVerifier verifier = new DkimVerifier(resolver,
                VerifierOptions.builder().clock(CLOCK).build());
        Path message = TestResources.path(folder + row.file);

        VerificationResult result = verifier.verify(
                new ByteArrayInputStream(Files.readAllBytes(message)));

        if (row.index == 0) {
            assertThat(result.summary()).as(row.note).isEqualTo(DkimResult.NONE);
            return;
        }
        List<SignatureResult> signatures = result.signatures();
        assertThat(signatures).as("signatures of %s", row.file).hasSizeGreaterThanOrEqualTo(
                row.index);
        SignatureResult signature = signatures.get(row.index - 1);
        assertThat(signature.result().token())
                .as("%s: %s (reason: %s)", row, row.note, signature.reason().orElse("-"))
                .isEqualTo(row.expected);
        if (!row.selector.equals("?")) {
            assertThat(signature.selector()).contains(row.selector);
        }
    }
}
