package org.dkimpack.core.verify;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.dkimpack.core.KeyType;
import org.dkimpack.core.PermanentDkimException;
import org.dkimpack.core.TemporaryDkimException;
import org.dkimpack.core.canon.BodyHashes;
import org.dkimpack.core.canon.HeaderHashInput;
import org.dkimpack.core.dns.KeyRecordResolver;
import org.dkimpack.core.key.KeyAlgorithms;
import org.dkimpack.core.key.KeyPolicy;
import org.dkimpack.core.key.KeyRecord;
import org.dkimpack.core.message.HeaderField;
import org.dkimpack.core.message.MessageFormatException;
import org.dkimpack.core.message.MessageReader;
import org.dkimpack.core.result.DkimResult;
import org.dkimpack.core.result.SignatureResult;
import org.dkimpack.core.result.VerificationResult;
import org.dkimpack.core.tag.TagList;
import org.dkimpack.core.tag.TagListException;

/**
 * Verifies the {@code DKIM-Signature} fields of a message (RFC 6376 §6). The message is read
 * once: the header block is kept, the body is hashed as it streams past, once per distinct
 * canonicalization and hash among the signatures. Each signature then gets a result of its
 * own, with a reason; nothing about a hostile message is thrown, only I/O errors of the
 * stream itself.
 *
 * <p>Instances are immutable and may be shared between threads if the resolver may.
 */
public final class DkimVerifier {
    static final String SIGNATURE_FIELD = "DKIM-Signature";

    /** Enough for the selectors of the mail a server sees in a day, a few hundred KB. */
    private static final int PARSED_RECORDS = 1000;

    private final KeyRecordResolver resolver;
    private final VerifierOptions options;
    private final ParsedKeyRecords parsedRecords = new ParsedKeyRecords(PARSED_RECORDS);

    public DkimVerifier(KeyRecordResolver resolver) {
        this(resolver, VerifierOptions.defaults());
    }

    public DkimVerifier(KeyRecordResolver resolver, VerifierOptions options) {
        this.resolver = Objects.requireNonNull(resolver, "resolver");
        this.options = Objects.requireNonNull(options, "options");
    }

    /**
     * Verifies every signature of a message, up to the configured number.
     *
     * @return one result per {@code DKIM-Signature} field, top to bottom; none for a message
     *     without signatures
     * @throws IOException only when reading the stream fails
     */
    public VerificationResult verify(InputStream message) throws IOException {
        MessageReader reader = MessageReader.of(message, options.maxHeaderBytes());
        List<HeaderField> headerFields;
        try {
            headerFields = reader.headerFields();
        } catch (MessageFormatException e) {
            return new VerificationResult(List.of(SignatureResult.builder(DkimResult.PERMERROR)
                    .reason(e.getMessage()).build()));
        }
        Instant now = options.clock().instant();

        // Read and check every signature field that will be verified.
        List<Check> checks = new ArrayList<>();
        BodyHashes bodyHashes = new BodyHashes();
        for (HeaderField field : headerFields) {
            if (!field.hasName(SIGNATURE_FIELD)) {
                continue;
            }
            Check check = new Check(field);
            checks.add(check);
            if (checks.size() > options.maxSignatures()) {
                check.finish(DkimResult.POLICY, "not checked: limit of "
                        + options.maxSignatures() + " signatures per message reached");
                continue;
            }
            check.parse(now, headerFields);
            if (check.signature != null) {
                check.bodyHashKey = bodyHashes.add(check.signature.canonicalization.body(),
                        check.signature.algorithm, check.signature.bodyLengthLimit);
            }
        }
        if (checks.isEmpty()) {
            return new VerificationResult(List.of());
        }

        // Hash the body once for all of them, then finish each signature.
        bodyHashes.consume(reader.body());
        DnsBudget budget = new DnsBudget();
        List<SignatureResult> results = new ArrayList<>();
        for (Check check : checks) {
            if (!check.finished) {
                check.verify(headerFields, bodyHashes, budget);
            }
            results.add(check.result.build());
        }
        return new VerificationResult(results);
    }

