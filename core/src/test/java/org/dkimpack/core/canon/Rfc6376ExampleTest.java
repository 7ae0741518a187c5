package org.dkimpack.core.canon;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.dkimpack.core.message.HeaderField;
import org.dkimpack.core.message.MessageReader;
import org.junit.jupiter.api.Test;

/** The canonicalization examples of RFC 6376 §3.4.6, reproduced exactly. */
class Rfc6376ExampleTest {
    private static final String MESSAGE = "A: X\r\n"
            + "B : Y\t\r\n"
            + "\tZ  \r\n"
            + "\r\n"
            + " C \r\n"
            + "D \t E\r\n"
            + "\r\n"
            + "\r\n";

    @Test
    void relaxedShouldGiveTheRfcExample() throws Exception {
        MessageReader reader = MessageReader.of(bytes(MESSAGE));

        String headers = headers(reader.headerFields(), Canonicalization.RELAXED);
        String body = body(reader, Canonicalization.RELAXED);

        assertThat(headers).isEqualTo("a:X\r\nb:Y Z\r\n");
        assertThat(body).isEqualTo(" C\r\nD E\r\n");
    }

    @Test
    void simpleShouldGiveTheRfcExample() throws Exception {
        MessageReader reader = MessageReader.of(bytes(MESSAGE));

        String headers = headers(reader.headerFields(), Canonicalization.SIMPLE);
        String body = body(reader, Canonicalization.SIMPLE);

        assertThat(headers).isEqualTo("A: X\r\nB : Y\t\r\n\tZ  \r\n");
        assertThat(body).isEqualTo(" C \r\nD \t E\r\n");
    }

    private static String headers(List<HeaderField> fields, Canonicalization c) {
        StringBuilder result = new StringBuilder();
        for (HeaderField field : fields) {
            result.append(HeaderCanonicalizer.canonicalize(c, field)).append("\r\n");
        }
        return result.toString();
    }

    private static String body(MessageReader reader, Canonicalization c) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (BodyCanonicalizer canonicalizer = new BodyCanonicalizer(c, out)) {
            reader.body().transferTo(canonicalizer);
        }
        return out.toString(StandardCharsets.ISO_8859_1);
    }

    private static ByteArrayInputStream bytes(String text) throws IOException {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.ISO_8859_1));
    }
}
