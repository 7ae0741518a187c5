package org.dkimpack.james;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.dkimpack.james.DkimTestSupport.ED25519;
import static org.dkimpack.james.DkimTestSupport.EIGHT_BIT;
import static org.dkimpack.james.DkimTestSupport.EIGHT_BIT_MULTIPART;
import static org.dkimpack.james.DkimTestSupport.FROM_EXAMPLE_COM;
import static org.dkimpack.james.DkimTestSupport.FROM_EXAMPLE_NET;
import static org.dkimpack.james.DkimTestSupport.FROM_EXAMPLE_ORG;
import static org.dkimpack.james.DkimTestSupport.FROM_SUBDOMAIN;
import static org.dkimpack.james.DkimTestSupport.FROM_UNKNOWN_DOMAIN;
import static org.dkimpack.james.DkimTestSupport.RSA_1024;
import static org.dkimpack.james.DkimTestSupport.RSA_2048;
import static org.dkimpack.james.DkimTestSupport.TWO_FROM_FIELDS;
import static org.dkimpack.james.DkimTestSupport.bytes;
import static org.dkimpack.james.DkimTestSupport.config;
import static org.dkimpack.james.DkimTestSupport.mail;
import static org.dkimpack.james.DkimTestSupport.parameters;
import static org.dkimpack.james.DkimTestSupport.verify;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import javax.mail.MessagingException;
import javax.mail.internet.MimeMessage;
import javax.mail.internet.MimeMultipart;

