package org.dkimpack.benchmarks;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;

import javax.mail.MessagingException;
import javax.mail.Session;
import javax.mail.internet.MimeMessage;
import javax.mail.util.SharedByteArrayInputStream;

import org.apache.james.jdkim.mailets.DKIMSign;
import org.apache.james.jdkim.mailets.DKIMVerify;
import org.apache.mailet.Mail;
import org.apache.mailet.Mailet;
import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMailetConfig;
import org.dkimpack.core.dns.KeyRecordResolver;
import org.dkimpack.core.dns.StaticKeyRecordResolver;
import org.dkimpack.core.result.DkimResult;
import org.dkimpack.core.result.VerificationResult;
import org.dkimpack.core.verify.DkimVerifier;
import org.dkimpack.james.BenchmarkAccess;
import org.dkimpack.james.DkimSign;
import org.dkimpack.james.DkimVerify;

/**
 * The four mailets under test, configured as an operator would, and the mails they get: each
 * a fresh message over the shared bytes, the way James hands a spooled message to a mailet.
 */
public final class Mailets {
    /** The header fields James's DKIMSign signs: the ones this pack signs by default. */
    static final String JAMES_SIGNED_HEADERS =
            "from:subject:date:to:cc:message-id:mime-version:content-type:from";
    static final String AUTHSERV_ID = "mx.example.org";

    private static final Session SESSION = Session.getInstance(new Properties());

    private Mailets() {
    }

    /**
     * This pack's signer, reading its keys from a key directory as {@code dkimpack keygen}
     * lays it out; the published-key check is off, since there is no DNS here.
     */
    public static DkimSign packSigner(Path keyDirectory) throws MessagingException {
        DkimSign mailet = new DkimSign();
        mailet.init(FakeMailetConfig.builder()
                .mailetName("DkimSign")
                .setProperty("keyDirectory", keyDirectory.toString())
                .setProperty("checkPublishedKeys", "off")
                .build());
        return mailet;
    }

    /**
     * James 3.8.1's signer with the same RSA key, relaxed/relaxed and the same signed header
     * fields. It takes the key as PEM text ({@code privateKey}); {@code privateKeyFilepath}
     * would look it up on the system class path.
     */
    public static DKIMSign jamesSigner(String rsaPem) throws MessagingException {
        DKIMSign mailet = new DKIMSign();
        mailet.init(FakeMailetConfig.builder()
                .mailetName("DKIMSign")
                .setProperty("signatureTemplate", "v=1; s=" + Keys.RSA_SELECTOR + "; d="
                        + GeneratedMessage.SENDER_DOMAIN + "; h=" + JAMES_SIGNED_HEADERS
                        + "; a=rsa-sha256; c=relaxed/relaxed; bh=; b=;")
                .setProperty("privateKey", rsaPem)
                .build());
        return mailet;
    }

    /** This pack's verifier, asking a static table of key records. */
    public static DkimVerify packVerifier(KeyRecordResolver resolver)
            throws MessagingException {
        DkimVerify mailet = new DkimVerify();
        BenchmarkAccess.useResolver(mailet, resolver);
        mailet.init(FakeMailetConfig.builder()
                .mailetName("DkimVerify")
                .setProperty("authservId", AUTHSERV_ID)
                .build());
        return mailet;
    }

    /** James 3.8.1's verifier, with a key retriever that always answers the one record. */
    public static DKIMVerify jamesVerifier(String keyRecord) throws MessagingException {
        DKIMVerify mailet = new DKIMVerify((methodAndOptions, selector, token) ->
                List.of(keyRecord));
        mailet.init(FakeMailetConfig.builder().mailetName("DKIMVerify").build());
        return mailet;
    }

    /** A resolver that knows the benchmark keys' records and fails on any other name. */
    public static StaticKeyRecordResolver resolver(Keys keys) {
        return StaticKeyRecordResolver.builder()
                .add(Keys.recordName(Keys.RSA_SELECTOR), keys.rsa().keyRecordText())
                .add(Keys.recordName(Keys.ED25519_SELECTOR), keys.ed25519().keyRecordText())
                .strict()
                .build();
    }

    /** A new mail whose message reads the given bytes without copying them. */
    public static Mail mail(byte[] message) throws MessagingException {
        return FakeMail.builder()
                .name("benchmark")
                .mimeMessage(new MimeMessage(SESSION, new SharedByteArrayInputStream(message)))
                .sender(GeneratedMessage.SENDER)
                .recipient(GeneratedMessage.RECIPIENT)
                .build();
    }

    /** A new mail whose message reads a file without holding it in memory. */
    public static Mail mail(InputStream sharedMessage) throws MessagingException {
        return FakeMail.builder()
                .name("benchmark")
                .mimeMessage(new MimeMessage(SESSION, sharedMessage))
                .sender(GeneratedMessage.SENDER)
                .recipient(GeneratedMessage.RECIPIENT)
                .build();
    }

    /**
     * Runs a signing mailet once and checks that what it wrote verifies with this pack's
     * verifier: a benchmark of a signer that signs wrongly would measure nothing.
     */
    public static void checkSigns(Mailet mailet, byte[] message, KeyRecordResolver resolver,
            String selector) throws MessagingException, IOException {
        Mail mail = mail(message);
        mailet.service(mail);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        mail.getMessage().writeTo(out);
        VerificationResult result = new DkimVerifier(resolver).verify(
                new ByteArrayInputStream(out.toByteArray()));
        boolean passed = result.signatures().stream().anyMatch(signature ->
                signature.result() == DkimResult.PASS
                        && selector.equals(signature.selector().orElse("")));
        if (!passed) {
            throw new IllegalStateException(mailet.getMailetInfo()
                    + " did not make a signature that verifies: " + result);
        }
    }

    /** Writes a key into a key directory: {@code <dir>/<domain>/<selector>.pem}. */
    public static Path keyDirectory(String selector, String pem) {
        try {
            Path directory = Files.createTempDirectory("dkimpack-bench-keys");
            Path domain = Files.createDirectory(directory.resolve(GeneratedMessage.SENDER_DOMAIN));
            Files.writeString(domain.resolve(selector + ".pem"), pem);
            return directory;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the benchmark key", e);
        }
    }

    /** Removes a key directory made by {@link #keyDirectory}. */
    public static void delete(Path directory) {
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove " + directory, e);
        }
    }
}
