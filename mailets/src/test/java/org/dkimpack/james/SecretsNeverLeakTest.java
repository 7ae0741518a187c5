package org.dkimpack.james;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.dkimpack.james.DkimTestSupport.ED25519;
import static org.dkimpack.james.DkimTestSupport.FROM_EXAMPLE_COM;
import static org.dkimpack.james.DkimTestSupport.FROM_EXAMPLE_NET;
import static org.dkimpack.james.DkimTestSupport.FROM_EXAMPLE_ORG;
import static org.dkimpack.james.DkimTestSupport.RSA_1024;
import static org.dkimpack.james.DkimTestSupport.RSA_2048;
import static org.dkimpack.james.DkimTestSupport.RSA_512;
import static org.dkimpack.james.DkimTestSupport.config;
import static org.dkimpack.james.DkimTestSupport.headers;
import static org.dkimpack.james.DkimTestSupport.parameters;

import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import javax.mail.MessagingException;

import ch.qos.logback.classic.Level;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;
import org.apache.mailet.base.test.FakeMail;
import org.dkimpack.core.TemporaryDkimException;
import org.dkimpack.core.dns.KeyRecordResolver;
import org.dkimpack.core.dns.StaticKeyRecordResolver;
import org.dkimpack.core.key.KeyLoadException;
import org.dkimpack.core.key.PrivateKeyLoader;
import org.dkimpack.core.key.SigningKey;
import org.dkimpack.james.DkimTestSupport.KeyDirectory;
import org.dkimpack.james.DkimTestSupport.SigningTable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.LoggerFactory;

/**
 * Private keys and passphrases never appear in logs, exceptions or mail attributes (issue 7).
 *
 * <p>Each test drives DkimSign or DkimVerify through a fault while {@link LogCapture} records
 * every logger at every level, then looks for every form of every test key's private
 * material ({@link Secrets}) in all that was logged (messages, arguments, stack traces with
 * their causes), in what init threw, and in each mail's error message, attributes and header.
 * Each test also checks that the fault was reported, so that it cannot pass by logging
 * nothing.
 */
class SecretsNeverLeakTest {
    private static final Secrets SECRETS = Secrets.ofTestKeys();
    /**
     * Why three tests are off: a leak in the main code. SigningTableFile takes the line
     * {@code -----BEGIN PRIVATE KEY-----} for an entry (domain "-----begin", selector
     * "PRIVATE", key file "KEY-----"), then quotes the next line whole in its error ("expected
     * 'domain selector keyfile [algorithm]', got '...'"): the first base64 line of the key,
     * which for Ed25519 is the whole private key. It reaches init's exception and, when the
     * table changes while James runs, KeyTableWatcher's error log.
     */

    @RegisterExtension
    final LogCapture logs = new LogCapture();

    @TempDir
    Path folder;

    private final List<DkimSign> mailets = new ArrayList<>();

    @AfterEach
    void destroyMailets() {
        mailets.forEach(DkimSign::destroy);
    }

    private DkimSign signer(KeyRecordResolver dns, Map<String, String> parameters)
            throws MessagingException {
        parameters.putIfAbsent(DkimSign.RELOAD_INTERVAL, "0s");
        DkimSign mailet = new DkimSign();
        mailet.useResolverForChecks(dns);
        mailets.add(mailet);
        mailet.init(config("DkimSign", parameters));
        return mailet;
    }

    private DkimVerify verifier(KeyRecordResolver dns) throws MessagingException {
        DkimVerify mailet = new DkimVerify();
        mailet.useResolver(dns);
        mailet.init(config("DkimVerify", parameters(DkimVerify.AUTHSERV_ID, "mx.example.net")));
        return mailet;
    }

    /** A test message as a mail with a name of its own, to find its log lines by. */
    private static FakeMail mail(String messageResource, String name)
            throws MessagingException {
        FakeMail mail = DkimTestSupport.mail(messageResource);
        mail.setName(name);
        return mail;
    }

