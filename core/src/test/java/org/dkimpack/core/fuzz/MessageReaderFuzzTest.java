package org.dkimpack.core.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import org.dkimpack.core.message.HeaderField;
import org.dkimpack.core.message.MessageFormatException;
import org.dkimpack.core.message.MessageReader;

/**
 * Fuzzes {@link MessageReader}, which splits every message the verifier sees into header
 * fields and body.
 *
 * <p>Contract: {@code headerFields()} either refuses a header block over the limit with a
 * {@link MessageFormatException}, and only then, or returns the fields the independent
 * {@link HeaderBlock} reading finds, byte for byte; {@code body()} then gives exactly the bytes
 * after the blank line. Each {@link HeaderField} agrees with itself: name, value and bytes.
 *
 * <p>The input's last bytes choose the header size limit (1 to 4096 bytes, so that the limit
 * is hit as often as not); the rest is the message.
 */
class MessageReaderFuzzTest {

    @FuzzTest
    @DictionaryEntries({"\\x0D\\x0A", "\\x0A", "\\x0D", "\\x0D\\x0A\\x0D\\x0A", "\\x0A\\x0A",
        "\\x0D\\x0A ", "\\x0D\\x0A\\x09", "From:", "DKIM-Signature:", " :"})
    void headerFieldsShouldMatchAnIndependentReadingOrExceedTheLimit(FuzzedDataProvider data)
            throws IOException, MessageFormatException {
        int limit = data.consumeInt(1, 4096);
        byte[] message = data.consumeRemainingAsBytes();
        HeaderBlock expected = HeaderBlock.read(message);

        MessageReader reader = MessageReader.of(new ByteArrayInputStream(message), limit);
        List<HeaderField> fields;
        try {
            fields = reader.headerFields();
        } catch (MessageFormatException e) {
            assertThat(expected.length()).as("header block length when refused")
                    .isGreaterThan(limit);
            assertThat(e.getMessage()).contains(String.valueOf(limit));
            return;
        }

        assertThat(expected.length()).as("header block length when read")
                .isLessThanOrEqualTo(limit);
        assertThat(fields.stream().map(HeaderField::raw).collect(Collectors.toList()))
                .containsExactlyElementsOf(expected.fields());
        assertThat(reader.headerFields()).as("the same fields when asked again")
                .isSameAs(fields);
        byte[] body = reader.body().readAllBytes();
        assertThat(body).isEqualTo(Arrays.copyOfRange(message, expected.length(),
                message.length));
        for (HeaderField field : fields) {
            checkField(field);
        }
    }

    private static void checkField(HeaderField field) {
        String raw = field.raw();
        assertThat(field.toBytes()).isEqualTo(raw.getBytes(StandardCharsets.ISO_8859_1));
        assertThat(field.name()).isEqualTo(HeaderBlock.name(raw));
        assertThat(field.value()).isEqualTo(HeaderBlock.value(raw));
        assertThat(field.hasName(asciiUpperCase(field.name()))).isTrue();
        assertThat(raw).doesNotEndWith("\n");
    }

    private static String asciiUpperCase(String text) {
        StringBuilder upper = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            upper.append(c >= 'a' && c <= 'z' ? (char) (c - ('a' - 'A')) : c);
        }
        return upper.toString();
    }
}
