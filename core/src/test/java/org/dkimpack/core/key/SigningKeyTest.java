package org.dkimpack.core.key;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;

import org.dkimpack.core.KeyType;
import org.dkimpack.core.support.TestKeys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SigningKeyTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "rfc8463/ed25519.pem,   brisbane",
        "rfc8463/rsa.pem,       test",
        "rfc8463/rsa.pkcs1.pem, test",
    })
    void keyRecordTextShouldEqualTheRecordPublishedInRfc8463(String file, String selector) {
        SigningKey key = TestKeys.load(file);

        String keyRecord = key.keyRecordText();

        assertThat(keyRecord).isEqualTo(TestKeys.rfc8463Record(selector));
    }

    @Test
    void publicKeyBytesShouldBeTheBare32ByteKeyForEd25519() {
        SigningKey key = TestKeys.load("rfc8463/ed25519.pem");
        String published = TestKeys.rfc8463Record("brisbane");

        byte[] publicKey = key.publicKeyBytes();

        assertThat(publicKey).hasSize(32);
        assertThat(published).endsWith("; p=" + Base64.getEncoder().encodeToString(publicKey));
    }

    @Test
    void publicKeyBytesShouldBeASubjectPublicKeyInfoForRsa() {
        SigningKey key = TestKeys.load("rsa-2048.pkcs1.pem");

        byte[] publicKey = key.publicKeyBytes();

        assertThat(publicKey).isEqualTo(key.rsaPublicKey().getEncoded());
        assertThat(key.rsaPublicKey().getFormat()).isEqualTo("X.509");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        "rsa-2048.pkcs8.pem", "rsa-1024.pkcs8.pem", "ed25519.pem", "rfc8463/ed25519.pem",
        "rfc8463/rsa.pem"})
    void toPkcs8PemShouldWriteWhatOpensslWrites(String file) {
        SigningKey key = TestKeys.load(file);

        String pem = key.toPkcs8Pem();

        assertThat(pem).isEqualTo(TestKeys.text(file));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        "rsa-2048.pkcs1.pem", "rsa-2048.encrypted.pem", "ed25519.encrypted.pem"})
    void toPkcs8PemShouldLoadBackAsTheSameKey(String file) throws Exception {
        SigningKey key = TestKeys.load(file);

        SigningKey reloaded = PrivateKeyLoader.loadPem(key.toPkcs8Pem(), "written", null);

        assertThat(reloaded).isEqualTo(key);
    }

    @Test
    void checkUsableForSigningShouldRefuseAnRsaKeyUnder1024Bits() {
        SigningKey key = TestKeys.load("rsa-512.pkcs8.pem");

        assertThatThrownBy(key::checkUsableForSigning)
                .isInstanceOf(KeyLoadException.class)
                .hasMessage("RSA key in " + TestKeys.file("rsa-512.pkcs8.pem") + " has 512 bits;"
                        + " at least 1024 are required (RFC 8301 §3.2)");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "rsa-1024.pkcs1.pem, true",
        "rsa-2048.pkcs1.pem, false",
        "ed25519.pem,        false",
    })
    void checkUsableForSigningShouldAcceptKeysFrom1024BitsAndTellWhichAreWeak(String file,
            boolean weak) throws Exception {
        SigningKey key = TestKeys.load(file);

        key.checkUsableForSigning();

        assertThat(key.isWeak()).isEqualTo(weak);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"rsa-2048.pkcs8.pem", "ed25519.pem"})
    void toStringShouldNeverShowKeyMaterial(String file) {
        SigningKey key = TestKeys.load(file);
        String pemBody = TestKeys.text(file).split("\n")[1];

        String text = key.toString();

        assertThat(text).isEqualTo("SigningKey[" + key.keyType().tagValue() + ", " + key.bits()
                + " bits, " + TestKeys.file(file) + "]");
        assertThat(text).doesNotContain(pemBody.substring(0, 16))
                .doesNotContain(key.publicKeyBase64().substring(0, 16));
    }

    @ParameterizedTest(name = "{0} bits")
    @ValueSource(ints = {1024, 2048, 3072})
    void generateRsaShouldMakeAKeyOfTheGivenSize(int bits) throws Exception {
        SigningKey key = SigningKey.generateRsa(bits);

        assertThat(key.keyType()).isEqualTo(KeyType.RSA);
        assertThat(key.bits()).isEqualTo(bits);
        assertThat(KeyRecord.parse(key.keyRecordText()).isPublicHalfOf(key)).isTrue();
        assertThat(PrivateKeyLoader.loadPem(key.toPkcs8Pem(), "generated", null)).isEqualTo(key);
    }

    @ParameterizedTest(name = "{0} bits")
    @ValueSource(ints = {512, 1023, 4097, 0, -1})
    void generateRsaShouldRefuseASizeOutOfRange(int bits) {
        assertThatThrownBy(() -> SigningKey.generateRsa(bits))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("RSA key size " + bits + " is out of range;"
                        + " expected 1024 to 4096 bits");
    }

    @Test
    void generateEd25519ShouldMakeANewKeyEachTime() throws Exception {
        SigningKey first = SigningKey.generateEd25519();

        SigningKey second = SigningKey.generateEd25519();

        assertThat(first.keyType()).isEqualTo(KeyType.ED25519);
        assertThat(first.bits()).isEqualTo(256);
        assertThat(first).isNotEqualTo(second);
        assertThat(KeyRecord.parse(first.keyRecordText()).isPublicHalfOf(first)).isTrue();
        assertThat(PrivateKeyLoader.loadPem(first.toPkcs8Pem(), "generated", null))
                .isEqualTo(first);
    }

    @Test
    void rsaAccessorsShouldRefuseAnEd25519Key() {
        SigningKey key = TestKeys.load("ed25519.pem");

        assertThatThrownBy(key::rsaPrivateKey)
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("the key from " + key.source() + " is ed25519, not rsa");
    }

    @Test
    void ed25519AccessorsShouldRefuseAnRsaKey() {
        SigningKey key = TestKeys.load("rsa-1024.pkcs8.pem");

        assertThatThrownBy(key::ed25519PrivateKey)
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("the key from " + key.source() + " is rsa, not ed25519");
    }
}
