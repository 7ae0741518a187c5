package org.dkimpack.core.verify;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.dkimpack.core.TemporaryDkimException;
import org.dkimpack.core.canon.CanonicalizationPair;
import org.dkimpack.core.dns.KeyRecordResolver;
import org.dkimpack.core.dns.StaticKeyRecordResolver;
import org.dkimpack.core.key.SigningKey;
import org.dkimpack.core.result.DkimResult;
import org.dkimpack.core.result.SignatureResult;
import org.dkimpack.core.result.VerificationResult;
import org.dkimpack.core.sign.DkimSigner;
import org.dkimpack.core.sign.SignatureSpec;
import org.dkimpack.core.support.Messages;
import org.dkimpack.core.support.TestKeys;
import org.junit.jupiter.api.Test;

/** Every verdict the verifier gives, each with its reason. */
class DkimVerifierTest {
    private static final Instant NOW = Instant.parse("2026-12-03T12:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final String RSA_NAME = "rsa._domainkey.example.com";
    private static final String ED_NAME = "ed._domainkey.example.com";
    private static final DkimSigner SIGNER = new DkimSigner(CLOCK);

    private final SigningKey rsaKey = TestKeys.rsa2048();
    private final SigningKey edKey = TestKeys.ed25519();
    private final String message = Messages.message("plain.eml");

    @Test
    void verifyShouldPassBothAlgorithmsSideBySide() throws Exception {
        String signed = Messages.sign(SIGNER, message, rsaSpec().build(), edSpec().build());

        VerificationResult result = verify(signed, publishedKeys());

        assertThat(result.signatures()).extracting(SignatureResult::result)
                .containsExactly(DkimResult.PASS, DkimResult.PASS);
        assertThat(result.signatures()).extracting(s -> s.selector().get())
                .containsExactly("rsa", "ed");
        assertThat(result.signatures().get(0).keyBits()).isEqualTo(2048);
        assertThat(result.summary()).isEqualTo(DkimResult.PASS);
    }

    @Test
    void verifyShouldReportNoneWithoutSignatures() throws Exception {
        VerificationResult result = verify(message, publishedKeys());

        assertThat(result.signatures()).isEmpty();
        assertThat(result.summary()).isEqualTo(DkimResult.NONE);
    }

    @Test
    void verifyShouldFailWhenBodyWasAltered() throws Exception {
        String signed = Messages.sign(SIGNER, message, rsaSpec().build());

        SignatureResult result = single(signed.replace("lunch", "dinner"), publishedKeys());

        assertVerdict(result, DkimResult.FAIL, "body hash did not verify");
    }

    @Test
    void verifyShouldFailWhenASignedHeaderWasAltered() throws Exception {
        String signed = Messages.sign(SIGNER, message, edSpec().build());

        SignatureResult result = single(signed.replace("Subject: Lunch", "Subject: Brunch"),
                publishedKeys());

        assertVerdict(result, DkimResult.FAIL, "signature did not verify");
    }

    @Test
    void verifyShouldPassWhenAnUnsignedHeaderWasAdded() throws Exception {
        String signed = Messages.sign(SIGNER, message, rsaSpec().build());

        SignatureResult result = single("Received: from relay.example.net\r\n" + signed,
                publishedKeys());

        assertVerdict(result, DkimResult.PASS, null);
    }

    @Test
    void verifyShouldFailSimpleHeadersWhenWhitespaceWasPutBeforeTheSignatureColon()
            throws Exception {
        // Simple header canonicalization hashes the DKIM-Signature field as it is (RFC 6376
        // §3.4.1, §3.7), so a space before its colon is a change; relaxed ignores it.
        String simple = Messages.sign(SIGNER, message, rsaSpec()
                .canonicalization(CanonicalizationPair.SIMPLE_SIMPLE).build());
        String relaxed = Messages.sign(SIGNER, message, rsaSpec().build());

        assertVerdict(single(simple.replace("DKIM-Signature:", "DKIM-Signature :"),
                publishedKeys()), DkimResult.FAIL, "signature did not verify");
        assertVerdict(single(relaxed.replace("DKIM-Signature:", "DKIM-Signature :"),
                publishedKeys()), DkimResult.PASS, null);
    }

    @Test
    void verifyShouldNeverPassAMessageWithTwoFromFields() throws Exception {
        String signed = Messages.sign(SIGNER, message, rsaSpec().build());

        SignatureResult result = single(signed.replace("To: Bob",
                "From: mallory@evil.example\r\nTo: Bob"), publishedKeys());

        assertVerdict(result, DkimResult.PERMERROR,
                "message has 2 From fields; exactly one is required");
    }

    @Test
    void verifyShouldRefuseRsaSha1() throws Exception {
        String signed = Messages.sign(SIGNER, message, rsaSpec().build());

        SignatureResult result = single(signed.replace("a=rsa-sha256", "a=rsa-sha1"),
                publishedKeys());

        assertVerdict(result, DkimResult.PERMERROR, "rsa-sha1 not accepted (RFC 8301)");
    }

    @Test
    void verifyShouldRefuseAnUnknownAlgorithm() throws Exception {
        String signed = Messages.sign(SIGNER, message, rsaSpec().build());

        SignatureResult result = single(signed.replace("a=rsa-sha256", "a=rsa-sha512"),
                publishedKeys());

        assertVerdict(result, DkimResult.PERMERROR, "unknown algorithm a=rsa-sha512");
        assertThat(result.algorithm()).contains("rsa-sha512");
    }

    @Test
    void verifyShouldRefuseAnotherVersion() throws Exception {
        String signed = Messages.sign(SIGNER, message, rsaSpec().build());

        SignatureResult result = single(signed.replace("v=1;", "v=2;"), publishedKeys());

        assertVerdict(result, DkimResult.PERMERROR,
                "incompatible signature version v=2; expected v=1");
    }

    @Test
    void verifyShouldRefuseASignatureWithoutBodyHash() throws Exception {
        String signed = Messages.sign(SIGNER, message, rsaSpec().build());

        SignatureResult result = single(signed.replaceFirst("bh=[^;]*;", ""), publishedKeys());

        assertVerdict(result, DkimResult.PERMERROR, "signature lacks the required tag bh=");
    }

    @Test
    void verifyShouldRefuseAHeaderListWithoutFrom() throws Exception {
        String signed = Messages.sign(SIGNER, message, rsaSpec().build());

        SignatureResult result = single(signed.replaceFirst("h=from:from:", "h="),
                publishedKeys());

        assertVerdict(result, DkimResult.PERMERROR, "h= does not include From");
    }

    @Test
    void verifyShouldRefuseAnIdentityOutsideTheSigningDomain() throws Exception {
        String signed = Messages.sign(SIGNER, message,
                rsaSpec().agentOrUserIdentifier("alice@example.com").build());

        SignatureResult result = single(signed.replace("i=alice@example.com",
                "i=alice@evil.example"), publishedKeys());

        assertVerdict(result, DkimResult.PERMERROR,
                "i= domain evil.example is not within d=example.com");
    }

    @Test
    void verifyShouldRefuseAnExpiredSignature() throws Exception {
        DkimSigner lastMonth = new DkimSigner(Clock.fixed(
                Instant.parse("2026-10-25T00:00:00Z"), ZoneOffset.UTC));
        String signed = Messages.sign(lastMonth, message,
                rsaSpec().expiration(Duration.ofDays(7)).build());

        SignatureResult result = single(signed, publishedKeys());

        assertVerdict(result, DkimResult.PERMERROR, "signature expired 2026-11-01T00:00Z");
    }

    @Test
    void verifyShouldRefuseAnExpiryBeforeTheTimestamp() throws Exception {
        String signed = Messages.sign(SIGNER, message,
                rsaSpec().expiration(Duration.ofDays(7)).build());
        long t = NOW.getEpochSecond();

        SignatureResult result = single(signed.replace("x=" + (t + 7 * 86400), "x=" + (t - 1)),
                publishedKeys());

        assertVerdict(result, DkimResult.PERMERROR, "x=" + (t - 1) + " is before t=" + t);
    }

    @Test
    void verifyShouldRefuseATimestampFarInTheFuture() throws Exception {
        DkimSigner nextYear = new DkimSigner(Clock.fixed(
                Instant.parse("2027-12-03T12:00:00Z"), ZoneOffset.UTC));
        String signed = Messages.sign(nextYear, message, rsaSpec().build());

        SignatureResult result = single(signed, publishedKeys());

        assertVerdict(result, DkimResult.PERMERROR,
                "signature timestamp t=1827835200 (2027-12-03T12:00Z) is in the future");
    }

    @Test
    void verifyShouldReportAMissingKeyRecord() throws Exception {
        String signed = Messages.sign(SIGNER, message, rsaSpec().build());

        SignatureResult result = single(signed, StaticKeyRecordResolver.builder()
                .addNxdomain(RSA_NAME).build());

        assertVerdict(result, DkimResult.PERMERROR,
                "no key record at rsa._domainkey.example.com");
    }

    @Test
    void verifyShouldReportATemporaryDnsFailure() throws Exception {
        String signed = Messages.sign(SIGNER, message, rsaSpec().build());
        KeyRecordResolver failing = name -> {
            throw new TemporaryDkimException("no answer from 127.0.0.1:53 within 5s for " + name);
        };

        SignatureResult result = single(signed, failing);

        assertVerdict(result, DkimResult.TEMPERROR,
                "no answer from 127.0.0.1:53 within 5s for rsa._domainkey.example.com");
    }

    @Test
    void verifyShouldTurnAFailingResolverIntoATemporaryError() throws Exception {
        String signed = Messages.sign(SIGNER, message, rsaSpec().build());
        KeyRecordResolver broken = name -> {
            throw new IllegalStateException("resolver bug");
        };

        SignatureResult result = single(signed, broken);

        assertVerdict(result, DkimResult.TEMPERROR, "key record lookup for "
                + "rsa._domainkey.example.com failed: java.lang.IllegalStateException: "
                + "resolver bug");
    }

    @Test
    void verifyShouldReportARevokedKey() throws Exception {
        SignatureResult result = singleWithRecord(TestKeys.record("revoked"));

        assertVerdict(result, DkimResult.PERMERROR, "key record revoked (empty p=)");
    }

    @Test
    void verifyShouldRefuseAKeyTooShort() throws Exception {
        SignatureResult result = singleWithRecord(TestKeys.record("rsa-512"));

        assertVerdict(result, DkimResult.PERMERROR,
                "key too short: 512 bits; at least 1024 are required");
    }

    @Test
    void verifyShouldRefuseAKeyOfAnotherType() throws Exception {
        SignatureResult result = singleWithRecord(TestKeys.record("ed25519"));

        assertVerdict(result, DkimResult.PERMERROR,
                "key type k=ed25519 does not match a=rsa-sha256");
    }

    @Test
    void verifyShouldRefuseAKeyLimitedToOtherHashes() throws Exception {
        String record = TestKeys.record("rsa-2048").replace("k=rsa;", "k=rsa; h=sha1;");

        SignatureResult result = singleWithRecord(record);

        assertVerdict(result, DkimResult.PERMERROR, "key record h= does not allow sha256");
    }

    @Test
    void verifyShouldRefuseAKeyForAnotherService() throws Exception {
        String record = TestKeys.record("rsa-2048").replace("k=rsa;", "k=rsa; s=other;");

        SignatureResult result = singleWithRecord(record);

        assertVerdict(result, DkimResult.PERMERROR, "key record s= does not include email");
    }

    @Test
    void verifyShouldRefuseASubDomainIdentityWhenTheKeyIsStrict() throws Exception {
        String signed = Messages.sign(SIGNER, message,
                rsaSpec().agentOrUserIdentifier("alice@mail.example.com").build());
        String record = TestKeys.record("rsa-2048").replace("k=rsa;", "k=rsa; t=s;");

        SignatureResult result = single(signed, resolver(record));

        assertVerdict(result, DkimResult.PERMERROR,
                "key record t=s forbids the sub-domain i= mail.example.com of d=example.com");
    }

    @Test
    void verifyShouldPassAndFlagAKeyInTestingMode() throws Exception {
        String record = TestKeys.record("rsa-2048").replace("k=rsa;", "k=rsa; t=y;");

        SignatureResult result = singleWithRecord(record);

        assertVerdict(result, DkimResult.PASS, "key in testing mode (t=y)");
        assertThat(result.testing()).isTrue();
    }

    @Test
    void verifyShouldAcceptABareRsaPublicKey() throws Exception {
        SignatureResult result = singleWithRecord(TestKeys.record("rsa-2048-bare-rsapublickey"));

        assertVerdict(result, DkimResult.PASS, null);
    }

    @Test
    void verifyShouldUseTheUsableRecordAmongSeveral() throws Exception {
        String signed = Messages.sign(SIGNER, message, rsaSpec().build());
        KeyRecordResolver resolver = StaticKeyRecordResolver.builder()
                .add(RSA_NAME, "v=spf1 -all").add(RSA_NAME, TestKeys.record("rsa-2048")).build();

        SignatureResult result = single(signed, resolver);

        assertVerdict(result, DkimResult.PASS, null);
    }

    @Test
    void verifyShouldGivePolicyWhenContentFollowsTheSignedLength() throws Exception {
        String signed = Messages.sign(SIGNER, message, rsaSpec().bodyLength(true).build());
        String appended = signed + "Click here: http://evil.example/\r\n";

        SignatureResult strict = single(appended, publishedKeys());
        SignatureResult lenient = verify(appended, publishedKeys(),
                VerifierOptions.builder().clock(CLOCK).acceptUnsignedBodyContent(true).build())
                .signatures().get(0);

        assertThat(strict.result()).isEqualTo(DkimResult.POLICY);
        assertThat(strict.reason().get()).startsWith("body extends beyond l=");
        assertVerdict(lenient, DkimResult.PASS, null);
    }

    @Test
    void verifyShouldCheckOnlyTheConfiguredNumberOfSignatures() throws Exception {
        String signed = Messages.sign(SIGNER, message, rsaSpec().build(), edSpec().build(),
                rsaSpec().build());

        VerificationResult result = verify(signed, publishedKeys(),
                VerifierOptions.builder().clock(CLOCK).maxSignatures(2).build());

        assertThat(result.signatures()).extracting(SignatureResult::result)
                .containsExactly(DkimResult.PASS, DkimResult.PASS, DkimResult.POLICY);
        assertThat(result.signatures().get(2).reason())
                .contains("not checked: limit of 2 signatures per message reached");
    }

    @Test
    void verifyShouldStopLookingUpKeysWhenTheDnsTimeIsSpent() throws Exception {
        String signed = Messages.sign(SIGNER, message, rsaSpec().build(), edSpec().build(),
                rsaSpec().build());
        // The wall clock stands still (it judges t= and x=); DNS time is counted apart.
        AtomicLong nanos = new AtomicLong();
        KeyRecordResolver slow = name -> {
            nanos.addAndGet(Duration.ofSeconds(6).toNanos());
            throw new TemporaryDkimException("no answer within 6s for " + name);
        };

        VerificationResult result = verify(signed, slow, VerifierOptions.builder()
                .clock(CLOCK).nanoTime(nanos::get).maxDnsTime(Duration.ofSeconds(10)).build());

        assertThat(result.signatures()).extracting(SignatureResult::result)
                .containsOnly(DkimResult.TEMPERROR);
        assertThat(result.signatures()).extracting(s -> s.reason().get()).containsExactly(
                "no answer within 6s for rsa._domainkey.example.com",
                "no answer within 6s for ed._domainkey.example.com",
                "not looked up: DNS time limit of 10000 ms per message reached");
    }

    @Test
    void verifyShouldRefuseAHeaderBlockOverTheLimit() throws Exception {
        String signed = Messages.sign(SIGNER, message, rsaSpec().build());

        VerificationResult result = verify(signed, publishedKeys(),
                VerifierOptions.builder().clock(CLOCK).maxHeaderBytes(100).build());

        assertThat(result.summary()).isEqualTo(DkimResult.PERMERROR);
        assertThat(result.signatures().get(0).reason())
                .contains("header block exceeds the limit of 100 bytes");
    }

    private SignatureSpec.Builder rsaSpec() {
        return SignatureSpec.builder(rsaKey, "example.com", "rsa");
    }

    private SignatureSpec.Builder edSpec() {
        return SignatureSpec.builder(edKey, "example.com", "ed");
    }

    private static KeyRecordResolver publishedKeys() {
        return StaticKeyRecordResolver.builder()
                .add(RSA_NAME, TestKeys.record("rsa-2048"))
                .add(ED_NAME, TestKeys.record("ed25519"))
                .strict().build();
    }

    private static KeyRecordResolver resolver(String rsaRecord) {
        return StaticKeyRecordResolver.builder().add(RSA_NAME, rsaRecord).strict().build();
    }

    private SignatureResult singleWithRecord(String rsaRecord) throws Exception {
        return single(Messages.sign(SIGNER, message, rsaSpec().build()), resolver(rsaRecord));
    }

    private static SignatureResult single(String message, KeyRecordResolver resolver)
            throws Exception {
        List<SignatureResult> signatures = verify(message, resolver).signatures();
        assertThat(signatures).hasSize(1);
        return signatures.get(0);
    }

    private static VerificationResult verify(String message, KeyRecordResolver resolver)
            throws Exception {
        return verify(message, resolver, VerifierOptions.builder().clock(CLOCK).build());
    }

    private static VerificationResult verify(String message, KeyRecordResolver resolver,
            VerifierOptions options) throws Exception {
        return new DkimVerifier(resolver, options).verify(Messages.stream(message));
    }

    private static void assertVerdict(SignatureResult result, DkimResult expected,
            String reason) {
        assertThat(result.result()).as("result (reason: %s)", result.reason().orElse("-"))
                .isEqualTo(expected);
        if (reason == null) {
            assertThat(result.reason()).isEmpty();
        } else {
            assertThat(result.reason()).contains(reason);
        }
    }
}
