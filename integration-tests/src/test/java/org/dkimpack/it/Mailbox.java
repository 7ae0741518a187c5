package org.dkimpack.it;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Supplier;

import javax.mail.Folder;
import javax.mail.Message;
import javax.mail.MessagingException;
import javax.mail.Session;
import javax.mail.Store;

/**
 * A user's INBOX, read over IMAP as a mail reader reads it. Messages are found by a token in
 * their {@code Message-ID}, and come back byte for byte ({@code BODY.PEEK[]}).
 */
final class Mailbox {
    private static final Duration POLL_INTERVAL = Duration.ofMillis(250);

    private final int imapPort;
    private final String user;
    private final String password;

    Mailbox(int imapPort, String user, String password) {
        this.imapPort = imapPort;
        this.user = user;
        this.password = password;
    }

    /** The message whose Message-ID holds the token, if it is in the INBOX now. */
    Optional<ReceivedMessage> find(String token) {
        Properties properties = new Properties();
        properties.setProperty("mail.imap.connectiontimeout", "10000");
        properties.setProperty("mail.imap.timeout", "20000");
        Session session = Session.getInstance(properties);
        Store store = null;
        try {
            store = session.getStore("imap");
            store.connect("127.0.0.1", imapPort, user, password);
            Folder inbox = store.getFolder("INBOX");
            if (!inbox.exists()) {
                return Optional.empty();
            }
            inbox.open(Folder.READ_ONLY);
            try {
                for (Message message : inbox.getMessages()) {
                    String[] ids = message.getHeader("Message-ID");
                    if (ids != null && ids[0].contains(token)) {
                        ByteArrayOutputStream raw = new ByteArrayOutputStream();
                        message.writeTo(raw);
                        return Optional.of(new ReceivedMessage(raw.toByteArray()));
                    }
                }
                return Optional.empty();
            } finally {
                inbox.close(false);
            }
        } catch (MessagingException | IOException e) {
            throw new IllegalStateException("reading the INBOX of " + user + " over IMAP (port "
                    + imapPort + ") failed: " + e, e);
        } finally {
            if (store != null) {
                try {
                    store.close();
                } catch (MessagingException ignored) {
                    // Read already; the server ends the session by itself.
                }
            }
        }
    }

    /**
     * Waits for the message whose Message-ID holds the token.
     *
     * @param diagnostics what to show when it does not come, such as the servers' logs
     */
    ReceivedMessage await(String token, Duration timeout, Supplier<String> diagnostics) {
        long deadline = System.nanoTime() + timeout.toNanos();
        IllegalStateException lastFailure = null;
        while (true) {
            try {
                Optional<ReceivedMessage> message = find(token);
                if (message.isPresent()) {
                    return message.get();
                }
            } catch (IllegalStateException e) {
                // James 3.8.1 may answer BAD to a FETCH of a message that arrives while the
                // mailbox is being selected; the next look sees it whole.
                lastFailure = e;
            }
            if (System.nanoTime() > deadline) {
                AssertionError failure = new AssertionError("no message with Message-ID *"
                        + token + "* in the INBOX of " + user + " within "
                        + timeout.getSeconds() + " s" + (lastFailure == null ? ""
                                : "; the last IMAP error: " + lastFailure.getMessage())
                        + "\n" + diagnostics.get());
                if (lastFailure != null) {
                    failure.initCause(lastFailure);
                }
                throw failure;
            }
            try {
                Thread.sleep(POLL_INTERVAL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
    }
}
