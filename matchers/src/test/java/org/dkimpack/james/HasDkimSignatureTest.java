package org.dkimpack.james;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.dkimpack.james.MatcherTestSupport.initialized;

import java.nio.charset.StandardCharsets;

import javax.mail.MessagingException;

import org.apache.mailet.base.test.FakeMail;
import org.junit.jupiter.api.Test;

class HasDkimSignatureTest {
    private static final String EXAMPLE_COM_SIGNATURE = "DKIM-Signature: v=1; a=rsa-sha256;"
            + " c=relaxed/relaxed; d=example.com; s=s1;\r\n\th=from:subject; bh=AAAA; b=BBBB";

    private static FakeMail mailWith(String... signatureFields) throws MessagingException {
        FakeMail mail = DkimTestSupport.mail(DkimTestSupport.FROM_EXAMPLE_COM);
        for (String field : signatureFields) {
            mail.getMessage().addHeaderLine(field);
        }
        return mail;
    }

    @Test
    void matchShouldMatchAnySignatureWithoutCondition() throws Exception {
        HasDkimSignature matcher = initialized(new HasDkimSignature(), "HasDkimSignature",
                null);
        FakeMail mail = mailWith("DKIM-Signature: not even a tag list");

        assertThat(matcher.match(mail)).isEqualTo(mail.getRecipients());
    }

    @Test
    void matchShouldNotMatchAnUnsignedMessage() throws Exception {
        HasDkimSignature matcher = initialized(new HasDkimSignature(), "HasDkimSignature",
                null);

        assertThat(matcher.match(mailWith())).isEmpty();
    }

    @Test
    void matchShouldMatchASignatureOfTheGivenDomain() throws Exception {
        HasDkimSignature matcher = initialized(new HasDkimSignature(), "HasDkimSignature",
                "EXAMPLE.com");
        FakeMail mail = mailWith(EXAMPLE_COM_SIGNATURE);

        assertThat(matcher.match(mail)).isEqualTo(mail.getRecipients());
    }

    @Test
    void matchShouldNotMatchASignatureOfAnotherDomain() throws Exception {
        HasDkimSignature matcher = initialized(new HasDkimSignature(), "HasDkimSignature",
                "example.org");

        assertThat(matcher.match(mailWith(EXAMPLE_COM_SIGNATURE))).isEmpty();
    }

    @Test
    void matchShouldNotMatchAParentDomainOfTheSignature() throws Exception {
        HasDkimSignature matcher = initialized(new HasDkimSignature(), "HasDkimSignature",
                "com");

        assertThat(matcher.match(mailWith(EXAMPLE_COM_SIGNATURE))).isEmpty();
    }

    @Test
    void matchShouldIgnoreASignatureThatDoesNotParseWhenADomainIsGiven() throws Exception {
        HasDkimSignature matcher = initialized(new HasDkimSignature(), "HasDkimSignature",
                "example.com");

        assertThat(matcher.match(mailWith("DKIM-Signature: d=example.com; d=twice"))).isEmpty();
    }

    @Test
    void matchShouldReadASignatureInFrontOfTheReceivedBytes() throws Exception {
        HasDkimSignature matcher = initialized(new HasDkimSignature(), "HasDkimSignature",
                "example.com");
        FakeMail mail = DkimTestSupport.mail(DkimTestSupport.FROM_EXAMPLE_COM);
        mail.setMessage(DkimTestSupport.message(("DKIM-Signature: v=1; d=example.com; s=x;"
                + " b=AAAA\r\n").concat(new String(DkimTestSupport.bytes(mail),
                        StandardCharsets.ISO_8859_1))
                .getBytes(StandardCharsets.ISO_8859_1)));

        assertThat(matcher.match(mail)).isEqualTo(mail.getRecipients());
    }

    @Test
    void initShouldRefuseAConditionThatIsNotADomain() {
        assertThatThrownBy(() -> initialized(new HasDkimSignature(), "HasDkimSignature",
                "@example.com"))
                .isInstanceOf(MessagingException.class)
                .hasMessageContaining("got '@example.com'");
    }
}
