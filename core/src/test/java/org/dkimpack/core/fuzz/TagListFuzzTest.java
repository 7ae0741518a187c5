package org.dkimpack.core.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.stream.Collectors;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import org.dkimpack.core.tag.DkimQuotedPrintable;
import org.dkimpack.core.tag.TagList;
import org.dkimpack.core.tag.TagListException;

/**
 * Fuzzes the tag-list syntax that {@code DKIM-Signature} fields and key records share
 * (RFC 6376 §3.2), and the dkim-quoted-printable of {@code i=} and {@code z=} (§2.11).
 *
 * <p>Contracts: {@link TagList#parse} and {@link DkimQuotedPrintable#decode} refuse bad text
 * with a {@link TagListException} and nothing else; what parses follows the grammar and reads
 * back the same when written out again; {@link TagList#withEmptyValue} never throws and
 * empties the value of the named tag and nothing else; decoding undoes encoding.
 *
 * <p>Inputs are bytes read as ISO-8859-1, one char per byte, as the engine reads headers.
 */
class TagListFuzzTest {
    /** Tag names and values the mutator can splice in, taken from real fields and records. */
    private static final String[] NAMES = {"b", "bh", "p", "v", "a", "d", "h", "i", "z", "B",
        "x_1", "", " b", "b ", "=", ";"};

    @FuzzTest
    @DictionaryEntries({"v=1;", "a=rsa-sha256;", "b=", "bh=", ";", "=", " ", "\\x0D\\x0A ", "\\x09",
        "=3D", "=20", "k=rsa", "p="})
    void parseShouldAcceptATagListOrRefuseItWithTagListException(byte[] input) {
        String text = new String(input, StandardCharsets.ISO_8859_1);

        TagList tags;
        try {
            tags = TagList.parse(text);
        } catch (TagListException e) {
            assertThat(e.getMessage()).isNotBlank();
            return;
        }

        for (Map.Entry<String, String> tag : tags.asMap().entrySet()) {
            assertThat(tag.getKey()).matches("[A-Za-z][A-Za-z0-9_]*");
            assertThat(tag.getValue()).doesNotContain(";");
            assertThat(tag.getValue().isEmpty() || !isWhitespace(tag.getValue().charAt(0)))
                    .as("value of %s= starts with whitespace", tag.getKey()).isTrue();
            assertThat(tag.getValue().isEmpty()
                    || !isWhitespace(tag.getValue().charAt(tag.getValue().length() - 1)))
                    .as("value of %s= ends with whitespace", tag.getKey()).isTrue();
            assertThat(tags.get(tag.getKey())).contains(tag.getValue());
        }
        // Written out plainly, the same tags must come back, in the same order.
        String written = tags.asMap().entrySet().stream()
                .map(tag -> tag.getKey() + "=" + tag.getValue())
                .collect(Collectors.joining("; "));
        assertThat(parse(written).asMap()).containsExactlyEntriesOf(tags.asMap());
    }

    @FuzzTest
    @DictionaryEntries({"b=", "bh=", ";", "=", " ", "\\x0D\\x0A ", "b =", " b=", "b\\x09="})
    void withEmptyValueShouldEmptyTheNamedTagAndKeepEverythingElse(FuzzedDataProvider data) {
        String name = data.pickValue(NAMES);
        String text = new String(data.consumeRemainingAsBytes(), StandardCharsets.ISO_8859_1);

        String result = TagList.withEmptyValue(text, name);

        // At most one stretch is cut, right after an '=', never crossing a ';'.
        int removed = text.length() - result.length();
        assertThat(removed).isNotNegative();
        if (removed > 0) {
            int cut = commonPrefixLength(text, result);
            assertThat(cut).isPositive();
            assertThat(text.charAt(cut - 1)).isEqualTo('=');
            assertThat(text.substring(cut + removed)).isEqualTo(result.substring(cut));
            assertThat(text.substring(cut, cut + removed)).doesNotContain(";");
        }

        TagList before;
        try {
            before = TagList.parse(text);
        } catch (TagListException e) {
            return;
        }
        if (!before.contains(name)) {
            assertThat(result).isEqualTo(text);
            return;
        }
        Map<String, String> after = parse(result).asMap();
        assertThat(after.keySet()).containsExactlyElementsOf(before.asMap().keySet());
        for (Map.Entry<String, String> tag : before.asMap().entrySet()) {
            String expected = tag.getKey().equals(name) ? "" : tag.getValue();
            assertThat(after.get(tag.getKey())).as("%s=", tag.getKey()).isEqualTo(expected);
        }
    }

    @FuzzTest
    @DictionaryEntries({"=", "=3D", "=3B", "=20", "=0D=0A", "=FF", "=ff", "@", "=4"})
    void quotedPrintableShouldDecodeOrRefuseWithTagListExceptionAndUndoEncoding(
            byte[] input) {
        String text = new String(input, StandardCharsets.ISO_8859_1);

        String encoded = DkimQuotedPrintable.encode(text);
        assertThat(encoded.chars().allMatch(c -> c > 0x20 && c < 0x7f && c != ';'))
                .as("encoded form %s is printable ASCII without ';'", encoded).isTrue();
        try {
            assertThat(DkimQuotedPrintable.decode(encoded)).isEqualTo(text);
        } catch (TagListException e) {
            throw new AssertionError("decoding what encode wrote failed: " + encoded, e);
        }

        try {
            String decoded = DkimQuotedPrintable.decode(text);
            assertThat(decoded.length()).isLessThanOrEqualTo(text.length());
            assertThat(decoded.chars().allMatch(c -> c <= 0xff)).isTrue();
        } catch (TagListException e) {
            assertThat(e.getMessage()).isNotBlank();
        }
    }

    private static TagList parse(String text) {
        try {
            return TagList.parse(text);
        } catch (TagListException e) {
            throw new AssertionError("a tag list written from parsed tags did not parse: "
                    + text, e);
        }
    }

    private static int commonPrefixLength(String a, String b) {
        int limit = Math.min(a.length(), b.length());
        int i = 0;
        while (i < limit && a.charAt(i) == b.charAt(i)) {
            i++;
        }
        return i;
    }

    private static boolean isWhitespace(char c) {
        return c == ' ' || c == '\t' || c == '\r' || c == '\n';
    }
}
