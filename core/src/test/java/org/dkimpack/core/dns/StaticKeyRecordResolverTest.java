package org.dkimpack.core.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import org.dkimpack.core.support.TestResources;
import org.junit.jupiter.api.Test;

class StaticKeyRecordResolverTest {

    private static final String KEY_NAME = "s1._domainkey.example.com";
    private static final String RECORD =
            "v=DKIM1; k=ed25519; p=11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=";

    @Test
    void lookupShouldReturnTheRecordsOfAName() {
        StaticKeyRecordResolver resolver = StaticKeyRecordResolver.builder()
                .add(KEY_NAME, RECORD)
                .add(KEY_NAME, "v=DKIM1; p=second")
                .build();

        List<String> records = resolver.lookupTxt(KEY_NAME);

        assertThat(records).containsExactly(RECORD, "v=DKIM1; p=second");
    }

    @Test
    void lookupShouldIgnoreCaseAndTrailingDot() {
        StaticKeyRecordResolver resolver = StaticKeyRecordResolver.builder()
                .add("S1._DomainKey.Example.COM.", RECORD)
                .build();

        List<String> records = resolver.lookupTxt("s1._domainkey.EXAMPLE.com.");

        assertThat(records).containsExactly(RECORD);
    }

    @Test
    void lookupShouldAnswerAnUnknownNameLikeNxdomainWhenLenient() {
        StaticKeyRecordResolver resolver = StaticKeyRecordResolver.builder()
                .add(KEY_NAME, RECORD)
                .build();

        List<String> records = resolver.lookupTxt("other._domainkey.example.com");

        assertThat(records).isEmpty();
    }

    @Test
    void lookupShouldFailLoudlyOnAnUnknownNameWhenStrict() {
        StaticKeyRecordResolver resolver = StaticKeyRecordResolver.builder()
                .add(KEY_NAME, RECORD)
                .strict()
                .build();

        assertThatThrownBy(() -> resolver.lookupTxt("other._domainkey.example.com"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("no record configured for other._domainkey.example.com")
                .hasMessageContaining(KEY_NAME);
    }

    @Test
    void lookupShouldAnswerADeclaredNxdomainWhenStrict() {
        StaticKeyRecordResolver resolver = StaticKeyRecordResolver.builder()
                .addNxdomain("missing._domainkey.example.com")
                .strict()
                .build();

        List<String> records = resolver.lookupTxt("missing._domainkey.example.com");

        assertThat(records).isEmpty();
    }

    @Test
    void addShouldRefuseARecordAtANameDeclaredNxdomain() {
        StaticKeyRecordResolver.Builder builder = StaticKeyRecordResolver.builder()
                .addNxdomain(KEY_NAME);

        assertThatThrownBy(() -> builder.add(KEY_NAME, RECORD))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(KEY_NAME);
    }

    @Test
    void fromRecordsFileShouldReadNamesAndValues() throws IOException {
        StaticKeyRecordResolver resolver =
                StaticKeyRecordResolver.fromRecordsFile(TestResources.path("dns/sample.records"));

        List<String> plain = resolver.lookupTxt("brisbane._domainkey.football.example.com");
        List<String> several = resolver.lookupTxt("two._domainkey.example.com");
        List<String> withTrailingSpaces = resolver.lookupTxt("trailing._domainkey.example.com");

        assertThat(plain).containsExactly(RECORD);
        assertThat(several).containsExactly("v=DKIM1; p=first", "v=DKIM1; p=second");
        assertThat(withTrailingSpaces).containsExactly("v=DKIM1; p=abc ; ");
    }

    @Test
    void fromRecordsFileShouldJoinQuotedStrings() throws IOException {
        StaticKeyRecordResolver resolver =
                StaticKeyRecordResolver.fromRecordsFile(TestResources.path("dns/sample.records"));

        List<String> split = resolver.lookupTxt("split._domainkey.example.com");
        List<String> escaped = resolver.lookupTxt("escaped._domainkey.example.com");
        List<String> empty = resolver.lookupTxt("empty._domainkey.example.com");

        assertThat(split).containsExactly(RECORD);
        assertThat(escaped).containsExactly("n=say \"hi\" \\ ; p=");
        assertThat(empty).containsExactly("");
    }

    @Test
    void fromRecordsFileShouldNameTheFileAndLineOfAMalformedLine() {
        Path file = TestResources.path("dns/missing-tab.records");

        assertThatThrownBy(() -> StaticKeyRecordResolver.fromRecordsFile(file))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(file + " line 2: expected NAME<TAB>VALUE, got"
                        + " 's1._domainkey.example.com v=DKIM1; p=abc'");
    }

    @Test
    void addRecordsFileShouldCombineWithStrictMode() throws IOException {
        StaticKeyRecordResolver resolver = StaticKeyRecordResolver.builder()
                .addRecordsFile(TestResources.path("dns/sample.records"))
                .strict()
                .build();

        List<String> known = resolver.lookupTxt("brisbane._domainkey.football.example.com");

        assertThat(known).containsExactly(RECORD);
        assertThatThrownBy(() -> resolver.lookupTxt(KEY_NAME))
                .isInstanceOf(IllegalStateException.class);
    }
}
