package org.dkimpack.core.canon;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class BodyCanonicalizerTest {

    /** {input, simple, relaxed}: RFC 6376 §3.4.3 and §3.4.4. */
    static Stream<Arguments> bodies() {
        return Stream.of(
                Arguments.of("", "\r\n", ""),
                Arguments.of("\r\n", "\r\n", ""),
                Arguments.of("\r\n\r\n\r\n", "\r\n", ""),
                Arguments.of("Hi\r\n", "Hi\r\n", "Hi\r\n"),
                Arguments.of("Hi", "Hi\r\n", "Hi\r\n"),
                Arguments.of("Hi\r\n\r\n\r\n", "Hi\r\n", "Hi\r\n"),
                Arguments.of("Hi\n\n", "Hi\r\n", "Hi\r\n"),
                Arguments.of("a\nb\n", "a\r\nb\r\n", "a\r\nb\r\n"),
                Arguments.of("a\r\n\r\nb\r\n", "a\r\n\r\nb\r\n", "a\r\n\r\nb\r\n"),
                Arguments.of(" C \r\nD \t E\r\n\r\n\r\n", " C \r\nD \t E\r\n", " C\r\nD E\r\n"),
                Arguments.of("  \r\n\t\r\n", "  \r\n\t\r\n", ""),
                Arguments.of("x  \r\n  \r\n", "x  \r\n  \r\n", "x\r\n"),
                Arguments.of("x\r\n \r\ny\r\n", "x\r\n \r\ny\r\n", "x\r\n\r\ny\r\n"),
                Arguments.of("a\rb\r\n", "a\rb\r\n", "a\rb\r\n"),
                Arguments.of("a\r", "a\r\r\n", "a\r\r\n"),
                Arguments.of("tab\tin\t\tline\r\n", "tab\tin\t\tline\r\n", "tab in line\r\n"),
                Arguments.of("\r\n\r\nlate start\r\n", "\r\n\r\nlate start\r\n",
                        "\r\n\r\nlate start\r\n"),
                Arguments.of("no end  ", "no end  \r\n", "no end\r\n"));
    }

    @ParameterizedTest
    @MethodSource("bodies")
    void simpleShouldFollowRfc6376(String input, String simple, String relaxed)
            throws IOException {
        assertThat(canonicalize(Canonicalization.SIMPLE, input, input.length())).isEqualTo(simple);
    }

    @ParameterizedTest
    @MethodSource("bodies")
    void relaxedShouldFollowRfc6376(String input, String simple, String relaxed)
            throws IOException {
        assertThat(canonicalize(Canonicalization.RELAXED, input, input.length()))
                .isEqualTo(relaxed);
    }

    @ParameterizedTest
    @MethodSource("bodies")
    void outputShouldNotDependOnHowTheInputIsSplit(String input, String simple, String relaxed)
            throws IOException {
        for (int split = 0; split <= input.length(); split++) {
            assertThat(canonicalize(Canonicalization.SIMPLE, input, split))
                    .as("simple, split at %d", split).isEqualTo(simple);
            assertThat(canonicalize(Canonicalization.RELAXED, input, split))
                    .as("relaxed, split at %d", split).isEqualTo(relaxed);
        }
        assertThat(canonicalizeByteByByte(Canonicalization.RELAXED, input)).isEqualTo(relaxed);
        assertThat(canonicalizeByteByByte(Canonicalization.SIMPLE, input)).isEqualTo(simple);
    }

    private static String canonicalize(Canonicalization c, String input, int split)
            throws IOException {
        byte[] bytes = input.getBytes(StandardCharsets.ISO_8859_1);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (BodyCanonicalizer canonicalizer = new BodyCanonicalizer(c, out)) {
            canonicalizer.write(bytes, 0, split);
            canonicalizer.write(bytes, split, bytes.length - split);
        }
        return out.toString(StandardCharsets.ISO_8859_1);
    }

    private static String canonicalizeByteByByte(Canonicalization c, String input)
            throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (BodyCanonicalizer canonicalizer = new BodyCanonicalizer(c, out)) {
            for (byte b : input.getBytes(StandardCharsets.ISO_8859_1)) {
                canonicalizer.write(b);
            }
        }
        return out.toString(StandardCharsets.ISO_8859_1);
    }
}
