package org.dkimpack.core.result;

import java.util.Collections;
import java.util.List;

/** The results for every signature of a message, top to bottom, and their summary. */
public final class VerificationResult {
    /** The order in which a result stands for a message none of whose signatures passed. */
    private static final List<DkimResult> SUMMARY_ORDER = List.of(DkimResult.FAIL,
            DkimResult.TEMPERROR, DkimResult.PERMERROR, DkimResult.POLICY, DkimResult.NEUTRAL);

    private final List<SignatureResult> signatures;

    public VerificationResult(List<SignatureResult> signatures) {
        this.signatures = Collections.unmodifiableList(List.copyOf(signatures));
    }

    /** One result per signature; empty for a message without signatures. */
    public List<SignatureResult> signatures() {
        return signatures;
    }

    /**
     * One word for the message: {@code pass} if any signature passes; otherwise the first
     * present of {@code fail}, {@code temperror}, {@code permerror}, {@code policy},
     * {@code neutral}; {@code none} without signatures.
     */
    public DkimResult summary() {
        if (signatures.isEmpty()) {
            return DkimResult.NONE;
        }
        for (SignatureResult signature : signatures) {
            if (signature.result() == DkimResult.PASS) {
                return DkimResult.PASS;
            }
        }
        for (DkimResult candidate : SUMMARY_ORDER) {
            for (SignatureResult signature : signatures) {
                if (signature.result() == candidate) {
                    return candidate;
                }
            }
        }
        return DkimResult.NONE;
    }

    /** Whether some signature by this domain passed (compared without regard to case). */
    public boolean passesFor(String domain) {
        for (SignatureResult signature : signatures) {
            if (signature.result() == DkimResult.PASS && signature.signingDomain()
                    .map(d -> d.equalsIgnoreCase(domain)).orElse(false)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return signatures.isEmpty() ? "dkim=none" : signatures.toString();
    }
}
