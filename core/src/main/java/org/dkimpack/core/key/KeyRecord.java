package org.dkimpack.core.key;

import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.RSAPublicKeySpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.dkimpack.core.KeyType;
import org.dkimpack.core.SignatureAlgorithm;
import org.dkimpack.core.tag.TagList;
import org.dkimpack.core.tag.TagListException;

/**
 * A DKIM key record, the TXT record at {@code <selector>._domainkey.<domain>} that publishes
 * a signer's public key (RFC 6376 §3.6.1, RFC 8463 §4).
 *
 * <p>{@link #parse(String)} checks the tags and decodes the public key at once, so that a
 * record that parses can be used to verify. What a verifier then has to judge is exposed:
 * revocation (empty {@code p=}), the hash algorithms allowed by {@code h=}, the service types
 * of {@code s=}, the flags of {@code t=}, and the key size. Unknown tags, hash algorithms,
 * service types and flags are ignored, as the RFC requires.
 */
public final class KeyRecord {
    private static final String VERSION = "DKIM1";
    private static final String ANY_SERVICE = "*";
    private static final String EMAIL_SERVICE = "email";
    private static final String TESTING_FLAG = "y";
    private static final String STRICT_FLAG = "s";
    private static final int ED25519_KEY_LENGTH = 32;
    private static final int ED25519_BITS = 256;
    /** The DER header of an Ed25519 SubjectPublicKeyInfo, as some publishers paste it. */
    private static final int ED25519_SPKI_LENGTH = 44;

    private final KeyType keyType;
    private final Optional<List<String>> hashAlgorithms;
    private final List<String> serviceTypes;
    private final List<String> flags;
    private final RSAPublicKey rsaPublicKey;
    private final Ed25519PublicKeyParameters ed25519PublicKey;

    private KeyRecord(KeyType keyType, Optional<List<String>> hashAlgorithms,
            List<String> serviceTypes, List<String> flags, RSAPublicKey rsaPublicKey,
            Ed25519PublicKeyParameters ed25519PublicKey) {
        this.keyType = keyType;
        this.hashAlgorithms = hashAlgorithms;
        this.serviceTypes = serviceTypes;
        this.flags = flags;
        this.rsaPublicKey = rsaPublicKey;
        this.ed25519PublicKey = ed25519PublicKey;
    }

    /**
     * Parses the text of a key record, its TXT strings already joined (RFC 6376 §3.6.2.2).
     *
     * @throws KeyRecordException when the text is not a tag list, {@code v=} is not
     *     {@code DKIM1} or not the first tag, {@code k=} is unknown, {@code p=} is missing, or
     *     {@code p=} does not decode to a key of type {@code k=}
     */
    public static KeyRecord parse(String recordText) throws KeyRecordException {
        TagList tags = parseTags(recordText);
        checkVersion(tags);
        KeyType keyType = keyTypeOf(tags);
        Optional<List<String>> hashAlgorithms = tags.get("h").map(KeyRecord::colonList);
        List<String> serviceTypes = tags.get("s").map(KeyRecord::colonList)
                .orElse(List.of(ANY_SERVICE));
        List<String> flags = tags.get("t").map(KeyRecord::colonList).orElse(List.of());

        String publicKeyBase64 = TagList.removeWhitespace(tags.get("p")
                .orElseThrow(() -> new KeyRecordException("key record has no p= tag")));
        RSAPublicKey rsaPublicKey = null;
        Ed25519PublicKeyParameters ed25519PublicKey = null;
        if (!publicKeyBase64.isEmpty()) {
            byte[] publicKeyData = decodeBase64(publicKeyBase64);
            if (keyType == KeyType.RSA) {
                rsaPublicKey = decodeRsaPublicKey(publicKeyData);
            } else {
                ed25519PublicKey = decodeEd25519PublicKey(publicKeyData);
            }
        }
        return new KeyRecord(keyType, hashAlgorithms, serviceTypes, flags, rsaPublicKey,
                ed25519PublicKey);
    }

    public KeyType keyType() {
        return keyType;
    }

    /**
     * Whether the key has been revoked: {@code p=} is empty (RFC 6376 §3.6.1). A revoked
     * record has no key; verifiers report it as {@code permerror}.
     */
    public boolean isRevoked() {
        return rsaPublicKey == null && ed25519PublicKey == null;
    }

    /** The hash algorithms of {@code h=} as written, or empty when there is no {@code h=}. */
    public Optional<List<String>> hashAlgorithms() {
        return hashAlgorithms;
    }

    /**
     * Whether {@code h=} allows a hash algorithm, named as in {@code h=} ("sha256"); true when
     * there is no {@code h=} (RFC 6376 §3.6.1).
     */
    public boolean allowsHash(String hashName) {
        return hashAlgorithms.map(list -> containsIgnoringCase(list, hashName)).orElse(true);
    }

