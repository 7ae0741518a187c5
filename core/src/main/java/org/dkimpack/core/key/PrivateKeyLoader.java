package org.dkimpack.core.key;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.Provider;
import java.security.Signature;
import java.security.interfaces.RSAPrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.sec.ECPrivateKey;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8DecryptorProviderBuilder;
import org.bouncycastle.openssl.jcajce.JcePEMDecryptorProviderBuilder;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import org.bouncycastle.util.io.pem.PemHeader;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemReader;
import org.bouncycastle.util.io.pem.PemWriter;

/**
 * Loads a private key to sign with from a PEM file or PEM text.
 *
 * <p>Reads the forms that {@code openssl} and other key tools write: RSA as PKCS#1
 * ({@code BEGIN RSA PRIVATE KEY}, also with OpenSSL's legacy {@code Proc-Type: 4,ENCRYPTED}
 * header) or PKCS#8 ({@code BEGIN PRIVATE KEY}); Ed25519 as PKCS#8, as
 * {@code openssl genpkey -algorithm ed25519} writes it; and either of them as encrypted PKCS#8
 * ({@code BEGIN ENCRYPTED PRIVATE KEY}) with a passphrase. Text around the PEM block, such as
 * the "Bag Attributes" that {@code openssl pkcs12} writes, is skipped.
 *
 * <p>Bouncy Castle decrypts and parses, but is never registered as a JCA provider: inside
 * James that would change which provider the whole server gets for its own cryptography.
 * Where a provider is needed, a private {@link BouncyCastleProvider} instance is passed.
 *
 * <p>Every failure is a {@link KeyLoadException} whose message starts with the file name and
 * says what the file holds instead of a usable key.
 */
public final class PrivateKeyLoader {
    /** A PEM private key is a few kilobytes; this only stops reading a wrong, huge file. */
    private static final long MAXIMUM_FILE_SIZE = 1024 * 1024;

    private static final String DKIM_KEY_TYPES = "DKIM signs with RSA or Ed25519 keys";
    private static final int ED25519_SEED_LENGTH = 32;

    private PrivateKeyLoader() {
    }

    /** Loads an unencrypted key from a PEM file. */
    public static SigningKey load(Path file) throws KeyLoadException {
        return load(file, null);
    }

    /**
     * Loads a key from a PEM file.
     *
     * @param file the PEM file; its name, as given, starts every error message
     * @param passphrase the passphrase of an encrypted key, or null; ignored when the key is
     *     not encrypted
     * @throws KeyLoadException when the file is missing or unreadable, holds no private key or
     *     a key DKIM cannot sign with, or the passphrase is missing or wrong
     */
    public static SigningKey load(Path file, char[] passphrase) throws KeyLoadException {
        String source = file.toString();
        byte[] content = read(file, source);
        // ISO-8859-1 maps every byte to one char, so binary content is seen, not rejected.
        return loadPem(new String(content, StandardCharsets.ISO_8859_1), source, passphrase);
    }

    /**
     * Loads a key from PEM text.
     *
     * @param pemText the text of a PEM file
     * @param source what to call the text in error messages, such as a file or setting name
     * @param passphrase the passphrase of an encrypted key, or null
     * @throws KeyLoadException when the text holds no private key or a key DKIM cannot sign
     *     with, or the passphrase is missing or wrong
     */
    public static SigningKey loadPem(String pemText, String source, char[] passphrase)
            throws KeyLoadException {
        String text = normalize(pemText);
        if (text.isBlank()) {
            throw new KeyLoadException(source + ": is empty; expected a PEM private key");
        }
        if (!hasBeginLine(text)) {
            throw new KeyLoadException(source + ": not PEM: does not start with -----BEGIN"
                    + (looksLikeDer(pemText) ? " (it looks like binary DER; convert it with"
                            + " openssl pkey -inform DER -in FILE -out FILE.pem)" : ""));
        }

        List<PemObject> objects = readPemObjects(text, source);
        List<PemObject> privateKeys = new ArrayList<>();
        List<String> others = new ArrayList<>();
        for (PemObject object : objects) {
            if (object.getType().endsWith("PRIVATE KEY")) {
                privateKeys.add(object);
            } else {
                others.add(object.getType());
            }
        }
        if (privateKeys.isEmpty()) {
            throw new KeyLoadException(source + ": no PEM private key found"
                    + (others.isEmpty() ? "" : " (the file holds " + listWithArticles(others)
                            + ")"));
        }
        if (privateKeys.size() > 1) {
            throw new KeyLoadException(source + ": holds " + privateKeys.size()
                    + " private keys; expected exactly one");
        }
        return decode(privateKeys.get(0), source, passphrase);
    }

