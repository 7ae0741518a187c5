package org.dkimpack.core.key;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;

import org.dkimpack.core.KeyType;
import org.dkimpack.core.PermanentDkimException;
import org.dkimpack.core.SignatureAlgorithm;
import org.dkimpack.core.support.TestKeys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class KeyRecordTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "rsa-1024,                   RSA,     1024",
        "rsa-2048,                   RSA,     2048",
        "rsa-2048-bare-rsapublickey, RSA,     2048",
        "rsa-512,                    RSA,     512",
        "ed25519,                    ED25519, 256",
    })
    void parseShouldDecodeThePublicKey(String record, KeyType keyType, int bits)
            throws Exception {
        KeyRecord keyRecord = KeyRecord.parse(TestKeys.record(record));

        assertThat(keyRecord.keyType()).isEqualTo(keyType);
        assertThat(keyRecord.publicKeyBits()).isEqualTo(bits);
        assertThat(keyRecord.isRevoked()).isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"brisbane, ED25519", "test, RSA"})
    void parseShouldReadTheRecordsPublishedInRfc8463(String selector, KeyType keyType)
            throws Exception {
        KeyRecord keyRecord = KeyRecord.parse(TestKeys.rfc8463Record(selector));

        assertThat(keyRecord.keyType()).isEqualTo(keyType);
    }

    @Test
    void parseShouldAcceptASubjectPublicKeyInfoAndABareRsaPublicKeyForTheSameKey()
            throws Exception {
        SigningKey key = TestKeys.load("rsa-2048.pkcs8.pem");

        KeyRecord spki = KeyRecord.parse(TestKeys.record("rsa-2048"));
        KeyRecord bare = KeyRecord.parse(TestKeys.record("rsa-2048-bare-rsapublickey"));

        assertThat(bare.rsaPublicKey()).isEqualTo(spki.rsaPublicKey());
        assertThat(spki.isPublicHalfOf(key)).isTrue();
        assertThat(bare.isPublicHalfOf(key)).isTrue();
    }

    @Test
    void parseShouldGiveAJdkRsaKey() throws Exception {
        KeyRecord keyRecord = KeyRecord.parse(TestKeys.record("rsa-2048-bare-rsapublickey"));

        assertThat(keyRecord.rsaPublicKey().getClass().getName()).startsWith("sun.security.");
    }

    @Test
    void parseShouldGiveThe32ByteEd25519Key() throws Exception {
        KeyRecord keyRecord = KeyRecord.parse(TestKeys.record("ed25519"));

        assertThat(keyRecord.ed25519PublicKey().getEncoded())
                .isEqualTo(TestKeys.load("ed25519.pem").publicKeyBytes());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"without-version", "without-key-type", "key-type-upper-case",
        "unknown-tags", "public-key-with-spaces"})
    void parseShouldApplyTheDefaultsAndIgnoreWhatItNeedNotKnow(String record) throws Exception {
        KeyRecord keyRecord = KeyRecord.parse(TestKeys.record(record));

        assertThat(keyRecord.keyType()).isEqualTo(KeyType.RSA);
        assertThat(keyRecord.isPublicHalfOf(TestKeys.load("rsa-1024.pkcs8.pem"))).isTrue();
        assertThat(keyRecord.hashAlgorithms()).isEmpty();
        assertThat(keyRecord.serviceTypes()).containsExactly("*");
        assertThat(keyRecord.flags()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "version-dkim2           | key record v= is 'DKIM2'; expected DKIM1",
        "version-not-first       | key record v= must be the first tag; it comes after k=",
        "key-type-dsa            | unknown key type k=dsa; expected rsa or ed25519",
        "without-public-key      | key record has no p= tag",
        "public-key-bad-base64   | p= is not valid base64 (",
        "public-key-not-a-key    | p= does not hold an RSA public key (not DER)",
        "public-key-ec           | p= does not hold an RSA public key (it holds an EC key (secp",
        "public-key-cut-short    | p= does not hold an RSA public key (not DER)",
        "ed25519-31-bytes        | ed25519 key in p= has 31 bytes; expected 32",
        "ed25519-spki            | ed25519 key in p= has 44 bytes; expected 32 (it looks like a",
        "not-a-tag-list          | key record is not a tag list: tag-spec without '='",
    })
    void parseShouldSayWhatIsWrongWithTheRecord(String record, String message) {
        String text = TestKeys.record(record);

        assertThatThrownBy(() -> KeyRecord.parse(text))
                .isInstanceOf(KeyRecordException.class)
                .isInstanceOf(PermanentDkimException.class)
                .hasMessageStartingWith(message);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        // 32 zero bytes, and the test key's record with two characters swapped.
        "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
        "FO7F5C7LnEl3Zk03scu4YZYIIhl1rQMFLlGIspxtThI="})
    void parseShouldRefuseAnEd25519KeyThatIsNotAPointOfTheCurve(String publicKey) {
        assertThatThrownBy(() -> KeyRecord.parse("v=DKIM1; k=ed25519; p=" + publicKey))
                .isInstanceOf(KeyRecordException.class)
                .hasMessageContaining("not a point of the curve");
    }

    @Test
    void parseShouldTakeAnEmptyPublicKeyAsRevoked() throws Exception {
        KeyRecord keyRecord = KeyRecord.parse(TestKeys.record("revoked"));

        assertThat(keyRecord.isRevoked()).isTrue();
        assertThat(keyRecord.isPublicHalfOf(TestKeys.load("rsa-1024.pkcs8.pem"))).isFalse();
        assertThatThrownBy(keyRecord::publicKeyBits)
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("the key record is revoked (empty p=)");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "rsa-1024,                true,  true",
        "hashes-sha256,           true,  false",
        "hashes-sha1-and-unknown, false, true",
        "hashes-with-spaces,      true,  true",
    })
    void allowsHashShouldFollowTheHashTag(String record, boolean sha256, boolean sha1) {
        KeyRecord keyRecord = TestKeys.parsedRecord(record);

        assertThat(keyRecord.allowsHash("sha256")).isEqualTo(sha256);
        assertThat(keyRecord.allowsHash("sha1")).isEqualTo(sha1);
        assertThat(keyRecord.allows(SignatureAlgorithm.RSA_SHA256)).isEqualTo(sha256);
    }

    @Test
    void hashAlgorithmsShouldKeepUnknownValues() {
        KeyRecord keyRecord = TestKeys.parsedRecord("hashes-sha1-and-unknown");

        Optional<List<String>> hashes = keyRecord.hashAlgorithms();

        assertThat(hashes).contains(List.of("sha1", "sha512"));
    }

    @Test
    void allowsShouldRefuseAnAlgorithmOfAnotherKeyType() {
        KeyRecord keyRecord = TestKeys.parsedRecord("ed25519");

        assertThat(keyRecord.allows(SignatureAlgorithm.RSA_SHA256)).isFalse();
        assertThat(keyRecord.allows(SignatureAlgorithm.ED25519_SHA256)).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "rsa-1024,               true",
        "service-email,          true",
        "service-other,          false",
        "service-other-and-star, true",
    })
    void allowsEmailShouldFollowTheServiceTag(String record, boolean email) {
        KeyRecord keyRecord = TestKeys.parsedRecord(record);

        assertThat(keyRecord.allowsEmail()).isEqualTo(email);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "rsa-1024,               false, false",
        "flags-testing,          true,  false",
        "flags-strict,           false, true",
        "flags-both-and-unknown, true,  true",
        "flags-unknown,          false, false",
    })
    void flagsShouldFollowTheFlagsTag(String record, boolean testing, boolean strict) {
        KeyRecord keyRecord = TestKeys.parsedRecord(record);

        assertThat(keyRecord.isTesting()).isEqualTo(testing);
        assertThat(keyRecord.isStrict()).isEqualTo(strict);
    }

    @Test
    void isPublicHalfOfShouldRefuseAnotherKey() {
        KeyRecord keyRecord = TestKeys.parsedRecord("rsa-2048");

        assertThat(keyRecord.isPublicHalfOf(TestKeys.load("rsa-1024.pkcs8.pem"))).isFalse();
        assertThat(keyRecord.isPublicHalfOf(TestKeys.load("ed25519.pem"))).isFalse();
        assertThat(TestKeys.parsedRecord("ed25519")
                .isPublicHalfOf(TestKeys.load("rfc8463/ed25519.pem"))).isFalse();
    }

    @Test
    void keyAccessorsShouldRefuseTheOtherKeyType() {
        KeyRecord keyRecord = TestKeys.parsedRecord("ed25519");

        assertThatThrownBy(keyRecord::rsaPublicKey)
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("the key record is k=ed25519, not k=rsa");
    }

    @Test
    void toStringShouldSummarizeTheRecord() {
        KeyRecord keyRecord = TestKeys.parsedRecord("flags-both-and-unknown");

        String text = keyRecord.toString();

        assertThat(text).isEqualTo("KeyRecord[k=rsa, 1024 bits, t=y:x:s]");
    }
}
