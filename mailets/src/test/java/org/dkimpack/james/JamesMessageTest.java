package org.dkimpack.james;

import static org.assertj.core.api.Assertions.assertThat;
import static org.dkimpack.james.DkimTestSupport.ED25519;
import static org.dkimpack.james.DkimTestSupport.FORGED_AUTHENTICATION_RESULTS;
import static org.dkimpack.james.DkimTestSupport.FROM_EXAMPLE_COM;
import static org.dkimpack.james.DkimTestSupport.RSA_2048;
import static org.dkimpack.james.DkimTestSupport.config;
import static org.dkimpack.james.DkimTestSupport.parameters;
import static org.dkimpack.james.DkimTestSupport.resource;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;

import org.apache.james.server.core.MailImpl;
import org.apache.james.server.core.MimeMessageInputStreamSource;
import org.apache.james.server.core.MimeMessageWrapper;
import org.apache.mailet.Mail;
import org.dkimpack.core.result.DkimResult;
import org.dkimpack.james.DkimTestSupport.KeyDirectory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The mailets on James's own mail and message classes (james-server-core 3.8.1), as mail
 * arrives over SMTP: what James writes out afterwards, to the next mailet, its queues and
 * RemoteDelivery, is the signed message byte for byte.
 */
class JamesMessageTest {
    /** What RemoteDelivery leaves out when it hands the message to javax.mail's SMTP. */
    private static final String[] SMTP_IGNORED_HEADERS = {"Bcc", "Content-Length"};

    @TempDir
    Path folder;

    private KeyDirectory keys;
    private DkimSign signer;
    private MailImpl mail;

    @BeforeEach
    void setUp() throws Exception {
        keys = new KeyDirectory(folder.resolve("dkim"))
                .add("example.com", "s2024", RSA_2048)
                .add("example.com", "ed2024", ED25519);
        signer = new DkimSign();
        signer.useResolverForChecks(keys.dns());
        signer.init(config("DkimSign", parameters(DkimSign.KEY_DIRECTORY,
                keys.root().toString())));
    }

    @AfterEach
    void tearDown() {
        if (mail != null) {
            mail.dispose();
        }
    }

    /** A mail as James's SMTP server makes it: the message backed by its received bytes. */
    private MailImpl received(byte[] bytes) throws Exception {
        MimeMessageWrapper message = new MimeMessageWrapper(MimeMessageInputStreamSource
                .create("test-" + System.nanoTime(), new ByteArrayInputStream(bytes)));
        mail = MailImpl.builder()
                .name("james-mail")
                .sender("alice@example.com")
                .addRecipient("bob@example.net")
                .mimeMessage(message)
                .build();
        return mail;
    }

    private static byte[] written(Mail mail, String... ignoredHeaders) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        mail.getMessage().writeTo(out, ignoredHeaders);
        return out.toByteArray();
    }

    @Test
    void jamesShouldWriteTheSignedFieldsFollowedByTheReceivedBytes() throws Exception {
        byte[] original = resource("messages/" + FROM_EXAMPLE_COM);
        String crlfOriginal = new String(original, StandardCharsets.ISO_8859_1)
                .replace("\n", "\r\n");
        MailImpl mail = received(crlfOriginal.getBytes(StandardCharsets.ISO_8859_1));

        signer.service(mail);

        byte[] sent = written(mail, SMTP_IGNORED_HEADERS);
        String text = new String(sent, StandardCharsets.ISO_8859_1);
        assertThat(text).startsWith("DKIM-Signature:").endsWith(crlfOriginal);
        assertThat(DkimTestSupport.verify(sent, keys.dns()).signatures())
                .extracting(result -> result.result())
                .containsExactly(DkimResult.PASS, DkimResult.PASS);
    }

    @Test
    void aCopyOfTheMailShouldWriteTheSameSignedBytes() throws Exception {
        MailImpl mail = received(resource("messages/" + FROM_EXAMPLE_COM));
        signer.service(mail);
        byte[] signed = written(mail);

        Mail copy = mail.duplicate();

        assertThat(written(copy)).isEqualTo(signed);
        assertThat(DkimTestSupport.verify(written(copy), keys.dns()).summary())
                .isEqualTo(DkimResult.PASS);
    }

    @Test
    void verifyShouldLeaveJamesWritingTheReceivedBytesAfterTheNewField() throws Exception {
        DkimVerify verifier = new DkimVerify();
        verifier.useResolver(keys.dns());
        verifier.init(config("DkimVerify", parameters(DkimVerify.AUTHSERV_ID, "mx.example.net")));
        MailImpl mail = received(resource("messages/" + FROM_EXAMPLE_COM));
        signer.service(mail);
        byte[] signed = written(mail);

        verifier.service(mail);

        byte[] after = written(mail);
        assertThat(Arrays.copyOfRange(after, after.length - signed.length, after.length))
                .isEqualTo(signed);
        assertThat(new String(after, StandardCharsets.ISO_8859_1))
                .startsWith("Authentication-Results: mx.example.net;\r\n\tdkim=pass");
        assertThat(DkimAttributes.messageResult(mail)).contains("pass");
    }

    @Test
    void verifyShouldRemoveForgedResultsFromJamesMessage() throws Exception {
        DkimVerify verifier = new DkimVerify();
        verifier.useResolver(keys.dns());
        verifier.init(config("DkimVerify", parameters(DkimVerify.AUTHSERV_ID, "mx.example.net")));
        MailImpl mail = received(resource("messages/" + FORGED_AUTHENTICATION_RESULTS));

        verifier.service(mail);

        String after = new String(written(mail), StandardCharsets.ISO_8859_1);
        assertThat(after).doesNotContain("paypal.example").doesNotContain("bank.example")
                .contains("relay.other.example; dkim=fail");
    }
}