    /** Whether this record's key may verify a signature of that algorithm: key type and hash. */
    public boolean allows(SignatureAlgorithm algorithm) {
        return algorithm.keyType() == keyType && allowsHash(algorithm.hashName());
    }

    /** The service types of {@code s=}; {@code *} when there is no {@code s=}. */
    public List<String> serviceTypes() {
        return serviceTypes;
    }

    /** Whether the key may be used for email: {@code s=} holds {@code *} or {@code email}. */
    public boolean allowsEmail() {
        return containsIgnoringCase(serviceTypes, ANY_SERVICE)
                || containsIgnoringCase(serviceTypes, EMAIL_SERVICE);
    }

    /** The flags of {@code t=} as written, unknown ones included. */
    public List<String> flags() {
        return flags;
    }

    /**
     * {@code t=y}: the domain is testing DKIM, and verifiers must not treat messages from it
     * differently from unsigned ones (RFC 6376 §3.6.1).
     */
    public boolean isTesting() {
        return containsIgnoringCase(flags, TESTING_FLAG);
    }

    /**
     * {@code t=s}: the domain of the {@code i=} tag must equal {@code d=}; a subdomain is not
     * allowed (RFC 6376 §3.6.1).
     */
    public boolean isStrict() {
        return containsIgnoringCase(flags, STRICT_FLAG);
    }

    /**
     * The RSA public key, a JDK key object.
     *
     * @throws IllegalStateException when the record is not {@code k=rsa} or is revoked
     */
    public RSAPublicKey rsaPublicKey() {
        requireKey(KeyType.RSA);
        return rsaPublicKey;
    }

    /**
     * The Ed25519 public key.
     *
     * @throws IllegalStateException when the record is not {@code k=ed25519} or is revoked
     */
    public Ed25519PublicKeyParameters ed25519PublicKey() {
        requireKey(KeyType.ED25519);
        return ed25519PublicKey;
    }

    /**
     * The key size: the RSA modulus length in bits, or 256 for Ed25519.
     *
     * @throws IllegalStateException when the record is revoked
     */
    public int publicKeyBits() {
        requireKey(keyType);
        return keyType == KeyType.RSA ? rsaPublicKey.getModulus().bitLength() : ED25519_BITS;
    }

    /**
     * Whether this record publishes the public half of a signing key: what
     * {@code dkimpack check-dns --key} and the signer's DNS check ask. RSA keys are compared
     * by modulus and exponent, so a bare RSAPublicKey in {@code p=} matches too.
     */
    public boolean isPublicHalfOf(SigningKey signingKey) {
        if (isRevoked() || signingKey.keyType() != keyType) {
            return false;
        }
        if (keyType == KeyType.RSA) {
            RSAPublicKey other = signingKey.rsaPublicKey();
            return rsaPublicKey.getModulus().equals(other.getModulus())
                    && rsaPublicKey.getPublicExponent().equals(other.getPublicExponent());
        }
        return Arrays.equals(ed25519PublicKey.getEncoded(), signingKey.publicKeyBytes());
    }

    @Override
    public String toString() {
        StringBuilder result = new StringBuilder("KeyRecord[k=").append(keyType.tagValue());
        if (isRevoked()) {
            result.append(", revoked");
        } else {
            result.append(", ").append(publicKeyBits()).append(" bits");
        }
        hashAlgorithms.ifPresent(list -> result.append(", h=").append(String.join(":", list)));
        if (!flags.isEmpty()) {
            result.append(", t=").append(String.join(":", flags));
        }
        return result.append(']').toString();
    }

    static TagList parseTags(String recordText) throws KeyRecordException {
        try {
            return TagList.parse(recordText);
        } catch (TagListException e) {
            throw new KeyRecordException("key record is not a tag list: " + e.getMessage(), e);
        }
    }

    /** RFC 6376 §3.6.1: {@code v=} is optional, but if present it is first and "DKIM1". */
    static void checkVersion(TagList tags) throws KeyRecordException {
        Optional<String> version = tags.get("v");
        if (version.isEmpty()) {
            return;
        }
        if (!VERSION.equals(version.get())) {
            throw new KeyRecordException("key record v= is '" + TagList.printable(version.get())
                    + "'; expected " + VERSION);
        }
        String firstTag = tags.asMap().keySet().iterator().next();
        if (!"v".equals(firstTag)) {
            throw new KeyRecordException("key record v= must be the first tag; it comes after "
                    + firstTag + "=");
        }
    }

    /** {@code k=}, rsa when absent (RFC 6376 §3.6.1). */
    static KeyType keyTypeOf(TagList tags) throws KeyRecordException {
        Optional<String> value = tags.get("k");
        if (value.isEmpty()) {
            return KeyType.RSA;
        }
        Optional<KeyType> keyType = KeyType.fromTagValue(value.get());
        if (keyType.isEmpty()) {
            throw new KeyRecordException("unknown key type k=" + TagList.printable(value.get())
                    + "; expected rsa or ed25519");
        }
        return keyType.get();
    }

