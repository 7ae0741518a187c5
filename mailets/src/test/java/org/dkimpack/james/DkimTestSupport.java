package org.dkimpack.james;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.mail.MessagingException;
import javax.mail.internet.MimeMessage;

import org.apache.mailet.Mail;
import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMailContext;
import org.apache.mailet.base.test.FakeMailetConfig;
import org.dkimpack.core.dns.StaticKeyRecordResolver;
import org.dkimpack.core.key.KeyLoadException;
import org.dkimpack.core.key.PrivateKeyLoader;
import org.dkimpack.core.key.SigningKey;
import org.dkimpack.core.result.VerificationResult;
import org.dkimpack.core.verify.DkimVerifier;
import org.dkimpack.james.mail.MessageBytes;

/**
 * What the mailet and matcher tests share: test keys laid out as key directories and signing
 * tables, the test messages as mails, the key records DNS would publish, and the bytes James
 * would send.
 */
public final class DkimTestSupport {
    /** RSA 2048, the usual key. */
    public static final String RSA_2048 = "rsa-2048.pkcs8.pem";
    /** RSA 1024: signs, with a warning. */
    public static final String RSA_1024 = "rsa-1024.pkcs8.pem";
    /** RSA 512: refused. */
    public static final String RSA_512 = "rsa-512.pkcs8.pem";
    public static final String ED25519 = "ed25519.pem";
    /** PEM without a private key. */
    public static final String CERTIFICATE = "certificate.pem";

    public static final String FROM_EXAMPLE_COM = "from-example-com.eml";
    public static final String FROM_EXAMPLE_ORG = "from-example-org.eml";
    public static final String FROM_EXAMPLE_NET = "from-example-net.eml";
    public static final String FROM_SUBDOMAIN = "from-subdomain.eml";
    public static final String FROM_UNKNOWN_DOMAIN = "from-unknown-domain.eml";
    public static final String TWO_FROM_FIELDS = "two-from-fields.eml";
    public static final String EIGHT_BIT = "eight-bit.eml";
    public static final String EIGHT_BIT_MULTIPART = "eight-bit-multipart.eml";
    public static final String FORGED_AUTHENTICATION_RESULTS =
            "forged-authentication-results.eml";

    private DkimTestSupport() {
    }

