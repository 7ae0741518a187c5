package org.dkimpack.core.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.List;
import java.util.stream.Collectors;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import org.dkimpack.core.result.DkimResult;
import org.dkimpack.core.result.VerificationResult;
import org.dkimpack.core.support.TestResources;
import org.dkimpack.core.verify.DkimVerifier;
import org.dkimpack.core.verify.VerifierOptions;

/**
 * Fuzzes whole-message verification with {@link DkimVerifier} and the static key table of
 * {@link Fixtures}.
 *
 * <p>Contract, for any bytes: {@code verify} never throws (the stream is in memory, so not
 * even IOException), gives one result per {@code DKIM-Signature} field, and keeps the
 * invariants of {@link VerificationInvariants}, among them that nothing passes without a
 * genuine signature.
 *
 * <p>Contract, for signed messages changed in known ways ({@link MutatedMessage}): a
 * signature whose signed header fields or body were changed does not pass, and one whose
 * message was changed only in ways its canonicalization ignores still passes.
 */
class VerifierFuzzTest {
    /** Header blocks over this size are refused: small, so that the fuzzer reaches it. */
    private static final int MAX_HEADER_BYTES = 4000;
    private static final VerifierOptions OPTIONS =
            Fixtures.options().maxHeaderBytes(MAX_HEADER_BYTES).build();

    /** Signed messages of every canonicalization, with RSA and Ed25519 keys, and l=. */
    private static final List<byte[]> SIGNED_MESSAGES = List.of(
            "vectors/rfc8463/signed.eml", "hostile/001-good-rsa.eml",
            "hostile/002-good-ed25519.eml", "hostile/034-simple-simple.eml",
            "hostile/035-relaxed-simple.eml", "hostile/036-simple-relaxed.eml",
            "hostile/055-length-exact.eml", "hostile/097-empty-body.eml",
            "hostile/125-rsa-and-ed25519.eml").stream()
            .map(TestResources::bytes)
            .collect(Collectors.toList());

    @FuzzTest
    @DictionaryEntries({"DKIM-Signature:", "dkim-signature:", "From:", "\\x0D\\x0A",
        "\\x0D\\x0A ", "\\x0D\\x0A\\x0D\\x0A", "\\x0A\\x0A", "v=1;", "a=rsa-sha256;",
        "a=ed25519-sha256;", "c=relaxed/relaxed;", "c=simple/simple;", "d=example.com;",
        "d=football.example.com;", "s=rsa;", "s=ed;", "s=x25519;", "s=test;",
        "s=brisbane;", "l=", "t=", "x=", "i=", "h=from:to:subject;", "bh=", "b="})
    void anyMessageShouldGetOneConsistentResultPerSignatureField(byte[] message)
            throws IOException {
        VerificationResult result = new DkimVerifier(Fixtures.resolver(), OPTIONS)
                .verify(new ByteArrayInputStream(message));

        VerificationInvariants.check(message, OPTIONS, result);
    }

    @FuzzTest
    void passShouldMeanThatNothingTheSignatureCoversWasChanged(FuzzedDataProvider data)
            throws IOException {
        MutatedMessage message = MutatedMessage.of(data.pickValue(SIGNED_MESSAGES));
        int maxSignatures = data.consumeInt(1, 8);
        for (int changes = 0; changes < 12 && data.remainingBytes() > 0; changes++) {
            message.mutate(data);
        }
        byte[] bytes = message.toBytes();
        VerifierOptions options = Fixtures.options().maxSignatures(maxSignatures).build();

        VerificationResult result = new DkimVerifier(Fixtures.resolver(), options)
                .verify(new ByteArrayInputStream(bytes));

        VerificationInvariants.check(bytes, options, result);
        assertThat(HeaderBlock.read(bytes).fields()).as("the fields of the test's own model")
                .containsExactlyElementsOf(message.fieldTexts());
        List<MutatedMessage.Outcome> outcomes = message.signatureOutcomes();
        for (int i = 0; i < outcomes.size(); i++) {
            MutatedMessage.Outcome outcome = outcomes.get(i);
            DkimResult verdict = result.signatures().get(i).result();
            String description = "signature #" + (i + 1) + " in " + result;
            if (outcome == null || outcome.effect() == MutatedMessage.Effect.UNKNOWN) {
                continue;
            }
            if (outcome.effect() == MutatedMessage.Effect.BROKEN) {
                checkNotPassed(outcome.cause(), verdict, description);
            } else if (i < maxSignatures) {
                assertThat(verdict).as("%s, changed harmlessly", description)
                        .isEqualTo(DkimResult.PASS);
            }
        }
    }

    /**
     * One assertion per cause, each on a line of its own: Jazzer tells findings apart by
     * their stack trace, so after finding one cause it goes on looking for the others.
     */
    private static void checkNotPassed(MutatedMessage.Cause cause, DkimResult verdict,
            String description) {
        switch (cause) {
            case SIGNED_FIELD:
                assertThat(verdict).as("%s, a signed field changed", description)
                        .isNotEqualTo(DkimResult.PASS);
                break;
            case BODY:
                assertThat(verdict).as("%s, the body changed", description)
                        .isNotEqualTo(DkimResult.PASS);
                break;
            case SIGNATURE_FIELD:
                assertThat(verdict).as("%s, its own field changed", description)
                        .isNotEqualTo(DkimResult.PASS);
                break;
            default:
                assertThat(verdict).as("%s, whitespace before the colon of its own field"
                        + " under simple", description).isNotEqualTo(DkimResult.PASS);
                break;
        }
    }
}
