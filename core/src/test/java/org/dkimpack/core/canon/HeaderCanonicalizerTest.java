package org.dkimpack.core.canon;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;

import org.dkimpack.core.message.HeaderField;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class HeaderCanonicalizerTest {

    /** {raw field, relaxed form}: RFC 6376 §3.4.2. */
    static Stream<Arguments> fields() {
        return Stream.of(
                Arguments.of("Subject: Hello", "subject:Hello"),
                Arguments.of("SUBJECT :  Hello   World  ", "subject:Hello World"),
                Arguments.of("Subject:\tHello\r\n\tWorld", "subject:Hello World"),
                Arguments.of("Subject:Hello\r\n World\r\n  again", "subject:Hello World again"),
                Arguments.of("X-Empty:", "x-empty:"),
                Arguments.of("X-Empty:   ", "x-empty:"),
                Arguments.of("To: a@b.example,\r\n c@d.example", "to:a@b.example, c@d.example"),
                Arguments.of("X-Eight: caf\u00e9", "x-eight:caf\u00e9"),
                Arguments.of("X-Bare-Cr: a\rb", "x-bare-cr:a\rb"),
                Arguments.of("NoColonAtAll", "nocolonatall"));
    }

    @ParameterizedTest
    @MethodSource("fields")
    void relaxedShouldLowerCaseUnfoldAndCompress(String raw, String relaxed) {
        String canonical = HeaderCanonicalizer.canonicalize(Canonicalization.RELAXED,
                HeaderField.of(raw));

        assertThat(canonical).isEqualTo(relaxed);
    }

    @ParameterizedTest
    @MethodSource("fields")
    void simpleShouldKeepTheFieldByteForByte(String raw, String relaxed) {
        String canonical = HeaderCanonicalizer.canonicalize(Canonicalization.SIMPLE,
                HeaderField.of(raw));

        assertThat(canonical).isEqualTo(raw);
    }
}
