package org.dkimpack.core.result;

/** The result of a DKIM check, named as RFC 8601 §2.7.1 names them. */
public enum DkimResult {
    /** The signature verified. */
    PASS("pass"),
    /** The signature did not verify: body hash or header signature mismatch. */
    FAIL("fail"),
    /** The signature could not be processed for a reason covered nowhere else. */
    NEUTRAL("neutral"),
    /** The signature verified or could not be judged, but local policy does not accept it. */
    POLICY("policy"),
    /** A problem that may go away later, such as a DNS timeout. */
    TEMPERROR("temperror"),
    /** A problem that will stay: a malformed signature, a missing or unusable key. */
    PERMERROR("permerror"),
    /** The message carries no signature. */
    NONE("none");

    private final String token;

    DkimResult(String token) {
        this.token = token;
    }

    /** The word written in {@code Authentication-Results} ({@code dkim=pass}). */
    public String token() {
        return token;
    }

    @Override
    public String toString() {
        return token;
    }
}
