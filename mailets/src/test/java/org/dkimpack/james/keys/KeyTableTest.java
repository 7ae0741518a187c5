package org.dkimpack.james.keys;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Paths;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class KeyTableTest {
    private static final KeyTable TABLE = KeyTable.of(List.of(
            entry("example.com", "rsa"),
            entry("example.com", "ed"),
            entry("*.example.com", "subs"),
            entry("mail.example.com", "mail"),
            entry("example.org", "org"),
            entry("*.lists.example.net", "lists")));

    private static KeyTableEntry entry(String pattern, String selector) {
        return new KeyTableEntry(pattern, selector,
                Paths.get("/keys", pattern + "." + selector + ".pem"), null, "test table");
    }

    private static String describe(Optional<KeyTable.Match> match) {
        return match.map(m -> m.signingDomain() + " " + String.join(",",
                m.entries().stream().map(KeyTableEntry::selector).toArray(String[]::new)))
                .orElse("none");
    }

    @ParameterizedTest
    @CsvSource({
        // sender domain,            with parent keys,       without parent keys
        "example.com,                'example.com rsa,ed',   'example.com rsa,ed'",
        "EXAMPLE.Com,                'example.com rsa,ed',   'example.com rsa,ed'",
        "mail.example.com,           'mail.example.com mail', 'mail.example.com mail'",
        "shop.example.com,           'example.com subs',     'example.com subs'",
        "a.b.example.com,            'example.com subs',     'example.com subs'",
        "a.mail.example.com,         'mail.example.com mail', 'example.com subs'",
        "example.org,                'example.org org',      'example.org org'",
        "news.example.org,           'example.org org',      none",
        "lists.example.net,          none,                   none",
        "team.lists.example.net,     'lists.example.net lists', 'lists.example.net lists'",
        "example.net,                none,                   none",
        "org,                        none,                   none",
    })
    void lookupShouldFindTheNearestKeys(String senderDomain, String withParents,
            String withoutParents) {
        assertThat(describe(TABLE.lookup(senderDomain, true))).isEqualTo(withParents);
        assertThat(describe(TABLE.lookup(senderDomain, false))).isEqualTo(withoutParents);
    }

    @Test
    void lookupShouldSayWhenTheKeysAreInherited() {
        assertThat(TABLE.lookup("example.com", true).orElseThrow().inherited()).isFalse();
        assertThat(TABLE.lookup("shop.example.com", true).orElseThrow().inherited()).isTrue();
    }

    @Test
    void keyRecordNameShouldUseTheDomainWithoutWildcard() {
        assertThat(entry("*.example.com", "subs").keyRecordName())
                .isEqualTo("subs._domainkey.example.com");
    }
}
