package org.dkimpack.james;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.dkimpack.james.DkimTestSupport.ED25519;
import static org.dkimpack.james.DkimTestSupport.FORGED_AUTHENTICATION_RESULTS;
import static org.dkimpack.james.DkimTestSupport.FROM_EXAMPLE_COM;
import static org.dkimpack.james.DkimTestSupport.FROM_EXAMPLE_NET;
import static org.dkimpack.james.DkimTestSupport.RSA_2048;
import static org.dkimpack.james.DkimTestSupport.bytes;
import static org.dkimpack.james.DkimTestSupport.config;
import static org.dkimpack.james.DkimTestSupport.headers;
import static org.dkimpack.james.DkimTestSupport.key;
import static org.dkimpack.james.DkimTestSupport.mail;
import static org.dkimpack.james.DkimTestSupport.parameters;
import static org.dkimpack.james.DkimTestSupport.resource;

import java.io.ByteArrayInputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import javax.mail.MessagingException;

import org.apache.mailet.Attribute;
import org.apache.mailet.base.test.FakeMail;
import org.dkimpack.core.TemporaryDkimException;
import org.dkimpack.core.dns.KeyRecordResolver;
import org.dkimpack.core.dns.MisbehavingDnsServer;
import org.dkimpack.core.dns.StaticKeyRecordResolver;
import org.dkimpack.core.sign.DkimSigner;
import org.dkimpack.core.sign.SignatureSpec;
import org.dkimpack.james.DkimTestSupport.KeyDirectory;
import org.dkimpack.james.config.DnsSettings;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DkimVerifyTest {
    private static final String AUTHSERV_ID = "mx.example.net";

    @TempDir
    Path folder;

    private KeyDirectory keys;
    private DkimSign signer;

    @BeforeEach
    void setUp() throws MessagingException {
        keys = new KeyDirectory(folder.resolve("dkim"))
                .add("example.com", "s2024", RSA_2048)
                .add("example.net", "net-ed", ED25519);
        signer = new DkimSign();
        signer.useResolverForChecks(keys.dns());
        signer.init(config("DkimSign", parameters(DkimSign.KEY_DIRECTORY,
                keys.root().toString())));
    }

    private DkimVerify verifier(KeyRecordResolver dns, String... moreParameters)
            throws MessagingException {
        Map<String, String> parameters = parameters(moreParameters);
        parameters.putIfAbsent(DkimVerify.AUTHSERV_ID, AUTHSERV_ID);
        DkimVerify mailet = new DkimVerify();
        mailet.useResolver(dns);
        mailet.init(config("DkimVerify", parameters));
        return mailet;
    }

    /** A DkimSign that holds every message in a temporary file. */
    private DkimSign signerThroughFiles() throws MessagingException {
        DkimSign mailet = new DkimSign();
        mailet.useResolverForChecks(keys.dns());
        mailet.init(config("DkimSign", parameters(DkimSign.KEY_DIRECTORY,
                keys.root().toString(), DkimSign.MAX_IN_MEMORY_SIZE, "1")));
        return mailet;
    }

    private FakeMail signed(String message) throws MessagingException {
        FakeMail mail = mail(message);
        signer.service(mail);
        return mail;
    }

    @Test
    void serviceShouldPassAMessageSignedByDkimSign() throws Exception {
        DkimVerify mailet = verifier(keys.dns());
        FakeMail mail = signed(FROM_EXAMPLE_COM);

        mailet.service(mail);

        assertThat(DkimAttributes.messageResult(mail)).contains("pass");
        assertThat(DkimAttributes.signatureResults(mail)).singleElement().satisfies(entry ->
                assertThat(entry)
                        .containsEntry(DkimAttributes.RESULT, "pass")
                        .containsEntry(DkimAttributes.DOMAIN, "example.com")
                        .containsEntry(DkimAttributes.SELECTOR, "s2024")
                        .containsEntry(DkimAttributes.ALGORITHM, "rsa-sha256")
                        .containsEntry(DkimAttributes.IDENTITY, "@example.com")
                        .containsEntry(DkimAttributes.REASON, "")
                        .containsKey(DkimAttributes.SIGNATURE));
        assertThat(headers(mail, "Authentication-Results")).singleElement().asString()
                .startsWith(AUTHSERV_ID + ";")
                .contains("dkim=pass")
                .contains("header.d=example.com")
                .contains("header.s=s2024");
    }

    @Test
    void serviceShouldPrependTheFieldAndKeepTheRestOfTheMessageByteForByte() throws Exception {
        DkimVerify mailet = verifier(keys.dns());
        FakeMail mail = signed(FROM_EXAMPLE_NET);
        byte[] before = bytes(mail);

        mailet.service(mail);

        byte[] after = bytes(mail);
        String text = new String(after, StandardCharsets.ISO_8859_1);
        assertThat(text).startsWith("Authentication-Results: " + AUTHSERV_ID + ";");
        assertThat(Arrays.copyOfRange(after, after.length - before.length, after.length))
                .isEqualTo(before);
        String prefix = text.substring(0, after.length - before.length);
        assertThat(prefix.split("\r\n(?![ \t])")).hasSize(1);
    }

    @Test
    void messagesOverTheMemoryLimitShouldSignAndVerifyFromTemporaryFiles() throws Exception {
        DkimSign fileSigner = signerThroughFiles();
        DkimVerify fileVerifier = verifier(keys.dns(), DkimVerify.MAX_IN_MEMORY_SIZE, "1");
        FakeMail mail = mail(FROM_EXAMPLE_NET);
        byte[] before = bytes(mail);

        fileSigner.service(mail);
        byte[] signed = bytes(mail);
        fileVerifier.service(mail);
        byte[] after = bytes(mail);

        assertThat(DkimAttributes.messageResult(mail)).contains("pass");
        assertThat(Arrays.copyOfRange(signed, signed.length - before.length, signed.length))
                .isEqualTo(before);
        assertThat(Arrays.copyOfRange(after, after.length - signed.length, after.length))
                .isEqualTo(signed);
        assertThat(new String(after, StandardCharsets.ISO_8859_1))
                .startsWith("Authentication-Results: " + AUTHSERV_ID + ";");
        fileSigner.destroy();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {DkimTestSupport.EIGHT_BIT, DkimTestSupport.EIGHT_BIT_MULTIPART})
    void eightBitMessagesOverTheMemoryLimitShouldBeConvertedSignedAndPass(String message)
            throws Exception {
        DkimSign fileSigner = signerThroughFiles();
        FakeMail mail = mail(message);

        fileSigner.service(mail);
        verifier(keys.dns(), DkimVerify.MAX_IN_MEMORY_SIZE, "1").service(mail);

        assertThat(headers(mail, "Content-Transfer-Encoding")).doesNotContain("8bit");
        assertThat(DkimAttributes.messageResult(mail)).contains("pass");
        fileSigner.destroy();
    }

    @Test
    void serviceShouldRemoveForgedResultsThatClaimThisAuthservId() throws Exception {
        DkimVerify mailet = verifier(keys.dns());
        FakeMail mail = mail(FORGED_AUTHENTICATION_RESULTS);
        String before = new String(bytes(mail), StandardCharsets.ISO_8859_1);

        mailet.service(mail);

        List<String> results = headers(mail, "Authentication-Results");
        assertThat(results).hasSize(2);
        assertThat(results.get(0)).startsWith(AUTHSERV_ID + ";").contains("dkim=none");
        assertThat(results.get(1)).isEqualTo("relay.other.example; dkim=fail"
                + " header.d=example.com");
        String after = new String(bytes(mail), StandardCharsets.ISO_8859_1);
        assertThat(after).doesNotContain("paypal.example").doesNotContain("bank.example");
        String fromReceivedOn = before.substring(before.indexOf("Received:"));
        assertThat(after).endsWith(fromReceivedOn);
    }

    @Test
    void serviceShouldKeepResultsOfOtherAuthservIds() throws Exception {
        DkimVerify mailet = verifier(keys.dns(), DkimVerify.AUTHSERV_ID, "mx2.example.net");
        FakeMail mail = mail(FORGED_AUTHENTICATION_RESULTS);
        byte[] before = bytes(mail);

        mailet.service(mail);

        byte[] after = bytes(mail);
        assertThat(Arrays.copyOfRange(after, after.length - before.length, after.length))
                .isEqualTo(before);
        assertThat(headers(mail, "Authentication-Results")).hasSize(4);
    }

    @Test
    void serviceShouldRecordNoneForAnUnsignedMessage() throws Exception {
        DkimVerify mailet = verifier(keys.dns());
        FakeMail mail = mail(FROM_EXAMPLE_COM);

        mailet.service(mail);

        assertThat(DkimAttributes.messageResult(mail)).contains("none");
        assertThat(DkimAttributes.signatureResults(mail)).isEmpty();
        assertThat(headers(mail, "Authentication-Results")).singleElement().asString()
                .contains("dkim=none");
    }

    @Test
    void serviceShouldRecordFailWhenTheBodyWasAltered() throws Exception {
        DkimVerify mailet = verifier(keys.dns());
        FakeMail mail = signed(FROM_EXAMPLE_COM);
        String tampered = new String(bytes(mail), StandardCharsets.ISO_8859_1)
                .replace("at noon", "at one");
        mail.setMessage(DkimTestSupport.message(tampered.getBytes(StandardCharsets.ISO_8859_1)));

        mailet.service(mail);

        assertThat(DkimAttributes.messageResult(mail)).contains("fail");
        assertThat(DkimAttributes.signatureResults(mail)).singleElement()
                .satisfies(entry -> assertThat(entry.get(DkimAttributes.REASON))
                        .contains("body hash"));
    }

    @Test
    void serviceShouldRecordPermerrorForABrokenSignature() throws Exception {
        DkimVerify mailet = verifier(keys.dns());
        FakeMail mail = mail(FROM_EXAMPLE_COM);
        mail.getMessage().addHeaderLine("DKIM-Signature: v=1; a=rsa-sha256; d=example.com;"
                + " s=s2024; this is not a tag list");

        mailet.service(mail);

        assertThat(DkimAttributes.messageResult(mail)).contains("permerror");
        assertThat(mail.getState()).isEqualTo("relay");
    }

    @Test
    void serviceShouldJudgeExpirationWithItsClock() throws Exception {
        DkimSign expiring = new DkimSign();
        expiring.useResolverForChecks(keys.dns());
        expiring.init(config("DkimSign", parameters(DkimSign.KEY_DIRECTORY,
                keys.root().toString(), DkimSign.EXPIRATION, "1h")));
        FakeMail mail = mail(FROM_EXAMPLE_NET);
        expiring.service(mail);
        DkimVerify mailet = new DkimVerify();
        mailet.useResolver(keys.dns());
        mailet.useClock(Clock.offset(Clock.systemUTC(), Duration.ofHours(2)));
        mailet.init(config("DkimVerify", parameters(DkimVerify.AUTHSERV_ID, AUTHSERV_ID)));

        mailet.service(mail);

        assertThat(DkimAttributes.messageResult(mail)).contains("permerror");
        assertThat(DkimAttributes.signatureResults(mail)).singleElement()
                .satisfies(entry -> assertThat(entry.get(DkimAttributes.REASON))
                        .contains("expired"));
    }

    @Test
    void serviceShouldRecordPermerrorWhenTheKeyRecordIsMissing() throws Exception {
        DkimVerify mailet = verifier(StaticKeyRecordResolver.builder().build());
        FakeMail mail = signed(FROM_EXAMPLE_COM);

        mailet.service(mail);

        assertThat(DkimAttributes.messageResult(mail)).contains("permerror");
    }

    @Test
    void serviceShouldRecordTemperrorWhenDnsFails() throws Exception {
        KeyRecordResolver failingDns = name -> {
            throw new TemporaryDkimException("timeout asking 192.0.2.53 for " + name);
        };
        DkimVerify mailet = verifier(failingDns);
        FakeMail mail = signed(FROM_EXAMPLE_COM);

        mailet.service(mail);

        assertThat(DkimAttributes.messageResult(mail)).contains("temperror");
        assertThat(DkimAttributes.signatureResults(mail)).singleElement()
                .satisfies(entry -> assertThat(entry.get(DkimAttributes.REASON))
                        .contains("timeout"));
        assertThat(mail.getState()).isEqualTo("relay");
    }

    @Test
    void serviceShouldDeliverWithTemperrorWhenTheDnsServerAnswersGarbage() throws Exception {
        try (MisbehavingDnsServer dns = MisbehavingDnsServer.start(
                MisbehavingDnsServer.garbage(7))) {
            DkimVerify mailet = new DkimVerify();
            mailet.init(config("DkimVerify", parameters(DkimVerify.AUTHSERV_ID, AUTHSERV_ID,
                    DnsSettings.SERVERS, dns.address(), DnsSettings.TIMEOUT, "300ms")));
            FakeMail mail = signed(FROM_EXAMPLE_COM);
            byte[] before = bytes(mail);

            mailet.service(mail);

            assertThat(dns.queries()).isPositive();
            assertThat(mail.getState()).isEqualTo("relay");
            assertThat(DkimAttributes.messageResult(mail)).contains("temperror");
            assertThat(headers(mail, "Authentication-Results")).singleElement().asString()
                    .contains("dkim=temperror")
                    .contains("header.s=s2024");
            byte[] after = bytes(mail);
            assertThat(Arrays.copyOfRange(after, after.length - before.length, after.length))
                    .isEqualTo(before);
        }
    }

    @Test
    void serviceShouldNotThrowWhenTheResolverBreaksUnexpectedly() throws Exception {
        KeyRecordResolver brokenDns = name -> {
            throw new IllegalStateException("resolver bug");
        };
        DkimVerify mailet = verifier(brokenDns);
        FakeMail mail = signed(FROM_EXAMPLE_COM);

        mailet.service(mail);

        assertThat(DkimAttributes.messageResult(mail)).isPresent();
        assertThat(mail.getState()).isEqualTo("relay");
    }

    @Test
    void serviceShouldRecordAttributesThatJamesCanSerialize() throws Exception {
        DkimVerify mailet = verifier(keys.dns());
        FakeMail mail = signed(FROM_EXAMPLE_COM);

        mailet.service(mail);

        Attribute results = mail.getAttribute(DkimAttributes.SIGNATURE_RESULTS).orElseThrow();
        assertThat(results.getValue().toJson()).isPresent();
        assertThat(results.getValue().value()).isInstanceOf(Collection.class);
        Attribute result = mail.getAttribute(DkimAttributes.MESSAGE_RESULT).orElseThrow();
        assertThat(result.getValue().toJson()).isPresent();
    }

    @Test
    void serviceShouldCountResultsWithJamesMetrics() throws Exception {
        RecordingMetrics metrics = new RecordingMetrics();
        DkimVerify mailet = new DkimVerify(metrics);
        mailet.useResolver(keys.dns());
        mailet.init(config("DkimVerify", parameters(DkimVerify.AUTHSERV_ID, AUTHSERV_ID)));

        mailet.service(signed(FROM_EXAMPLE_COM));
        mailet.service(mail(FROM_EXAMPLE_NET));

        assertThat(metrics.counts()).containsEntry("dkim.verify.pass", 1)
                .containsEntry("dkim.verify.none", 1);
        assertThat(metrics.timings()).containsEntry("dkim.verify", 2);
    }

    @Test
    void serviceShouldLetContentAppendedAfterTheLengthLimitPassOnlyWhenTold() throws Exception {
        byte[] appended = appendedAfterLengthLimit();

        FakeMail byDefault = mailOf(appended);
        verifier(keys.dns()).service(byDefault);
        FakeMail accepting = mailOf(appended);
        verifier(keys.dns(), DkimVerify.ACCEPT_UNSIGNED_BODY_CONTENT, "true").service(accepting);

        assertThat(DkimAttributes.messageResult(byDefault)).contains("policy");
        assertThat(DkimAttributes.signatureResults(byDefault)).singleElement()
                .satisfies(entry -> assertThat(entry.get(DkimAttributes.REASON))
                        .startsWith("body extends beyond l="));
        assertThat(DkimAttributes.messageResult(accepting)).contains("pass");
    }

    @Test
    void serviceShouldRefuseAHeaderBlockOverMaxHeaderBytes() throws Exception {
        FakeMail small = signed(FROM_EXAMPLE_COM);
        FakeMail large = signed(FROM_EXAMPLE_COM);
        large.getMessage().addHeader("X-Padding", "x".repeat(3000));
        large.getMessage().saveChanges();

        DkimVerify mailet = verifier(keys.dns(), DkimVerify.MAX_HEADER_BYTES, "2k");
        mailet.service(small);
        mailet.service(large);

        assertThat(DkimAttributes.messageResult(small)).contains("pass");
        assertThat(DkimAttributes.messageResult(large)).contains("permerror");
        assertThat(DkimAttributes.signatureResults(large)).singleElement()
                .satisfies(entry -> assertThat(entry.get(DkimAttributes.REASON))
                        .contains("header block exceeds the limit of 2048 bytes"));
        assertThat(large.getState()).isEqualTo("relay");
    }

    @Test
    void serviceShouldStopLookingUpKeysOnceMaxDnsTimeIsSpent() throws Exception {
        KeyRecordResolver slowDns = name -> {
            try {
                Thread.sleep(300);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return keys.dns().lookupTxt(name);
        };
        byte[] message = resource("messages/" + FROM_EXAMPLE_COM);
        SignatureSpec spec = SignatureSpec.builder(key(RSA_2048), "example.com", "s2024").build();
        List<String> fields = new DkimSigner().sign(new ByteArrayInputStream(message),
                List.of(spec, spec));
        FakeMail mail = mailOf((String.join("\r\n", fields) + "\r\n"
                + new String(message, StandardCharsets.ISO_8859_1))
                .getBytes(StandardCharsets.ISO_8859_1));

        verifier(slowDns, DkimVerify.MAX_DNS_TIME, "200ms").service(mail);

        assertThat(DkimAttributes.signatureResults(mail))
                .extracting(entry -> entry.get(DkimAttributes.RESULT))
                .containsExactly("pass", "temperror");
        assertThat(DkimAttributes.signatureResults(mail).get(1).get(DkimAttributes.REASON))
                .contains("DNS time limit of 200 ms per message reached");
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource({
        "maxHeaderBytes, 0, expected a size in bytes from 1 up to 2047m",
        "maxHeaderBytes, 3g, expected a size in bytes from 1 up to 2047m",
        "maxDnsTime, 0s, expected a positive duration",
        "maxClockSkew, soon, expected",
        "acceptUnsignedBodyContent, maybe, expected true or false"})
    void initShouldRefuseALimitItCannotRead(String parameter, String value, String message) {
        assertThatThrownBy(() -> verifier(keys.dns(), parameter, value))
                .hasMessageStartingWith("DkimVerify: parameter " + parameter + ": ")
                .hasMessageContaining(message)
                .hasMessageContaining("'" + value + "'");
    }

    @Test
    void initShouldUseTheHostNameJamesAnnouncesByDefault() throws Exception {
        DkimVerify mailet = new DkimVerify();
        mailet.useResolver(keys.dns());

        mailet.init(config("DkimVerify", parameters()));

        String hostName = InetAddress.getLocalHost().getHostName();
        assertThat(mailet.authservId()).isEqualTo(hostName.endsWith(".")
                ? hostName.substring(0, hostName.length() - 1) : hostName);
    }

    @Test
    void initShouldRefuseAnAuthservIdThatIsNotAHostName() {
        DkimVerify mailet = new DkimVerify();
        mailet.useResolver(keys.dns());

        assertThatThrownBy(() -> mailet.init(config("DkimVerify",
                parameters(DkimVerify.AUTHSERV_ID, "mx example;net"))))
                .hasMessageContaining("parameter authservId")
                .hasMessageContaining("'mx example;net'");
    }

    @Test
    void initShouldRefuseAMaxSignaturesBelowOne() {
        assertThatThrownBy(() -> verifier(keys.dns(), DkimVerify.MAX_SIGNATURES, "0"))
                .hasMessage("DkimVerify: parameter maxSignatures: expected a whole number from"
                        + " 1 up, got '0'");
    }

    @Test
    void initShouldRefuseAMalformedDnsServer() {
        DkimVerify mailet = new DkimVerify();

        assertThatThrownBy(() -> mailet.init(config("DkimVerify", parameters(
                DkimVerify.AUTHSERV_ID, AUTHSERV_ID, "dnsServers", "127.0.0.1:99999"))))
                .hasMessageContaining("parameter dnsServers");
    }

    /** A message signed with {@code l=}, then given a second part after the signed body. */
    private static byte[] appendedAfterLengthLimit() throws Exception {
        byte[] message = resource("messages/" + FROM_EXAMPLE_COM);
        String field = new DkimSigner().sign(new ByteArrayInputStream(message),
                SignatureSpec.builder(key(RSA_2048), "example.com", "s2024")
                        .bodyLength(true).build());
        return (field + "\r\n" + new String(message, StandardCharsets.ISO_8859_1)
                + "Appended after signing: click here.\r\n")
                .getBytes(StandardCharsets.ISO_8859_1);
    }

    private static FakeMail mailOf(byte[] message) throws MessagingException {
        return FakeMail.builder()
                .name("appended")
                .mimeMessage(DkimTestSupport.message(message))
                .state("relay")
                .build();
    }
}
