package org.dkimpack.james;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

import javax.mail.MessagingException;

import org.apache.james.core.MailAddress;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMatcher;
import org.dkimpack.james.keys.KeyConfigurationException;
import org.dkimpack.james.keys.KeySource;
import org.dkimpack.james.keys.KeyTableWatcher;
import org.dkimpack.james.mail.SenderDomain;

/**
 * Matches mail whose sender domain (the domain of its single {@code From:} address) has a DKIM
 * signing key, so that only such mail goes through {@link DkimSign}, or mail without a key
 * goes elsewhere.
 *
 * <p>Condition: the key directory ({@code <domain>/<selector>.pem}) or the signing table file
 * that DkimSign uses, told apart by whether the path is a folder. Keys are found the way
 * DkimSign finds them with its default {@code useParentDomainKey=true}: the domain's own
 * keys, a wildcard entry of a parent, or a parent domain's keys. The directory or table is
 * read again at most every 10 seconds, so keys added later are seen. The matcher does not
 * read the key files themselves: a domain whose key file is broken still matches, and
 * DkimSign reports the error.
 *
 * <pre>{@code
 * <mailet match="org.dkimpack.james.SenderDomainHasDkimKey=/etc/james/dkim"
 *         class="org.dkimpack.james.DkimSign">
 *   <keyDirectory>/etc/james/dkim</keyDirectory>
 * </mailet>
 * }</pre>
 */
public class SenderDomainHasDkimKey extends GenericMatcher {
    static final Duration RELOAD_INTERVAL = Duration.ofSeconds(10);

    private KeyTableWatcher keys;

    @Override
    public String getMatcherInfo() {
        return "SenderDomainHasDkimKey=<key directory or signing table>: mail whose From"
                + " domain has a DKIM key (dkimpack)";
    }

    @Override
    public void init() throws MessagingException {
        String condition = getCondition();
        if (condition == null || condition.isBlank()) {
            throw new MessagingException(getMatcherName() + ": expected a key directory or a"
                    + " signing table as condition, got none");
        }
        Path path;
        try {
            path = Paths.get(condition.trim());
        } catch (InvalidPathException e) {
            throw new MessagingException(getMatcherName() + ": '" + condition
                    + "' is not a path", e);
        }
        if (!Files.exists(path)) {
            throw new MessagingException(getMatcherName() + ": " + path + " does not exist;"
                    + " expected a key directory or a signing table");
        }
        try {
            keys = KeyTableWatcher.open(KeySource.at(path), RELOAD_INTERVAL, Clock.systemUTC());
        } catch (KeyConfigurationException e) {
            throw new MessagingException(getMatcherName() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Collection<MailAddress> match(Mail mail) throws MessagingException {
        Optional<String> domain = SenderDomain.of(mail.getMessage());
        boolean hasKey = domain.isPresent()
                && keys.current().lookup(domain.get(), true).isPresent();
        return hasKey ? mail.getRecipients() : List.of();
    }
}