    private static byte[] read(Path file, String source) throws KeyLoadException {
        try {
            if (Files.isDirectory(file)) {
                throw new KeyLoadException(source + ": is a directory; expected a PEM file");
            }
            long size = Files.size(file);
            if (size > MAXIMUM_FILE_SIZE) {
                throw new KeyLoadException(source + ": is " + size
                        + " bytes; a PEM private key is a few kilobytes");
            }
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new KeyLoadException(source + ": file not found", e);
        } catch (AccessDeniedException e) {
            throw new KeyLoadException(source + ": cannot be read: permission denied", e);
        } catch (IOException e) {
            throw new KeyLoadException(source + ": cannot be read: " + e.getMessage(), e);
        }
    }

    /** Drops a byte order mark and the indentation of lines, which PEM readers trip over. */
    private static String normalize(String text) {
        String withoutMark = text;
        if (withoutMark.startsWith("\uFEFF")) {
            withoutMark = withoutMark.substring(1);
        } else if (withoutMark.startsWith("\u00EF\u00BB\u00BF")) {
            withoutMark = withoutMark.substring(3);
        }
        StringBuilder result = new StringBuilder(withoutMark.length());
        for (String line : withoutMark.split("\r?\n|\r", -1)) {
            result.append(line.strip()).append('\n');
        }
        return result.toString();
    }

    private static boolean hasBeginLine(String text) {
        return text.startsWith("-----BEGIN ") || text.contains("\n-----BEGIN ");
    }

    private static boolean looksLikeDer(String text) {
        // A DER private key is a SEQUENCE with a long length: 0x30 0x81 or 0x30 0x82.
        return text.length() > 2 && text.charAt(0) == 0x30
                && (text.charAt(1) == 0x81 || text.charAt(1) == 0x82);
    }

    private static List<PemObject> readPemObjects(String text, String source)
            throws KeyLoadException {
        List<PemObject> objects = new ArrayList<>();
        try (PemReader reader = new PemReader(new StringReader(text))) {
            PemObject object = reader.readPemObject();
            while (object != null) {
                objects.add(object);
                object = reader.readPemObject();
            }
        } catch (IOException | RuntimeException e) {
            throw new KeyLoadException(source + ": corrupt PEM (" + e.getMessage() + ")", e);
        }
        return objects;
    }

    private static SigningKey decode(PemObject pem, String source, char[] passphrase)
            throws KeyLoadException {
        switch (pem.getType()) {
            case "PRIVATE KEY":
                return fromPrivateKeyInfo(parsePrivateKeyInfo(pem.getContent(), source), source);
            case "ENCRYPTED PRIVATE KEY":
                return fromPrivateKeyInfo(decryptPkcs8(pem, source, passphrase), source);
            case "RSA PRIVATE KEY":
                if (isLegacyEncrypted(pem)) {
                    return fromPrivateKeyInfo(decryptLegacy(pem, source, passphrase), source);
                }
                return fromRsaPrivateKey(pem.getContent(), source);
            case "EC PRIVATE KEY":
                throw wrongType(source, isLegacyEncrypted(pem) ? "an EC key"
                        : describeSec1EcKey(pem.getContent()));
            case "DSA PRIVATE KEY":
                throw wrongType(source, "a DSA key");
            case "OPENSSH PRIVATE KEY":
                throw new KeyLoadException(source + ": holds an OpenSSH private key; DKIM keys"
                        + " are read from PKCS#8 or PKCS#1 PEM (make one with openssl genpkey"
                        + " or dkimpack keygen)");
            default:
                throw new KeyLoadException(source + ": holds a " + pem.getType()
                        + " block; expected PRIVATE KEY, RSA PRIVATE KEY or ENCRYPTED PRIVATE KEY");
        }
    }

    private static PrivateKeyInfo parsePrivateKeyInfo(byte[] der, String source)
            throws KeyLoadException {
        try {
            PrivateKeyInfo info = PrivateKeyInfo.getInstance(der);
            if (info == null) {
                throw new IllegalArgumentException("empty PRIVATE KEY block");
            }
            return info;
        } catch (RuntimeException e) {
            throw corrupt(source, "the PRIVATE KEY block is not PKCS#8", e);
        }
    }

