package org.dkimpack.core.support;

import java.nio.charset.StandardCharsets;

import org.dkimpack.core.dns.StaticKeyRecordResolver;
import org.dkimpack.core.key.SigningKey;
import org.dkimpack.core.result.VerificationResult;
import org.dkimpack.core.sign.DkimSigner;
import org.dkimpack.core.sign.SignatureSpec;
import org.dkimpack.core.verify.DkimVerifier;

/**
 * Signs, then verifies, a generated message of the size given in megabytes, in a JVM that the
 * streaming test starts with a small heap. Prints the verification summary and the heap limit.
 */
public final class LargeMessageMain {

    private LargeMessageMain() {
    }

    public static void main(String[] args) throws Exception {
        long size = Long.parseLong(args[0]) * 1024 * 1024;
        SigningKey key = TestKeys.rsa2048();

        String field = new DkimSigner().sign(new GeneratedMessage(new byte[0], size),
                SignatureSpec.builder(key, "example.com", "s1").build());
        byte[] prefix = (field + "\r\n").getBytes(StandardCharsets.ISO_8859_1);
        VerificationResult result = new DkimVerifier(StaticKeyRecordResolver.builder()
                .add("s1._domainkey.example.com", key.keyRecordText()).strict().build())
                .verify(new GeneratedMessage(prefix, size));

        System.out.println(result.summary() + " max-heap=" + Runtime.getRuntime().maxMemory());
    }
}
