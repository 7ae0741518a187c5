package org.dkimpack.core.tag;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TagListTest {

    @Test
    void parseShouldTrimFoldingWhitespaceAroundNamesAndValues() throws Exception {
        TagList tags = TagList.parse(" v = 1 ;\r\n\ta=rsa-sha256;  d=example.com\r\n ; ");

        assertThat(tags.asMap()).containsExactly(
                entry("v", "1"), entry("a", "rsa-sha256"), entry("d", "example.com"));
    }

    @Test
    void parseShouldKeepWhitespaceInsideValues() throws Exception {
        TagList tags = TagList.parse("b=abc\r\n def ghi; h=from : to");

        assertThat(tags.get("b")).contains("abc\r\n def ghi");
        assertThat(tags.get("h")).contains("from : to");
    }

    @Test
    void parseShouldKeepEmptyValues() throws Exception {
        TagList tags = TagList.parse("k=rsa; p=");

        assertThat(tags.get("p")).contains("");
    }

    @Test
    void parseShouldTolerateEmptyTagSpecs() throws Exception {
        TagList tags = TagList.parse("v=DKIM1;; k=rsa;");

        assertThat(tags.asMap()).containsOnlyKeys("v", "k");
    }

    @Test
    void namesShouldBeCaseSensitive() throws Exception {
        TagList tags = TagList.parse("D=upper; d=lower");

        assertThat(tags.get("d")).contains("lower");
        assertThat(tags.get("D")).contains("upper");
    }

    @Test
    void parseShouldRejectADuplicatedTag() {
        assertThatThrownBy(() -> TagList.parse("d=a.example; s=x; d=b.example"))
                .isInstanceOf(TagListException.class)
                .hasMessage("tag d= appears more than once");
    }

    @Test
    void parseShouldRejectASpecWithoutEquals() {
        assertThatThrownBy(() -> TagList.parse("k=rsa; t; p=abc"))
                .isInstanceOf(TagListException.class)
                .hasMessage("tag-spec without '=': ' t'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1a=x", "a-b=x", "=x", "a b=x", "\u00e9=x"})
    void parseShouldRejectInvalidTagNames(String text) {
        assertThatThrownBy(() -> TagList.parse(text))
                .isInstanceOf(TagListException.class)
                .hasMessageStartingWith("invalid tag name");
    }

    @Test
    void withEmptyValueShouldRemoveOnlyTheValueOfThatTag() {
        String field = " v=1; bh=AAAA; b=abc\r\n\tdef ; d=example.com";

        assertThat(TagList.withEmptyValue(field, "b"))
                .isEqualTo(" v=1; bh=AAAA; b=; d=example.com");
    }

    @Test
    void withEmptyValueShouldHandleTheLastTag() {
        assertThat(TagList.withEmptyValue("v=1; b= abc\r\n def", "b")).isEqualTo("v=1; b=");
    }

    @Test
    void printableShouldEscapeControlAndEightBitBytes() {
        assertThat(TagList.printable("a\u0000b\u00e9")).isEqualTo("a\\x00b\\xE9");
    }
}