    private static PrivateKeyInfo decryptPkcs8(PemObject pem, String source, char[] passphrase)
            throws KeyLoadException {
        requirePassphrase(source, passphrase);
        try {
            PKCS8EncryptedPrivateKeyInfo encrypted =
                    new PKCS8EncryptedPrivateKeyInfo(pem.getContent());
            return encrypted.decryptPrivateKeyInfo(new JceOpenSSLPKCS8DecryptorProviderBuilder()
                    .setProvider(BouncyCastle.PROVIDER)
                    .build(passphrase));
        } catch (Exception e) {
            // A wrong passphrase shows as bad padding or as garbage that does not parse; the
            // two cannot be told apart from a corrupt file.
            throw new KeyLoadException(source + ": wrong passphrase or corrupt key", e);
        }
    }

    private static boolean isLegacyEncrypted(PemObject pem) {
        for (Object header : pem.getHeaders()) {
            PemHeader pemHeader = (PemHeader) header;
            if ("Proc-Type".equalsIgnoreCase(pemHeader.getName())
                    && pemHeader.getValue().toUpperCase(Locale.ROOT).contains("ENCRYPTED")) {
                return true;
            }
        }
        return false;
    }

    /** OpenSSL's own encryption of PKCS#1 keys: {@code Proc-Type} and {@code DEK-Info}. */
    private static PrivateKeyInfo decryptLegacy(PemObject pem, String source,
            char[] passphrase) throws KeyLoadException {
        requirePassphrase(source, passphrase);
        try {
            StringWriter block = new StringWriter();
            try (PemWriter writer = new PemWriter(block)) {
                writer.writeObject(pem);
            }
            try (PEMParser parser = new PEMParser(new StringReader(block.toString()))) {
                PEMEncryptedKeyPair encrypted = (PEMEncryptedKeyPair) parser.readObject();
                PEMKeyPair keyPair = encrypted.decryptKeyPair(new JcePEMDecryptorProviderBuilder()
                        .setProvider(BouncyCastle.PROVIDER)
                        .build(passphrase));
                return keyPair.getPrivateKeyInfo();
            }
        } catch (Exception e) {
            throw new KeyLoadException(source + ": wrong passphrase or corrupt key", e);
        }
    }

    private static void requirePassphrase(String source, char[] passphrase)
            throws KeyLoadException {
        if (passphrase == null) {
            throw new KeyLoadException(source + ": is encrypted; a passphrase is required");
        }
    }

    private static SigningKey fromPrivateKeyInfo(PrivateKeyInfo info, String source)
            throws KeyLoadException {
        AlgorithmIdentifier algorithm = info.getPrivateKeyAlgorithm();
        ASN1ObjectIdentifier oid = algorithm.getAlgorithm();
        if (PKCSObjectIdentifiers.rsaEncryption.equals(oid)) {
            return fromRsaPrivateKey(privateKeyOctets(info, source), source);
        }
        if (EdECObjectIdentifiers.id_Ed25519.equals(oid)) {
            return fromEd25519PrivateKey(info, source);
        }
        if (PKCSObjectIdentifiers.id_RSASSA_PSS.equals(oid)) {
            throw new KeyLoadException(source + ": holds an RSA-PSS key, which may only make PSS"
                    + " signatures; DKIM needs a plain RSA key (openssl genpkey -algorithm RSA)");
        }
        ASN1Encodable parameters = algorithm.getParameters();
        if (X9ObjectIdentifiers.id_ecPublicKey.equals(oid)) {
            throw wrongType(source, AlgorithmNames.describeEcKey(parameters));
        }
        throw wrongType(source, AlgorithmNames.describe(oid, parameters));
    }

    private static byte[] privateKeyOctets(PrivateKeyInfo info, String source)
            throws KeyLoadException {
        try {
            return info.getPrivateKey().getOctets();
        } catch (RuntimeException e) {
            throw corrupt(source, "the PKCS#8 structure does not decode", e);
        }
    }