    /** Decodes a {@code p=} value, its whitespace already removed. */
    static byte[] decodeBase64(String publicKeyBase64) throws KeyRecordException {
        try {
            return Base64.getDecoder().decode(publicKeyBase64);
        } catch (IllegalArgumentException e) {
            throw new KeyRecordException("p= is not valid base64 (" + e.getMessage() + ")", e);
        }
    }

    /**
     * Decodes an RSA public key from {@code p=}: a DER SubjectPublicKeyInfo, as the world
     * publishes, or a bare PKCS#1 RSAPublicKey, as RFC 6376 §3.6.1 literally says and some
     * publishers do (erratum 3017).
     */
    static RSAPublicKey decodeRsaPublicKey(byte[] publicKeyData) throws KeyRecordException {
        ASN1Sequence sequence;
        try {
            sequence = ASN1Sequence.getInstance(ASN1Primitive.fromByteArray(publicKeyData));
        } catch (IOException | RuntimeException e) {
            throw new KeyRecordException("p= does not hold an RSA public key (not DER)", e);
        }

        org.bouncycastle.asn1.pkcs.RSAPublicKey structure;
        try {
            if (sequence.size() == 2 && sequence.getObjectAt(0) instanceof ASN1Integer) {
                structure = org.bouncycastle.asn1.pkcs.RSAPublicKey.getInstance(sequence);
            } else {
                SubjectPublicKeyInfo info = SubjectPublicKeyInfo.getInstance(sequence);
                AlgorithmIdentifier algorithm = info.getAlgorithm();
                if (!PKCSObjectIdentifiers.rsaEncryption.equals(algorithm.getAlgorithm())) {
                    throw new KeyRecordException("p= does not hold an RSA public key (it holds "
                            + AlgorithmNames.describe(algorithm.getAlgorithm(),
                                    algorithm.getParameters()) + ")");
                }
                structure = org.bouncycastle.asn1.pkcs.RSAPublicKey.getInstance(
                        info.parsePublicKey());
            }
        } catch (IOException | RuntimeException e) {
            throw new KeyRecordException("p= does not hold an RSA public key (neither a"
                    + " SubjectPublicKeyInfo nor an RSAPublicKey)", e);
        }
        return rsaPublicKey(structure.getModulus(), structure.getPublicExponent());
    }

    /** RFC 8463 §4: {@code p=} of {@code k=ed25519} is the bare 32-byte public key. */
    static Ed25519PublicKeyParameters decodeEd25519PublicKey(byte[] publicKeyData)
            throws KeyRecordException {
        if (publicKeyData.length != ED25519_KEY_LENGTH) {
            String hint = publicKeyData.length == ED25519_SPKI_LENGTH
                    ? " (it looks like a SubjectPublicKeyInfo; RFC 8463 §4 publishes the bare key)"
                    : "";
            throw new KeyRecordException("ed25519 key in p= has " + publicKeyData.length
                    + " bytes; expected " + ED25519_KEY_LENGTH + hint);
        }
        try {
            return new Ed25519PublicKeyParameters(publicKeyData);
        } catch (IllegalArgumentException e) {
            // About half of all 32-byte strings are not points of the curve; an X25519 key
            // published under k=ed25519 is the usual way to get one.
            throw new KeyRecordException("ed25519 key in p= is not a point of the curve"
                    + " (an X25519 key, or a damaged one?)", e);
        }
    }

    private static RSAPublicKey rsaPublicKey(BigInteger modulus, BigInteger exponent)
            throws KeyRecordException {
        try {
            return (RSAPublicKey) KeyFactory.getInstance("RSA")
                    .generatePublic(new RSAPublicKeySpec(modulus, exponent));
        } catch (GeneralSecurityException e) {
            throw new KeyRecordException("p= does not hold a usable RSA public key ("
                    + e.getMessage() + ")", e);
        }
    }

    /** Splits a colon-separated tag value, dropping the whitespace around each element. */
    private static List<String> colonList(String value) {
        List<String> elements = new ArrayList<>();
        for (String element : value.split(":", -1)) {
            String trimmed = element.strip();
            if (!trimmed.isEmpty()) {
                elements.add(trimmed);
            }
        }
        return Collections.unmodifiableList(elements);
    }

    /** Tag values of RFC 6376 are ABNF literals, which compare without regard to case. */
    private static boolean containsIgnoringCase(List<String> list, String wanted) {
        String lower = wanted.toLowerCase(Locale.ROOT);
        for (String element : list) {
            if (element.toLowerCase(Locale.ROOT).equals(lower)) {
                return true;
            }
        }
        return false;
    }

    private void requireKey(KeyType wanted) {
        if (isRevoked()) {
            throw new IllegalStateException("the key record is revoked (empty p=)");
        }
        if (keyType != wanted) {
            throw new IllegalStateException("the key record is k=" + keyType.tagValue()
                    + ", not k=" + wanted.tagValue());
        }
    }
}
