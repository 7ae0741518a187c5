package org.dkimpack.core.sign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;

import org.dkimpack.core.PermanentDkimException;
import org.dkimpack.core.SignatureAlgorithm;
import org.dkimpack.core.message.HeaderField;
import org.dkimpack.core.support.Messages;
import org.dkimpack.core.support.TestKeys;
import org.dkimpack.core.tag.TagList;
import org.junit.jupiter.api.Test;

class DkimSignerTest {
    private static final Instant NOW = Instant.parse("2026-12-03T12:00:00Z");
    private static final DkimSigner SIGNER = new DkimSigner(Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void signShouldWriteTheDefaultTagsWithFromOversigned() throws Exception {
        TagList tags = tags(SIGNER.sign(Messages.stream(Messages.message("plain.eml")),
                SignatureSpec.builder(TestKeys.rsa2048(), "example.com", "s1").build()));

        assertThat(tags.asMap()).containsKeys("v", "a", "c", "d", "s", "t", "h", "bh", "b")
                .doesNotContainKeys("x", "l", "i");
        assertThat(tags.get("a")).contains("rsa-sha256");
        assertThat(tags.get("c")).contains("relaxed/relaxed");
        assertThat(tags.get("t")).contains(Long.toString(NOW.getEpochSecond()));
        assertThat(headerList(tags)).containsExactly("from", "from", "subject", "date", "to",
                "message-id", "mime-version", "content-type");
    }

    @Test
    void signShouldListEveryOccurrenceAndListFields() throws Exception {
        String message = "Received: x\r\nTo: a@example.net\r\nTo: b@example.net\r\n"
                + Messages.message("multipart.eml");

        TagList tags = tags(SIGNER.sign(Messages.stream(message),
                SignatureSpec.builder(TestKeys.ed25519(), "example.com", "s1").build()));

        assertThat(headerList(tags)).containsExactly("from", "from", "subject", "date",
                "to", "to", "to", "cc", "message-id", "mime-version", "content-type",
                "list-id", "list-unsubscribe");
        assertThat(tags.get("a")).contains("ed25519-sha256");
    }

    @Test
    void signShouldUseAConfiguredHeaderListAndAddFrom() throws Exception {
        TagList tags = tags(SIGNER.sign(Messages.stream(Messages.message("plain.eml")),
                SignatureSpec.builder(TestKeys.rsa2048(), "example.com", "s1")
                        .headers(SignedHeaderSelection.of(List.of("Subject", "X-Absent")))
                        .build()));

        assertThat(headerList(tags)).containsExactly("from", "from", "subject");
    }

    @Test
    void signShouldWriteOptionalTags() throws Exception {
        TagList tags = tags(SIGNER.sign(Messages.stream(Messages.message("plain.eml")),
                SignatureSpec.builder(TestKeys.rsa2048(), "example.com", "s1")
                        .agentOrUserIdentifier("alice@mail.example.com")
                        .expiration(Duration.ofDays(7)).bodyLength(true).build()));

        assertThat(tags.get("i")).contains("alice@mail.example.com");
        assertThat(tags.get("x")).contains(Long.toString(NOW.getEpochSecond() + 7 * 86400));
        assertThat(tags.get("l")).contains("82");
    }

    @Test
    void signShouldFoldLinesWithin78Characters() throws Exception {
        String field = SIGNER.sign(Messages.stream(Messages.message("multipart.eml")),
                SignatureSpec.builder(TestKeys.load("rsa-2048.pkcs8.pem"), "example.com",
                        "a-rather-long-selector-name-2026").build());

        List<String> lines = Arrays.asList(field.split("\r\n"));

        assertThat(lines).hasSizeGreaterThan(3).allSatisfy(line ->
                assertThat(line.length()).isLessThanOrEqualTo(78));
        assertThat(lines.subList(1, lines.size())).allSatisfy(line ->
                assertThat(line).startsWith("\t"));
    }

    @Test
    void signShouldNotChangeTheSignatureWithTheFolding() throws Exception {
        String first = SIGNER.sign(Messages.stream(Messages.message("plain.eml")),
                SignatureSpec.builder(TestKeys.ed25519(), "example.com", "s1").build());
        String second = SIGNER.sign(Messages.stream(Messages.message("plain.eml")),
                SignatureSpec.builder(TestKeys.ed25519(), "example.com", "s1").build());

        assertThat(first).isEqualTo(second);
    }

    @Test
    void signShouldRefuseAMessageWithoutExactlyOneFrom() {
        String twoFroms = "From: mallory@evil.example\r\n" + Messages.message("plain.eml");

        assertThatThrownBy(() -> SIGNER.sign(Messages.stream(twoFroms),
                SignatureSpec.builder(TestKeys.rsa2048(), "example.com", "s1").build()))
                .isInstanceOf(PermanentDkimException.class)
                .hasMessage("message has 2 From fields; exactly one is required to sign it");
    }

    @Test
    void builderShouldRefuseAKeyUnder1024Bits() {
        assertThatThrownBy(() -> SignatureSpec.builder(TestKeys.load("rsa-512.pkcs8.pem"),
                "example.com", "s1"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("has 512 bits; at least 1024 are required");
    }

    @Test
    void builderShouldRefuseRsaSha1() {
        assertThatThrownBy(() -> SignatureSpec.builder(TestKeys.rsa2048(), "example.com", "s1")
                .algorithm(SignatureAlgorithm.RSA_SHA1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("rsa-sha1 must not be used to sign (RFC 8301 §3.1); use rsa-sha256");
    }

    @Test
    void builderShouldRefuseAnAlgorithmOfAnotherKeyType() {
        assertThatThrownBy(() -> SignatureSpec.builder(TestKeys.rsa2048(), "example.com", "s1")
                .algorithm(SignatureAlgorithm.ED25519_SHA256))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("algorithm ed25519-sha256 needs an Ed25519 key, got an RSA key");
    }

    @Test
    void builderShouldRefuseAnIdentityOutsideTheDomain() {
        assertThatThrownBy(() -> SignatureSpec.builder(TestKeys.rsa2048(), "example.com", "s1")
                .agentOrUserIdentifier("alice@example.org"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("i= domain 'example.org' is not the signing domain example.com"
                        + " or below it");
    }

    @Test
    void builderShouldRefuseAnInvalidDomain() {
        assertThatThrownBy(() -> SignatureSpec.builder(TestKeys.rsa2048(), "exa mple.com", "s1"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("signing domain (d=) 'exa mple.com' is not a valid domain name");
    }

    private static TagList tags(String field) throws Exception {
        return TagList.parse(HeaderField.of(field).value());
    }

    private static List<String> headerList(TagList tags) {
        return Arrays.asList(TagList.removeWhitespace(tags.get("h").get()).split(":"));
    }
}
