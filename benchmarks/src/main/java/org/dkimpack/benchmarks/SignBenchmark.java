package org.dkimpack.benchmarks;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import javax.mail.MessagingException;

import org.apache.james.jdkim.mailets.DKIMSign;
import org.apache.mailet.Mail;
import org.dkimpack.core.PermanentDkimException;
import org.dkimpack.core.dns.StaticKeyRecordResolver;
import org.dkimpack.core.sign.DkimSigner;
import org.dkimpack.core.sign.SignatureSpec;
import org.dkimpack.james.DkimSign;
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
import org.openjdk.jmh.annotations.TearDown;

/**
 * Signing one message, rsa-sha256 (2048 bits) and ed25519-sha256, relaxed/relaxed: this
 * pack's DkimSign mailet, James 3.8.1's DKIMSign mailet, and this pack's engine alone. RSA
 * through the JDK, as James's mailet signs, although Conscrypt is on this class path: see
 * {@link NativeSignBenchmark} for the pack with it.
 *
 * <p>Each mailet call gets a fresh mail over the same bytes, made outside the measured time;
 * {@link #mailetSetupOnly} measures what making it allocates, which the report subtracts from
 * the mailets' bytes per operation.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-Ddkimpack.nativeRsa=false"})
public class SignBenchmark {
    @Param({"2KB", "100KB", "10MB"})
    public String size;

    private byte[] message;
    private DkimSigner signer;
    private SignatureSpec rsaSpec;
    private SignatureSpec ed25519Spec;
    private Path rsaKeys;
    private Path ed25519Keys;
    private DkimSign packRsa;
    private DkimSign packEd25519;
    private DKIMSign jamesRsa;

    @Setup(Level.Trial)
    public void setUp() throws MessagingException, IOException {
        message = GeneratedMessage.bytes(MessageSize.parse(size));
        Keys keys = Keys.create();
        signer = new DkimSigner();
        rsaSpec = SignatureSpec.builder(keys.rsa(), GeneratedMessage.SENDER_DOMAIN,
                Keys.RSA_SELECTOR).build();
        ed25519Spec = SignatureSpec.builder(keys.ed25519(), GeneratedMessage.SENDER_DOMAIN,
                Keys.ED25519_SELECTOR).build();
        rsaKeys = Mailets.keyDirectory(Keys.RSA_SELECTOR, keys.rsaPem());
        ed25519Keys = Mailets.keyDirectory(Keys.ED25519_SELECTOR, keys.ed25519Pem());
        packRsa = Mailets.packSigner(rsaKeys);
        packEd25519 = Mailets.packSigner(ed25519Keys);
        jamesRsa = Mailets.jamesSigner(keys.rsaPem());

        StaticKeyRecordResolver resolver = Mailets.resolver(keys);
        Mailets.checkSigns(packRsa, message, resolver, Keys.RSA_SELECTOR);
        Mailets.checkSigns(packEd25519, message, resolver, Keys.ED25519_SELECTOR);
        Mailets.checkSigns(jamesRsa, message, resolver, Keys.RSA_SELECTOR);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        packRsa.destroy();
        packEd25519.destroy();
        Mailets.delete(rsaKeys);
        Mailets.delete(ed25519Keys);
    }

    /** A mail made anew for each call, outside the measured time. */
    @State(Scope.Thread)
    public static class FreshMail {
        Mail mail;

        @Setup(Level.Invocation)
        public void create(SignBenchmark benchmark) throws MessagingException {
            mail = Mailets.mail(benchmark.message);
        }
    }

    @Benchmark
    public Mail rsaPackMailet(FreshMail fresh) {
        packRsa.service(fresh.mail);
        return fresh.mail;
    }

    @Benchmark
    public Mail rsaJamesMailet(FreshMail fresh) throws MessagingException {
        jamesRsa.service(fresh.mail);
        return fresh.mail;
    }

    @Benchmark
    public String rsaCore() throws IOException, PermanentDkimException {
        return signer.sign(new ByteArrayInputStream(message), rsaSpec);
    }

    @Benchmark
    public Mail ed25519PackMailet(FreshMail fresh) {
        packEd25519.service(fresh.mail);
        return fresh.mail;
    }

    @Benchmark
    public String ed25519Core() throws IOException, PermanentDkimException {
        return signer.sign(new ByteArrayInputStream(message), ed25519Spec);
    }

    /** Only what every mailet call gets before it starts: its time and allocation. */
    @Benchmark
    public Mail mailetSetupOnly(FreshMail fresh) {
        return fresh.mail;
    }
}
