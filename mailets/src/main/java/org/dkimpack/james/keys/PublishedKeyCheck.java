package org.dkimpack.james.keys;

import java.util.List;
import java.util.Objects;

import org.dkimpack.core.TemporaryDkimException;
import org.dkimpack.core.dns.KeyRecordResolver;
import org.dkimpack.core.key.KeyRecord;
import org.dkimpack.core.key.KeyRecordException;
import org.dkimpack.core.key.SigningKey;

/**
 * Asks DNS whether the key record of a signing key publishes that key's public half: a
 * signature made with a key whose record is missing or stale fails at every receiver.
 */
public final class PublishedKeyCheck {

    /** What DNS says about one signing key. */
    public enum Status {
        /** A record at the name publishes this key's public half. */
        PUBLISHED,
        /** No TXT record at the name (NXDOMAIN or no data). */
        MISSING,
        /** Records at the name, none of them this key's public half (or revoked). */
        MISMATCH,
        /** TXT records at the name, none of them a key record that parses. */
        INVALID,
        /** DNS gave no answer: nothing is known. */
        UNKNOWN;

        /** Whether signatures made with the key would fail at receivers. */
        public boolean isWrong() {
            return this == MISSING || this == MISMATCH || this == INVALID;
        }
    }

    private final KeyRecordResolver resolver;

    public PublishedKeyCheck(KeyRecordResolver resolver) {
        this.resolver = Objects.requireNonNull(resolver, "resolver");
    }

    /** Checks the record of one key, published at {@code <selector>._domainkey.<domain>}. */
    public Outcome check(String signingDomain, String selector, SigningKey key) {
        String name = selector + "._domainkey." + signingDomain;
        List<String> records;
        try {
            records = resolver.lookupTxt(name);
        } catch (TemporaryDkimException | RuntimeException e) {
            return new Outcome(Status.UNKNOWN, key, "cannot look up " + name + ": "
                    + e.getMessage());
        }
        if (records.isEmpty()) {
            return new Outcome(Status.MISSING, key, "no key record at " + name
                    + "; publish: " + key.keyRecordText());
        }

        String problem = null;
        boolean parsed = false;
        for (String text : records) {
            KeyRecord record;
            try {
                record = KeyRecord.parse(text);
            } catch (KeyRecordException e) {
                problem = e.getMessage();
                continue;
            }
            parsed = true;
            if (record.isPublicHalfOf(key)) {
                return new Outcome(Status.PUBLISHED, key, "key record at " + name
                        + " matches");
            }
            problem = record.isRevoked()
                    ? "the record is revoked (empty p=)"
                    : "the record publishes another key (" + record + ")";
        }
        if (!parsed) {
            return new Outcome(Status.INVALID, key, "the record at " + name
                    + " is not a usable key record: " + problem);
        }
        return new Outcome(Status.MISMATCH, key, "the record at " + name
                + " does not match the private key " + key.source() + ": " + problem
                + "; publish: " + key.keyRecordText());
    }

    /** The status of one key, the key checked, and a sentence saying why. */
    public static final class Outcome {
        private final Status status;
        private final SigningKey key;
        private final String detail;

        Outcome(Status status, SigningKey key, String detail) {
            this.status = status;
            this.key = key;
            this.detail = detail;
        }

        public Status status() {
            return status;
        }

        /** The key that was checked: a rotated key needs checking again. */
        public SigningKey key() {
            return key;
        }

        public String detail() {
            return detail;
        }

        @Override
        public String toString() {
            return status + ": " + detail;
        }
    }
}