import org.apache.mailet.Mail;
import org.apache.mailet.base.test.FakeMail;
import org.dkimpack.core.dns.StaticKeyRecordResolver;
import org.dkimpack.core.key.SigningKey;
import org.dkimpack.core.result.DkimResult;
import org.dkimpack.core.result.SignatureResult;
import org.dkimpack.core.result.VerificationResult;
import org.dkimpack.core.tag.TagList;
import org.dkimpack.core.verify.DkimVerifier;
import org.dkimpack.core.verify.VerifierOptions;
import org.dkimpack.james.DkimTestSupport.KeyDirectory;
import org.dkimpack.james.DkimTestSupport.SigningTable;
import org.dkimpack.james.keys.PublishedKeyCheck;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DkimSignTest {
    @TempDir
    Path folder;

    private KeyDirectory keys;

    /** Three domains, each with its selectors and algorithms; no-key.example has none. */
    @BeforeEach
    void setUp() {
        keys = new KeyDirectory(folder.resolve("dkim"))
                .add("example.com", "s2024", RSA_2048)
                .add("example.com", "ed2024", ED25519)
                .add("example.org", "org1", RSA_1024)
                .add("example.net", "net-ed", ED25519);
    }

    private DkimSign signer(String... moreParameters) throws MessagingException {
        return signer(keys.dns(), moreParameters);
    }

    private DkimSign signer(StaticKeyRecordResolver dns, String... moreParameters)
            throws MessagingException {
        Map<String, String> parameters = parameters(moreParameters);
        if (!parameters.containsKey(DkimSign.SIGNING_TABLE)) {
            parameters.putIfAbsent(DkimSign.KEY_DIRECTORY, keys.root().toString());
        }
        parameters.putIfAbsent(DkimSign.RELOAD_INTERVAL, "0s");
        DkimSign mailet = new DkimSign();
        mailet.useResolverForChecks(dns);
        mailet.init(config("DkimSign", parameters));
        return mailet;
    }

    private static List<TagList> signatures(Mail mail) throws Exception {
        String[] fields = mail.getMessage().getHeader("DKIM-Signature");
        if (fields == null) {
            return List.of();
        }
        List<TagList> tags = new ArrayList<>();
        for (String field : fields) {
            tags.add(TagList.parse(field));
        }
        return tags;
    }

    /** Text as a reader sees it: the line ends on the wire are CRLF whatever the source. */
    private static String lineEndsAsLf(Object text) {
        return ((String) text).replace("\r\n", "\n");
    }

    private static boolean sevenBit(byte[] bytes) {
        for (byte b : bytes) {
            if (b < 0) {
                return false;
            }
        }
        return true;
    }

    private static List<String> selectors(Mail mail) throws Exception {
        return signatures(mail).stream().map(tags -> tags.get("s").orElseThrow())
                .collect(Collectors.toList());
    }

    @Nested
    class Signing {
        @Test
        void serviceShouldSignWithEveryKeyOfTheSenderDomain() throws Exception {
            DkimSign mailet = signer();
            FakeMail mail = mail(FROM_EXAMPLE_COM);

            mailet.service(mail);

            VerificationResult result = verify(bytes(mail), keys.dns());
            assertThat(result.signatures()).extracting(SignatureResult::result)
                    .containsExactly(DkimResult.PASS, DkimResult.PASS);
            assertThat(result.signatures()).extracting(s -> s.signingDomain().orElseThrow())
                    .containsOnly("example.com");
            assertThat(result.signatures()).extracting(s -> s.algorithm().orElseThrow())
                    .containsExactlyInAnyOrder("rsa-sha256", "ed25519-sha256");
        }

        @ParameterizedTest
        @CsvSource({
            FROM_EXAMPLE_COM + ", example.com, 'ed2024,s2024'",
            FROM_EXAMPLE_ORG + ", example.org, org1",
            FROM_EXAMPLE_NET + ", example.net, net-ed",
        })
        void serviceShouldSignEachDomainWithItsOwnKeys(String message, String domain,
                String selectors) throws Exception {
            DkimSign mailet = signer();
            FakeMail mail = mail(message);

            mailet.service(mail);

            assertThat(signatures(mail)).extracting(tags -> tags.get("d").orElseThrow())
                    .containsOnly(domain);
            assertThat(selectors(mail)).containsExactlyInAnyOrder(selectors.split(","));
            assertThat(verify(bytes(mail), keys.dns()).summary()).isEqualTo(DkimResult.PASS);
        }

        @Test
        void serviceShouldLeaveMailOfADomainWithoutKeyUntouched() throws Exception {
            DkimSign mailet = signer();
            FakeMail mail = mail(FROM_UNKNOWN_DOMAIN);
            MimeMessage before = mail.getMessage();
            byte[] bytesBefore = bytes(mail);

            mailet.service(mail);

            assertThat(mail.getMessage()).isSameAs(before);
            assertThat(bytes(mail)).isEqualTo(bytesBefore);
            assertThat(mail.getState()).isEqualTo("relay");
        }

        @Test
        void serviceShouldNotSignMailWithTwoFromFields() throws Exception {
            DkimSign mailet = signer();
            FakeMail mail = mail(TWO_FROM_FIELDS);
            byte[] before = bytes(mail);

            mailet.service(mail);

            assertThat(bytes(mail)).isEqualTo(before);
        }

        @Test
        void serviceShouldPrependTheFieldsToTheOriginalBytes() throws Exception {
            DkimSign mailet = signer();
            FakeMail mail = mail(FROM_EXAMPLE_COM);
            byte[] original = bytes(mail);

            mailet.service(mail);

            byte[] sent = bytes(mail);
            String text = new String(sent, StandardCharsets.ISO_8859_1);
            int originalStart = sent.length - original.length;
            assertThat(Arrays.copyOfRange(sent, originalStart, sent.length))
                    .isEqualTo(original);
            String prefix = text.substring(0, originalStart);
            assertThat(prefix).startsWith("DKIM-Signature:").endsWith("\r\n");
            assertThat(prefix.split("\r\n(?![ \t])")).hasSize(2)
                    .allMatch(field -> field.startsWith("DKIM-Signature:"));
        }

        @Test
        void serviceShouldGiveJamesAMessageThatWritesTheSameBytesAgain() throws Exception {
            DkimSign mailet = signer();
            FakeMail mail = mail(FROM_EXAMPLE_COM);

            mailet.service(mail);

            byte[] first = bytes(mail);
            MimeMessage reparsed = DkimTestSupport.message(first);
            assertThat(bytes(reparsed)).isEqualTo(first);
            assertThat(reparsed.getMessageID()).isEqualTo("<20261203101500.1234@example.com>");
        }

        @Test
        void serviceShouldNotSignTwiceWithTheSameDomainAndSelector() throws Exception {
            DkimSign mailet = signer();
            FakeMail mail = mail(FROM_EXAMPLE_COM);
            mailet.service(mail);
            byte[] once = bytes(mail);

            mailet.service(mail);

            assertThat(bytes(mail)).isEqualTo(once);
            assertThat(signatures(mail)).hasSize(2);
        }

        @Test
        void serviceShouldAddOnlyTheMissingSignatureWhenAKeyIsAdded() throws Exception {
            KeyDirectory oneKey = new KeyDirectory(folder.resolve("one"))
                    .add("example.com", "s2024", RSA_2048);
            DkimSign first = signer(oneKey.dns(), DkimSign.KEY_DIRECTORY,
                    oneKey.root().toString());
            FakeMail mail = mail(FROM_EXAMPLE_COM);
            first.service(mail);

            signer().service(mail);

            assertThat(selectors(mail)).containsExactly("ed2024", "s2024");
            assertThat(verify(bytes(mail), keys.dns()).signatures())
                    .extracting(SignatureResult::result)
                    .containsOnly(DkimResult.PASS);
        }

        @Test
        void serviceShouldSignAndCountWithJamesMetrics() throws Exception {
            RecordingMetrics metrics = new RecordingMetrics();
            DkimSign mailet = new DkimSign(metrics);
            mailet.useResolverForChecks(keys.dns());
            mailet.init(config("DkimSign", parameters(DkimSign.KEY_DIRECTORY,
                    keys.root().toString())));

            mailet.service(mail(FROM_EXAMPLE_COM));
            mailet.service(mail(FROM_UNKNOWN_DOMAIN));

            assertThat(metrics.counts()).containsEntry("dkim.sign.signed", 1)
                    .containsEntry("dkim.sign.unsigned", 1);
            assertThat(metrics.timings()).containsEntry("dkim.sign", 1);
        }
    }

    @Nested
    class Configuration {
        @Test
        void serviceShouldUseTheConfiguredHeadersCanonicalizationAndExpiration()
                throws Exception {
            Instant now = Instant.parse("2026-03-01T08:00:00Z");
            DkimSign mailet = new DkimSign();
            mailet.useClock(Clock.fixed(now, ZoneOffset.UTC));
            mailet.useResolverForChecks(keys.dns());
            mailet.init(config("DkimSign", parameters(DkimSign.KEY_DIRECTORY,
                    keys.root().toString(), DkimSign.HEADERS, "Subject:To:Date",
                    DkimSign.CANONICALIZATION, "simple/relaxed", DkimSign.EXPIRATION, "7d")));
            FakeMail mail = mail(FROM_EXAMPLE_NET);

            mailet.service(mail);

            TagList tags = signatures(mail).get(0);
            assertThat(tags.get("h")).contains("from:from:subject:to:date");
            assertThat(tags.get("c")).contains("simple/relaxed");
            assertThat(tags.get("t")).contains(Long.toString(now.getEpochSecond()));
            assertThat(tags.get("x")).contains(Long.toString(now.getEpochSecond() + 7 * 86_400));
            DkimVerifier sameDay = new DkimVerifier(keys.dns(), VerifierOptions.builder()
                    .clock(Clock.fixed(now.plusSeconds(3600), ZoneOffset.UTC)).build());
            assertThat(sameDay.verify(new ByteArrayInputStream(bytes(mail))).summary())
                    .isEqualTo(DkimResult.PASS);
        }

        @Test
        void serviceShouldOversignFromByDefault() throws Exception {
            DkimSign mailet = signer();
            FakeMail mail = mail(FROM_EXAMPLE_NET);

            mailet.service(mail);

            String signedHeaders = signatures(mail).get(0).get("h").orElseThrow();
            assertThat(signedHeaders.split(":")).filteredOn("from"::equals).hasSize(2);
            assertThat(signatures(mail).get(0).get("c")).contains("relaxed/relaxed");
        }

        @Test
        void initShouldRequireAKeyDirectoryOrASigningTable() {
            DkimSign mailet = new DkimSign();

            assertThatThrownBy(() -> mailet.init(config("DkimSign", parameters())))
                    .isInstanceOf(MessagingException.class)
                    .hasMessageContaining("keyDirectory")
                    .hasMessageContaining("signingTable");
        }

        @Test
        void initShouldRefuseAKeyDirectoryAndASigningTableTogether() {
            DkimSign mailet = new DkimSign();

            assertThatThrownBy(() -> mailet.init(config("DkimSign", parameters(
                    DkimSign.KEY_DIRECTORY, keys.root().toString(),
                    DkimSign.SIGNING_TABLE, "/etc/dkim.table"))))
                    .hasMessageContaining("got both");
        }

        @Test
        void initShouldFailWhenTheKeyDirectoryDoesNotExist() {
            Path missing = folder.resolve("missing");

            assertThatThrownBy(() -> signer(DkimSign.KEY_DIRECTORY, missing.toString()))
                    .isInstanceOf(MessagingException.class)
                    .hasMessageContaining("parameter keyDirectory")
                    .hasMessageContaining(missing.toString())
                    .hasMessageContaining("does not exist");
        }

        @Test
        void initShouldAcceptAnEmptyKeyDirectory() throws Exception {
            Path empty = Files.createDirectories(folder.resolve("empty"));
            DkimSign mailet = signer(DkimSign.KEY_DIRECTORY, empty.toString());
            FakeMail mail = mail(FROM_EXAMPLE_COM);
            byte[] before = bytes(mail);

            mailet.service(mail);

            assertThat(bytes(mail)).isEqualTo(before);
        }

        @Test
        void initShouldNameTheFileOfAnUnusableKey() throws Exception {
            Files.writeString(keys.file("example.org", "org1"), "not a key\n");

            assertThatThrownBy(() -> signer())
                    .isInstanceOf(MessagingException.class)
                    .hasMessageContaining("parameter keyDirectory")
                    .hasMessageContaining(keys.file("example.org", "org1").toString())
                    .hasMessageContaining("not PEM");
        }

        @Test
        void initShouldNameTheSigningTableLineOfAMissingKeyFile() {
            Path table = new SigningTable(folder)
                    .add("example.com", "s2024", RSA_2048)
                    .line("example.org org1 keys/missing.pem")
                    .write();

            assertThatThrownBy(() -> signer(DkimSign.SIGNING_TABLE, table.toString()))
                    .hasMessageContaining("parameter signingTable")
                    .hasMessageContaining(table + " line 3")
                    .hasMessageContaining("missing.pem")
                    .hasMessageContaining("file not found");
        }

        @Test
        void initShouldNameTheSigningTableLineThatDoesNotParse() {
            Path table = new SigningTable(folder)
                    .add("example.com", "s2024", RSA_2048)
                    .line("example.org org1")
                    .write();

            assertThatThrownBy(() -> signer(DkimSign.SIGNING_TABLE, table.toString()))
                    .hasMessageContaining("signing table " + table + " line 3: expected"
                            + " 'domain selector keyfile [algorithm]', got 'example.org org1'");
        }

        @Test
        void initShouldRefuseAKeyOfAnotherTypeThanTheTableAlgorithm() {
            Path table = new SigningTable(folder)
                    .add("example.com", "s2024", RSA_2048, "ed25519-sha256")
                    .write();

            assertThatThrownBy(() -> signer(DkimSign.SIGNING_TABLE, table.toString()))
                    .hasMessageContaining(table + " line 2")
                    .hasMessageContaining("keys/example.com.s2024.pem")
                    .hasMessageContaining("ed25519-sha256")
                    .hasMessageContaining("RSA key");
        }

        @Test
        void initShouldRefuseAnRsaKeyUnder1024Bits() {
            keys.add("example.edu", "weak", DkimTestSupport.RSA_512);

            assertThatThrownBy(() -> signer())
                    .hasMessageContaining("512 bits")
                    .hasMessageContaining("RFC 8301");
        }

        @Test
        void initShouldRefuseAnUnknownCanonicalization() {
            assertThatThrownBy(() -> signer(DkimSign.CANONICALIZATION, "relaxed/strict"))
                    .hasMessage("DkimSign: parameter canonicalization: expected header/body,"
                            + " each simple or relaxed (such as relaxed/relaxed), got"
                            + " 'relaxed/strict'");
        }

        @Test
        void initShouldRefuseAnUnknownOnErrorValue() {
            assertThatThrownBy(() -> signer(DkimSign.ON_ERROR, "drop"))
                    .hasMessage("DkimSign: parameter onError: expected one of pass, error,"
                            + " got 'drop'");
        }

        @Test
        void initShouldRefuseAMalformedExpiration() {
            assertThatThrownBy(() -> signer(DkimSign.EXPIRATION, "a week"))
                    .hasMessageContaining("parameter expiration")
                    .hasMessageContaining("'a week'");
        }

        @Test
        void initShouldRefuseAnUnknownParameter() {
            assertThatThrownBy(() -> signer("keyDir", "/etc/dkim"))
                    .isInstanceOf(MessagingException.class)
                    .hasMessageContaining("keyDir");
        }
    }

    @Nested
    class ParentDomains {
        @Test
        void serviceShouldSignASubDomainWithItsParentKeys() throws Exception {
            DkimSign mailet = signer();
            FakeMail mail = mail(FROM_SUBDOMAIN);

            mailet.service(mail);

            assertThat(signatures(mail)).extracting(tags -> tags.get("d").orElseThrow())
                    .containsOnly("example.com");
            assertThat(verify(bytes(mail), keys.dns()).summary()).isEqualTo(DkimResult.PASS);
        }

        @Test
        void serviceShouldNotSignASubDomainWhenParentKeysAreNotWanted() throws Exception {
            DkimSign mailet = signer(DkimSign.USE_PARENT_DOMAIN_KEY, "false");
            FakeMail mail = mail(FROM_SUBDOMAIN);
            byte[] before = bytes(mail);

            mailet.service(mail);

            assertThat(bytes(mail)).isEqualTo(before);
        }

        @Test
        void serviceShouldSignASubDomainWithAWildcardEntryOfTheSigningTable() throws Exception {
            SigningTable table = new SigningTable(folder)
                    .add("example.com", "s2024", RSA_2048)
                    .add("*.example.com", "subs", ED25519);
            DkimSign mailet = signer(table.dns(), DkimSign.SIGNING_TABLE,
                    table.write().toString(), DkimSign.USE_PARENT_DOMAIN_KEY, "false");
            FakeMail mail = mail(FROM_SUBDOMAIN);

            mailet.service(mail);

            assertThat(selectors(mail)).containsExactly("subs");
            assertThat(signatures(mail).get(0).get("d")).contains("example.com");
            assertThat(verify(bytes(mail), table.dns()).summary()).isEqualTo(DkimResult.PASS);
        }
    }

    @Nested
    class KeysOnDisk {
        @Test
        void serviceShouldSignWithTheNewKeyAfterTheFileWasReplaced() throws Exception {
            DkimSign mailet = signer();
            FakeMail first = mail(FROM_EXAMPLE_NET);
            mailet.service(first);
            SigningKey rotated = SigningKey.generateEd25519();
            DkimTestSupport.write(keys.file("example.net", "net-ed"),
                    rotated.toPkcs8Pem().getBytes(StandardCharsets.US_ASCII));
            FakeMail second = mail(FROM_EXAMPLE_NET);

            mailet.service(second);

            StaticKeyRecordResolver rotatedDns = StaticKeyRecordResolver.builder()
                    .add("net-ed._domainkey.example.net", rotated.keyRecordText())
                    .build();
            assertThat(verify(bytes(first), keys.dns()).summary()).isEqualTo(DkimResult.PASS);
            assertThat(verify(bytes(second), rotatedDns).summary()).isEqualTo(DkimResult.PASS);
            assertThat(verify(bytes(second), keys.dns()).summary()).isEqualTo(DkimResult.FAIL);
        }

        @Test
        void serviceShouldSignWithAKeyAddedToTheDirectoryAfterStart() throws Exception {
            DkimSign mailet = signer();
            keys.add("example.edu", "edu1", ED25519);
            FakeMail mail = DkimTestSupport.mailFrom("Eve <eve@example.edu>");

            mailet.service(mail);

            assertThat(selectors(mail)).containsExactly("edu1");
        }

        @Test
        void serviceShouldPassMailUnsignedWhenItsKeyFileWasDeletedAndOnErrorIsPass()
                throws Exception {
            SigningTable table = new SigningTable(folder).add("example.net", "net-ed", ED25519);
            DkimSign mailet = signer(table.dns(), DkimSign.SIGNING_TABLE,
                    table.write().toString());
            Files.delete(table.keyFile("example.net", "net-ed"));
            FakeMail mail = mail(FROM_EXAMPLE_NET);
            byte[] before = bytes(mail);

            mailet.service(mail);

            assertThat(bytes(mail)).isEqualTo(before);
            assertThat(mail.getState()).isEqualTo("relay");
            assertThat(mail.getErrorMessage()).isNull();
        }

        @Test
        void serviceShouldSendMailToTheErrorProcessorWhenItsKeyFileWasDeletedAndOnErrorIsError()
                throws Exception {
            SigningTable table = new SigningTable(folder).add("example.net", "net-ed", ED25519);
            DkimSign mailet = signer(table.dns(), DkimSign.SIGNING_TABLE,
                    table.write().toString(), DkimSign.ON_ERROR, "error");
            Files.delete(table.keyFile("example.net", "net-ed"));
            FakeMail mail = mail(FROM_EXAMPLE_NET);
            byte[] before = bytes(mail);

            mailet.service(mail);

            assertThat(mail.getState()).isEqualTo(Mail.ERROR);
            assertThat(mail.getErrorMessage()).contains("example.net")
                    .contains("file not found");
            assertThat(bytes(mail)).isEqualTo(before);
        }

        @Test
        void serviceShouldSignWithTheOtherKeyWhenOneOfTwoIsBrokenAndOnErrorIsPass()
                throws Exception {
            DkimSign mailet = signer();
            Files.writeString(keys.file("example.com", "ed2024"), "broken\n");
            FakeMail mail = mail(FROM_EXAMPLE_COM);

            mailet.service(mail);

            assertThat(selectors(mail)).containsExactly("s2024");
            assertThat(mail.getState()).isEqualTo("relay");
        }

        @Test
        void serviceShouldResumeSigningWhenTheBrokenKeyFileIsRepaired() throws Exception {
            DkimSign mailet = signer();
            byte[] good = Files.readAllBytes(keys.file("example.net", "net-ed"));
            DkimTestSupport.write(keys.file("example.net", "net-ed"),
                    "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n"
                            .getBytes(StandardCharsets.US_ASCII));
            FakeMail whileBroken = mail(FROM_EXAMPLE_NET);
            mailet.service(whileBroken);
            DkimTestSupport.write(keys.file("example.net", "net-ed"), good);
            FakeMail afterRepair = mail(FROM_EXAMPLE_NET);

            mailet.service(afterRepair);

            assertThat(signatures(whileBroken)).isEmpty();
            assertThat(selectors(afterRepair)).containsExactly("net-ed");
        }
    }

    @Nested
    class EightBitMail {
        @Test
        void serviceShouldConvertAnEightBitMessageToSevenBitBeforeSigning() throws Exception {
            DkimSign mailet = signer();
            FakeMail mail = mail(EIGHT_BIT);
            String textBefore = lineEndsAsLf(mail.getMessage().getContent());

            mailet.service(mail);

            byte[] sent = bytes(mail);
            assertThat(sevenBit(sent)).isTrue();
            MimeMessage received = DkimTestSupport.message(sent);
            assertThat(lineEndsAsLf(received.getContent())).isEqualTo(textBefore);
            assertThat(received.getEncoding()).isEqualTo("quoted-printable");
            assertThat(received.getMessageID()).isEqualTo("<cafe@example.com>");
            assertThat(verify(sent, keys.dns()).summary()).isEqualTo(DkimResult.PASS);
        }

        @Test
        void serviceShouldConvertTheEightBitPartsOfAMultipartMessage() throws Exception {
            DkimSign mailet = signer();
            FakeMail mail = mail(EIGHT_BIT_MULTIPART);
            MimeMultipart before = (MimeMultipart) mail.getMessage().getContent();
            String textBefore = lineEndsAsLf(before.getBodyPart(0).getContent());
            Object asciiBefore = before.getBodyPart(1).getContent();
            byte[] dataBefore = before.getBodyPart(2).getInputStream().readAllBytes();

            mailet.service(mail);

            byte[] sent = bytes(mail);
            assertThat(sevenBit(sent)).isTrue();
            MimeMultipart after = (MimeMultipart) DkimTestSupport.message(sent).getContent();
            assertThat(after.getCount()).isEqualTo(3);
            assertThat(lineEndsAsLf(after.getBodyPart(0).getContent())).isEqualTo(textBefore);
            assertThat(after.getBodyPart(1).getContent()).isEqualTo(asciiBefore);
            assertThat(after.getBodyPart(2).getInputStream().readAllBytes())
                    .isEqualTo(dataBefore);
            assertThat(verify(sent, keys.dns()).summary()).isEqualTo(DkimResult.PASS);
        }

        @Test
        void serviceShouldSignEightBitMailAsItIsWhenConversionIsOff() throws Exception {
            DkimSign mailet = signer(DkimSign.CONVERT_TO_7BIT, "false");
            FakeMail mail = mail(EIGHT_BIT);
            byte[] before = bytes(mail);

            mailet.service(mail);

            byte[] sent = bytes(mail);
            assertThat(new String(sent, StandardCharsets.ISO_8859_1))
                    .endsWith(new String(before, StandardCharsets.ISO_8859_1));
            assertThat(verify(sent, keys.dns()).summary()).isEqualTo(DkimResult.PASS);
        }

        @Test
        void serviceShouldLeaveSevenBitMailUnchangedWhenConversionIsOn() throws Exception {
            DkimSign mailet = signer();
            FakeMail mail = mail(FROM_EXAMPLE_COM);
            byte[] before = bytes(mail);

            mailet.service(mail);

            String sent = new String(bytes(mail), StandardCharsets.ISO_8859_1);
            assertThat(sent).endsWith(new String(before, StandardCharsets.ISO_8859_1));
        }
    }

    @Nested
    class PublishedKeys {
        /** DNS where example.com's RSA key is missing and its Ed25519 record is another key. */
        private StaticKeyRecordResolver staleDns() {
            return StaticKeyRecordResolver.builder()
                    .add("ed2024._domainkey.example.com",
                            SigningKey.generateEd25519().keyRecordText())
                    .add("org1._domainkey.example.org",
                            DkimTestSupport.key(RSA_1024).keyRecordText())
                    .add("net-ed._domainkey.example.net", "v=DKIM1; k=ed25519; p=broken!")
                    .build();
        }

        @Test
        void initShouldFindWhichKeysDnsDoesNotPublishRight() throws Exception {
            DkimSign mailet = signer(staleDns());

            assertThat(mailet.publishedKeyStatuses())
                    .containsEntry("example.com s2024", PublishedKeyCheck.Status.MISSING)
                    .containsEntry("example.com ed2024", PublishedKeyCheck.Status.MISMATCH)
                    .containsEntry("example.org org1", PublishedKeyCheck.Status.PUBLISHED)
                    .containsEntry("example.net net-ed", PublishedKeyCheck.Status.INVALID);
        }

        @Test
        void serviceShouldStillSignWithUnpublishedKeysWhenTheCheckOnlyWarns() throws Exception {
            DkimSign mailet = signer(staleDns());
            FakeMail mail = mail(FROM_EXAMPLE_COM);

            mailet.service(mail);

            assertThat(selectors(mail)).containsExactlyInAnyOrder("s2024", "ed2024");
        }

        @Test
        void serviceShouldSkipUnpublishedKeysWhenAskedTo() throws Exception {
            DkimSign mailet = signer(staleDns(), DkimSign.CHECK_PUBLISHED_KEYS, "skip");
            FakeMail fromCom = mail(FROM_EXAMPLE_COM);
            FakeMail fromOrg = mail(FROM_EXAMPLE_ORG);

            mailet.service(fromCom);
            mailet.service(fromOrg);

            assertThat(signatures(fromCom)).isEmpty();
            assertThat(fromCom.getState()).isEqualTo("relay");
            assertThat(selectors(fromOrg)).containsExactly("org1");
        }

        @Test
        void serviceShouldUseASkippedKeyAgainOnceDnsIsRight() throws Exception {
            DkimSign mailet = signer(staleDns(), DkimSign.CHECK_PUBLISHED_KEYS, "skip");
            mailet.useResolverForChecks(keys.dns());
            FakeMail mail = mail(FROM_EXAMPLE_COM);

            mailet.checkPublishedKeysNow();
            mailet.service(mail);

            assertThat(selectors(mail)).containsExactlyInAnyOrder("s2024", "ed2024");
        }

        @Test
        void initShouldNotLookAtDnsWhenTheCheckIsOff() throws Exception {
            StaticKeyRecordResolver failsOnAnyName = StaticKeyRecordResolver.builder().strict()
                    .build();

            DkimSign mailet = signer(failsOnAnyName, DkimSign.CHECK_PUBLISHED_KEYS, "off");

            assertThat(mailet.publishedKeyStatuses()).isEmpty();
        }
    }

    /** Checks that the bytes given to the signer are the bytes the verifier gets. */
    @Test
    void signedMessageShouldVerifyWithTheCoreVerifierAndKeepItsOriginalBytes()
            throws Exception {
        DkimSign mailet = signer();
        FakeMail mail = mail(FROM_EXAMPLE_ORG);
        byte[] original = bytes(mail);

        mailet.service(mail);

        byte[] sent = bytes(mail);
        VerificationResult result = DkimTestSupport.verify(sent, keys.dns());
        assertThat(result.summary()).isEqualTo(DkimResult.PASS);
        assertThat(result.passesFor("example.org")).isTrue();
        assertThat(new String(sent, StandardCharsets.ISO_8859_1))
                .endsWith(new String(original, StandardCharsets.ISO_8859_1))
                .startsWith("DKIM-Signature:");
    }
}
