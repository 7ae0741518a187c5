package org.dkimpack.extension.james39;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Properties;
import java.util.Set;

import com.google.inject.Guice;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import org.apache.james.core.MailAddress;
import org.apache.james.metrics.api.MetricFactory;
import org.apache.james.metrics.tests.RecordingMetricFactory;
import org.apache.james.server.core.JamesServerResourceLoader;
import org.apache.james.server.core.filesystem.FileSystemImpl;
import org.apache.james.utils.ExtendedClassLoader;
import org.apache.james.utils.ExtensionConfiguration;
import org.apache.james.utils.GuiceGenericLoader;
import org.apache.james.utils.GuiceMailetLoader;
import org.apache.james.utils.GuiceMatcherLoader;
import org.apache.mailet.AttributeName;
import org.apache.mailet.Mail;
import org.apache.mailet.Mailet;
import org.apache.mailet.Matcher;
import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMailContext;
import org.apache.mailet.base.test.FakeMailetConfig;
import org.apache.mailet.base.test.FakeMatcherConfig;
import org.dkimpack.core.dns.KnotServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The James 3.9 jar as James 3.9.0 itself loads it: copied into the {@code extensions-jars/}
 * folder of a James working directory, found there by James's {@link ExtendedClassLoader},
 * and instantiated by class name through {@link GuiceMailetLoader} and
 * {@link GuiceMatcherLoader} (Guice 7, which honours only {@code jakarta.inject}), exactly as
 * {@code mailetcontainer.xml} names them. The mailets then sign and verify with keys on disk
 * and key records from a real DNS server on loopback.
 *
 * <p>Nothing of dkimpack is on this test's class path: every dkimpack class comes from the
 * jar, through James's class loader, and the test touches the mailets only through James's
 * mailet API.
 */
class JamesMailetLoaderIT {
    private static final String PACKAGE = "org.dkimpack.james.";
    private static final String RSA_SELECTOR = "rsa2026";
    private static final String ED25519_SELECTOR = "ed2026";
    private static final AttributeName DKIM_RESULT = AttributeName.of("dkim.result");

    @TempDir
    static Path folder;

    private static Path workingDirectory;
    private static Path keys;
    private static KnotServer dns;

    private RecordingMetricFactory metrics;
    private GuiceMailetLoader mailets;
    private GuiceMatcherLoader matchers;

    @BeforeAll
    static void setUpJamesFolderKeysAndDns() throws Exception {
        workingDirectory = folder.resolve("james");
        Path extensions = Files.createDirectories(workingDirectory.resolve("extensions-jars"));
        Path jar = JarContents.james39().path();
        Files.copy(jar, extensions.resolve(jar.getFileName()));

        keys = folder.resolve("dkim");
        KeyPair rsa = generate("RSA", 2048);
        KeyPair ed25519 = generate("Ed25519", 0);
        writeKey("example.com", RSA_SELECTOR, rsa);
        writeKey("example.org", ED25519_SELECTOR, ed25519);

        byte[] spki = ed25519.getPublic().getEncoded();
        byte[] rawEd25519 = Arrays.copyOfRange(spki, spki.length - 32, spki.length);
        dns = KnotServer.builder()
                .zone("example.com", zone("example.com", RSA_SELECTOR, "v=DKIM1; k=rsa; p="
                        + base64(rsa.getPublic().getEncoded())))
                .zone("example.org", zone("example.org", ED25519_SELECTOR,
                        "v=DKIM1; k=ed25519; p=" + base64(rawEd25519)))
                .start();
    }

    @AfterAll
    static void stopDns() {
        if (dns != null) {
            dns.close();
        }
    }

    @BeforeEach
    void buildJamesLoaders() {
        metrics = new RecordingMetricFactory();
        GuiceGenericLoader loader = new GuiceGenericLoader(
                Guice.createInjector(binder -> binder.bind(MetricFactory.class)
                        .toInstance(metrics)),
                new ExtendedClassLoader(new FileSystemImpl(
                        new JamesServerResourceLoader(workingDirectory.toString()))),
                ExtensionConfiguration.DEFAULT);
        mailets = new GuiceMailetLoader(loader, Set.of());
        matchers = new GuiceMatcherLoader(loader);
    }

