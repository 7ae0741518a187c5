package org.dkimpack.core.sign;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;

import org.dkimpack.core.canon.CanonicalizationPair;
import org.dkimpack.core.dns.KeyRecordResolver;
import org.dkimpack.core.dns.StaticKeyRecordResolver;
import org.dkimpack.core.key.SigningKey;
import org.dkimpack.core.result.DkimResult;
import org.dkimpack.core.result.VerificationResult;
import org.dkimpack.core.support.Messages;
import org.dkimpack.core.support.SigningMatrix;
import org.dkimpack.core.support.TestKeys;
import org.dkimpack.core.verify.DkimVerifier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Signs every test message with both algorithms over the whole simple/relaxed matrix. */
class SignAndVerifyTest {
    private static final List<String> MESSAGES = List.of("plain.eml", "lf-line-ends.eml",
            "no-final-line-end.eml", "trailing-blank-lines.eml", "whitespace.eml",
            "eight-bit.eml", "empty-body.eml", "multipart.eml");

    static Stream<Arguments> matrix() {
        return SigningMatrix.cases(MESSAGES);
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("matrix")
    void aSignedMessageShouldVerify(String messageName, String keyFile,
            CanonicalizationPair canonicalization) throws Exception {
        SigningKey key = TestKeys.load(keyFile);
        String message = Messages.message(messageName);
        KeyRecordResolver resolver = StaticKeyRecordResolver.builder()
                .add("s1._domainkey.example.com", key.keyRecordText()).strict().build();

        String signed = Messages.sign(new DkimSigner(), message,
                SignatureSpec.builder(key, "example.com", "s1")
                        .canonicalization(canonicalization).build());
        VerificationResult result = new DkimVerifier(resolver).verify(Messages.stream(signed));

        assertThat(result.summary()).as("%s", result).isEqualTo(DkimResult.PASS);
    }
}
