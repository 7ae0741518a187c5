package org.dkimpack.james;

import static org.assertj.core.api.Assertions.assertThat;
import static org.dkimpack.james.James39Fixture.ED25519_DOMAIN;
import static org.dkimpack.james.James39Fixture.ED25519_SELECTOR;
import static org.dkimpack.james.James39Fixture.EIGHT_BIT;
import static org.dkimpack.james.James39Fixture.FROM_EXAMPLE_COM;
import static org.dkimpack.james.James39Fixture.FROM_EXAMPLE_NET;
import static org.dkimpack.james.James39Fixture.FROM_EXAMPLE_ORG;
import static org.dkimpack.james.James39Fixture.RSA_DOMAIN;
import static org.dkimpack.james.James39Fixture.RSA_SELECTOR;

import java.nio.file.Path;

import jakarta.mail.internet.MimeMessage;
import org.apache.mailet.base.test.FakeMail;
import org.dkimpack.core.result.DkimResult;
import org.dkimpack.core.result.VerificationResult;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * DkimSign, transformed to jakarta.mail, on James 3.9.0's mailet API and test kit: one
 * instance signs each sender domain with that domain's key.
 */
class DkimSignOnJames39Test {
    @TempDir
    static Path folder;

    private static Path keys;

    @BeforeAll
    static void layOutKeys() throws Exception {
        keys = James39Fixture.keyDirectory(folder.resolve("keys"));
    }

    @Test
    void signShouldUseTheRsaKeyOfExampleCom() throws Exception {
        FakeMail mail = James39Fixture.signedMail(FROM_EXAMPLE_COM, keys);

        String[] signatures = mail.getMessage().getHeader("DKIM-Signature");
        VerificationResult check = James39Fixture.check(mail);

        assertThat(signatures).singleElement().asString()
                .contains("a=rsa-sha256", "d=" + RSA_DOMAIN, "s=" + RSA_SELECTOR);
        assertThat(check.summary()).isEqualTo(DkimResult.PASS);
        assertThat(check.passesFor(RSA_DOMAIN)).isTrue();
    }

    @Test
    void signShouldUseTheEd25519KeyOfExampleOrg() throws Exception {
        FakeMail mail = James39Fixture.signedMail(FROM_EXAMPLE_ORG, keys);

        String[] signatures = mail.getMessage().getHeader("DKIM-Signature");
        VerificationResult check = James39Fixture.check(mail);

        assertThat(signatures).singleElement().asString()
                .contains("a=ed25519-sha256", "d=" + ED25519_DOMAIN, "s=" + ED25519_SELECTOR);
        assertThat(check.summary()).isEqualTo(DkimResult.PASS);
        assertThat(check.passesFor(ED25519_DOMAIN)).isTrue();
    }

    @Test
    void signShouldLeaveMailOfADomainWithoutKeyUntouched() throws Exception {
        FakeMail mail = James39Fixture.mail(FROM_EXAMPLE_NET);
        String before = James39Fixture.text(mail);

        James39Fixture.signer(keys).service(mail);

        assertThat(mail.getMessage().getHeader("DKIM-Signature")).isNull();
        assertThat(James39Fixture.text(mail)).isEqualTo(before);
    }

    @Test
    void signShouldConvertAnEightBitBodyToSevenBitBeforeSigning() throws Exception {
        FakeMail mail = James39Fixture.signedMail(EIGHT_BIT, keys);

        MimeMessage message = mail.getMessage();
        VerificationResult check = James39Fixture.check(mail);

        assertThat(message.getHeader("Content-Transfer-Encoding"))
                .containsExactly("quoted-printable");
        assertThat(message.getContent()).asString().contains("Spätzle und Grünkohl");
        assertThat(check.summary()).isEqualTo(DkimResult.PASS);
    }
}
