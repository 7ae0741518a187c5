package org.dkimpack.core.sign;

import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.dkimpack.core.PermanentDkimException;
import org.dkimpack.core.SignatureAlgorithm;
import org.dkimpack.core.canon.BodyHashes;
import org.dkimpack.core.canon.Canonicalization;
import org.dkimpack.core.canon.HeaderHashInput;
import org.dkimpack.core.key.KeyAlgorithms;
import org.dkimpack.core.key.SigningKey;
import org.dkimpack.core.message.HeaderField;
import org.dkimpack.core.message.MessageReader;
import org.dkimpack.core.tag.DkimQuotedPrintable;

/**
 * Makes {@code DKIM-Signature} fields (RFC 6376 §5). The message is read once: its header
 * block is kept, its body is canonicalized and hashed as it streams past, so a message of any
 * size signs in the same memory. Several signatures of one message (RSA and Ed25519 side by
 * side, RFC 8463 §4) share that single pass.
 *
 * <p>The signer returns the fields to prepend and never changes the message: the caller puts
 * each field, followed by CRLF, in front of the bytes it signed. Instances are immutable and
 * may be shared between threads.
 */
public final class DkimSigner {
    private final Clock clock;

    public DkimSigner() {
        this(Clock.systemUTC());
    }

    /** A signer whose {@code t=} and {@code x=} come from the given clock. */
    public DkimSigner(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Signs a message with one signature.
     *
     * @return the {@code DKIM-Signature} field, folded with CRLF, without a final CRLF
     * @throws PermanentDkimException when the message cannot be read as header fields, or
     *     has not exactly one From field: RFC 6376 §5.4 requires From to be signed, and a
     *     verifier never passes a message with two
     */
    public String sign(InputStream message, SignatureSpec spec)
            throws IOException, PermanentDkimException {
        return sign(message, List.of(spec)).get(0);
    }

    /**
     * Signs a message with several signatures, in one pass over it.
     *
     * @return one field per specification, in the same order; prepend them in that order
     */
    public List<String> sign(InputStream message, List<SignatureSpec> specs)
            throws IOException, PermanentDkimException {
        if (specs.isEmpty()) {
            throw new IllegalArgumentException("nothing to sign with: no signature given");
        }
        // Read the header block, then hash the body once per distinct body algorithm.
        MessageReader reader = MessageReader.of(message);
        List<HeaderField> headerFields = reader.headerFields();
        long fromFields = headerFields.stream().filter(f -> f.hasName("From")).count();
        if (fromFields != 1) {
            throw new PermanentDkimException("message has " + fromFields
                    + " From fields; exactly one is required to sign it");
        }
        BodyHashes bodyHashes = new BodyHashes();
        List<BodyHashes.Key> keys = new ArrayList<>();
        for (SignatureSpec spec : specs) {
            keys.add(bodyHashes.add(spec.canonicalization().body(), spec.algorithm(), -1));
        }
        bodyHashes.consume(reader.body());

        // Sign each: tags, then the header hash over the selected fields and the new field.
        long now = clock.instant().getEpochSecond();
        List<String> fields = new ArrayList<>();
        for (int i = 0; i < specs.size(); i++) {
            SignatureSpec spec = specs.get(i);
            BodyHashes.Key key = keys.get(i);
            String unsigned = unsignedField(spec, headerFields, now,
                    bodyHashes.bodyHash(key), bodyHashes.canonicalLength(key));
            String signature = signatureValue(headerFields, spec.headers().select(headerFields),
                    unsigned, spec.key(), spec.algorithm(), spec.canonicalization().header());
            fields.add(SignatureFieldWriter.withSignature(unsigned, signature));
        }
        return fields;
    }

    /**
     * Computes a {@code b=} value for a given unsigned {@code DKIM-Signature} field, as text
     * ending in {@code b=}. The signer uses it for its own fields; it is public so that a
     * published signature can be re-created from its tags (known-answer tests).
     *
     * @param headerFields the message's fields, without the new signature
     * @param signedHeaderNames the names of the field's {@code h=}, in order
     * @param unsignedField the whole field, name included, with an empty {@code b=}
     */
    public static String signatureValue(List<HeaderField> headerFields,
            List<String> signedHeaderNames, String unsignedField, SigningKey key,
            SignatureAlgorithm algorithm, Canonicalization headerCanonicalization) {
        byte[] data = HeaderHashInput.build(headerFields, signedHeaderNames,
                HeaderField.of(unsignedField), null, headerCanonicalization);
        return Base64.getEncoder().encodeToString(KeyAlgorithms.sign(key, algorithm, data));
    }

    private static String unsignedField(SignatureSpec spec, List<HeaderField> headerFields,
            long now, byte[] bodyHash, long canonicalLength) {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put("v", "1");
        tags.put("a", spec.algorithm().tagValue());
        tags.put("c", spec.canonicalization().tagValue());
        tags.put("d", spec.signingDomain());
        tags.put("s", spec.selector());
        spec.agentOrUserIdentifier().ifPresent(i -> tags.put("i", DkimQuotedPrintable.encode(i)));
        if (spec.timestamp()) {
            tags.put("t", Long.toString(now));
        }
        spec.expiration().ifPresent(e -> tags.put("x", Long.toString(now + e.getSeconds())));
        if (spec.bodyLength()) {
            tags.put("l", Long.toString(canonicalLength));
        }

        SignatureFieldWriter writer = new SignatureFieldWriter();
        tags.forEach(writer::tag);
        writer.headerList(spec.headers().select(headerFields));
        writer.tag("bh", Base64.getEncoder().encodeToString(bodyHash));
        return writer.withEmptySignature();
    }
}
