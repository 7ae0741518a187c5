package org.dkimpack.james;

import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import javax.mail.MessagingException;

import org.apache.james.core.MailAddress;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMatcher;
import org.dkimpack.core.DomainNames;
import org.dkimpack.core.tag.TagList;
import org.dkimpack.core.tag.TagListException;

/**
 * Matches mail that carries a {@code DKIM-Signature} field, or one whose {@code d=} is a given
 * domain. It reads the header fields only and checks nothing: whether the signature holds is
 * {@link DkimVerify}'s business, and {@link DkimResultIs} and {@link DkimPassFor} route on that.
 *
 * <p>Condition: nothing, for any signature; or a domain, compared without regard to case, for
 * a signature with exactly that {@code d=} (not a sub-domain). A signature whose tags do not
 * parse has no domain.
 *
 * <pre>{@code
 * <mailet match="org.dkimpack.james.HasDkimSignature" class="org.dkimpack.james.DkimVerify"/>
 * <mailet match="org.dkimpack.james.HasDkimSignature=example.com" class="ToRepository">
 *   <repositoryPath>file://var/mail/signed-by-example-com/</repositoryPath>
 * </mailet>
 * }</pre>
 */
public class HasDkimSignature extends GenericMatcher {
    private static final String SIGNATURE_FIELD = "DKIM-Signature";

    private Optional<String> domain;

    @Override
    public String getMatcherInfo() {
        return "HasDkimSignature[=domain]: mail with a DKIM-Signature (dkimpack)";
    }

    @Override
    public void init() throws MessagingException {
        String condition = getCondition();
        if (condition == null || condition.isBlank()) {
            domain = Optional.empty();
            return;
        }
        String trimmed = condition.trim();
        if (!DomainNames.isDomainName(trimmed)) {
            throw new MessagingException(getMatcherName() + ": expected nothing or a domain"
                    + " name as condition, got '" + condition + "'");
        }
        domain = Optional.of(trimmed.toLowerCase(Locale.ROOT));
    }

    @Override
    public Collection<MailAddress> match(Mail mail) throws MessagingException {
        String[] signatures = mail.getMessage().getHeader(SIGNATURE_FIELD);
        if (signatures == null || signatures.length == 0) {
            return List.of();
        }
        if (domain.isEmpty()) {
            return mail.getRecipients();
        }
        for (String signature : signatures) {
            if (signingDomain(signature).filter(domain.get()::equalsIgnoreCase).isPresent()) {
                return mail.getRecipients();
            }
        }
        return List.of();
    }

    private static Optional<String> signingDomain(String fieldValue) {
        try {
            return TagList.parse(fieldValue).get("d");
        } catch (TagListException e) {
            return Optional.empty();
        }
    }
}