    /** The state of one signature on its way to a result. */
    private final class Check {
        private final HeaderField field;
        private final SignatureResult.Builder result;
        private TagList tags;
        private TagListException syntaxError;
        private SignatureField signature;
        private BodyHashes.Key bodyHashKey;
        private boolean finished;

        Check(HeaderField field) {
            this.field = field;
            this.result = SignatureResult.builder(DkimResult.NEUTRAL);
            describe();
        }

        /** Fills in what the field claims, even when it will not verify. */
        private void describe() {
            try {
                tags = TagList.parse(field.value());
            } catch (TagListException e) {
                syntaxError = e;
                return;
            }
            tags.get("d").ifPresent(result::signingDomain);
            tags.get("s").ifPresent(result::selector);
            tags.get("a").ifPresent(result::algorithm);
            tags.get("b").ifPresent(result::signature);
        }

        void parse(Instant now, List<HeaderField> headerFields) {
            if (syntaxError != null) {
                finish(DkimResult.PERMERROR, "signature syntax error: "
                        + syntaxError.getMessage());
                return;
            }
            try {
                signature = new SignatureField(field, tags, now);
                result.agentOrUserIdentifier(signature.agentOrUserIdentifier);
                checkTimestamp(now);
                checkFromField(headerFields);
            } catch (PermanentDkimException e) {
                signature = null;
                finish(DkimResult.PERMERROR, e.getMessage());
            }
        }

        private void checkTimestamp(Instant now) throws PermanentDkimException {
            long latest = now.getEpochSecond() + options.maxClockSkew().getSeconds();
            if (signature.timestamp > latest) {
                throw new PermanentDkimException("signature timestamp t=" + signature.timestamp
                        + " (" + Times.format(signature.timestamp) + ") is in the future");
            }
        }

        /** RFC 6376 §6.1.1 and RFC 5322 §3.6: one From field, or the signature cannot pass. */
        private void checkFromField(List<HeaderField> headerFields)
                throws PermanentDkimException {
            long fromFields = headerFields.stream().filter(f -> f.hasName("From")).count();
            if (fromFields != 1) {
                throw new PermanentDkimException("message has " + fromFields
                        + " From fields; exactly one is required");
            }
        }

        void verify(List<HeaderField> headerFields, BodyHashes bodyHashes, DnsBudget budget) {
            String name = signature.selector + "._domainkey." + signature.signingDomain;

            // Key record lookup (RFC 6376 §6.1.2), within the message's DNS time.
            if (budget.isSpent()) {
                finish(DkimResult.TEMPERROR, "not looked up: DNS time limit of "
                        + options.maxDnsTime().toMillis() + " ms per message reached");
                return;
            }
            List<String> records;
            try {
                records = budget.lookup(name);
            } catch (TemporaryDkimException e) {
                finish(DkimResult.TEMPERROR, e.getMessage());
                return;
            }
            if (records.isEmpty()) {
                finish(DkimResult.PERMERROR, "no key record at " + name);
                return;
            }

            // Several records at one name: try each usable one (RFC 6376 §6.1.2 step 3).
            Outcome first = null;
            for (String text : records) {
                Outcome outcome;
                try {
                    outcome = verifyWith(parsedRecords.parse(text), headerFields, bodyHashes);
                } catch (PermanentDkimException e) {
                    outcome = new Outcome(DkimResult.PERMERROR, records.size() == 1
                            ? e.getMessage() : "key record at " + name + ": " + e.getMessage());
                }
                if (outcome.result == DkimResult.PASS) {
                    first = outcome;
                    break;
                }
                if (first == null) {
                    first = outcome;
                }
            }
            finish(first.result, first.reason);
        }

