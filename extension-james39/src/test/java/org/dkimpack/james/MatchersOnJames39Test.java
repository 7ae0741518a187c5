package org.dkimpack.james;

import static org.assertj.core.api.Assertions.assertThat;
import static org.dkimpack.james.James39Fixture.FROM_EXAMPLE_COM;
import static org.dkimpack.james.James39Fixture.FROM_EXAMPLE_NET;
import static org.dkimpack.james.James39Fixture.FROM_EXAMPLE_ORG;

import java.nio.file.Path;

import jakarta.mail.internet.AddressException;
import org.apache.james.core.MailAddress;
import org.apache.mailet.base.test.FakeMail;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The four matchers, transformed to jakarta.mail, on James 3.9.0's mailet API and test kit:
 * each matches the mail it is meant for, with all its recipients, and no other.
 */
class MatchersOnJames39Test {
    private static final MailAddress RECIPIENT = recipient();

    @TempDir
    static Path folder;

    private static Path keys;

    @BeforeAll
    static void layOutKeys() throws Exception {
        keys = James39Fixture.keyDirectory(folder.resolve("keys"));
    }

    @Test
    void senderDomainHasDkimKeyShouldMatchOnlyDomainsWithAKey() throws Exception {
        SenderDomainHasDkimKey matcher = James39Fixture.matcher(new SenderDomainHasDkimKey(),
                "SenderDomainHasDkimKey", keys.toString());

        assertThat(matcher.match(James39Fixture.mail(FROM_EXAMPLE_COM)))
                .containsExactly(RECIPIENT);
        assertThat(matcher.match(James39Fixture.mail(FROM_EXAMPLE_ORG)))
                .containsExactly(RECIPIENT);
        assertThat(matcher.match(James39Fixture.mail(FROM_EXAMPLE_NET))).isEmpty();
    }

    @Test
    void hasDkimSignatureShouldMatchSignedMailAndItsSigningDomain() throws Exception {
        HasDkimSignature any = James39Fixture.matcher(new HasDkimSignature(),
                "HasDkimSignature", null);
        HasDkimSignature fromExampleCom = James39Fixture.matcher(new HasDkimSignature(),
                "HasDkimSignature", "example.com");
        FakeMail signed = James39Fixture.signedMail(FROM_EXAMPLE_COM, keys);
        FakeMail unsigned = James39Fixture.mail(FROM_EXAMPLE_NET);

        assertThat(any.match(signed)).containsExactly(RECIPIENT);
        assertThat(fromExampleCom.match(signed)).containsExactly(RECIPIENT);
        assertThat(any.match(unsigned)).isEmpty();
        assertThat(fromExampleCom.match(James39Fixture.signedMail(FROM_EXAMPLE_ORG, keys)))
                .isEmpty();
    }

    @Test
    void dkimResultIsShouldMatchTheResultDkimVerifyRecorded() throws Exception {
        DkimResultIs pass = James39Fixture.matcher(new DkimResultIs(), "DkimResultIs", "pass");
        DkimResultIs failOrNone = James39Fixture.matcher(new DkimResultIs(), "DkimResultIs",
                "fail,none");
        FakeMail signed = verified(James39Fixture.signedMail(FROM_EXAMPLE_ORG, keys));
        FakeMail unsigned = verified(James39Fixture.mail(FROM_EXAMPLE_NET));

        assertThat(pass.match(signed)).containsExactly(RECIPIENT);
        assertThat(failOrNone.match(signed)).isEmpty();
        assertThat(failOrNone.match(unsigned)).containsExactly(RECIPIENT);
        assertThat(pass.match(unsigned)).isEmpty();
    }

    @Test
    void dkimPassForShouldMatchOnlyAPassOfTheNamedDomain() throws Exception {
        DkimPassFor passForExampleCom = James39Fixture.matcher(new DkimPassFor(), "DkimPassFor",
                "example.com");
        FakeMail fromExampleCom = verified(James39Fixture.signedMail(FROM_EXAMPLE_COM, keys));
        FakeMail fromExampleOrg = verified(James39Fixture.signedMail(FROM_EXAMPLE_ORG, keys));

        assertThat(passForExampleCom.match(fromExampleCom)).containsExactly(RECIPIENT);
        assertThat(passForExampleCom.match(fromExampleOrg)).isEmpty();
    }

    private static FakeMail verified(FakeMail mail) throws Exception {
        James39Fixture.verifier().service(mail);
        return mail;
    }

    private static MailAddress recipient() {
        try {
            return new MailAddress("dan@example.net");
        } catch (AddressException e) {
            throw new IllegalStateException(e);
        }
    }
}
