package org.dkimpack.james.mail;

import javax.mail.MessagingException;
import javax.mail.internet.MimeMessage;

import org.apache.mailet.Mail;

/** The Message-ID of a mail for log lines, which must not fail over a broken header. */
public final class MessageIds {
    private MessageIds() {
    }

    /** The Message-ID field's value, "none" without one, "unknown" when it cannot be read. */
    public static String of(Mail mail) {
        try {
            return of(mail.getMessage());
        } catch (MessagingException | RuntimeException e) {
            return "unknown";
        }
    }

    /** The same, for a message. */
    public static String of(MimeMessage message) {
        try {
            String id = message.getMessageID();
            return id == null ? "none" : id;
        } catch (MessagingException | RuntimeException e) {
            return "unknown";
        }
    }
}
