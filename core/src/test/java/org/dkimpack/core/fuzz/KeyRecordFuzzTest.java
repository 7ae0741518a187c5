package org.dkimpack.core.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import org.dkimpack.core.KeyType;
import org.dkimpack.core.SignatureAlgorithm;
import org.dkimpack.core.key.KeyAlgorithms;
import org.dkimpack.core.key.KeyRecord;
import org.dkimpack.core.key.KeyRecordDiagnostics;
import org.dkimpack.core.key.KeyRecordException;
import org.dkimpack.core.key.SigningKey;
import org.dkimpack.core.support.TestKeys;

/**
 * Fuzzes the key record, the TXT record that publishes a signer's public key (RFC 6376
 * §3.6.1, RFC 8463 §4): {@link KeyRecord#parse} and {@link KeyRecordDiagnostics#findProblems},
 * which {@code dkimpack check-dns} shows to people.
 *
 * <p>Contracts: {@code parse} refuses a record with a {@link KeyRecordException} and nothing
 * else; a record that parses can be used to verify, as its Javadoc promises: every accessor
 * answers, and {@link KeyAlgorithms#verify} says false to a signature the fuzzer made up
 * instead of throwing. {@code findProblems} never throws, names each problem in a sentence,
 * and finds none only in a record that parses.
 *
 * <p>Two targets: whole record texts (UTF-8, as records files and control panels hold them),
 * and records built around fuzzed public key bytes, so that the fuzzer works on the DER and
 * Ed25519 encodings directly instead of through base64.
 */
class KeyRecordFuzzTest {
    private static final byte[] DATA = "data to verify".getBytes(StandardCharsets.US_ASCII);
    /** A made-up signature as long as a 2048-bit RSA one, so that RSA gets to compute. */
    private static final byte[] SIGNATURE = new byte[256];
    private static final List<String> KEY_TYPES = List.of("rsa", "ed25519", "RSA");
    private static final SigningKey RSA_KEY = TestKeys.rsa2048();

    @FuzzTest
    @DictionaryEntries({"v=DKIM1;", "k=rsa;", "k=ed25519;", "p=", "h=sha256;", "h=sha1;",
        "s=email;", "s=*;", "t=y;", "t=s;", "t=y:s;", "n=", "; ", "\\x22", "\\x5C;",
        "IN TXT ", "-----BEGIN PUBLIC KEY-----", "MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA",
        "MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQ", "IDAQAB", "\\xE2\\x80\\x9C",
        "\\xE2\\x80\\x9D", "\\xC2\\xA0"})
    void aRecordShouldParseOrBeRefusedWithKeyRecordException(byte[] input) {
        checkRecord(new String(input, StandardCharsets.UTF_8), SIGNATURE);
    }

    @FuzzTest
    void aPublicKeyShouldDecodeToAUsableKeyOrBeRefused(FuzzedDataProvider data) {
        String keyType = data.pickValue(KEY_TYPES);
        byte[] signature = data.consumeBytes(data.consumeInt(0, 512));
        byte[] publicKey = data.consumeRemainingAsBytes();

        checkRecord("v=DKIM1; k=" + keyType + "; p=" + Base64.getEncoder().encodeToString(
                publicKey), signature);
    }

    private static void checkRecord(String text, byte[] signature) {
        List<String> problems = KeyRecordDiagnostics.findProblems(text);
        assertThat(problems).allSatisfy(problem -> assertThat(problem).isNotBlank());

        KeyRecord record;
        try {
            record = KeyRecord.parse(text);
        } catch (KeyRecordException e) {
            assertThat(e.getMessage()).isNotBlank();
            if (problems.isEmpty()) {
                // findProblems judges the record without the whitespace around it
                // (String.strip), so only that whitespace can explain a refusal it missed.
                assertThat(text.strip()).as("record with no problem found").isNotEqualTo(text);
            }
            return;
        }

        // Every accessor answers for a record that parsed, revoked or not.
        assertThat(record.keyType()).isNotNull();
        assertThat(record.toString()).isNotBlank();
        assertThat(record.hashAlgorithms()).isNotNull();
        assertThat(record.serviceTypes()).isNotNull();
        assertThat(record.flags()).isNotNull();
        record.allowsEmail();
        record.isTesting();
        record.isStrict();
        assertThat(record.isPublicHalfOf(RSA_KEY) && record.keyType() != KeyType.RSA)
                .isFalse();
        if (record.isRevoked()) {
            return;
        }
        assertThat(record.publicKeyBits()).isPositive();
        for (SignatureAlgorithm algorithm : SignatureAlgorithm.values()) {
            assertThat(record.allows(algorithm)).isEqualTo(record.keyType()
                    == algorithm.keyType() && record.allowsHash(algorithm.hashName()));
            // The fuzzer cannot make a valid signature of DATA for a key it made up.
            assertThat(KeyAlgorithms.verify(record, algorithm, DATA, signature))
                    .as("%s signature %s", algorithm, Base64.getEncoder()
                            .encodeToString(signature))
                    .isFalse();
        }
    }
}
