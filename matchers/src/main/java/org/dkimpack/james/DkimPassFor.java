package org.dkimpack.james;

import java.util.Collection;
import java.util.List;
import java.util.Map;

import javax.mail.MessagingException;

import org.apache.james.core.MailAddress;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMatcher;
import org.dkimpack.core.DomainNames;

/**
 * Matches mail with a passing DKIM signature by a given domain, as {@link DkimVerify} recorded
 * it in the {@code dkim.results} attribute: some signature with result {@code pass} and
 * {@code d=} that domain, compared without regard to case. A sub-domain's signature does not
 * count for its parent, nor the reverse. Mail that DkimVerify has not seen never matches.
 *
 * <p>Condition: the domain.
 *
 * <pre>{@code
 * <mailet match="org.dkimpack.james.DkimPassFor=bank.example" class="AddHeader">
 *   <name>X-Verified-Sender</name>
 *   <value>bank.example</value>
 * </mailet>
 * }</pre>
 */
public class DkimPassFor extends GenericMatcher {
    private String domain;

    @Override
    public String getMatcherInfo() {
        return "DkimPassFor=domain: mail with a passing DKIM signature of a domain (dkimpack)";
    }

    @Override
    public void init() throws MessagingException {
        String condition = getCondition();
        if (condition == null || !DomainNames.isDomainName(condition.trim())) {
            throw new MessagingException(getMatcherName() + ": expected a domain name as"
                    + " condition, got '" + (condition == null ? "" : condition) + "'");
        }
        domain = condition.trim();
    }

    @Override
    public Collection<MailAddress> match(Mail mail) {
        for (Map<String, String> signature : DkimAttributes.signatureResults(mail)) {
            if ("pass".equals(signature.get(DkimAttributes.RESULT))
                    && domain.equalsIgnoreCase(signature.get(DkimAttributes.DOMAIN))) {
                return mail.getRecipients();
            }
        }
        return List.of();
    }
}
