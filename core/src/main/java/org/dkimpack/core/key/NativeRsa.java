package org.dkimpack.core.key;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.Signature;
import java.security.interfaces.RSAPrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;

/**
 * RSA signing through Conscrypt (BoringSSL behind a JCA provider) when its jar is on the class
 * path and its native library loads, since the JDK's RSA-2048 signature costs about 1.6 times
 * Conscrypt's; through the JDK otherwise. Nothing here needs Conscrypt to compile or run: it is
 * found by name, never registered as a security provider (James and its other libraries keep
 * the JDK's), and any failure to load it leaves the JDK in use.
 *
 * <p>RSASSA-PKCS1-v1_5 is deterministic, so both give the same signature byte for byte.
 * Only signing goes native: a verifier gets a new public key from DNS for nearly every message,
 * and converting it to Conscrypt's key object costs about what the faster verification saves.
 *
 * <p>The system property {@value #PROPERTY}{@code =false} keeps the JDK even when Conscrypt is
 * there.
 */
final class NativeRsa {
    static final String PROPERTY = "dkimpack.nativeRsa";
    private static final String CONSCRYPT = "org.conscrypt.Conscrypt";

    private static final Provider PROVIDER = load();
    private static final String VERSION = PROVIDER == null ? null : version();

    private NativeRsa() {
    }

    /** Conscrypt's provider, or null when the JDK signs. */
    static Provider provider() {
        return PROVIDER;
    }

    /** Which implementation signs with RSA, for a log line. */
    static String describe() {
        if (PROVIDER == null) {
            return "the JDK";
        }
        return "Conscrypt " + VERSION + " (BoringSSL)";
    }

    /** Conscrypt's release, such as 2.5.2 (its provider calls itself 1.0). */
    private static String version() {
        try {
            Object version = Class.forName(CONSCRYPT, true, NativeRsa.class.getClassLoader())
                    .getMethod("version").invoke(null);
            Class<?> type = version.getClass();
            return type.getMethod("major").invoke(version) + "."
                    + type.getMethod("minor").invoke(version) + "."
                    + type.getMethod("patch").invoke(version);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return PROVIDER.getVersionStr();
        }
    }

    /**
     * The key as Conscrypt's own key object, or null when Conscrypt is not in use or refuses
     * the key: signing then goes through the JDK.
     */
    static PrivateKey convert(RSAPrivateKey key) {
        if (PROVIDER == null) {
            return null;
        }
        try {
            return KeyFactory.getInstance("RSA", PROVIDER)
                    .generatePrivate(new PKCS8EncodedKeySpec(key.getEncoded()));
        } catch (GeneralSecurityException | RuntimeException e) {
            return null;
        }
    }

    private static Provider load() {
        if ("false".equalsIgnoreCase(System.getProperty(PROPERTY, "true").trim())) {
            return null;
        }
        try {
            Class<?> conscrypt = Class.forName(CONSCRYPT, true, NativeRsa.class.getClassLoader());
            if (!(Boolean) conscrypt.getMethod("isAvailable").invoke(null)) {
                return null;
            }
            Provider provider = (Provider) conscrypt.getMethod("newProvider").invoke(null);
            // One signature with a throwaway key, so that a native library that loads but does
            // not work is found here rather than on the first message.
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA", provider);
            generator.initialize(1024);
            Signature signature = Signature.getInstance("SHA256withRSA", provider);
            signature.initSign(generator.generateKeyPair().getPrivate());
            signature.update(new byte[] {1});
            signature.sign();
            return provider;
        } catch (ReflectiveOperationException | GeneralSecurityException | RuntimeException
                | LinkageError e) {
            // No Conscrypt jar, a jar for another platform, or a native library that does
            // not load.
            return null;
        }
    }
}
