package org.dkimpack.core.result;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

class AuthenticationResultsTest {

    @Test
    void fieldShouldSayNoneForAMessageWithoutSignatures() {
        String field = AuthenticationResults.field("mx.example.org",
                new VerificationResult(List.of()));

        assertThat(field).isEqualTo("Authentication-Results: mx.example.org;\r\n\tdkim=none");
    }

    @Test
    void fieldShouldListEverySignatureWithItsProperties() {
        SignatureResult pass = SignatureResult.builder(DkimResult.PASS)
                .signingDomain("example.com").agentOrUserIdentifier("@example.com")
                .selector("s1").algorithm("rsa-sha256").signature("AbCd+/12XYZ").keyBits(2048)
                .build();
        SignatureResult fail = SignatureResult.builder(DkimResult.FAIL)
                .signingDomain("example.org").selector("ed").algorithm("ed25519-sha256")
                .signature("ZZZZZZZZ").reason("body hash did not verify").build();

        String field = AuthenticationResults.field("mx.example.org",
                new VerificationResult(List.of(pass, fail)));

        assertThat(field).isEqualTo("Authentication-Results: mx.example.org;\r\n"
                + "\tdkim=pass (2048-bit key) header.d=example.com header.i=@example.com\r\n"
                + "\theader.s=s1 header.a=rsa-sha256 header.b=\"AbCd+/12\";\r\n"
                + "\tdkim=fail (body hash did not verify) header.d=example.org header.s=ed\r\n"
                + "\theader.a=ed25519-sha256 header.b=ZZZZZZZZ");
    }

    @Test
    void hostileValuesShouldBeQuotedOrEscaped() {
        SignatureResult result = SignatureResult.builder(DkimResult.PERMERROR)
                .signingDomain("legitimate.com(.attacker.com").selector("s;1\r\nX-Evil: 1")
                .reason("d= 'a(b)c\\' is bad").build();

        String field = AuthenticationResults.field("mx.example.org",
                new VerificationResult(List.of(result)));

        assertThat(field).contains("(d= 'a\\(b\\)c\\\\' is bad)")
                .contains("header.d=\"legitimate.com(.attacker.com\"")
                .contains("header.s=\"s;1??X-Evil: 1\"")
                .doesNotContain("\r\nX-Evil");
    }

    @Test
    void fieldShouldRefuseAnAuthservIdThatIsNotAToken() {
        assertThatThrownBy(() -> AuthenticationResults.field("mx example;org",
                new VerificationResult(List.of())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("authserv-id 'mx example;org'");
    }

    @Test
    void summaryShouldPreferPassThenFailThenTemporaryErrors() {
        SignatureResult pass = SignatureResult.builder(DkimResult.PASS).build();
        SignatureResult fail = SignatureResult.builder(DkimResult.FAIL).build();
        SignatureResult temperror = SignatureResult.builder(DkimResult.TEMPERROR).build();
        SignatureResult permerror = SignatureResult.builder(DkimResult.PERMERROR).build();

        assertThat(new VerificationResult(List.of(fail, pass)).summary())
                .isEqualTo(DkimResult.PASS);
        assertThat(new VerificationResult(List.of(permerror, temperror, fail)).summary())
                .isEqualTo(DkimResult.FAIL);
        assertThat(new VerificationResult(List.of(permerror, temperror)).summary())
                .isEqualTo(DkimResult.TEMPERROR);
    }
}