    /** A copy of a mail's message as another mail, as the next server would receive it. */
    private static FakeMail received(Mail sent, String name) throws Exception {
        return FakeMail.builder()
                .name(name)
                .mimeMessage(DkimTestSupport.message(DkimTestSupport.bytes(sent)))
                .sender("sender@example.com")
                .recipient("bob@example.net")
                .build();
    }

    /** The text of PEM data as a key record's p= would hold it. */
    private static String base64Of(String keyResource) {
        String pem = new String(DkimTestSupport.resource("keys/" + keyResource),
                StandardCharsets.US_ASCII);
        return pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
    }

    /** Fails when the log, or a mail's error message, attributes or header show a secret. */
    private void assertNothingLeaked(Mail... mails) throws MessagingException {
        SECRETS.assertNoneIn("the log", logs.everything());
        for (Mail mail : mails) {
            SECRETS.assertNoneIn("the error message of mail " + mail.getName(),
                    String.valueOf(mail.getErrorMessage()));
            SECRETS.assertNoneIn("the attributes of mail " + mail.getName(), attributes(mail));
            SECRETS.assertNoneIn("the header of mail " + mail.getName(), header(mail));
        }
    }

    /** Every attribute of a mail: its name, its value as James prints it and in full. */
    private static String attributes(Mail mail) {
        return mail.attributes()
                .map(attribute -> attribute.getName().asString() + " = "
                        + describe(attribute.getValue()) + "\n" + attribute)
                .collect(Collectors.joining("\n"));
    }

    private static String describe(Object value) {
        if (value instanceof AttributeValue) {
            return describe(((AttributeValue<?>) value).value());
        }
        if (value instanceof Collection) {
            return ((Collection<?>) value).stream().map(SecretsNeverLeakTest::describe)
                    .collect(Collectors.joining(", ", "[", "]"));
        }
        if (value instanceof Map) {
            return ((Map<?, ?>) value).entrySet().stream()
                    .map(entry -> entry.getKey() + "=" + describe(entry.getValue()))
                    .collect(Collectors.joining(", ", "{", "}"));
        }
        if (value instanceof byte[]) {
            byte[] bytes = (byte[]) value;
            return new String(bytes, StandardCharsets.ISO_8859_1) + " "
                    + Base64.getEncoder().encodeToString(bytes);
        }
        return String.valueOf(value);
    }

    private static String header(Mail mail) throws MessagingException {
        return String.join("\n", Collections.list(mail.getMessage().getAllHeaderLines()));
    }

    /** Runs init, which must fail; checks what it threw and logged; returns the message. */
    private String initFailure(Map<String, String> parameters, KeyRecordResolver dns) {
        DkimSign mailet = new DkimSign();
        mailet.useResolverForChecks(dns);
        mailets.add(mailet);

        Throwable thrown = catchThrowable(() -> mailet.init(config("DkimSign", parameters)));

        assertThat(thrown).isInstanceOf(MessagingException.class);
        SECRETS.assertNoneIn("the exception init threw", LogCapture.stackTrace(thrown));
        SECRETS.assertNoneIn("the log", logs.everything());
        return thrown.getMessage();
    }

    @Test
    void signingShouldShowNoKeyMaterialEvenAtTraceLevel() throws Exception {
        KeyDirectory keys = new KeyDirectory(folder.resolve("dkim"))
                .add("example.com", "s2024", RSA_2048)
                .add("example.com", "ed2024", ED25519)
                .add("example.org", "org1", RSA_1024);
        DkimSign mailet = signer(keys.dns(), parameters(DkimSign.KEY_DIRECTORY,
                keys.root().toString()));
        FakeMail fromCom = mail(FROM_EXAMPLE_COM, "rsa-and-ed25519");
        FakeMail fromOrg = mail(FROM_EXAMPLE_ORG, "rsa-1024");

        mailet.service(fromCom);
        mailet.service(fromOrg);

        assertThat(headers(fromCom, "DKIM-Signature")).hasSize(2);
        assertThat(headers(fromOrg, "DKIM-Signature")).hasSize(1);
        assertThat(logs.messages(Level.INFO, "DKIM-signed mail rsa-and-ed25519",
                "d=example.com")).hasSize(1);
        assertThat(logs.messages(Level.INFO, "DKIM-signed mail rsa-1024", "s=org1")).hasSize(1);
        assertThat(logs.messages(Level.WARN, "org1.pem", "RFC 8301")).hasSize(1);
        assertThat(logs.messages(Level.DEBUG, "matches")).hasSize(3);
        assertNothingLeaked(fromCom, fromOrg);
    }

