package org.dkimpack.core.fuzz;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import org.dkimpack.core.result.VerificationResult;
import org.dkimpack.core.support.TestResources;
import org.dkimpack.core.verify.DkimVerifier;
import org.dkimpack.core.verify.VerifierOptions;

/**
 * Fuzzes the value of one {@code DKIM-Signature} field (RFC 6376 §3.5 and §6.1.1), put on
 * top of the unsigned RFC 8463 Appendix A message and verified with the static key table of
 * {@link Fixtures}, so that a field that gets through its checks goes on to the key lookup,
 * the body hash and the signature.
 *
 * <p>Contract: the verifier never throws for it and gives it exactly one result, with the
 * invariants of {@link VerificationInvariants}; in particular it never passes unless the
 * field carries a genuine signature.
 *
 * <p>The input is the field's value as bytes (ISO-8859-1), everything after
 * {@code DKIM-Signature:}; a line break in it may start new fields or end the header block,
 * which the invariants allow for.
 */
class SignatureFieldFuzzTest {
    private static final byte[] MESSAGE =
            TestResources.bytes("vectors/third-party/rfc8463-unsigned.eml");
    private static final VerifierOptions OPTIONS = Fixtures.options().build();
    private static final DkimVerifier VERIFIER = new DkimVerifier(Fixtures.resolver(), OPTIONS);

    @FuzzTest
    @DictionaryEntries({"v=1;", "a=rsa-sha256;", "a=ed25519-sha256;", "a=rsa-sha1;",
        "c=relaxed/relaxed;", "c=simple/simple;", "c=relaxed;", "d=football.example.com;",
        "d=example.com;", "s=brisbane;", "s=test;", "s=rsa;", "s=ed;", "s=x25519;",
        "s=short;", "s=revoked;", "s=strict;", "s=testing;", "s=rsa8192;",
        "i=@football.example.com;", "i=joe=40football.example.com;", "q=dns/txt;",
        "t=1528637909;", "x=1528637909;", "x=99999999999999999999;", "l=0;", "l=",
        "h=from : to : subject : date : message-id;", "h=from;", "bh=", "b=", "z=",
        "; ", "\\x0D\\x0A ", "=", ":"})
    void aSignatureFieldShouldGetExactlyOneConsistentResult(byte[] value) throws IOException {
        byte[] field = "DKIM-Signature:".getBytes(StandardCharsets.US_ASCII);
        byte[] message = new byte[field.length + value.length + 2 + MESSAGE.length];
        System.arraycopy(field, 0, message, 0, field.length);
        System.arraycopy(value, 0, message, field.length, value.length);
        message[field.length + value.length] = '\r';
        message[field.length + value.length + 1] = '\n';
        System.arraycopy(MESSAGE, 0, message, field.length + value.length + 2, MESSAGE.length);

        VerificationResult result = VERIFIER.verify(new ByteArrayInputStream(message));

        VerificationInvariants.check(message, OPTIONS, result);
    }
}