    /** PKCS#1 {@code RSAPrivateKey}, re-wrapped as PKCS#8 so that the JDK builds the key. */
    private static SigningKey fromRsaPrivateKey(byte[] pkcs1, String source)
            throws KeyLoadException {
        org.bouncycastle.asn1.pkcs.RSAPrivateKey structure;
        byte[] pkcs8;
        try {
            structure = org.bouncycastle.asn1.pkcs.RSAPrivateKey.getInstance(pkcs1);
            pkcs8 = new PrivateKeyInfo(
                    new AlgorithmIdentifier(PKCSObjectIdentifiers.rsaEncryption, DERNull.INSTANCE),
                    structure).getEncoded(ASN1Encoding.DER);
        } catch (IOException | RuntimeException e) {
            throw corrupt(source, "the RSA private key does not decode", e);
        }

        RSAPrivateKey privateKey;
        try {
            privateKey = (RSAPrivateKey) KeyFactory.getInstance("RSA")
                    .generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
        } catch (GeneralSecurityException e) {
            throw corrupt(source, "the JDK refuses the RSA key: " + e.getMessage(), e);
        }

        SigningKey key;
        try {
            key = SigningKey.rsa(privateKey, structure.getPublicExponent(), source);
        } catch (RuntimeException e) {
            // A damaged public exponent (negative, zero) is refused by the JDK's key factory.
            throw corrupt(source, "the RSA public exponent is unusable", e);
        }
        checkRsaHalvesMatch(key, source);
        return key;
    }

    /**
     * Signs a fixed text and verifies it with the public half, so that a damaged private
     * exponent or prime fails here, at start-up, and not as failing signatures in mail.
     */
    private static void checkRsaHalvesMatch(SigningKey key, String source)
            throws KeyLoadException {
        byte[] probe = "dkimpack key check".getBytes(StandardCharsets.US_ASCII);
        boolean matches;
        try {
            Signature signer = Signature.getInstance("SHA256withRSA");
            signer.initSign(key.rsaPrivateKey());
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance("SHA256withRSA");
            verifier.initVerify(key.rsaPublicKey());
            verifier.update(probe);
            matches = verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            throw corrupt(source, "the RSA key cannot sign: " + e.getMessage(), e);
        }
        if (!matches) {
            throw new KeyLoadException(source + ": corrupt key (the RSA private key does not"
                    + " match its own public exponent and modulus)");
        }
    }

    private static SigningKey fromEd25519PrivateKey(PrivateKeyInfo info, String source)
            throws KeyLoadException {
        byte[] seed;
        try {
            // RFC 8410 §7: the PKCS#8 privateKey holds a CurvePrivateKey, itself an OCTET STRING.
            seed = ASN1OctetString.getInstance(info.parsePrivateKey()).getOctets();
        } catch (IOException | RuntimeException e) {
            throw corrupt(source, "the Ed25519 private key does not decode", e);
        }
        if (seed.length != ED25519_SEED_LENGTH) {
            throw new KeyLoadException(source + ": corrupt key (the Ed25519 private key has "
                    + seed.length + " bytes; expected " + ED25519_SEED_LENGTH + ")");
        }
        return SigningKey.ed25519(new Ed25519PrivateKeyParameters(seed), source);
    }

    private static String describeSec1EcKey(byte[] der) {
        try {
            ECPrivateKey structure = ECPrivateKey.getInstance(der);
            return AlgorithmNames.describeEcKey(structure.getParametersObject());
        } catch (RuntimeException e) {
            return "an EC key";
        }
    }

    private static KeyLoadException wrongType(String source, String found) {
        return new KeyLoadException(source + ": holds " + found + "; " + DKIM_KEY_TYPES);
    }

    private static KeyLoadException corrupt(String source, String detail, Exception cause) {
        return new KeyLoadException(source + ": corrupt key (" + detail + ")", cause);
    }

    /** "a CERTIFICATE", "a CERTIFICATE and an X509 CRL". */
    private static String listWithArticles(List<String> pemTypes) {
        StringBuilder result = new StringBuilder();
        for (int i = 0; i < pemTypes.size(); i++) {
            if (i > 0) {
                result.append(i == pemTypes.size() - 1 ? " and " : ", ");
            }
            String type = pemTypes.get(i);
            result.append(startsWithVowelSound(type) ? "an " : "a ").append(type);
        }
        return result.toString();
    }

    private static boolean startsWithVowelSound(String pemType) {
        // PEM labels are upper case words or initialisms: "AN RSA", "AN X509", "A PUBLIC".
        return "AEIOU".indexOf(pemType.charAt(0)) >= 0 || pemType.startsWith("RSA")
                || pemType.startsWith("SSH") || pemType.startsWith("X509");
    }

    /** One Bouncy Castle provider for this class, made on first use and never registered. */
    private static final class BouncyCastle {
        static final Provider PROVIDER = new BouncyCastleProvider();
    }
}
