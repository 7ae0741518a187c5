package org.dkimpack.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.UUID;

/**
 * The messages the tests send, from {@code src/test/resources/messages/<name>.eml}, with
 * their placeholders filled in: {@code @FROM@}, {@code @TO@}, {@code @DATE@} and
 * {@code @TOKEN@}, a word unique to one sending that the tests find the message by (it is in
 * the Message-ID and the Subject).
 */
final class TestMessages {
    private TestMessages() {
    }

    /** A token unique to one sending, starting with a label that says which test sent it. */
    static String token(String label) {
        return label + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** The message as UTF-8 bytes with LF line ends (SmtpClient sends them as CRLF). */
    static byte[] load(String name, String from, String to, String token) {
        String path = "/messages/" + name + ".eml";
        try (InputStream in = TestMessages.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("no test message " + path);
            }
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .replace("@FROM@", from)
                    .replace("@TO@", to)
                    .replace("@TOKEN@", token)
                    .replace("@DATE@", DateTimeFormatter.RFC_1123_DATE_TIME
                            .withLocale(Locale.ROOT).format(ZonedDateTime.now()));
            return text.getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
