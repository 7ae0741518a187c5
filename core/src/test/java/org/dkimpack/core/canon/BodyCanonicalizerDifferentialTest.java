package org.dkimpack.core.canon;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

/**
 * The streaming canonicalizer against a plain reading of RFC 6376 §3.4.3 and §3.4.4 that
 * works on whole lines: random bodies with long runs of text, whitespace and line ends,
 * written whole, in random pieces and byte by byte. The table tests use short inputs; these
 * reach the canonicalizer's long-run paths.
 */
class BodyCanonicalizerDifferentialTest {
    private static final byte[] ALPHABET =
            "abcXYZ019=+/.-\u00e9 \t\r\n\n\r\n  \t".getBytes(StandardCharsets.ISO_8859_1);

    @Test
    void randomBodiesShouldCanonicalizeAsTheLineByLineReadingSays() throws IOException {
        Random random = new Random(20261203);
        for (int round = 0; round < 3000; round++) {
            byte[] body = randomBody(random);
            for (Canonicalization c : Canonicalization.values()) {
                byte[] expected = reference(c, body);

                assertThat(streamed(c, body, random, false)).as("%s round %d", c, round)
                        .isEqualTo(expected);
                assertThat(streamed(c, body, random, true)).as("%s round %d, split", c, round)
                        .isEqualTo(expected);
            }
        }
    }

    private static byte[] randomBody(Random random) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        int pieces = random.nextInt(40);
        for (int i = 0; i < pieces; i++) {
            int kind = random.nextInt(4);
            int length = kind == 0 ? random.nextInt(200) : random.nextInt(12);
            for (int j = 0; j < length; j++) {
                if (kind == 0) {
                    body.write('a' + random.nextInt(26));
                } else {
                    body.write(ALPHABET[random.nextInt(ALPHABET.length)]);
                }
            }
        }
        return body.toByteArray();
    }

    private static byte[] streamed(Canonicalization c, byte[] body, Random random,
            boolean split) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (BodyCanonicalizer canonicalizer = new BodyCanonicalizer(c, out)) {
            int position = 0;
            while (position < body.length) {
                int length = split ? 1 + random.nextInt(Math.min(40, body.length - position))
                        : body.length - position;
                canonicalizer.write(body, position, length);
                position += length;
            }
        }
        return out.toByteArray();
    }

    /** Whole lines: CRLF or bare LF ends one; a bare CR is content. */
    private static byte[] reference(Canonicalization c, byte[] body) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        boolean open = false;
        for (int i = 0; i < body.length; i++) {
            char ch = (char) (body[i] & 0xff);
            if (ch == '\n') {
                String text = line.toString();
                lines.add(text.endsWith("\r") ? text.substring(0, text.length() - 1) : text);
                line.setLength(0);
                open = false;
            } else {
                line.append(ch);
                open = true;
            }
        }
        if (open) {
            lines.add(line.toString());
        }
        if (c == Canonicalization.RELAXED) {
            List<String> relaxed = new ArrayList<>();
            for (String text : lines) {
                relaxed.add(text.replaceAll("[ \t]+", " ").replaceAll(" \\z", ""));
            }
            lines = relaxed;
        }
        while (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) {
            lines.remove(lines.size() - 1);
        }
        StringBuilder result = new StringBuilder();
        for (String text : lines) {
            result.append(text).append("\r\n");
        }
        if (lines.isEmpty() && c == Canonicalization.SIMPLE) {
            result.append("\r\n");
        }
        return result.toString().getBytes(StandardCharsets.ISO_8859_1);
    }
}
