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

class DkimResultIsTest {

    private static FakeMail mail() throws MessagingException {
        return DkimTestSupport.mail(DkimTestSupport.FROM_EXAMPLE_COM);
    }

    @ParameterizedTest
    @EnumSource(value = DkimResult.class, names = "NONE", mode = EnumSource.Mode.EXCLUDE)
    void matchShouldMatchEachResultWhenListed(DkimResult result) throws Exception {
        DkimResultIs matcher = initialized(new DkimResultIs(), "DkimResultIs",
                result.token());
        FakeMail mail = mail();
        recordResults(mail, signature(result, "example.com"));

        assertThat(matcher.match(mail)).isEqualTo(mail.getRecipients());
    }

    @ParameterizedTest
    @EnumSource(DkimResult.class)
    void matchShouldNotMatchAResultThatIsNotListed(DkimResult result) throws Exception {
        DkimResultIs matcher = initialized(new DkimResultIs(), "DkimResultIs",
                result == DkimResult.PASS ? "fail,none" : "pass");
        FakeMail mail = mail();
        if (result == DkimResult.NONE) {
            recordResults(mail);
        } else {
            recordResults(mail, signature(result, "example.com"));
        }

        assertThat(matcher.match(mail)).isEmpty();
    }

    @Test
    void matchShouldMatchNoneForAMessageWithoutSignatures() throws Exception {
        DkimResultIs matcher = initialized(new DkimResultIs(), "DkimResultIs", "none");
        FakeMail mail = mail();
        recordResults(mail);

        assertThat(matcher.match(mail)).isEqualTo(mail.getRecipients());
    }

    @Test
    void matchShouldUseTheMessageResultWhenOneOfTwoSignaturesPassed() throws Exception {
        DkimResultIs matcher = initialized(new DkimResultIs(), "DkimResultIs",
                "fail, permerror");
        FakeMail mail = mail();
        recordResults(mail, signature(DkimResult.FAIL, "example.com"),
                signature(DkimResult.PASS, "example.org"));

        assertThat(matcher.match(mail)).isEmpty();
    }

    @Test
    void matchShouldMatchAnyOfSeveralListedResults() throws Exception {
        DkimResultIs matcher = initialized(new DkimResultIs(), "DkimResultIs",
                "fail,PermError");
        FakeMail mail = mail();
        recordResults(mail, signature(DkimResult.PERMERROR, "example.com"));

        assertThat(matcher.match(mail)).isEqualTo(mail.getRecipients());
    }

    @Test
    void matchShouldNotMatchMailThatWasNotVerified() throws Exception {
        DkimResultIs matcher = initialized(new DkimResultIs(), "DkimResultIs",
                "pass,fail,neutral,policy,temperror,permerror,none");

        assertThat(matcher.match(mail())).isEmpty();
    }

    @Test
    void initShouldRefuseAnUnknownResult() {
        assertThatThrownBy(() -> initialized(new DkimResultIs(), "DkimResultIs",
                "fail,softfail"))
                .isInstanceOf(MessagingException.class)
                .hasMessageContaining("unknown DKIM result 'softfail'")
                .hasMessageContaining("pass, fail, neutral, policy, temperror, permerror, none");
    }

    @Test
    void initShouldRefuseAnEmptyCondition() {
        assertThatThrownBy(() -> initialized(new DkimResultIs(), "DkimResultIs", ""))
                .isInstanceOf(MessagingException.class)
                .hasMessageContaining("got none");
    }
}
