package org.dkimpack.benchmarks;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import javax.mail.MessagingException;

import org.apache.james.jdkim.mailets.DKIMVerify;
import org.apache.mailet.AttributeName;
import org.apache.mailet.Mail;
import org.dkimpack.core.PermanentDkimException;
import org.dkimpack.core.dns.StaticKeyRecordResolver;
import org.dkimpack.core.result.DkimResult;
import org.dkimpack.core.result.VerificationResult;
import org.dkimpack.core.sign.DkimSigner;
import org.dkimpack.core.sign.SignatureSpec;
import org.dkimpack.core.verify.DkimVerifier;
import org.dkimpack.james.DkimVerify;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Verifying one rsa-sha256 signature (2048 bits, relaxed/relaxed), the key record from a
 * static table (no network): this pack's DkimVerify mailet, James 3.8.1's DKIMVerify mailet
 * with a fixed key retriever, and this pack's engine alone.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class VerifyBenchmark {
    private static final AttributeName JAMES_RESULT = AttributeName.of("jDKIM.AUTHRESULT");
    private static final AttributeName PACK_RESULT = AttributeName.of("dkim.result");

    @Param({"2KB", "100KB", "10MB"})
    public String size;

    private byte[] signedMessage;
    private DkimVerifier verifier;
    private DkimVerify pack;
    private DKIMVerify james;

    @Setup(Level.Trial)
    public void setUp() throws MessagingException, IOException, PermanentDkimException {
        byte[] message = GeneratedMessage.bytes(MessageSize.parse(size));
        Keys keys = Keys.create();
        String field = new DkimSigner().sign(new ByteArrayInputStream(message),
                SignatureSpec.builder(keys.rsa(), GeneratedMessage.SENDER_DOMAIN,
                        Keys.RSA_SELECTOR).build());
        ByteArrayOutputStream signed = new ByteArrayOutputStream(message.length + 1024);
        signed.writeBytes((field + "\r\n").getBytes(StandardCharsets.US_ASCII));
        signed.writeBytes(message);
        signedMessage = signed.toByteArray();

        StaticKeyRecordResolver resolver = Mailets.resolver(keys);
        verifier = new DkimVerifier(resolver);
        pack = Mailets.packVerifier(resolver);
        james = Mailets.jamesVerifier(keys.rsa().keyRecordText());
        check();
    }

    /** Each verifier must pass the signature, or the benchmark would time a failure path. */
    private void check() throws MessagingException, IOException {
        VerificationResult result = rsaCore();
        if (result.summary() != DkimResult.PASS) {
            throw new IllegalStateException("the engine did not pass the signature: " + result);
        }
        FreshMail fresh = new FreshMail();
        fresh.create(this);
        String packResult = String.valueOf(rsaPackMailet(fresh).getAttribute(PACK_RESULT)
                .map(attribute -> attribute.getValue().value()).orElse(null));
        if (!packResult.equals("pass")) {
            throw new IllegalStateException("DkimVerify did not pass the signature: "
                    + packResult);
        }
        fresh.create(this);
        String jamesResult = String.valueOf(rsaJamesMailet(fresh).getAttribute(JAMES_RESULT)
                .map(attribute -> attribute.getValue().value()).orElse(null));
        if (!jamesResult.startsWith("pass")) {
            throw new IllegalStateException("DKIMVerify did not pass the signature: "
                    + jamesResult);
        }
    }

    /** A mail made anew for each call, outside the measured time. */
    @State(Scope.Thread)
    public static class FreshMail {
        Mail mail;

        @Setup(Level.Invocation)
        public void create(VerifyBenchmark benchmark) throws MessagingException {
            mail = Mailets.mail(benchmark.signedMessage);
        }
    }

    @Benchmark
    public Mail rsaPackMailet(FreshMail fresh) {
        pack.service(fresh.mail);
        return fresh.mail;
    }

    @Benchmark
    public Mail rsaJamesMailet(FreshMail fresh) throws MessagingException {
        james.service(fresh.mail);
        return fresh.mail;
    }

    @Benchmark
    public VerificationResult rsaCore() throws IOException {
        return verifier.verify(new ByteArrayInputStream(signedMessage));
    }

    /** Only what every mailet call gets before it starts: its time and allocation. */
    @Benchmark
    public Mail mailetSetupOnly(FreshMail fresh) {
        return fresh.mail;
    }
}
