package org.dkimpack.james;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import org.apache.mailet.Mail;
import org.apache.mailet.Matcher;
import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMailContext;
import org.apache.mailet.base.test.FakeMailetConfig;
import org.apache.mailet.base.test.FakeMatcherConfig;
import org.dkimpack.core.dns.StaticKeyRecordResolver;
import org.dkimpack.core.key.SigningKey;
import org.dkimpack.core.result.VerificationResult;
import org.dkimpack.core.verify.DkimVerifier;
import org.dkimpack.james.mail.MessageBytes;

/**
 * What the James 3.9 tests share: a key directory for two domains (example.com with an RSA
 * key, example.org with an Ed25519 key), the DNS that publishes both, the test messages as
 * mails, and the mailets and matchers initialised through James 3.9.0's mailet test kit.
 *
 * <p>The classes under test are the transformed ones in {@code target/classes}: the same
 * package as this class, so the mailets' test hooks (a DNS table instead of DNS) are in reach.
 */
final class James39Fixture {
    static final String RSA_DOMAIN = "example.com";
    static final String RSA_SELECTOR = "rsa2026";
    static final String ED25519_DOMAIN = "example.org";
    static final String ED25519_SELECTOR = "ed2026";
    static final String AUTHSERV_ID = "mx.example.net";

    static final String FROM_EXAMPLE_COM = "from-example-com.eml";
    static final String FROM_EXAMPLE_ORG = "from-example-org.eml";
    /** From a domain without a key. */
    static final String FROM_EXAMPLE_NET = "from-example-net.eml";
    /** From example.com, with an 8-bit UTF-8 body. */
    static final String EIGHT_BIT = "eight-bit.eml";

    private static final SigningKey RSA_KEY = SigningKey.generateRsa(2048);
    private static final SigningKey ED25519_KEY = SigningKey.generateEd25519();

    private James39Fixture() {
    }

    /** Lays out {@code <folder>/<domain>/<selector>.pem} for both domains. */
    static Path keyDirectory(Path folder) throws IOException {
        writeKey(folder, RSA_DOMAIN, RSA_SELECTOR, RSA_KEY);
        writeKey(folder, ED25519_DOMAIN, ED25519_SELECTOR, ED25519_KEY);
        return folder;
    }

    /** The key records of both keys; any other name fails the test. */
    static StaticKeyRecordResolver dns() {
        return StaticKeyRecordResolver.builder()
                .add(RSA_SELECTOR + "._domainkey." + RSA_DOMAIN, RSA_KEY.keyRecordText())
                .add(ED25519_SELECTOR + "._domainkey." + ED25519_DOMAIN,
                        ED25519_KEY.keyRecordText())
                .strict()
                .build();
    }

    /** A mail holding a test message, on its way out. */
    static FakeMail mail(String messageResource) throws MessagingException {
        return FakeMail.builder()
                .name(messageResource)
                .mimeMessage(message(messageResource))
                .sender("sender@example.com")
                .recipient("dan@example.net")
                .state("relay")
                .build();
    }

    /** DkimSign over a key directory, its published-key check answered from {@link #dns()}. */
    static DkimSign signer(Path keyDirectory) throws MessagingException {
        DkimSign mailet = new DkimSign();
        mailet.useResolverForChecks(dns());
        mailet.init(FakeMailetConfig.builder()
                .mailetName("DkimSign")
                .mailetContext(FakeMailContext.defaultContext())
                .setProperty(DkimSign.KEY_DIRECTORY, keyDirectory.toString())
                .build());
        return mailet;
    }

    /** DkimVerify as {@value #AUTHSERV_ID}, asking {@link #dns()} for key records. */
    static DkimVerify verifier() throws MessagingException {
        DkimVerify mailet = new DkimVerify();
        mailet.useResolver(dns());
        mailet.init(FakeMailetConfig.builder()
                .mailetName("DkimVerify")
                .mailetContext(FakeMailContext.defaultContext())
                .setProperty(DkimVerify.AUTHSERV_ID, AUTHSERV_ID)
                .build());
        return mailet;
    }

    /** A matcher initialised with a condition. */
    static <M extends Matcher> M matcher(M matcher, String name, String condition)
            throws MessagingException {
        matcher.init(FakeMatcherConfig.builder()
                .matcherName(name)
                .condition(condition)
                .mailetContext(FakeMailContext.defaultContext())
                .build());
        return matcher;
    }

    /** A mail signed by DkimSign with the keys of {@code keyDirectory}. */
    static FakeMail signedMail(String messageResource, Path keyDirectory)
            throws MessagingException {
        FakeMail mail = mail(messageResource);
        signer(keyDirectory).service(mail);
        return mail;
    }

    /** The signatures of a mail checked by the engine itself, apart from DkimVerify. */
    static VerificationResult check(Mail mail) throws IOException, MessagingException {
        return new DkimVerifier(dns()).verify(MessageBytes.of(mail.getMessage())
                .newInputStream());
    }

    /** The message of a mail as the bytes James would send. */
    static String text(Mail mail) throws IOException, MessagingException {
        return new String(MessageBytes.of(mail.getMessage()).toByteArray(),
                StandardCharsets.UTF_8);
    }

    private static void writeKey(Path folder, String domain, String selector, SigningKey key)
            throws IOException {
        Path file = folder.resolve(domain).resolve(selector + ".pem");
        Files.createDirectories(file.getParent());
        Files.writeString(file, key.toPkcs8Pem(), StandardCharsets.US_ASCII);
        // As an operator would keep it: readable by James alone, or DkimSign warns.
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    }

    private static MimeMessage message(String messageResource) throws MessagingException {
        String path = "/messages/" + messageResource;
        try (InputStream in = James39Fixture.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource " + path);
            }
            return new MimeMessage(MessageBytes.session(), in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
