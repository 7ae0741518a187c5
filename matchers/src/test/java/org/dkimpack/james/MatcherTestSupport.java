package org.dkimpack.james;

import java.util.List;

import javax.mail.MessagingException;

import org.apache.mailet.Mail;
import org.apache.mailet.Matcher;
import org.apache.mailet.base.test.FakeMailContext;
import org.apache.mailet.base.test.FakeMatcherConfig;
import org.dkimpack.core.result.DkimResult;
import org.dkimpack.core.result.SignatureResult;
import org.dkimpack.core.result.VerificationResult;

/** What the matcher tests share: matchers set up with a condition, and recorded results. */
final class MatcherTestSupport {

    private MatcherTestSupport() {
    }

    /** Initialises a matcher with a condition, in the fake mail context. */
    static <M extends Matcher> M initialized(M matcher, String name, String condition)
            throws MessagingException {
        matcher.init(FakeMatcherConfig.builder()
                .matcherName(name)
                .condition(condition)
                .mailetContext(FakeMailContext.defaultContext())
                .build());
        return matcher;
    }

    /** A signature's result as DkimVerify would have found it. */
    static SignatureResult signature(DkimResult result, String domain) {
        return SignatureResult.builder(result)
                .signingDomain(domain)
                .selector("s1")
                .algorithm("rsa-sha256")
                .agentOrUserIdentifier("@" + domain)
                .signature("dGVzdHNpZ25hdHVyZQ==")
                .reason(result == DkimResult.PASS ? null : "test result")
                .build();
    }

    /** Records results on a mail the way DkimVerify does. */
    static void recordResults(Mail mail, SignatureResult... signatures) {
        DkimAttributes.record(mail, new VerificationResult(List.of(signatures)));
    }
}
