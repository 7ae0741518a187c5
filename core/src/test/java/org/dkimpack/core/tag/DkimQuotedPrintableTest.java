package org.dkimpack.core.tag;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DkimQuotedPrintableTest {

    @Test
    void decodeShouldTurnEscapesIntoBytes() throws Exception {
        assertThat(DkimQuotedPrintable.decode("jlong=40messiah=2Eedu"))
                .isEqualTo("jlong@messiah.edu");
    }

    @Test
    void decodeShouldDropFoldingWhitespace() throws Exception {
        assertThat(DkimQuotedPrintable.decode("joe@\r\n football.example.com"))
                .isEqualTo("joe@football.example.com");
    }

    @Test
    void decodeShouldRejectAShortEscape() {
        assertThatThrownBy(() -> DkimQuotedPrintable.decode("joe=4"))
                .isInstanceOf(TagListException.class)
                .hasMessageContaining("bad quoted-printable escape");
    }

    @Test
    void encodeShouldEscapeSemicolonEqualsAndSpace() {
        assertThat(DkimQuotedPrintable.encode("a;b=c d@x")).isEqualTo("a=3Bb=3Dc=20d@x");
    }
}
