package org.dkimpack.benchmarks;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.concurrent.TimeUnit;

import org.bouncycastle.crypto.signers.Ed25519Signer;
import org.conscrypt.Conscrypt;
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
 * The floor no DKIM implementation goes below: one SHA-256 pass over the message bytes plus
 * one private-key (or public-key) operation, with nothing else: no parsing, no
 * canonicalization, the signature objects made once. Same keys and messages as the other
 * benchmarks.
 *
 * <p>RSA through the JDK's provider (what the pack uses) and through Conscrypt, a JCA
 * provider backed by BoringSSL, measured only to show what native code would give: the pack
 * does not use it. Ed25519 through Bouncy Castle's lightweight API (what the pack uses) and
 * through the JDK's own provider. The message hash is always the JDK's SHA-256.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class FloorBenchmark {
    @Param({"2KB", "100KB", "10MB"})
    public String size;

    private byte[] message;
    private MessageDigest sha256;
    private Signature rsaSignJdk;
    private Signature rsaVerifyJdk;
    private Signature ed25519SignJdk;
    private Ed25519Signer ed25519SignBouncyCastle;
    private byte[] rsaSignature;
    private Provider conscrypt;
    private Signature rsaSignConscrypt;
    private Signature rsaVerifyConscrypt;

    @Setup(Level.Trial)
    public void setUp() throws GeneralSecurityException {
        message = GeneratedMessage.bytes(MessageSize.parse(size));
        Keys keys = Keys.create();
        sha256 = MessageDigest.getInstance("SHA-256");

        rsaSignJdk = Signature.getInstance("SHA256withRSA");
        rsaSignJdk.initSign(keys.rsa().rsaPrivateKey());
        rsaVerifyJdk = Signature.getInstance("SHA256withRSA");
        rsaVerifyJdk.initVerify(keys.rsa().rsaPublicKey());
        rsaSignJdk.update(sha256.digest(message));
        rsaSignature = rsaSignJdk.sign();

        ed25519SignJdk = Signature.getInstance("Ed25519");
        ed25519SignJdk.initSign(keys.ed25519JdkKey());
        ed25519SignBouncyCastle = new Ed25519Signer();
        ed25519SignBouncyCastle.init(true, keys.ed25519().ed25519PrivateKey());

        // Conscrypt signs fast only with its own key objects: convert once, as a pack that
        // used it would when it loads a key.
        if (Conscrypt.isAvailable()) {
            conscrypt = Conscrypt.newProvider();
            KeyFactory factory = KeyFactory.getInstance("RSA", conscrypt);
            PrivateKey privateKey = factory.generatePrivate(
                    new PKCS8EncodedKeySpec(keys.rsa().rsaPrivateKey().getEncoded()));
            PublicKey publicKey = factory.generatePublic(
                    new X509EncodedKeySpec(keys.rsa().rsaPublicKey().getEncoded()));
            rsaSignConscrypt = Signature.getInstance("SHA256withRSA", conscrypt);
            rsaSignConscrypt.initSign(privateKey);
            rsaVerifyConscrypt = Signature.getInstance("SHA256withRSA", conscrypt);
            rsaVerifyConscrypt.initVerify(publicKey);
        }
    }

    @Benchmark
    public byte[] sha256Only() {
        return sha256.digest(message);
    }

    @Benchmark
    public byte[] rsaSignJdk() throws GeneralSecurityException {
        rsaSignJdk.update(sha256.digest(message));
        return rsaSignJdk.sign();
    }

    @Benchmark
    public byte[] rsaSignConscrypt() throws GeneralSecurityException {
        requireConscrypt();
        rsaSignConscrypt.update(sha256.digest(message));
        return rsaSignConscrypt.sign();
    }

    @Benchmark
    public boolean rsaVerifyJdk() throws GeneralSecurityException {
        rsaVerifyJdk.update(sha256.digest(message));
        return rsaVerifyJdk.verify(rsaSignature);
    }

    @Benchmark
    public boolean rsaVerifyConscrypt() throws GeneralSecurityException {
        requireConscrypt();
        rsaVerifyConscrypt.update(sha256.digest(message));
        return rsaVerifyConscrypt.verify(rsaSignature);
    }

    @Benchmark
    public byte[] ed25519SignBouncyCastle() {
        byte[] digest = sha256.digest(message);
        ed25519SignBouncyCastle.update(digest, 0, digest.length);
        return ed25519SignBouncyCastle.generateSignature();
    }

    @Benchmark
    public byte[] ed25519SignJdk() throws GeneralSecurityException {
        ed25519SignJdk.update(sha256.digest(message));
        return ed25519SignJdk.sign();
    }

    private void requireConscrypt() {
        if (conscrypt == null) {
            Conscrypt.checkAvailability();
            throw new IllegalStateException("Conscrypt is not available here");
        }
    }
}
