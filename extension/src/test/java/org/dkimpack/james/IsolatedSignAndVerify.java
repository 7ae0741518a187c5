package org.dkimpack.james;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Security;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.function.Function;

import javax.mail.MessagingException;
import javax.mail.Session;
import javax.mail.internet.MimeMessage;

import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMailContext;
import org.apache.mailet.base.test.FakeMailetConfig;
import org.apache.mailet.base.test.FakeMatcherConfig;
import org.dkimpack.core.dns.StaticKeyRecordResolver;
import org.dkimpack.core.key.SigningKey;

/**
 * Runs inside the class loader of the extension jar, above one that holds James's libraries:
 * signs a message with an Ed25519 key through DkimSign, verifies it through DkimVerify,
 * routes it through the matchers, and reports what it saw. It lives in the mailets' package
 * to reach their test hooks, which works because the jar and this class share a class loader.
 *
 * <p>{@code ExtensionJarIT} calls it through {@link Function}, a JDK type both class loaders
 * share; the keys of the returned map are the observations.
 */
public final class IsolatedSignAndVerify implements Function<Path, Map<String, String>> {

    @Override
    public Map<String, String> apply(Path folder) {
        try {
            return run(folder);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    private Map<String, String> run(Path folder) throws IOException, MessagingException {
        Map<String, String> seen = new LinkedHashMap<>();
        SigningKey key = SigningKey.generateEd25519();
        Path keyFile = folder.resolve("example.com").resolve("ed1.pem");
        Files.createDirectories(keyFile.getParent());
        Files.writeString(keyFile, key.toPkcs8Pem(), StandardCharsets.US_ASCII);
        StaticKeyRecordResolver dns = StaticKeyRecordResolver.builder()
                .add("ed1._domainkey.example.com", key.keyRecordText())
                .build();

        // Route and sign.
        SenderDomainHasDkimKey hasKey = new SenderDomainHasDkimKey();
        hasKey.init(FakeMatcherConfig.builder().matcherName("SenderDomainHasDkimKey")
                .condition(folder.toString()).mailetContext(FakeMailContext.defaultContext())
                .build());
        DkimSign sign = new DkimSign();
        sign.useResolverForChecks(dns);
        sign.init(FakeMailetConfig.builder().mailetName("DkimSign")
                .mailetContext(FakeMailContext.defaultContext())
                .setProperty("keyDirectory", folder.toString())
                .build());
        FakeMail mail = FakeMail.builder().name("isolated")
                .mimeMessage(message())
                .sender("alice@example.com")
                .recipient("bob@example.net")
                .build();
        seen.put("senderDomainHasKey", Boolean.toString(!hasKey.match(mail).isEmpty()));
        sign.service(mail);
        seen.put("signature", String.join("\n", mail.getMessage().getHeader("DKIM-Signature")));

        // Verify and route on the result.
        DkimVerify verify = new DkimVerify();
        verify.useResolver(dns);
        verify.init(FakeMailetConfig.builder().mailetName("DkimVerify")
                .mailetContext(FakeMailContext.defaultContext())
                .setProperty("authservId", "mx.example.net")
                .build());
        verify.service(mail);
        DkimPassFor passFor = new DkimPassFor();
        passFor.init(FakeMatcherConfig.builder().matcherName("DkimPassFor")
                .condition("example.com").mailetContext(FakeMailContext.defaultContext())
                .build());
        seen.put("dkim.result", DkimAttributes.messageResult(mail).orElse("missing"));
        seen.put("dkimPassForExampleCom", Boolean.toString(!passFor.match(mail).isEmpty()));
        seen.put("authenticationResults",
                mail.getMessage().getHeader("Authentication-Results")[0]);

        // Whose classes did the work.
        seen.put("mailetLoader", loaderOf(DkimSign.class));
        seen.put("driverLoader", loaderOf(getClass()));
        // By reflection: this class is compiled against the unrelocated names.
        seen.put("ed25519KeyClass", reflectedReturnType(SigningKey.class, "ed25519PrivateKey"));
        seen.put("bcProviderRegistered", Boolean.toString(Security.getProvider("BC") != null));
        return seen;
    }

    private MimeMessage message() throws IOException, MessagingException {
        try (InputStream in = getClass().getResourceAsStream("/message.eml")) {
            return new MimeMessage(Session.getInstance(new Properties()), in);
        }
    }

    private static String reflectedReturnType(Class<?> type, String method) {
        try {
            return type.getMethod(method).getReturnType().getName();
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String loaderOf(Class<?> type) {
        return Integer.toHexString(System.identityHashCode(type.getClassLoader()));
    }
}
