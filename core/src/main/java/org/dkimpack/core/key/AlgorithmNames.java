package org.dkimpack.core.key;

import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.sec.SECNamedCurves;
import org.bouncycastle.asn1.x9.ECNamedCurveTable;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;

/**
 * Names a key algorithm, given by its object identifier, the way an error message shows it:
 * "an EC key (secp256r1)", "a DSA key". Used when a file or record holds a key DKIM cannot
 * sign with, so that the message says what was found.
 */
final class AlgorithmNames {

    private AlgorithmNames() {
    }

    /**
     * Describes a key algorithm with its article.
     *
     * @param algorithm the algorithm's object identifier
     * @param parameters the algorithm parameters (for EC, the named curve), or null
     */
    static String describe(ASN1ObjectIdentifier algorithm, ASN1Encodable parameters) {
        if (X9ObjectIdentifiers.id_ecPublicKey.equals(algorithm)) {
            return describeEcKey(parameters);
        }
        if (PKCSObjectIdentifiers.rsaEncryption.equals(algorithm)) {
            return "an RSA key";
        }
        if (PKCSObjectIdentifiers.id_RSASSA_PSS.equals(algorithm)) {
            return "an RSA-PSS key";
        }
        if (X9ObjectIdentifiers.id_dsa.equals(algorithm)) {
            return "a DSA key";
        }
        if (EdECObjectIdentifiers.id_Ed25519.equals(algorithm)) {
            return "an Ed25519 key";
        }
        if (EdECObjectIdentifiers.id_Ed448.equals(algorithm)) {
            return "an Ed448 key";
        }
        if (EdECObjectIdentifiers.id_X25519.equals(algorithm)) {
            return "an X25519 key";
        }
        if (EdECObjectIdentifiers.id_X448.equals(algorithm)) {
            return "an X448 key";
        }
        return "a key of algorithm " + algorithm.getId();
    }

    /** "an EC key (secp256r1)", or "an EC key" when the curve is not named. */
    static String describeEcKey(ASN1Encodable curveParameters) {
        if (curveParameters instanceof ASN1ObjectIdentifier) {
            return "an EC key (" + curveName((ASN1ObjectIdentifier) curveParameters) + ")";
        }
        return "an EC key";
    }

    private static String curveName(ASN1ObjectIdentifier curve) {
        // The SEC name first: "secp256r1" is what most people know P-256 by.
        String name = SECNamedCurves.getName(curve);
        if (name == null) {
            name = ECNamedCurveTable.getName(curve);
        }
        return name != null ? name : curve.getId();
    }
}
