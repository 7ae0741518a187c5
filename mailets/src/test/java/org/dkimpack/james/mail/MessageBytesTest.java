package org.dkimpack.james.mail;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import javax.mail.internet.MimeMessage;

import org.junit.jupiter.api.Test;

class MessageBytesTest {
    private static final String MESSAGE = "From: alice@example.com\r\n"
            + "To: bob@example.net\r\n"
            + "Subject: Lunch\r\n"
            + "\r\n"
            + "Shall we meet at noon?\r\n";

    @Test
    void ofShouldGiveTheBytesJamesWouldWrite() throws Exception {
        MessageBytes bytes = MessageBytes.of(parsed(MESSAGE));

        assertThat(text(bytes.toByteArray())).isEqualTo(MESSAGE);
        assertThat(bytes.length()).isEqualTo(MESSAGE.length());
        assertThat(text(bytes.newInputStream().readAllBytes())).isEqualTo(MESSAGE);
    }

    @Test
    void toMimeMessageWithPrependedShouldWriteTheFieldsThenTheMessage() throws Exception {
        MessageBytes bytes = MessageBytes.of(parsed(MESSAGE));

        MimeMessage signed = bytes.toMimeMessageWithPrepended(
                List.of("DKIM-Signature: v=1; a=rsa-sha256;\r\n\tb=abc", "X-Second: 2"));

        assertThat(written(signed)).isEqualTo("DKIM-Signature: v=1; a=rsa-sha256;\r\n\tb=abc\r\n"
                + "X-Second: 2\r\n" + MESSAGE);
    }

    @Test
    void aLaterPrependShouldNotChangeAMessageMadeEarlier() throws Exception {
        // Both messages are made in the same room in front of the bytes.
        MessageBytes bytes = MessageBytes.of(parsed(MESSAGE));

        MimeMessage first = bytes.toMimeMessageWithPrepended(List.of("X-First: a long value"));
        MimeMessage second = bytes.toMimeMessageWithPrepended(List.of("X-Second: b"));

        assertThat(written(first)).isEqualTo("X-First: a long value\r\n" + MESSAGE);
        assertThat(written(second)).isEqualTo("X-Second: b\r\n" + MESSAGE);
        assertThat(text(bytes.toByteArray())).isEqualTo(MESSAGE);
    }

    @Test
    void fieldsLargerThanTheRoomInFrontShouldGoIntoANewArray() throws Exception {
        MessageBytes bytes = MessageBytes.of(parsed(MESSAGE));
        String large = "X-Large: " + "x".repeat(10_000);

        MimeMessage message = bytes.toMimeMessageWithPrepended(List.of(large));

        assertThat(written(message)).isEqualTo(large + "\r\n" + MESSAGE);
    }

    @Test
    void bytesGivenAsTheyAreShouldAlsoTakeFields() throws Exception {
        MessageBytes bytes = MessageBytes.of(MESSAGE.getBytes(StandardCharsets.ISO_8859_1));

        MimeMessage message = bytes.toMimeMessageWithPrepended(List.of("X-Added: 1"));

        assertThat(written(message)).isEqualTo("X-Added: 1\r\n" + MESSAGE);
    }

    @Test
    void hasEightBitBodyShouldLookOnlyAfterTheHeaderBlock() throws Exception {
        String eightBitHeader = "Subject: Caf\u00e9\r\n\r\nplain\r\n";
        String eightBitBody = "Subject: Lunch\r\n\r\ncaf\u00e9\r\n";

        assertThat(MessageBytes.of(eightBitHeader.getBytes(StandardCharsets.ISO_8859_1))
                .hasEightBitBody()).isFalse();
        assertThat(MessageBytes.of(eightBitBody.getBytes(StandardCharsets.ISO_8859_1))
                .hasEightBitBody()).isTrue();
        assertThat(MessageBytes.of(parsed(eightBitBody)).hasEightBitBody()).isTrue();
    }

    private static MimeMessage parsed(String message) throws Exception {
        return new MimeMessage(MessageBytes.session(), new ByteArrayInputStream(
                message.getBytes(StandardCharsets.ISO_8859_1)));
    }

    private static String written(MimeMessage message) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        message.writeTo(out);
        return text(out.toByteArray());
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }
}