    static Stream<Arguments> faultsOfEachKeyWithEachOnError() {
        List<Arguments> cases = new ArrayList<>();
        for (KeyFileFault fault : KeyFileFault.values()) {
            for (String key : List.of(RSA_2048, ED25519)) {
                for (String onError : List.of("pass", "error")) {
                    cases.add(Arguments.of(fault, key, onError));
                }
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} {1} onError={2}")
    @MethodSource("faultsOfEachKeyWithEachOnError")
    void aKeyFileBrokenWhileRunningShouldBeReportedWithoutItsContent(KeyFileFault fault,
            String keyResource, String onError) throws Exception {
        SigningTable table = new SigningTable(folder).add("example.net", "net", keyResource);
        DkimSign mailet = signer(table.dns(), parameters(DkimSign.SIGNING_TABLE,
                table.write().toString(), DkimSign.ON_ERROR, onError));
        FakeMail before = mail(FROM_EXAMPLE_NET, "before-the-fault");
        mailet.service(before);
        fault.applyTo(table.keyFile("example.net", "net"));
        FakeMail after = mail(FROM_EXAMPLE_NET, "after-the-fault");

        mailet.service(after);

        assertThat(headers(before, "DKIM-Signature")).hasSize(1);
        assertThat(logs.errorsAbout("before-the-fault")).isEmpty();
        assertThat(logs.errorsAbout("after-the-fault")).as(logs.summary()).singleElement()
                .asString()
                .contains("from example.net")
                .contains(onError.equals("pass") ? "goes on unsigned"
                        : "goes to the error processor")
                .contains(fault.reported());
        if (onError.equals("error")) {
            assertThat(after.getErrorMessage()).contains("example.net")
                    .contains(fault.reported());
        }
        assertNothingLeaked(before, after);
    }

    @Test
    void keyFilesOthersMayReadShouldBeWarnedAboutWithoutTheirContent() throws Exception {
        assumeThat(FileSystems.getDefault().supportedFileAttributeViews()).contains("posix");
        SigningTable table = new SigningTable(folder)
                .add("example.com", "s2024", RSA_2048)
                .add("example.com", "ed2024", ED25519);
        Files.setPosixFilePermissions(table.keyFile("example.com", "s2024"),
                PosixFilePermissions.fromString("rw-r-----"));
        DkimSign mailet = signer(table.dns(), parameters(DkimSign.SIGNING_TABLE,
                table.write().toString()));
        DkimTestSupport.write(table.keyFile("example.com", "ed2024"),
                DkimTestSupport.resource("keys/" + ED25519));
        Files.setPosixFilePermissions(table.keyFile("example.com", "ed2024"),
                PosixFilePermissions.fromString("rw-r--r--"));
        FakeMail mail = mail(FROM_EXAMPLE_COM, "signed-with-open-keys");

        mailet.service(mail);

        assertThat(headers(mail, "DKIM-Signature")).hasSize(2);
        assertThat(logs.messages(Level.WARN, "s2024.pem may be read by its group"))
                .hasSize(1);
        assertThat(logs.messages(Level.WARN, "ed2024.pem may be read by any user"))
                .hasSize(1);
        assertNothingLeaked(mail);
    }

    @ParameterizedTest
    @EnumSource(KeyFileFault.class)
    void initShouldNameABrokenKeyFileWithoutShowingItsContent(KeyFileFault fault)
            throws Exception {
        SigningTable table = new SigningTable(folder)
                .add("example.com", "s2024", RSA_2048)
                .add("example.com", "ed2024", ED25519);
        Path tableFile = table.write();
        fault.applyTo(table.keyFile("example.com", "s2024"));

        String message = initFailure(parameters(DkimSign.SIGNING_TABLE, tableFile.toString()),
                table.dns());

        assertThat(message).contains("line 2").contains(fault.reported());
    }

    @Test
    void initShouldNameASigningTableLineThatDoesNotParse() {
        SigningTable table = new SigningTable(folder)
                .add("example.com", "s2024", RSA_2048)
                .line("example.com s2025");

        String message = initFailure(parameters(DkimSign.SIGNING_TABLE,
                table.write().toString()), table.dns());

        assertThat(message).contains("line 3")
                .contains("expected 'domain selector keyfile [algorithm]'");
    }

    /** As {@code cat s2024.pem >> signing.table} would do instead of {@code >}. */
    @ParameterizedTest
    @ValueSource(strings = {RSA_2048, ED25519})
    void initShouldNotShowAKeyAppendedToTheSigningTable(String keyResource) throws Exception {
        SigningTable table = new SigningTable(folder).add("example.com", "s2024", RSA_2048);
        Path tableFile = table.write();
        Files.write(tableFile, DkimTestSupport.resource("keys/" + keyResource),
                StandardOpenOption.APPEND);

        String message = initFailure(parameters(DkimSign.SIGNING_TABLE, tableFile.toString()),
                table.dns());

        assertThat(message).contains(tableFile.toString() + " line ");
    }

    @ParameterizedTest
    @ValueSource(strings = {RSA_2048, ED25519})
    void initShouldNotShowAKeyGivenAsTheSigningTable(String keyResource) {
        Path keyFile = folder.resolve("s2024.pem");
        DkimTestSupport.write(keyFile, DkimTestSupport.resource("keys/" + keyResource));

        String message = initFailure(parameters(DkimSign.SIGNING_TABLE, keyFile.toString()),
                StaticKeyRecordResolver.builder().build());

        assertThat(message).contains(keyFile.toString() + " line ");
    }

    @ParameterizedTest
    @ValueSource(strings = {RSA_2048, ED25519})
    void aSigningTableBrokenWhileRunningShouldBeLoggedWithoutTheKeyAddedToIt(
            String keyResource) throws Exception {
        SigningTable table = new SigningTable(folder).add("example.com", "s2024", RSA_2048);
        Path tableFile = table.write();
        DkimSign mailet = signer(table.dns(), parameters(DkimSign.SIGNING_TABLE,
                tableFile.toString()));
        byte[] broken = (Files.readString(tableFile) + new String(
                DkimTestSupport.resource("keys/" + keyResource), StandardCharsets.US_ASCII))
                .getBytes(StandardCharsets.US_ASCII);
        DkimTestSupport.write(tableFile, broken);
        FakeMail mail = mail(FROM_EXAMPLE_COM, "signed-with-the-keys-read-before");

        mailet.service(mail);

        assertThat(headers(mail, "DKIM-Signature")).hasSize(1);
        assertThat(logs.messages(Level.ERROR, tableFile.toString() + " line ",
                "still using the 1 keys read before")).hasSize(1);
        assertNothingLeaked(mail);
    }

    @Test
    void initShouldRefuseAnRsaKeyUnder1024BitsWithoutShowingIt() {
        KeyDirectory keys = new KeyDirectory(folder.resolve("dkim"))
                .add("example.com", "s512", RSA_512);

        String message = initFailure(parameters(DkimSign.KEY_DIRECTORY,
                keys.root().toString()), keys.dns());

        assertThat(message).contains("s512.pem").contains("has 512 bits");
    }

    @Test
    void verificationShouldShowNoKeyMaterialInResultsOrLogs() throws Exception {
        KeyDirectory keys = new KeyDirectory(folder.resolve("dkim"))
                .add("example.com", "s2024", RSA_2048)
                .add("example.com", "ed2024", ED25519);
        FakeMail sent = mail(FROM_EXAMPLE_COM, "sent");
        signer(keys.dns(), parameters(DkimSign.KEY_DIRECTORY, keys.root().toString()))
                .service(sent);
        FakeMail good = received(sent, "published-right");
        FakeMail privateKeyInDns = received(sent, "private-key-in-dns");
        // An operator who pasted the private key where the public one belongs.
        StaticKeyRecordResolver pastedPrivateKeys = StaticKeyRecordResolver.builder()
                .add("s2024._domainkey.example.com", "v=DKIM1; k=rsa; p=" + base64Of(RSA_2048))
                .add("ed2024._domainkey.example.com",
                        "v=DKIM1; k=ed25519; p=" + base64Of(ED25519))
                .build();

        verifier(keys.dns()).service(good);
        verifier(pastedPrivateKeys).service(privateKeyInDns);

        assertThat(DkimAttributes.messageResult(good)).contains("pass");
        assertThat(DkimAttributes.messageResult(privateKeyInDns)).contains("permerror");
        assertThat(DkimAttributes.signatureResults(privateKeyInDns)).hasSize(2)
                .allSatisfy(result -> assertThat(result.get(DkimAttributes.REASON))
                        .contains("p="));
        assertThat(attributes(privateKeyInDns)).contains("s2024").contains("ed2024");
        assertThat(logs.messages(Level.INFO, "mail private-key-in-dns (Message-ID ",
                "): dkim=permerror"))
                .hasSize(1);
        assertThat(logs.messages(Level.WARN, "is not published right in DNS")).isEmpty();
        assertNothingLeaked(sent, good, privateKeyInDns);
    }

    @Test
    void thePublishedKeyCheckShouldNameTheRecordToPublishButNoPrivateKey() throws Exception {
        KeyDirectory keys = new KeyDirectory(folder.resolve("dkim"))
                .add("example.com", "s2024", RSA_2048)
                .add("example.com", "ed2024", ED25519)
                .add("example.org", "org1", RSA_1024)
                .add("example.net", "net-ed", ED25519);
        KeyRecordResolver wrongDns = name -> {
            switch (name) {
                case "s2024._domainkey.example.com":
                    return List.of(DkimTestSupport.key(RSA_1024).keyRecordText());
                case "org1._domainkey.example.org":
                    return List.of("v=DKIM1; k=rsa; p=" + base64Of(RSA_1024));
                case "net-ed._domainkey.example.net":
                    throw new TemporaryDkimException("timeout asking 192.0.2.53 for " + name);
                default:
                    return List.of();
            }
        };
        DkimSign warns = signer(wrongDns, parameters(DkimSign.KEY_DIRECTORY,
                keys.root().toString()));
        DkimSign skips = signer(wrongDns, parameters(DkimSign.KEY_DIRECTORY,
                keys.root().toString(), DkimSign.CHECK_PUBLISHED_KEYS, "skip"));
        FakeMail signedAnyway = mail(FROM_EXAMPLE_COM, "signed-anyway");
        FakeMail notSigned = mail(FROM_EXAMPLE_COM, "not-signed");

        warns.service(signedAnyway);
        skips.service(notSigned);

        assertThat(headers(signedAnyway, "DKIM-Signature")).hasSize(2);
        assertThat(headers(notSigned, "DKIM-Signature")).isEmpty();
        String rsaRecord = DkimTestSupport.key(RSA_2048).keyRecordText();
        assertThat(logs.messages(Level.WARN, "d=example.com s=s2024",
                "is not published right in DNS", "publish: " + rsaRecord)).hasSize(2);
        assertThat(logs.messages(Level.WARN, "d=example.com s=ed2024", "no key record"))
                .hasSize(2);
        assertThat(logs.messages(Level.WARN, "d=example.org s=org1", "not a usable key record"))
                .hasSize(2);
        assertThat(logs.messages(Level.WARN, "d=example.net s=net-ed", "could not check DNS"))
                .hasSize(2);
        assertThat(logs.messages(Level.DEBUG, "not signing as d=example.com")).hasSize(2);
        assertNothingLeaked(signedAnyway, notSigned);
    }

    @ParameterizedTest
    @ValueSource(strings = {KeyFileFault.RSA_2048_ENCRYPTED,
            KeyFileFault.RSA_2048_PKCS1_ENCRYPTED, KeyFileFault.ED25519_ENCRYPTED})
    void theLoaderShouldShowNeitherPassphraseNorKeyWhenThePassphraseIsWrongOrMissing(
            String encryptedKey) throws Exception {
        Path file = folder.resolve(encryptedKey);
        DkimTestSupport.write(file, DkimTestSupport.resource("keys/" + encryptedKey));
        String unencrypted = encryptedKey.startsWith("ed25519") ? ED25519 : RSA_2048;

        KeyLoadException wrong = catchThrowableOfType(KeyLoadException.class,
                () -> PrivateKeyLoader.load(file, Secrets.WRONG_PASSPHRASE.toCharArray()));
        KeyLoadException missing = catchThrowableOfType(KeyLoadException.class,
                () -> PrivateKeyLoader.load(file, null));
        SigningKey right = PrivateKeyLoader.load(file, Secrets.PASSPHRASE.toCharArray());

        assertThat(wrong).hasMessageContaining("wrong passphrase or corrupt key");
        assertThat(missing).hasMessageContaining("a passphrase is required");
        assertThat(right).isEqualTo(DkimTestSupport.key(unencrypted));
        SECRETS.assertNoneIn("the error of a wrong passphrase", LogCapture.stackTrace(wrong));
        SECRETS.assertNoneIn("the error of no passphrase", LogCapture.stackTrace(missing));
        SECRETS.assertNoneIn("the key's description", right.toString());
        SECRETS.assertNoneIn("the log", logs.everything());
    }

    /** The check itself: each secret is found whole, in part, and through the log. */
    @Test
    void everySecretShouldBeFoundWhereverItShows() {
        Map<String, String> secrets = SECRETS.byName();

        assertThat(secrets.keySet()).contains("rsa-2048.pkcs8.pem private exponent d in hex",
                "rsa-2048.pkcs8.pem prime q in decimal", "ed25519.pem seed in hex",
                "rsa-2048.pkcs8.pem PEM text without line breaks", "the passphrase",
                "ec-p256.pkcs8.pem private scalar in decimal");
        secrets.forEach((name, secret) -> {
            assertThatThrownBy(() -> SECRETS.assertNoneIn("a test text", "<" + secret + ">"))
                    .as(name).isInstanceOf(AssertionError.class)
                    .hasMessageContaining("a test text shows");
            if (secret.length() > Secrets.FRAGMENT + 2) {
                String part = secret.substring(1, 1 + Secrets.FRAGMENT);
                assertThatThrownBy(() -> SECRETS.assertNoneIn("a test text", part))
                        .as(name).isInstanceOf(AssertionError.class);
            }
        });
        String seed = secrets.get("ed25519.pem seed in hex");
        LoggerFactory.getLogger("any.logger.at.all").trace("nothing here",
                new IllegalStateException("outer", new RuntimeException(seed)));
        assertThatThrownBy(() -> SECRETS.assertNoneIn("the log", logs.everything()))
                .isInstanceOf(AssertionError.class).hasMessageContaining("ed25519.pem seed");
    }

    /** What the logs may show: the public halves, which the check must not take for secrets. */
    @Test
    void publicKeysShouldNotCountAsSecrets() {
        List<String> publicTexts = new ArrayList<>();
        for (String key : List.of(RSA_2048, RSA_1024, RSA_512, ED25519)) {
            SigningKey signingKey = DkimTestSupport.key(key);
            publicTexts.add(signingKey.keyRecordText());
            publicTexts.add(signingKey.toString());
        }

        assertThatCode(() -> SECRETS.assertNoneIn("the public keys",
                String.join("\n", publicTexts))).doesNotThrowAnyException();
    }
}
