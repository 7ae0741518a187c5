package org.dkimpack.james.mail;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

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

    @Test
    void aMessageOverTheMemoryLimitShouldGoToAFileAndReadTheSame() throws Exception {
        try (MessageBytes bytes = MessageBytes.of(parsed(MESSAGE), 10)) {
            assertThat(bytes.isInFile()).isTrue();
            assertThat(text(bytes.toByteArray())).isEqualTo(MESSAGE);
            assertThat(bytes.length()).isEqualTo(MESSAGE.length());
            assertThat(bytes.hasEightBitBody()).isFalse();
        }
        try (MessageBytes bytes = MessageBytes.of(parsed(MESSAGE), MESSAGE.length())) {
            assertThat(bytes.isInFile()).isFalse();
        }
    }

    @Test
    void aMessageInAFileShouldTakeFieldsAndOutliveTheFile() throws Exception {
        MessageBytes bytes = MessageBytes.of(parsed(MESSAGE), 10);
        MimeMessage first = bytes.toMimeMessageWithPrepended(List.of("X-First: a long value"));
        MimeMessage second = bytes.toMimeMessageWithPrepended(List.of("X-Second: b"));
        MimeMessage large = bytes.toMimeMessageWithPrepended(List.of("X-Large: "
                + "x".repeat(10_000)));

        bytes.close();
        // The file is gone from its folder; the messages read their bodies from it still,
        // however often the collector runs.
        for (int round = 0; round < 3; round++) {
            System.gc();
            System.runFinalization();
        }

        assertThat(written(first)).isEqualTo("X-First: a long value\r\n" + MESSAGE);
        assertThat(written(second)).isEqualTo("X-Second: b\r\n" + MESSAGE);
        assertThat(written(large)).isEqualTo("X-Large: " + "x".repeat(10_000) + "\r\n"
                + MESSAGE);
    }

    @Test
    void closeShouldDeleteTheTemporaryFile() throws Exception {
        Set<Path> before = temporaryFiles();

        MessageBytes bytes = MessageBytes.of(parsed(MESSAGE), 10);
        Set<Path> during = temporaryFiles();
        bytes.close();

        assertThat(during).hasSize(before.size() + 1);
        assertThat(temporaryFiles()).isEqualTo(before);
    }

    @Test
    void hasEightBitBodyShouldReadAFileToo() throws Exception {
        String eightBitHeader = "Subject: Caf\u00e9\r\n\r\nplain\r\n";
        String eightBitBody = "Subject: Lunch\r\n\r\ncaf\u00e9\r\n";
        String bareLineFeeds = "Subject: Lunch\n\ncaf\u00e9\n";

        for (String message : List.of(eightBitHeader, eightBitBody, bareLineFeeds)) {
            try (MessageBytes inFile = MessageBytes.of(parsed(message), 1);
                    MessageBytes inMemory = MessageBytes.of(parsed(message))) {
                assertThat(inFile.hasEightBitBody()).as(message)
                        .isEqualTo(inMemory.hasEightBitBody())
                        .isEqualTo(!message.equals(eightBitHeader));
            }
        }
    }

    private static Set<Path> temporaryFiles() throws IOException {
        try (Stream<Path> files = Files.list(Paths.get(System.getProperty("java.io.tmpdir")))) {
            return files.filter(file -> file.getFileName().toString().startsWith("dkimpack-")
                    && file.getFileName().toString().endsWith(".eml"))
                    .collect(Collectors.toSet());
        }
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
