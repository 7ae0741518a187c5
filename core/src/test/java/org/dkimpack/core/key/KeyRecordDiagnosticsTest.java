package org.dkimpack.core.key;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.dkimpack.core.support.TestKeys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class KeyRecordDiagnosticsTest {

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"rsa-2048", "rsa-2048-bare-rsapublickey", "ed25519"})
    void findProblemsShouldFindNoneInAGoodRecord(String record) {
        List<String> findings = KeyRecordDiagnostics.findProblems(TestKeys.record(record));

        assertThat(findings).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "quoted                  | the value is wrapped in quotes; enter it without them",
        "zone-file-strings       | the value is wrapped in quotes and split into strings",
        "zone-file-line          | the value holds zone-file syntax ('IN TXT')",
        "escaped-semicolons      | the value holds '\\;': the control panel kept the backslashes",
        "curly-quotes            | the value is wrapped in curly quotes",
        "pem-armour              | p= holds PEM armour (-----BEGIN/END PUBLIC KEY-----)",
        "public-key-cut-short    | p= looks cut short (RSA key does not decode; 300 base64 chars)",
        "public-key-bad-base64   | p= is not valid base64 (",
        "public-key-ec           | p= does not hold an RSA public key (it holds an EC key",
        "ed25519-31-bytes        | ed25519 key in p= has 31 bytes; expected 32",
        "rsa-512                 | key has 512 bits; at least 1024 are required (RFC 8301 §3.2)",
        "revoked                 | p= is empty: the key is revoked",
        "without-public-key      | the record has no p= tag",
        "version-dkim2           | key record v= is 'DKIM2'; expected DKIM1",
        "key-type-dsa            | unknown key type k=dsa; expected rsa or ed25519",
        "tags-separated-by-spaces | tags must be separated by ';': v= is 'DKIM1 k=rsa p=",
        "not-a-tag-list          | the record is not a tag list: tag-spec without '='",
        "hashes-sha1-and-unknown | h= does not allow sha256",
        "service-other           | s= holds neither email nor *",
        "flags-testing           | t=y: the domain is in testing mode",
    })
    void findProblemsShouldExplainEachMistake(String record, String finding) {
        List<String> findings = KeyRecordDiagnostics.findProblems(TestKeys.record(record));

        assertThat(findings).anySatisfy(text -> assertThat(text).startsWith(finding));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"quoted", "zone-file-strings", "zone-file-line",
        "escaped-semicolons", "curly-quotes", "pem-armour"})
    void findProblemsShouldCheckTheRecordInsideTheWrapping(String record) {
        List<String> findings = KeyRecordDiagnostics.findProblems(TestKeys.record(record));

        assertThat(findings).hasSize(1);
    }

    @Test
    void findProblemsShouldReportSpacesInThePublicKeyButStillCheckTheKey() {
        List<String> findings =
                KeyRecordDiagnostics.findProblems(TestKeys.record("public-key-with-spaces"));

        assertThat(findings).containsExactly("p= contains spaces or line breaks",
                "key has 1024 bits; 2048 or more are recommended (RFC 8301 §3.2)");
    }

    @Test
    void findProblemsShouldReadTheRfc8463RecordAsWrittenInTheZoneFile() {
        String zoneFileText = TestKeys.rfc8463RawRecord("test");

        List<String> findings = KeyRecordDiagnostics.findProblems(zoneFileText);

        assertThat(findings).containsExactly(
                "the value is wrapped in quotes and split into strings (\"...\" \"...\");"
                        + " enter it as one text without quotes",
                "key has 1024 bits; 2048 or more are recommended (RFC 8301 §3.2)");
    }

    @Test
    void findProblemsShouldPointAtTheFirstCharacterOutsideAscii() {
        String record = TestKeys.record("non-breaking-space");

        List<String> findings = KeyRecordDiagnostics.findProblems(record);

        assertThat(findings).first().isEqualTo("the value holds a character outside printable"
                + " ASCII (U+00A0 at position 9); a word processor or web page may have put in"
                + " curly quotes, dashes or non-breaking spaces");
    }
}
