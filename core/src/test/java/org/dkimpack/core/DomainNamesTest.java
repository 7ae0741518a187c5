package org.dkimpack.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DomainNamesTest {

    @ParameterizedTest
    @ValueSource(strings = {"example.com", "s1", "mail-2026.example.co.uk", "_domainkey.x",
        "a.b.c.d.e", "xn--bcher-kva.example"})
    void validNamesShouldBeAccepted(String name) {
        assertThat(DomainNames.isDomainName(name)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ".example.com", "example.com.", "exa mple.com", "a..b",
        "-----begin", "example-.com", "-example.com", "example.com(.evil", "caf\u00e9.example"})
    void invalidNamesShouldBeRefused(String name) {
        assertThat(DomainNames.isDomainName(name)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"example.com", "mail.example.com", "MAIL.Example.COM"})
    void namesAtOrBelowTheDomainShouldBeWithinIt(String name) {
        assertThat(DomainNames.isWithin(name, "example.com")).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"com", "badexample.com", "example.com.evil.example"})
    void otherNamesShouldNotBeWithinTheDomain(String name) {
        assertThat(DomainNames.isWithin(name, "example.com")).isFalse();
    }
}
