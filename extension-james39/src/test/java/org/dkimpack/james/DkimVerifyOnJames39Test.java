package org.dkimpack.james;

import static org.assertj.core.api.Assertions.assertThat;
import static org.dkimpack.james.James39Fixture.AUTHSERV_ID;
import static org.dkimpack.james.James39Fixture.ED25519_DOMAIN;
import static org.dkimpack.james.James39Fixture.FROM_EXAMPLE_COM;
import static org.dkimpack.james.James39Fixture.FROM_EXAMPLE_NET;
import static org.dkimpack.james.James39Fixture.FROM_EXAMPLE_ORG;
import static org.dkimpack.james.James39Fixture.RSA_DOMAIN;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import org.apache.mailet.base.test.FakeMail;
import org.dkimpack.james.mail.MessageBytes;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * DkimVerify, transformed to jakarta.mail, on James 3.9.0's mailet API and test kit: it checks
 * what DkimSign signed, prepends {@code Authentication-Results} and records the results as
 * mail attributes.
 */
class DkimVerifyOnJames39Test {
    @TempDir
    static Path folder;

    private static Path keys;

    @BeforeAll
    static void layOutKeys() throws Exception {
        keys = James39Fixture.keyDirectory(folder.resolve("keys"));
    }

    @Test
    void verifyShouldPassAnRsaSignatureAndPrependAuthenticationResults() throws Exception {
        FakeMail mail = James39Fixture.signedMail(FROM_EXAMPLE_COM, keys);

        James39Fixture.verifier().service(mail);

        assertThat(James39Fixture.text(mail)).startsWith("Authentication-Results: "
                + AUTHSERV_ID + ";");
        assertThat(mail.getMessage().getHeader("Authentication-Results")).singleElement()
                .asString().contains("dkim=pass", "header.d=" + RSA_DOMAIN,
                        "header.a=rsa-sha256");
        assertThat(DkimAttributes.messageResult(mail)).contains("pass");
        assertThat(DkimAttributes.signatureResults(mail)).singleElement()
                .satisfies(result -> assertThat(result)
                        .containsEntry(DkimAttributes.RESULT, "pass")
                        .containsEntry(DkimAttributes.DOMAIN, RSA_DOMAIN));
    }

    @Test
    void verifyShouldPassAnEd25519Signature() throws Exception {
        FakeMail mail = James39Fixture.signedMail(FROM_EXAMPLE_ORG, keys);

        James39Fixture.verifier().service(mail);

        assertThat(mail.getMessage().getHeader("Authentication-Results")).singleElement()
                .asString().contains("dkim=pass", "header.d=" + ED25519_DOMAIN,
                        "header.a=ed25519-sha256");
        assertThat(DkimAttributes.messageResult(mail)).contains("pass");
    }

    @Test
    void verifyShouldFailWhenTheBodyWasAlteredAfterSigning() throws Exception {
        FakeMail mail = James39Fixture.signedMail(FROM_EXAMPLE_COM, keys);
        String altered = James39Fixture.text(mail).replace("shared folder", "other folder");
        mail.setMessage(MessageBytes.of(altered.getBytes(StandardCharsets.UTF_8))
                .toMimeMessageWithPrepended(List.of()));

        James39Fixture.verifier().service(mail);

        assertThat(mail.getMessage().getHeader("Authentication-Results")).singleElement()
                .asString().contains("dkim=fail", "header.d=" + RSA_DOMAIN);
        assertThat(DkimAttributes.messageResult(mail)).contains("fail");
    }

    @Test
    void verifyShouldReportNoneForAnUnsignedMail() throws Exception {
        FakeMail mail = James39Fixture.mail(FROM_EXAMPLE_NET);

        James39Fixture.verifier().service(mail);

        assertThat(mail.getMessage().getHeader("Authentication-Results")).singleElement()
                .asString().startsWith(AUTHSERV_ID + ";").contains("dkim=none");
        assertThat(DkimAttributes.messageResult(mail)).contains("none");
        assertThat(DkimAttributes.signatureResults(mail)).isEmpty();
    }
}
