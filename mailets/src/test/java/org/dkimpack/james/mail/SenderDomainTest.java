package org.dkimpack.james.mail;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SenderDomainTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "Alice <alice@Example.COM>                      | example.com",
        "alice@example.com                              | example.com",
        "\"Doe, Jane\" <jane@mail.example.org>          | mail.example.org",
        "=?UTF-8?Q?Ren=C3=A9e?= <renee@example.com>     | example.com",
        "Alice <alice@example.com.>                     | example.com",
        "Alice{FOLD}<alice@example.com>                    | example.com",
        "Bücher <info@bücher.example>                   | xn--bcher-kva.example",
        "Alice <alice@example.com>, Bob <bob@example.org> | ",
        "undisclosed-recipients:;                        | ",
        "Alice <alice@[192.0.2.1]>                       | ",
        "Alice <alice>                                   | ",
        "not an address at all <<>>                      | ",
    })
    void ofFieldValueShouldGiveTheDomainOfTheSingleAddress(String value, String expected) {
        String field = value.strip().replace("{FOLD}", "\r\n\t");
        // javax.mail hands over header bytes one char each, as a UTF-8 field arrives.
        String asJavaxMailReadsIt = new String(field.getBytes(StandardCharsets.UTF_8),
                StandardCharsets.ISO_8859_1);

        assertThat(SenderDomain.ofFieldValue(asJavaxMailReadsIt).orElse(null))
                .isEqualTo(expected);
    }
}
