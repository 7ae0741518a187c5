package org.dkimpack.core.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

class MessageReaderTest {

    @Test
    void headerFieldsShouldKeepFoldingAndTheBodyShouldFollowTheBlankLine() throws Exception {
        MessageReader reader = reader(
                "From: a@example.com\r\nSubject: one\r\n two\r\n\r\nBody\r\n");

        List<HeaderField> fields = reader.headerFields();
        String body = new String(reader.body().readAllBytes(), StandardCharsets.ISO_8859_1);

        assertThat(raw(fields)).containsExactly("From: a@example.com", "Subject: one\r\n two");
        assertThat(body).isEqualTo("Body\r\n");
    }

    @Test
    void bareLineFeedsShouldEndHeaderLinesAsCrlfWould() throws Exception {
        MessageReader reader = reader("From: a@example.com\nSubject: one\n\ttwo\n\nBody\n");

        List<HeaderField> fields = reader.headerFields();
        String body = new String(reader.body().readAllBytes(), StandardCharsets.ISO_8859_1);

        assertThat(raw(fields)).containsExactly("From: a@example.com", "Subject: one\r\n\ttwo");
        assertThat(body).isEqualTo("Body\n");
    }

    @Test
    void aMessageWithoutBlankLineShouldHaveAnEmptyBody() throws Exception {
        MessageReader reader = reader("From: a@example.com\r\nSubject: x");

        List<HeaderField> fields = reader.headerFields();

        assertThat(raw(fields)).containsExactly("From: a@example.com", "Subject: x");
        assertThat(reader.body().read()).isEqualTo(-1);
    }

    @Test
    void eightBitBytesShouldSurviveUnchanged() throws Exception {
        byte[] message = "Subject: caf\u00e9\r\n\r\n".getBytes(StandardCharsets.UTF_8);

        HeaderField field = MessageReader.of(new ByteArrayInputStream(message))
                .headerFields().get(0);

        assertThat(field.toBytes())
                .isEqualTo("Subject: caf\u00e9".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void namesShouldIgnoreWhitespaceBeforeTheColon() throws Exception {
        HeaderField field = HeaderField.of("Subject \t: x");

        assertThat(field.name()).isEqualTo("Subject");
        assertThat(field.hasName("SUBJECT")).isTrue();
        assertThat(field.value()).isEqualTo(" x");
    }

    @Test
    void aHeaderBlockOverTheLimitShouldBeRefused() {
        MessageReader reader = MessageReader.of(new ByteArrayInputStream(
                ("Subject: " + "x".repeat(2000) + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII)),
                1000);

        assertThatThrownBy(reader::headerFields)
                .isInstanceOf(MessageFormatException.class)
                .hasMessage("header block exceeds the limit of 1000 bytes");
    }

    private static MessageReader reader(String message) {
        return MessageReader.of(new ByteArrayInputStream(
                message.getBytes(StandardCharsets.ISO_8859_1)));
    }

    private static List<String> raw(List<HeaderField> fields) {
        return fields.stream().map(HeaderField::raw).collect(Collectors.toList());
    }
}
