package org.dkimpack.james.mail;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.dkimpack.core.message.HeaderField;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HeaderBlockTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        " mx.example.net; dkim=pass                        | mx.example.net",
        " mx.example.net 1; dkim=pass                      | mx.example.net",
        " (comment) mx.example.net;{FOLD}dkim=pass          | mx.example.net",
        " (nested (comment) \\) ) mx.example.net; none     | mx.example.net",
        "{FOLD}MX.Example.NET;dkim=fail                     | MX.Example.NET",
        " \"quoted id\"; none                              | quoted id",
        " example;                                         | example",
    })
    void authservIdShouldBeTheFirstWordAfterComments(String value, String expected) {
        assertThat(HeaderBlock.authservId(value.replace("{FOLD}", "\r\n\t")))
                .contains(expected.strip());
    }

    @Test
    void authservIdShouldBeEmptyForAnEmptyValue() {
        assertThat(HeaderBlock.authservId("  (only a comment) ")).isEmpty();
    }

    @Test
    void withoutShouldDropTheMatchingFieldsAndKeepEverythingElse() throws Exception {
        String message = "Authentication-Results: mx.example.net; dkim=pass\r\n"
                + "Received: from a\r\n\tby b\r\n"
                + "authentication-results: MX.EXAMPLE.NET;\r\n dkim=pass\r\n"
                + "Authentication-Results: other.example; dkim=fail\r\n"
                + "Subject: hi\r\n\r\nbody\r\n\r\n";

        MessageBytes kept = HeaderBlock.without(MessageBytes.of(message.getBytes(
                StandardCharsets.ISO_8859_1)),
                field -> HeaderBlock.isAuthenticationResultsOf(field, "mx.example.net"));

        assertThat(new String(kept.toByteArray(), StandardCharsets.ISO_8859_1)).isEqualTo(
                "Received: from a\r\n\tby b\r\n"
                        + "Authentication-Results: other.example; dkim=fail\r\n"
                        + "Subject: hi\r\n\r\nbody\r\n\r\n");
    }

    @Test
    void signatureIdentitiesShouldListDomainAndSelectorOfEachParsableSignature() {
        List<HeaderField> fields = List.of(
                HeaderField.of("DKIM-Signature: v=1; d=Example.com; s=S1; b=x"),
                HeaderField.of("DKIM-Signature: d=twice; d=twice"),
                HeaderField.of("dkim-signature: d=example.org;\r\n\ts=ed"),
                HeaderField.of("Subject: d=example.net; s=no"));

        assertThat(HeaderBlock.signatureIdentities(fields))
                .containsExactly("example.com s1", "example.org ed");
    }
}
