package org.dkimpack.core.key;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Security;
import java.security.Signature;

import org.dkimpack.core.KeyType;
import org.dkimpack.core.support.TestKeys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PrivateKeyLoaderTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "rsa-1024.pkcs1.pem,           RSA,     1024",
        "rsa-1024.pkcs8.pem,           RSA,     1024",
        "rsa-2048.pkcs1.pem,           RSA,     2048",
        "rsa-2048.pkcs8.pem,           RSA,     2048",
        "rsa-2048.encrypted.pem,       RSA,     2048",
        "rsa-2048.pkcs1-encrypted.pem, RSA,     2048",
        "rsa-512.pkcs8.pem,            RSA,     512",
        "ed25519.pem,                  ED25519, 256",
        "ed25519.encrypted.pem,        ED25519, 256",
        "rfc8463/rsa.pem,              RSA,     1024",
        "rfc8463/rsa.pkcs1.pem,        RSA,     1024",
        "rfc8463/ed25519.pem,          ED25519, 256",
    })
    void loadShouldReadEveryKeyFormat(String file, KeyType keyType, int bits) throws Exception {
        SigningKey key = PrivateKeyLoader.load(TestKeys.file(file), TestKeys.passphrase());

        assertThat(key.keyType()).isEqualTo(keyType);
        assertThat(key.bits()).isEqualTo(bits);
        assertThat(key.source()).isEqualTo(TestKeys.file(file).toString());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        "rsa-2048.pkcs1.pem", "rsa-2048.encrypted.pem", "rsa-2048.pkcs1-encrypted.pem"})
    void loadShouldGiveTheSameKeyForEveryFormatOfOneKey(String file) {
        SigningKey pkcs8 = TestKeys.load("rsa-2048.pkcs8.pem");

        SigningKey other = TestKeys.load(file);

        assertThat(other).isEqualTo(pkcs8);
        assertThat(other.publicKeyBytes()).isEqualTo(pkcs8.publicKeyBytes());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "rsa-1024.pkcs1.pem,     rsa-1024",
        "rsa-2048.pkcs8.pem,     rsa-2048",
        "rsa-2048.encrypted.pem, rsa-2048",
        "ed25519.pem,            ed25519",
        "ed25519.encrypted.pem,  ed25519",
    })
    void loadShouldGiveTheKeyWhosePublicHalfIsInTheRecord(String file, String record) {
        SigningKey key = TestKeys.load(file);

        assertThat(TestKeys.parsedRecord(record).isPublicHalfOf(key)).isTrue();
        assertThat(key.keyRecordText()).isEqualTo(TestKeys.record(record));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"rsa-2048.pkcs1.pem", "rsa-2048.pkcs8.pem", "rsa-2048.encrypted.pem"})
    void loadShouldGiveAnRsaKeyTheJdkSignsWith(String file) throws Exception {
        SigningKey key = TestKeys.load(file);

        Signature signature = Signature.getInstance("SHA256withRSA");
        signature.initSign(key.rsaPrivateKey());

        assertThat(signature.getProvider().getName()).isEqualTo("SunRsaSign");
        assertThat(key.rsaPrivateKey().getClass().getName()).startsWith("sun.security.");
    }

    @Test
    void loadShouldNotRegisterBouncyCastleAsAProvider() {
        TestKeys.load("rsa-2048.encrypted.pem");
        TestKeys.load("rsa-2048.pkcs1-encrypted.pem");

        assertThat(Security.getProvider("BC")).isNull();
    }

    @Test
    void loadShouldIgnoreAPassphraseForAKeyThatIsNotEncrypted() throws Exception {
        Path file = TestKeys.file("ed25519.pem");

        SigningKey key = PrivateKeyLoader.load(file, "unused".toCharArray());

        assertThat(key).isEqualTo(TestKeys.load("ed25519.pem"));
    }

    @Test
    void loadShouldSkipTextAroundThePemBlock(@TempDir Path directory) throws Exception {
        Path file = directory.resolve("exported.pem");
        Files.writeString(file, "Bag Attributes\n    localKeyID: 01 02 03\n"
                + TestKeys.text("ed25519.pem").replace("\n", "\r\n") + "trailing text\n");

        SigningKey key = PrivateKeyLoader.load(file);

        assertThat(key).isEqualTo(TestKeys.load("ed25519.pem"));
    }

    @Test
    void loadPemShouldReadPemText() throws Exception {
        String pem = TestKeys.text("rsa-1024.pkcs8.pem");

        SigningKey key = PrivateKeyLoader.loadPem(pem, "setting privateKey", null);

        assertThat(key).isEqualTo(TestKeys.load("rsa-1024.pkcs8.pem"));
        assertThat(key.source()).isEqualTo("setting privateKey");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "certificate.pem        | no PEM private key found (the file holds a CERTIFICATE)",
        "rsa-2048.public.pem    | no PEM private key found (the file holds a PUBLIC KEY)",
        "ec-p256.pkcs8.pem      | holds an EC key (secp256r1); DKIM signs with RSA or Ed25519 keys",
        "ec-p256.sec1.pem       | holds an EC key (secp256r1); DKIM signs with RSA or Ed25519 keys",
        "ed448.pem              | holds an Ed448 key; DKIM signs with RSA or Ed25519 keys",
        "not-pem.txt            | not PEM: does not start with -----BEGIN",
        "rsa-2048.pkcs8.der     | not PEM: does not start with -----BEGIN (it looks like binary",
        "rsa-2048.truncated.pem | corrupt PEM (-----END PRIVATE KEY----- not found)",
        "no-such-key.pem        | file not found",
    })
    void loadShouldNameTheFileAndWhatItHolds(String file, String problem) {
        Path path = TestKeys.file(file);

        assertThatThrownBy(() -> PrivateKeyLoader.load(path, TestKeys.passphrase()))
                .isInstanceOf(KeyLoadException.class)
                .hasMessageStartingWith(path + ": " + problem);
    }

    @Test
    void loadShouldNameTheFileWhenItHoldsACertificate() {
        String certificate = TestKeys.text("certificate.pem");

        assertThatThrownBy(() -> PrivateKeyLoader.loadPem(certificate, "keys/example.com/s1.pem",
                null))
                .isInstanceOf(KeyLoadException.class)
                .hasMessage("keys/example.com/s1.pem: no PEM private key found"
                        + " (the file holds a CERTIFICATE)");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        "rsa-2048.encrypted.pem", "rsa-2048.pkcs1-encrypted.pem", "ed25519.encrypted.pem"})
    void loadShouldAskForAPassphraseWhenTheKeyIsEncrypted(String file) {
        Path path = TestKeys.file(file);

        assertThatThrownBy(() -> PrivateKeyLoader.load(path))
                .isInstanceOf(KeyLoadException.class)
                .hasMessage(path + ": is encrypted; a passphrase is required");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        "rsa-2048.encrypted.pem", "rsa-2048.pkcs1-encrypted.pem", "ed25519.encrypted.pem"})
    void loadShouldRefuseAWrongPassphraseWithoutShowingIt(String file) {
        Path path = TestKeys.file(file);
        String wrong = "Tr0ub4dor&3";

        assertThatThrownBy(() -> PrivateKeyLoader.load(path, wrong.toCharArray()))
                .isInstanceOf(KeyLoadException.class)
                .hasMessage(path + ": wrong passphrase or corrupt key")
                .hasMessageNotContaining(wrong);
    }

    @Test
    void loadShouldRefuseAFileWithTwoPrivateKeys(@TempDir Path directory) throws IOException {
        Path file = directory.resolve("two.pem");
        Files.writeString(file, TestKeys.text("ed25519.pem") + TestKeys.text("rsa-1024.pkcs8.pem"));

        assertThatThrownBy(() -> PrivateKeyLoader.load(file))
                .isInstanceOf(KeyLoadException.class)
                .hasMessage(file + ": holds 2 private keys; expected exactly one");
    }

    @Test
    void loadShouldSayWhenTheFileIsEmpty(@TempDir Path directory) throws IOException {
        Path file = Files.write(directory.resolve("empty.pem"), new byte[0]);

        assertThatThrownBy(() -> PrivateKeyLoader.load(file))
                .isInstanceOf(KeyLoadException.class)
                .hasMessage(file + ": is empty; expected a PEM private key");
    }

    @Test
    void loadShouldSayWhenThePathIsADirectory(@TempDir Path directory) {
        assertThatThrownBy(() -> PrivateKeyLoader.load(directory))
                .isInstanceOf(KeyLoadException.class)
                .hasMessage(directory + ": is a directory; expected a PEM file");
    }

    @Test
    void loadShouldNeverPutKeyBytesInAMessage(@TempDir Path directory) throws IOException {
        String pem = TestKeys.text("rsa-2048.pkcs8.pem");
        String body = pem.split("\n")[5];
        Path file = directory.resolve("damaged.pem");
        Files.write(file, pem.replace(body, body.substring(0, 30) + "!" + body.substring(31))
                .getBytes(StandardCharsets.US_ASCII));

        assertThatThrownBy(() -> PrivateKeyLoader.load(file))
                .isInstanceOf(KeyLoadException.class)
                .hasMessageStartingWith(file + ": corrupt PEM")
                .hasMessageNotContaining(body.substring(0, 30));
    }
}
