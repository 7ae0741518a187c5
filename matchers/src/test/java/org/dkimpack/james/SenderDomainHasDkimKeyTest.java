package org.dkimpack.james;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.dkimpack.james.MatcherTestSupport.initialized;

import java.nio.file.Path;
import java.util.List;

import javax.mail.MessagingException;

import org.apache.mailet.base.test.FakeMail;
import org.dkimpack.james.DkimTestSupport.KeyDirectory;
import org.dkimpack.james.DkimTestSupport.SigningTable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SenderDomainHasDkimKeyTest {
    @TempDir
    Path folder;

    private SenderDomainHasDkimKey matcher(Path keys) throws MessagingException {
        return initialized(new SenderDomainHasDkimKey(), "SenderDomainHasDkimKey",
                keys.toString());
    }

    @ParameterizedTest
    @CsvSource({
        "Alice <alice@example.com>, true",
        "Alice <alice@EXAMPLE.COM>, true",
        "Billing <billing@mail.example.com>, true",
        "Carol <carol@example.org>, false",
        "undisclosed-recipients:;, false",
    })
    void matchShouldTellWhetherTheSenderDomainHasAKeyInADirectory(String from, boolean matches)
            throws Exception {
        KeyDirectory keys = new KeyDirectory(folder.resolve("dkim"))
                .add("example.com", "s1", DkimTestSupport.ED25519);
        SenderDomainHasDkimKey matcher = matcher(keys.root());
        FakeMail mail = DkimTestSupport.mailFrom(from);

        assertThat(matcher.match(mail)).isEqualTo(matches ? mail.getRecipients() : List.of());
    }

    @Test
    void matchShouldFindAWildcardEntryOfASigningTable() throws Exception {
        Path table = new SigningTable(folder)
                .add("*.example.org", "subs", DkimTestSupport.ED25519)
                .write();
        SenderDomainHasDkimKey matcher = matcher(table);

        assertThat(matcher.match(DkimTestSupport.mailFrom("<a@lists.example.org>")))
                .isNotEmpty();
        assertThat(matcher.match(DkimTestSupport.mailFrom("<a@example.org>"))).isEmpty();
    }

    @Test
    void matchShouldNotMatchMailWithTwoFromFields() throws Exception {
        KeyDirectory keys = new KeyDirectory(folder.resolve("dkim"))
                .add("example.com", "s1", DkimTestSupport.ED25519);

        assertThat(matcher(keys.root()).match(DkimTestSupport.mail(
                DkimTestSupport.TWO_FROM_FIELDS))).isEmpty();
    }

    @Test
    void matchShouldNotSeeAKeyAddedAfterStartUntilTheTableIsReadAgain() throws Exception {
        KeyDirectory keys = new KeyDirectory(folder.resolve("dkim"))
                .add("example.com", "s1", DkimTestSupport.ED25519);
        SenderDomainHasDkimKey matcher = matcher(keys.root());
        keys.add("example.org", "s1", DkimTestSupport.ED25519);

        assertThat(matcher.match(DkimTestSupport.mailFrom("<carol@example.org>"))).isEmpty();
    }

    @Test
    void initShouldRefuseAPathThatDoesNotExist() {
        Path missing = folder.resolve("missing");

        assertThatThrownBy(() -> matcher(missing))
                .isInstanceOf(MessagingException.class)
                .hasMessageContaining(missing + " does not exist");
    }

    @Test
    void initShouldNameTheLineOfASigningTableThatDoesNotParse() {
        Path table = new SigningTable(folder).line("example.com s1").write();

        assertThatThrownBy(() -> matcher(table))
                .hasMessageContaining(table + " line 2");
    }
}
