package org.dkimpack.core.key;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.MessageDigest;
import java.security.Signature;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;

import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.dkimpack.core.SignatureAlgorithm;
import org.dkimpack.core.support.TestKeys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class KeyAlgorithmsTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "brisbane, rfc8463/ed25519.pem,   ED25519_SHA256",
        "test,     rfc8463/rsa.pem,       RSA_SHA256",
        "test,     rfc8463/rsa.pkcs1.pem, RSA_SHA256",
    })
    void signShouldReproduceTheSignaturesPublishedInRfc8463(String selector, String keyFile,
            SignatureAlgorithm algorithm) {
        SigningKey key = TestKeys.load(keyFile);
        byte[] headerData = TestKeys.bytes("rfc8463/header-data-" + selector + ".bin");

        byte[] signature = KeyAlgorithms.sign(key, algorithm, headerData);

        assertThat(Base64.getEncoder().encodeToString(signature))
                .isEqualTo(TestKeys.text("rfc8463/signature-" + selector + ".b64").strip());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"brisbane, ED25519_SHA256", "test, RSA_SHA256"})
    void verifyShouldAcceptTheSignaturesPublishedInRfc8463(String selector,
            SignatureAlgorithm algorithm) throws Exception {
        KeyRecord keyRecord = KeyRecord.parse(TestKeys.rfc8463Record(selector));
        byte[] headerData = TestKeys.bytes("rfc8463/header-data-" + selector + ".bin");
        byte[] signature = signature(selector);

        boolean valid = KeyAlgorithms.verify(keyRecord, algorithm, headerData, signature);

        assertThat(valid).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"brisbane, ED25519_SHA256", "test, RSA_SHA256"})
    void verifyShouldRefuseTheRfc8463SignaturesOverAlteredData(String selector,
            SignatureAlgorithm algorithm) throws Exception {
        KeyRecord keyRecord = KeyRecord.parse(TestKeys.rfc8463Record(selector));
        byte[] headerData = TestKeys.bytes("rfc8463/header-data-" + selector + ".bin");
        headerData[10] ^= 1;

        boolean valid = KeyAlgorithms.verify(keyRecord, algorithm, headerData, signature(selector));

        assertThat(valid).isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "rsa-1024.pkcs1.pem,     rsa-1024,                   RSA_SHA256",
        "rsa-2048.pkcs8.pem,     rsa-2048,                   RSA_SHA256",
        "rsa-2048.encrypted.pem, rsa-2048-bare-rsapublickey, RSA_SHA256",
        "ed25519.pem,            ed25519,                    ED25519_SHA256",
    })
    void verifyShouldAcceptWhatSignMade(String keyFile, String record,
            SignatureAlgorithm algorithm) {
        SigningKey key = TestKeys.load(keyFile);
        byte[] data = TestKeys.bytes("rfc8463/header-data-test.bin");

        byte[] signature = KeyAlgorithms.sign(key, algorithm, data);

        assertThat(KeyAlgorithms.verify(TestKeys.parsedRecord(record), algorithm, data, signature))
                .isTrue();
    }

    @Test
    void signShouldHashWithSha256BeforeEd25519AsRfc8463Says() throws Exception {
        SigningKey key = TestKeys.load("ed25519.pem");
        byte[] data = TestKeys.bytes("rfc8463/header-data-brisbane.bin");

        byte[] signature = KeyAlgorithms.sign(key, SignatureAlgorithm.ED25519_SHA256, data);

        byte[] hash = MessageDigest.getInstance("SHA-256").digest(data);
        assertThat(KeyAlgorithms.verifyEd25519(key.ed25519PublicKey(), hash, signature)).isTrue();
        assertThat(KeyAlgorithms.verifyEd25519(key.ed25519PublicKey(), data, signature)).isFalse();
    }

    @Test
    void signEd25519ShouldGiveTheRfc8032TestVector() {
        Map<String, String> vector = TestKeys.vector("rfc8032/test-1.txt");
        Ed25519PrivateKeyParameters secretKey =
                new Ed25519PrivateKeyParameters(TestKeys.hex(vector.get("secret-key")));
        byte[] message = TestKeys.hex(vector.get("message"));

        byte[] signature = KeyAlgorithms.signEd25519(secretKey, message);

        assertThat(signature).isEqualTo(TestKeys.hex(vector.get("signature")));
        assertThat(secretKey.generatePublicKey().getEncoded())
                .isEqualTo(TestKeys.hex(vector.get("public-key")));
    }

    @Test
    void verifyEd25519ShouldAcceptTheRfc8032TestVector() {
        Map<String, String> vector = TestKeys.vector("rfc8032/test-1.txt");
        Ed25519PublicKeyParameters publicKey =
                new Ed25519PublicKeyParameters(TestKeys.hex(vector.get("public-key")));

        boolean valid = KeyAlgorithms.verifyEd25519(publicKey, TestKeys.hex(vector.get("message")),
                TestKeys.hex(vector.get("signature")));

        assertThat(valid).isTrue();
    }

    @ParameterizedTest(name = "{0}: {2} bytes")
    @CsvSource({
        "brisbane, ED25519_SHA256, 0",
        "brisbane, ED25519_SHA256, 63",
        "brisbane, ED25519_SHA256, 65",
        "test,     RSA_SHA256,     0",
        "test,     RSA_SHA256,     127",
        "test,     RSA_SHA256,     256",
        "test,     RSA_SHA1,       1",
    })
    void verifyShouldReturnFalseForASignatureOfTheWrongLength(String selector,
            SignatureAlgorithm algorithm, int length) throws Exception {
        KeyRecord keyRecord = KeyRecord.parse(TestKeys.rfc8463Record(selector));
        byte[] headerData = TestKeys.bytes("rfc8463/header-data-" + selector + ".bin");
        byte[] signature = Arrays.copyOf(signature(selector), length);

        boolean valid = KeyAlgorithms.verify(keyRecord, algorithm, headerData, signature);

        assertThat(valid).isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"brisbane, ED25519_SHA256", "test, RSA_SHA256"})
    void verifyShouldReturnFalseForGarbageOfTheRightLength(String selector,
            SignatureAlgorithm algorithm) throws Exception {
        KeyRecord keyRecord = KeyRecord.parse(TestKeys.rfc8463Record(selector));
        byte[] headerData = TestKeys.bytes("rfc8463/header-data-" + selector + ".bin");
        byte[] garbage = new byte[signature(selector).length];
        Arrays.fill(garbage, (byte) 0xff);

        boolean valid = KeyAlgorithms.verify(keyRecord, algorithm, headerData, garbage);

        assertThat(valid).isFalse();
    }

    @Test
    void verifyShouldReturnFalseWhenTheRecordIsRevokedOrOfAnotherKeyType() {
        byte[] data = TestKeys.bytes("rfc8463/header-data-test.bin");
        byte[] signature = signature("test");

        boolean revoked = KeyAlgorithms.verify(TestKeys.parsedRecord("revoked"),
                SignatureAlgorithm.RSA_SHA256, data, signature);
        boolean otherType = KeyAlgorithms.verify(TestKeys.parsedRecord("ed25519"),
                SignatureAlgorithm.RSA_SHA256, data, signature);

        assertThat(revoked).isFalse();
        assertThat(otherType).isFalse();
    }

    @Test
    void verifyShouldComputeRsaSha1SoThatCallersCanNameIt() throws Exception {
        SigningKey key = TestKeys.load("rsa-2048.pkcs8.pem");
        byte[] data = TestKeys.bytes("rfc8463/header-data-test.bin");
        Signature sha1 = Signature.getInstance("SHA1withRSA");
        sha1.initSign(key.rsaPrivateKey());
        sha1.update(data);
        byte[] signature = sha1.sign();

        boolean valid = KeyAlgorithms.verify(TestKeys.parsedRecord("rsa-2048"),
                SignatureAlgorithm.RSA_SHA1, data, signature);

        assertThat(valid).isTrue();
    }

    @Test
    void signShouldRefuseRsaSha1() {
        SigningKey key = TestKeys.load("rsa-2048.pkcs8.pem");
        byte[] data = TestKeys.bytes("rfc8463/header-data-test.bin");

        assertThatThrownBy(() -> KeyAlgorithms.sign(key, SignatureAlgorithm.RSA_SHA1, data))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("rsa-sha1 must not be used to sign (RFC 8301 §3.1); use rsa-sha256");
    }

    @Test
    void signShouldRefuseAnAlgorithmOfAnotherKeyType() {
        SigningKey key = TestKeys.load("ed25519.pem");
        byte[] data = TestKeys.bytes("rfc8463/header-data-test.bin");

        assertThatThrownBy(() -> KeyAlgorithms.sign(key, SignatureAlgorithm.RSA_SHA256, data))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("rsa-sha256 needs a k=rsa key; the key from " + key.source()
                        + " is k=ed25519");
    }

    private static byte[] signature(String selector) {
        return Base64.getDecoder().decode(TestKeys.text("rfc8463/signature-" + selector + ".b64")
                .strip());
    }
}
