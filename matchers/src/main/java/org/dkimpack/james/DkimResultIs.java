package org.dkimpack.james;

import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

import javax.mail.MessagingException;

import org.apache.james.core.MailAddress;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMatcher;
import org.dkimpack.core.result.DkimResult;

/**
 * Matches mail whose DKIM result, as {@link DkimVerify} recorded it in the
 * {@code dkim.result} attribute, is one of the listed results.
 *
 * <p>Condition: a comma-separated list of results, as RFC 8601 names them: {@code pass},
 * {@code fail}, {@code neutral}, {@code policy}, {@code temperror}, {@code permerror},
 * {@code none}. The message's result is one word: {@code pass} when any signature passed,
 * otherwise the first present of {@code fail}, {@code temperror}, {@code permerror},
 * {@code policy}, {@code neutral}, and {@code none} without signatures; so
 * {@code DkimResultIs=fail} matches a message none of whose signatures passed and one of
 * which failed. To route on one signer's result, use {@link DkimPassFor}. Mail that
 * DkimVerify has not seen never matches.
 *
 * <pre>{@code
 * <mailet match="org.dkimpack.james.DkimResultIs=fail,permerror" class="ToRepository">
 *   <repositoryPath>file://var/mail/dkim-quarantine/</repositoryPath>
 * </mailet>
 * }</pre>
 */
public class DkimResultIs extends GenericMatcher {
    private static final List<String> KNOWN = Arrays.stream(DkimResult.values())
            .map(DkimResult::token)
            .collect(Collectors.toList());

    private Set<String> wanted;

    @Override
    public String getMatcherInfo() {
        return "DkimResultIs=result[,result...]: mail whose DKIM result is listed (dkimpack)";
    }

    @Override
    public void init() throws MessagingException {
        String condition = getCondition();
        if (condition == null || condition.isBlank()) {
            throw new MessagingException(getMatcherName() + ": expected a comma-separated list"
                    + " of results (" + String.join(", ", KNOWN) + ") as condition, got none");
        }
        Set<String> results = new LinkedHashSet<>();
        for (String item : condition.split(",")) {
            String result = item.trim().toLowerCase(Locale.ROOT);
            if (!KNOWN.contains(result)) {
                throw new MessagingException(getMatcherName() + ": unknown DKIM result '"
                        + item.trim() + "' in condition '" + condition + "'; expected some of "
                        + String.join(", ", KNOWN));
            }
            results.add(result);
        }
        wanted = Set.copyOf(results);
    }

    @Override
    public Collection<MailAddress> match(Mail mail) {
        boolean matches = DkimAttributes.messageResult(mail)
                .map(result -> wanted.contains(result.toLowerCase(Locale.ROOT)))
                .orElse(false);
        return matches ? mail.getRecipients() : List.of();
    }
}
