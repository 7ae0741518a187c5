package org.dkimpack.james;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeName;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;
import org.dkimpack.core.result.SignatureResult;
import org.dkimpack.core.result.VerificationResult;

/**
 * The mail attributes {@link DkimVerify} writes and the matchers read. Their form is stable:
 * other mailets and scripts may rely on it.
 *
 * <ul>
 * <li>{@value #RESULT_NAME} (a String): one word for the message, as RFC 8601 names results.
 *     {@code pass} when any signature passes; otherwise the first present of {@code fail},
 *     {@code temperror}, {@code permerror}, {@code policy}, {@code neutral}; {@code none}
 *     for a message without signatures.</li>
 * <li>{@value #RESULTS_NAME} (a list, one entry per {@code DKIM-Signature} field, top to
 *     bottom; empty without signatures): each entry a map from String to String with the keys
 *     <ul>
 *     <li>{@value #RESULT}: {@code pass}, {@code fail}, {@code neutral}, {@code policy},
 *         {@code temperror} or {@code permerror};</li>
 *     <li>{@value #DOMAIN}: the signing domain, {@code d=};</li>
 *     <li>{@value #SELECTOR}: {@code s=};</li>
 *     <li>{@value #ALGORITHM}: {@code a=}, such as {@code rsa-sha256};</li>
 *     <li>{@value #IDENTITY}: {@code i=}, or {@code @} and {@code d=} when absent;</li>
 *     <li>{@value #SIGNATURE}: the first 8 characters of {@code b=} (RFC 6008);</li>
 *     <li>{@value #REASON}: why the result is what it is, for people; empty for a plain
 *         pass.</li>
 *     </ul>
 *     Every key is always there; a value that could not be read from a broken signature is
 *     the empty string.</li>
 * </ul>
 *
 * <p>Both are built from James's serializable attribute values (strings, lists and maps), so
 * they survive James's mail queues.
 */
public final class DkimAttributes {
    public static final String RESULT_NAME = "dkim.result";
    public static final String RESULTS_NAME = "dkim.results";
    /** The message's result, one word. */
    public static final AttributeName MESSAGE_RESULT = AttributeName.of(RESULT_NAME);
    /** One map per signature. */
    public static final AttributeName SIGNATURE_RESULTS = AttributeName.of(RESULTS_NAME);

    public static final String RESULT = "result";
    public static final String DOMAIN = "domain";
    public static final String SELECTOR = "selector";
    public static final String ALGORITHM = "algorithm";
    public static final String IDENTITY = "identity";
    public static final String SIGNATURE = "signature";
    public static final String REASON = "reason";

    private DkimAttributes() {
    }

    /** Records a verification's results on a mail, replacing earlier ones. */
    public static void record(Mail mail, VerificationResult results) {
        List<AttributeValue<?>> entries = new ArrayList<>();
        for (SignatureResult signature : results.signatures()) {
            Map<String, AttributeValue<?>> entry = new LinkedHashMap<>();
            entry.put(RESULT, AttributeValue.of(signature.result().token()));
            entry.put(DOMAIN, AttributeValue.of(signature.signingDomain().orElse("")));
            entry.put(SELECTOR, AttributeValue.of(signature.selector().orElse("")));
            entry.put(ALGORITHM, AttributeValue.of(signature.algorithm().orElse("")));
            entry.put(IDENTITY, AttributeValue.of(
                    signature.agentOrUserIdentifier().orElse("")));
            entry.put(SIGNATURE, AttributeValue.of(signature.signaturePrefix().orElse("")));
            entry.put(REASON, AttributeValue.of(signature.reason().orElse("")));
            entries.add(AttributeValue.of(entry));
        }
        mail.setAttribute(new Attribute(MESSAGE_RESULT,
                AttributeValue.of(results.summary().token())));
        mail.setAttribute(new Attribute(SIGNATURE_RESULTS, AttributeValue.of(entries)));
    }

    /** The message's result word, when DkimVerify has seen the mail. */
    public static Optional<String> messageResult(Mail mail) {
        return mail.getAttribute(MESSAGE_RESULT)
                .flatMap(attribute -> attribute.getValue().valueAs(String.class));
    }

    /**
     * The per-signature results, each a map with the keys above; entries of another shape
     * (written by something else) are left out.
     */
    public static List<Map<String, String>> signatureResults(Mail mail) {
        Optional<Attribute> attribute = mail.getAttribute(SIGNATURE_RESULTS);
        if (attribute.isEmpty() || !(attribute.get().getValue().value() instanceof Collection)) {
            return List.of();
        }
        List<Map<String, String>> results = new ArrayList<>();
        for (Object item : (Collection<?>) attribute.get().getValue().value()) {
            toStringMap(item).ifPresent(results::add);
        }
        return Collections.unmodifiableList(results);
    }

    private static Optional<Map<String, String>> toStringMap(Object item) {
        if (!(item instanceof AttributeValue)) {
            return Optional.empty();
        }
        Object value = ((AttributeValue<?>) item).value();
        if (!(value instanceof Map)) {
            return Optional.empty();
        }
        Map<String, String> entry = new LinkedHashMap<>();
        for (Map.Entry<?, ?> field : ((Map<?, ?>) value).entrySet()) {
            Object fieldValue = field.getValue() instanceof AttributeValue
                    ? ((AttributeValue<?>) field.getValue()).value()
                    : null;
            if (field.getKey() instanceof String && fieldValue instanceof String) {
                entry.put((String) field.getKey(), (String) fieldValue);
            }
        }
        return Optional.of(Collections.unmodifiableMap(entry));
    }
}
