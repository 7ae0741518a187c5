package org.dkimpack.benchmarks;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import javax.mail.MessagingException;

import org.apache.mailet.Mail;
import org.dkimpack.core.PermanentDkimException;
import org.dkimpack.core.key.KeyAlgorithms;
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
 * rsa-sha256 signing by this pack with Conscrypt's jar on the class path, as an operator gets
 * it by dropping {@code conscrypt-openjdk-uber} into James's {@code extensions-jars/}: the
 * same mailet and engine rows as {@link SignBenchmark}, whose forks keep the JDK.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-Ddkimpack.nativeRsa=true"})
public class NativeSignBenchmark {
    @Param({"2KB", "100KB", "10MB"})
    public String size;

    private byte[] message;
    private DkimSigner signer;
    private SignatureSpec rsaSpec;
    private Path rsaKeys;
    private DkimSign packRsa;

    @Setup(Level.Trial)
    public void setUp() throws MessagingException, IOException {
        if (!KeyAlgorithms.rsaSigner().startsWith("Conscrypt")) {
            throw new IllegalStateException("Conscrypt does not sign here: "
                    + KeyAlgorithms.rsaSigner());
        }
        message = GeneratedMessage.bytes(MessageSize.parse(size));
        Keys keys = Keys.create();
        signer = new DkimSigner();
        rsaSpec = SignatureSpec.builder(keys.rsa(), GeneratedMessage.SENDER_DOMAIN,
                Keys.RSA_SELECTOR).build();
        rsaKeys = Mailets.keyDirectory(Keys.RSA_SELECTOR, keys.rsaPem());
        packRsa = Mailets.packSigner(rsaKeys);
        Mailets.checkSigns(packRsa, message, Mailets.resolver(keys), Keys.RSA_SELECTOR);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        packRsa.destroy();
        Mailets.delete(rsaKeys);
    }

    /** A mail made anew for each call, outside the measured time. */
    @State(Scope.Thread)
    public static class FreshMail {
        Mail mail;

        @Setup(Level.Invocation)
        public void create(NativeSignBenchmark benchmark) throws MessagingException {
            mail = Mailets.mail(benchmark.message);
        }
    }

    @Benchmark
    public Mail rsaPackMailet(FreshMail fresh) {
        packRsa.service(fresh.mail);
        return fresh.mail;
    }

    @Benchmark
    public String rsaCore() throws IOException, PermanentDkimException {
        return signer.sign(new ByteArrayInputStream(message), rsaSpec);
    }

    /** Only what every mailet call gets before it starts: its time and allocation. */
    @Benchmark
    public Mail mailetSetupOnly(FreshMail fresh) {
        return fresh.mail;
    }
}