        private Outcome verifyWith(KeyRecord keyRecord, List<HeaderField> headerFields,
                BodyHashes bodyHashes) throws PermanentDkimException {
            checkKeyRecord(keyRecord);
            result.keyBits(keyRecord.publicKeyBits());
            result.testing(keyRecord.isTesting());

            // Body hash (RFC 6376 §6.1.3, first half).
            long canonicalLength = bodyHashes.canonicalLength(bodyHashKey);
            if (signature.bodyLengthLimit > canonicalLength) {
                throw new PermanentDkimException("l=" + signature.bodyLengthLimit
                        + " is longer than the body (" + canonicalLength + " canonical bytes)");
            }
            if (!MessageDigest.isEqual(signature.bodyHash, bodyHashes.bodyHash(bodyHashKey))) {
                return new Outcome(DkimResult.FAIL, "body hash did not verify");
            }

            // Header signature (RFC 6376 §6.1.3, second half).
            // The field as it came but for b= (RFC 6376 §3.7), whitespace before the colon
            // included: simple canonicalization hashes it too (§3.4.1).
            HeaderField unsigned = field.withValue(TagList.withEmptyValue(field.value(), "b"));
            byte[] data = HeaderHashInput.build(headerFields, signature.signedHeaderNames,
                    unsigned, field, signature.canonicalization.header());
            if (!KeyAlgorithms.verify(keyRecord, signature.algorithm, data,
                    signature.signature)) {
                return new Outcome(DkimResult.FAIL, "signature did not verify");
            }

            // Local policy on what passed.
            if (signature.bodyLengthLimit >= 0 && signature.bodyLengthLimit < canonicalLength
                    && !options.acceptUnsignedBodyContent()) {
                return new Outcome(DkimResult.POLICY, "body extends beyond l="
                        + signature.bodyLengthLimit + " (" + canonicalLength
                        + " canonical bytes)");
            }
            return new Outcome(DkimResult.PASS,
                    keyRecord.isTesting() ? "key in testing mode (t=y)" : null);
        }

        /** The key record checks of RFC 6376 §6.1.2 and RFC 8301 §3.2. */
        private void checkKeyRecord(KeyRecord keyRecord) throws PermanentDkimException {
            if (keyRecord.isRevoked()) {
                throw new PermanentDkimException("key record revoked (empty p=)");
            }
            if (keyRecord.keyType() != signature.algorithm.keyType()) {
                throw new PermanentDkimException("key type k=" + keyRecord.keyType().tagValue()
                        + " does not match a=" + signature.algorithm.tagValue());
            }
            if (!keyRecord.allowsHash(signature.algorithm.hashName())) {
                throw new PermanentDkimException("key record h= does not allow "
                        + signature.algorithm.hashName());
            }
            if (!keyRecord.allowsEmail()) {
                throw new PermanentDkimException("key record s= does not include email");
            }
            String identifierDomain = signature.agentOrUserIdentifier.substring(
                    signature.agentOrUserIdentifier.lastIndexOf('@') + 1);
            if (keyRecord.isStrict()
                    && !identifierDomain.equalsIgnoreCase(signature.signingDomain)) {
                throw new PermanentDkimException("key record t=s forbids the sub-domain i= "
                        + identifierDomain + " of d=" + signature.signingDomain);
            }
            if (keyRecord.keyType() == KeyType.RSA
                    && keyRecord.publicKeyBits() < KeyPolicy.MINIMUM_RSA_BITS) {
                throw new PermanentDkimException("key too short: " + keyRecord.publicKeyBits()
                        + " bits; at least " + KeyPolicy.MINIMUM_RSA_BITS + " are required");
            }
        }

        void finish(DkimResult value, String reason) {
            result.result(value).reason(reason);
            finished = true;
        }
    }

    /** The DNS time a message has used, measured with the options' nanosecond source. */
    private final class DnsBudget {
        private long spentNanos;

        boolean isSpent() {
            return spentNanos >= options.maxDnsTime().toNanos();
        }

        List<String> lookup(String name) throws TemporaryDkimException {
            long start = options.nanoTime().getAsLong();
            try {
                return resolver.lookupTxt(name);
            } catch (RuntimeException e) {
                // A resolver's own bug must cost one signature a result, never the message.
                throw new TemporaryDkimException("key record lookup for " + name
                        + " failed: " + e, e);
            } finally {
                spentNanos += Math.max(0, options.nanoTime().getAsLong() - start);
            }
        }
    }

    /** A result and its reason, before it is written into the signature's result. */
    private static final class Outcome {
        final DkimResult result;
        final String reason;

        Outcome(DkimResult result, String reason) {
            this.result = result;
            this.reason = reason;
        }
    }
}