    @Test
    void jamesShouldLoadEveryMailetAndMatcherFromTheExtensionsJarsFolder() throws Exception {
        List<Object> loaded = List.of(signer(), verifier(),
                matcher("SenderDomainHasDkimKey", keys.toString()),
                matcher("HasDkimSignature", null),
                matcher("DkimResultIs", "pass"),
                matcher("DkimPassFor", "example.com"));

        assertThat(loaded).allSatisfy(instance -> {
            assertThat(instance.getClass().getName()).startsWith(PACKAGE);
            assertThat(instance.getClass().getClassLoader())
                    .isNotSameAs(getClass().getClassLoader());
            assertThat(instance.getClass().getProtectionDomain().getCodeSource().getLocation()
                    .getPath()).contains("/extensions-jars/dkimpack-james39-");
        });
    }

    @Test
    void dkimSignShouldSignEachDomainWithItsKeyAndCountInJamesMetrics() throws Exception {
        Mailet sign = signer();
        Mail fromExampleCom = mail("from-example-com.eml");
        Mail fromExampleOrg = mail("from-example-org.eml");

        sign.service(fromExampleCom);
        sign.service(fromExampleOrg);

        assertThat(fromExampleCom.getMessage().getHeader("DKIM-Signature")).singleElement()
                .asString().contains("a=rsa-sha256", "d=example.com", "s=" + RSA_SELECTOR);
        assertThat(fromExampleOrg.getMessage().getHeader("DKIM-Signature")).singleElement()
                .asString().contains("a=ed25519-sha256", "d=example.org",
                        "s=" + ED25519_SELECTOR);
        // Counted only when Guice chose the @Inject constructor with James's MetricFactory.
        assertThat(metrics.countFor("dkim.sign.signed")).isEqualTo(2);
    }

    @Test
    void dkimVerifyShouldPassWhatDkimSignSignedWithKeysFromDns() throws Exception {
        Mailet sign = signer();
        Mailet verify = verifier();
        Mail mail = mail("from-example-org.eml");

        sign.service(mail);
        verify.service(mail);

        assertThat(mail.getMessage().getHeader("Authentication-Results")).singleElement()
                .asString().startsWith("mx.example.net;")
                .contains("dkim=pass", "header.d=example.org", "header.a=ed25519-sha256");
        assertThat(mail.getAttribute(DKIM_RESULT))
                .hasValueSatisfying(attribute -> assertThat(attribute.getValue().value())
                        .isEqualTo("pass"));
        assertThat(metrics.countFor("dkim.verify.pass")).isEqualTo(1);
    }

    @Test
    void messagesOverTheMemoryLimitShouldGoThroughTemporaryFilesOnJakartaMail()
            throws Exception {
        // jakarta.mail's SharedFileInputStream in place of javax.mail's, renamed at build time.
        Mailet sign = mailets.getMailet(FakeMailetConfig.builder()
                .mailetName(PACKAGE + "DkimSign")
                .mailetContext(FakeMailContext.defaultContext())
                .setProperty("keyDirectory", keys.toString())
                .setProperty("dnsServers", dns.address())
                .setProperty("maxInMemorySize", "1")
                .build());
        Mailet verify = mailets.getMailet(FakeMailetConfig.builder()
                .mailetName(PACKAGE + "DkimVerify")
                .mailetContext(FakeMailContext.defaultContext())
                .setProperty("authservId", "mx.example.net")
                .setProperty("dnsServers", dns.address())
                .setProperty("maxInMemorySize", "1")
                .build());
        Mail mail = mail("from-example-org.eml");

        sign.service(mail);
        verify.service(mail);

        assertThat(mail.getMessage().getHeader("Authentication-Results")).singleElement()
                .asString().contains("dkim=pass", "header.d=example.org");
    }

