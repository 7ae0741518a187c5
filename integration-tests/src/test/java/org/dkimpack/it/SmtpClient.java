package org.dkimpack.it;

/**
 * Just enough SMTP to hand a message to a server byte for byte: EHLO, AUTH PLAIN when a login
 * is given, MAIL FROM (with {@code BODY=8BITMIME} when the message has 8-bit bytes), RCPT TO,
 * DATA with dot-stuffing, QUIT. Line ends are made CRLF; nothing else of the message changes.
 * A reply other than the expected one fails with the server's words. One message per
 * connection, through {@link SmtpSession}.
 */
final class SmtpClient {

    private SmtpClient() {
    }

    /** Submits as an authenticated user of the server (which may then relay the message). */
    static void submit(int port, String user, String password, String recipient,
            byte[] message) {
        try (SmtpSession session = SmtpSession.open(port, user, password)) {
            session.send(user, recipient, message);
        }
    }

    /** Delivers as another server would: no login, so the message comes "from outside". */
    static void deliver(int port, String sender, String recipient, byte[] message) {
        try (SmtpSession session = SmtpSession.open(port, null, null)) {
            session.send(sender, recipient, message);
        }
    }
}