    /** The bytes of a test resource. */
    public static byte[] resource(String path) {
        try (InputStream in = DkimTestSupport.class.getResourceAsStream("/" + path)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource " + path);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A test key, loaded. */
    public static SigningKey key(String keyResource) {
        try {
            Path file = Files.createTempFile("dkimpack-test-", ".pem");
            try {
                Files.write(file, resource("keys/" + keyResource));
                return PrivateKeyLoader.load(file);
            } finally {
                Files.delete(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (KeyLoadException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A test message, as James would hold it. */
    public static MimeMessage message(byte[] bytes) throws MessagingException {
        return new MimeMessage(MessageBytes.session(), new ByteArrayInputStream(bytes));
    }

    /** A mail with a test message, named after it. */
    public static FakeMail mail(String messageResource) throws MessagingException {
        return FakeMail.builder()
                .name(messageResource)
                .mimeMessage(message(resource("messages/" + messageResource)))
                .sender("sender@example.com")
                .recipient("bob@example.net")
                .state("relay")
                .build();
    }

    /** A mail like {@value #FROM_EXAMPLE_COM}, with another {@code From:} field. */
    public static FakeMail mailFrom(String fromField) throws MessagingException {
        String text = new String(resource("messages/" + FROM_EXAMPLE_COM),
                StandardCharsets.ISO_8859_1).replaceFirst("(?m)^From: .*$", "From: " + fromField);
        return FakeMail.builder()
                .name("from " + fromField)
                .mimeMessage(message(text.getBytes(StandardCharsets.ISO_8859_1)))
                .sender("sender@example.com")
                .recipient("bob@example.net")
                .state("relay")
                .build();
    }

    /** The bytes James would send: what the mail's message writes. */
    public static byte[] bytes(Mail mail) throws MessagingException, IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        mail.getMessage().writeTo(out);
        return out.toByteArray();
    }

    /** The bytes a message writes. */
    public static byte[] bytes(MimeMessage message) throws MessagingException, IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        message.writeTo(out);
        return out.toByteArray();
    }

    /** The header fields of a mail's message with that name, unfolded values. */
    public static List<String> headers(Mail mail, String name) throws MessagingException {
        String[] values = mail.getMessage().getHeader(name);
        return values == null ? List.of() : List.of(values);
    }

    /** Verifies bytes with the core engine against the given DNS. */
    public static VerificationResult verify(byte[] message, StaticKeyRecordResolver dns)
            throws IOException {
        return new DkimVerifier(dns).verify(new ByteArrayInputStream(message));
    }

    /** A mailet configuration with parameters, in the fake mail context. */
    public static FakeMailetConfig config(String mailetName, Map<String, String> parameters) {
        FakeMailetConfig.Builder builder = FakeMailetConfig.builder()
                .mailetName(mailetName)
                .mailetContext(FakeMailContext.defaultContext());
        parameters.forEach(builder::setProperty);
        return builder.build();
    }

    /** Parameters in the order given: name, value, name, value. */
    public static Map<String, String> parameters(String... namesAndValues) {
        Map<String, String> parameters = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            parameters.put(namesAndValues[i], namesAndValues[i + 1]);
        }
        return parameters;
    }

    /** A key directory ({@code <dir>/<domain>/<selector>.pem}) with test keys in it. */
    public static final class KeyDirectory {
        private final Path root;
        private final Map<String, SigningKey> published = new LinkedHashMap<>();

        public KeyDirectory(Path root) {
            this.root = root;
        }

        /** Adds a test key as {@code <domain>/<selector>.pem}, readable by its owner only. */
        public KeyDirectory add(String domain, String selector, String keyResource) {
            Path file = root.resolve(domain).resolve(selector + ".pem");
            write(file, resource("keys/" + keyResource));
            published.put(selector + "._domainkey." + domain, key(keyResource));
            return this;
        }

        public Path root() {
            return root;
        }

        public Path file(String domain, String selector) {
            return root.resolve(domain).resolve(selector + ".pem");
        }

        /** DNS publishing the public half of every key added. */
        public StaticKeyRecordResolver dns() {
            return DkimTestSupport.dns(published);
        }
    }

    /** A signing table file with test keys beside it. */
    public static final class SigningTable {
        private final Path folder;
        private final List<String> lines = new ArrayList<>();
        private final Map<String, SigningKey> published = new LinkedHashMap<>();

        public SigningTable(Path folder) {
            this.folder = folder;
        }

        /** Adds a line and copies the key as {@code keys/<domain-pattern>.<selector>.pem}. */
        public SigningTable add(String domainPattern, String selector, String keyResource,
                String... algorithm) {
            String keyFile = "keys/" + domainPattern.replace("*", "_") + "." + selector + ".pem";
            DkimTestSupport.write(folder.resolve(keyFile), resource("keys/" + keyResource));
            lines.add(domainPattern + " " + selector + " " + keyFile
                    + (algorithm.length == 0 ? "" : " " + algorithm[0]));
            String domain = domainPattern.startsWith("*.") ? domainPattern.substring(2)
                    : domainPattern;
            published.put(selector + "._domainkey." + domain, key(keyResource));
            return this;
        }

        /** Adds a line as it is. */
        public SigningTable line(String line) {
            lines.add(line);
            return this;
        }

        /** Writes the table file and returns it. */
        public Path write() {
            Path file = folder.resolve("signing.table");
            List<String> content = new ArrayList<>();
            content.add("# test signing table");
            content.addAll(lines);
            DkimTestSupport.write(file, String.join("\n", content)
                    .concat("\n").getBytes(StandardCharsets.UTF_8));
            return file;
        }

        public Path keyFile(String domainPattern, String selector) {
            return folder.resolve("keys/" + domainPattern.replace("*", "_") + "." + selector
                    + ".pem");
        }

        public StaticKeyRecordResolver dns() {
            return DkimTestSupport.dns(published);
        }
    }

    /** DNS publishing the given keys at the given names. */
    public static StaticKeyRecordResolver dns(Map<String, SigningKey> keysByName) {
        StaticKeyRecordResolver.Builder builder = StaticKeyRecordResolver.builder();
        keysByName.forEach((name, key) -> builder.add(name, key.keyRecordText()));
        return builder.build();
    }

    /** Writes a file the way an operator should: beside the target, then renamed over it. */
    public static void write(Path file, byte[] content) {
        try {
            Files.createDirectories(file.getParent());
            Path temporary = Files.createTempFile(file.getParent(), ".tmp-", ".pem");
            Files.write(temporary, content);
            trySetOwnerOnly(temporary);
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void trySetOwnerOnly(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // Not a POSIX file system: nothing to tighten.
            return;
        }
    }
}