    @Test
    void matchersShouldRouteOnWhatTheMailetsDid() throws Exception {
        Mail mail = mail("from-example-com.eml");
        Collection<MailAddress> recipients = mail.getRecipients();
        Matcher hasKey = matcher("SenderDomainHasDkimKey", keys.toString());
        Matcher hasSignature = matcher("HasDkimSignature", "example.com");
        Matcher resultIsPass = matcher("DkimResultIs", "pass");
        Matcher passForExampleCom = matcher("DkimPassFor", "example.com");

        assertThat(hasKey.match(mail)).containsExactlyElementsOf(recipients);
        assertThat(hasSignature.match(mail)).isEmpty();
        signer().service(mail);
        assertThat(hasSignature.match(mail)).containsExactlyElementsOf(recipients);
        verifier().service(mail);
        assertThat(resultIsPass.match(mail)).containsExactlyElementsOf(recipients);
        assertThat(passForExampleCom.match(mail)).containsExactlyElementsOf(recipients);
    }

    @Test
    void jamesShouldRefuseDkimSignWithoutKeysAtLoading() {
        FakeMailetConfig config = FakeMailetConfig.builder()
                .mailetName(PACKAGE + "DkimSign")
                .mailetContext(FakeMailContext.defaultContext())
                .build();

        assertThatThrownBy(() -> mailets.getMailet(config))
                .isInstanceOf(MessagingException.class)
                .rootCause().hasMessageContaining("keyDirectory");
    }

    private Mailet signer() throws MessagingException {
        return mailets.getMailet(FakeMailetConfig.builder()
                .mailetName(PACKAGE + "DkimSign")
                .mailetContext(FakeMailContext.defaultContext())
                .setProperty("keyDirectory", keys.toString())
                .setProperty("dnsServers", dns.address())
                .build());
    }

    private Mailet verifier() throws MessagingException {
        return mailets.getMailet(FakeMailetConfig.builder()
                .mailetName(PACKAGE + "DkimVerify")
                .mailetContext(FakeMailContext.defaultContext())
                .setProperty("authservId", "mx.example.net")
                .setProperty("dnsServers", dns.address())
                .build());
    }

    private Matcher matcher(String simpleName, String condition) throws MessagingException {
        return matchers.getMatcher(FakeMatcherConfig.builder()
                .matcherName(PACKAGE + simpleName)
                .condition(condition)
                .mailetContext(FakeMailContext.defaultContext())
                .build());
    }

    private static Mail mail(String resource) throws MessagingException, IOException {
        try (InputStream in = JamesMailetLoaderIT.class.getResourceAsStream(
                "/messages/" + resource)) {
            return FakeMail.builder()
                    .name(resource)
                    .mimeMessage(new MimeMessage(Session.getInstance(new Properties()), in))
                    .sender("sender@example.com")
                    .recipient("dan@example.net")
                    .build();
        }
    }

    private static KeyPair generate(String algorithm, int bits)
            throws NoSuchAlgorithmException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm);
        if (bits > 0) {
            generator.initialize(bits);
        }
        return generator.generateKeyPair();
    }

    /** {@code <keys>/<domain>/<selector>.pem}, PKCS#8 as {@code openssl genpkey} writes it. */
    private static void writeKey(String domain, String selector, KeyPair pair)
            throws IOException {
        Path file = Files.createDirectories(keys.resolve(domain)).resolve(selector + ".pem");
        String pem = "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, new byte[] {'\n'})
                        .encodeToString(pair.getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n";
        Files.writeString(file, pem, StandardCharsets.US_ASCII);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    }

    private static String zone(String domain, String selector, String keyRecord) {
        return "$TTL 300\n"
                + "@ IN SOA ns." + domain + ". hostmaster." + domain + ". 1 3600 600 86400 60\n"
                + "@ IN NS ns." + domain + ".\n"
                + selector + "._domainkey IN TXT " + KnotServer.txtRecordData(keyRecord) + "\n";
    }

    private static String base64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }
}
