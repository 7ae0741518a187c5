package org.dkimpack.core.key;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.Signature;

import org.dkimpack.core.SignatureAlgorithm;
import org.dkimpack.core.support.TestKeys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Conscrypt is on the core's test class path (and only there): RSA signing goes through it,
 * and must give exactly what the JDK gives, since RSASSA-PKCS1-v1_5 is deterministic.
 */
class NativeRsaTest {
    private static final byte[] DATA = ("from:Alice <alice@example.com>\r\n"
            + "dkim-signature:v=1; a=rsa-sha256; d=example.com; s=s1; bh=abc; b=")
            .getBytes(StandardCharsets.ISO_8859_1);

    @Test
    void conscryptShouldSignWhenItsJarIsThere() {
        assertThat(KeyAlgorithms.rsaSigner()).isEqualTo("Conscrypt 2.5.2 (BoringSSL)");
        assertThat(NativeRsa.provider()).isNotNull();
        assertThat(TestKeys.rsa2048().nativeRsaPrivateKey()).isNotNull();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"rsa-1024.pkcs8.pem", "rsa-2048.pkcs8.pem", "rsa-2048.pkcs1.pem"})
    void signaturesShouldBeTheJdksByteForByte(String keyFile) throws Exception {
        SigningKey key = TestKeys.load(keyFile);
        Signature jdk = Signature.getInstance("SHA256withRSA");
        jdk.initSign(key.rsaPrivateKey());
        jdk.update(DATA);

        byte[] signature = KeyAlgorithms.sign(key, SignatureAlgorithm.RSA_SHA256, DATA);

        assertThat(jdk.getProvider().getName()).isNotEqualTo(NativeRsa.provider().getName());
        assertThat(signature).isEqualTo(jdk.sign());
    }

    @Test
    void generatedKeysShouldSignThroughConscryptToo() throws Exception {
        SigningKey key = SigningKey.generateRsa(2048);
        byte[] signature = KeyAlgorithms.sign(key, SignatureAlgorithm.RSA_SHA256, DATA);

        Signature jdk = Signature.getInstance("SHA256withRSA");
        jdk.initVerify(key.rsaPublicKey());
        jdk.update(DATA);
        assertThat(key.nativeRsaPrivateKey()).isNotNull();
        assertThat(jdk.verify(signature)).isTrue();
    }
}
