package org.dkimpack.james;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.dkimpack.james.MatcherTestSupport.initialized;
import static org.dkimpack.james.MatcherTestSupport.recordResults;
import static org.dkimpack.james.MatcherTestSupport.signature;

import javax.mail.MessagingException;

import org.apache.mailet.base.test.FakeMail;
import org.dkimpack.core.result.DkimResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class DkimPassForTest {

    private static FakeMail mail() throws MessagingException {
        return DkimTestSupport.mail(DkimTestSupport.FROM_EXAMPLE_COM);
    }

    private static DkimPassFor matcher(String condition) throws MessagingException {
        return initialized(new DkimPassFor(), "DkimPassFor", condition);
    }

    @Test
    void matchShouldMatchAPassingSignatureOfTheDomain() throws Exception {
        FakeMail mail = mail();
        recordResults(mail, signature(DkimResult.PASS, "example.com"));

        assertThat(matcher("Example.COM").match(mail)).isEqualTo(mail.getRecipients());
    }

    @ParameterizedTest
    @EnumSource(value = DkimResult.class, names = {"PASS", "NONE"},
            mode = EnumSource.Mode.EXCLUDE)
    void matchShouldNotMatchASignatureOfTheDomainThatDidNotPass(DkimResult result)
            throws Exception {
        FakeMail mail = mail();
        recordResults(mail, signature(result, "example.com"));

        assertThat(matcher("example.com").match(mail)).isEmpty();
    }

    @Test
    void matchShouldNotMatchAPassingSignatureOfAnotherDomain() throws Exception {
        FakeMail mail = mail();
        recordResults(mail, signature(DkimResult.PASS, "mail.example.com"),
                signature(DkimResult.PASS, "example.org"));

        assertThat(matcher("example.com").match(mail)).isEmpty();
    }

    @Test
    void matchShouldMatchWhenAnyOfSeveralSignaturesOfTheDomainPasses() throws Exception {
        FakeMail mail = mail();
        recordResults(mail, signature(DkimResult.FAIL, "example.com"),
                signature(DkimResult.PASS, "example.com"));

        assertThat(matcher("example.com").match(mail)).isEqualTo(mail.getRecipients());
    }

    @Test
    void matchShouldNotMatchAMessageWithoutSignatures() throws Exception {
        FakeMail mail = mail();
        recordResults(mail);

        assertThat(matcher("example.com").match(mail)).isEmpty();
    }

    @Test
    void matchShouldNotMatchMailThatWasNotVerified() throws Exception {
        assertThat(matcher("example.com").match(mail())).isEmpty();
    }

    @Test
    void initShouldRefuseAConditionThatIsNotADomain() {
        assertThatThrownBy(() -> matcher("example com"))
                .isInstanceOf(MessagingException.class)
                .hasMessageContaining("expected a domain name as condition, got 'example com'");
    }
}
