package org.dkimpack.core.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;

import org.dkimpack.core.result.AuthenticationResults;
import org.dkimpack.core.result.DkimResult;
import org.dkimpack.core.result.SignatureResult;
import org.dkimpack.core.result.VerificationResult;
import org.dkimpack.core.verify.VerifierOptions;

/**
 * What must hold for the verification of any input, however hostile, checked against the
 * independent {@link HeaderBlock} reading of the message:
 *
 * <ul>
 *   <li>one result per {@code DKIM-Signature} field (name compared without regard to case),
 *       or a single {@code permerror} when the header block is over the limit;</li>
 *   <li>signatures beyond {@code maxSignatures} are {@code policy}, not checked;</li>
 *   <li>every result but a pass has a reason;</li>
 *   <li>a pass needs exactly one From field and a genuine signature
 *       ({@link Fixtures#isGenuineSignature}): the fuzzer cannot forge one;</li>
 *   <li>the summary follows the order documented on {@link VerificationResult#summary()};</li>
 *   <li>the {@code Authentication-Results} field is printable ASCII folded with CRLF and a
 *       tab, and reads back as one {@code dkim=} result per signature with the same domain,
 *       identity, selector, algorithm and {@code b=} prefix.</li>
 * </ul>
 */
final class VerificationInvariants {
    private static final List<DkimResult> SUMMARY_ORDER = List.of(DkimResult.FAIL,
            DkimResult.TEMPERROR, DkimResult.PERMERROR, DkimResult.POLICY, DkimResult.NEUTRAL);

    private VerificationInvariants() {
    }

    static void check(byte[] message, VerifierOptions options, VerificationResult result) {
        HeaderBlock header = HeaderBlock.read(message);
        List<SignatureResult> signatures = result.signatures();
        if (header.length() > options.maxHeaderBytes()) {
            assertThat(signatures).as("results of a header block over the limit").hasSize(1);
            assertThat(signatures.get(0).result()).isEqualTo(DkimResult.PERMERROR);
            assertThat(signatures.get(0).reason()).hasValueSatisfying(reason ->
                    assertThat(reason).contains("exceeds"));
        } else {
            List<String> fields = header.signatureFields();
            assertThat(signatures).as("one result per signature field %s", fields)
                    .hasSize(fields.size());
            for (int i = 0; i < fields.size(); i++) {
                checkSignature(header, fields.get(i), i, signatures.get(i), result, options);
            }
        }
        checkSummary(result);
        checkAuthenticationResults(result);
        assertThat(result.toString()).isNotNull();
    }

    private static void checkSignature(HeaderBlock header, String field, int index,
            SignatureResult signature, VerificationResult result, VerifierOptions options) {
        if (index >= options.maxSignatures()) {
            assertThat(signature.result()).as("signature #%d over the limit", index + 1)
                    .isEqualTo(DkimResult.POLICY);
            assertThat(signature.reason()).hasValueSatisfying(reason ->
                    assertThat(reason).startsWith("not checked"));
        }
        if (signature.result() != DkimResult.PASS) {
            assertThat(signature.reason()).as("reason of %s", signature)
                    .hasValueSatisfying(reason -> assertThat(reason).isNotBlank());
            return;
        }
        assertThat(header.count("From")).as("From fields of a message that passed").isOne();
        Optional<byte[]> signatureBytes = HeaderBlock.tag(HeaderBlock.value(field), "b")
                .flatMap(HeaderBlock::base64);
        assertThat(signatureBytes.map(Fixtures::isGenuineSignature))
                .as("a signature that passed but was not made with a test key: %s", field)
                .contains(true);
        assertThat(signature.keyBits()).isPositive();
        assertThat(signature.signingDomain()).isPresent();
        assertThat(result.passesFor(signature.signingDomain().get())).isTrue();
    }

    private static void checkSummary(VerificationResult result) {
        List<SignatureResult> signatures = result.signatures();
        DkimResult expected = DkimResult.NONE;
        if (signatures.stream().anyMatch(s -> s.result() == DkimResult.PASS)) {
            expected = DkimResult.PASS;
        } else {
            for (DkimResult candidate : SUMMARY_ORDER) {
                if (signatures.stream().anyMatch(s -> s.result() == candidate)) {
                    expected = candidate;
                    break;
                }
            }
        }
        assertThat(result.summary()).as("summary of %s", result).isEqualTo(expected);
    }

    private static void checkAuthenticationResults(VerificationResult result) {
        String field = AuthenticationResults.field(Fixtures.AUTHSERV_ID, result);
        List<ResultsFieldReader.Entry> entries =
                ResultsFieldReader.read(field, Fixtures.AUTHSERV_ID);
        List<SignatureResult> signatures = result.signatures();
        if (signatures.isEmpty()) {
            assertThat(entries).hasSize(1);
            assertThat(entries.get(0).result).isEqualTo("none");
            return;
        }
        assertThat(entries).as("results in %s", field).hasSize(signatures.size());
        for (int i = 0; i < signatures.size(); i++) {
            SignatureResult signature = signatures.get(i);
            ResultsFieldReader.Entry entry = entries.get(i);
            assertThat(entry.result).as("result #%d in %s", i + 1, field)
                    .isEqualTo(signature.result().token());
            checkProperty(field, entry, "header.d", signature.signingDomain());
            checkProperty(field, entry, "header.i", signature.agentOrUserIdentifier());
            checkProperty(field, entry, "header.s", signature.selector());
            checkProperty(field, entry, "header.a", signature.algorithm());
            checkProperty(field, entry, "header.b", signature.signaturePrefix());
        }
    }

    /** The field shows a value as is, with every byte outside printable ASCII as '?'. */
    private static void checkProperty(String field, ResultsFieldReader.Entry entry,
            String property, Optional<String> value) {
        assertThat(Optional.ofNullable(entry.properties.get(property)))
                .as("%s in %s", property, field)
                .isEqualTo(value.map(v -> v.replaceAll("[^\\x20-\\x7e]", "?")));
    }
}
