package org.dkimpack.core.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;

/**
 * A signed message taken apart into header fields and body, changed step by step as the
 * fuzzer chooses, keeping track of what each change does to each of its genuine signatures.
 * The effects come from RFC 6376 §3.4 and §5.4, not from the code under test:
 *
 * <ul>
 *   <li>a visible character added to a signed field, a signed field removed, or a visible
 *       character added to the body breaks the signature, whatever the canonicalization
 *       (beyond an {@code l=} the result is {@code policy}, which is no pass either);</li>
 *   <li>whitespace added around the colon, at the end of a value or next to other whitespace,
 *       and folding a signed field, change nothing under {@code relaxed} header
 *       canonicalization and break the signature under {@code simple};</li>
 *   <li>whitespace added next to other whitespace or at the end of a body line changes
 *       nothing under {@code relaxed} body canonicalization and breaks {@code simple};</li>
 *   <li>empty lines added at the end of the body, and fields no signature covers, change
 *       nothing;</li>
 *   <li>the same applies to the signature's own field, which is signed with its {@code b=}
 *       value emptied, and to copies of it added elsewhere, except that whitespace added
 *       after its colon under {@code simple} may fall in the emptied value, so its effect is
 *       left open; a copy with one character replaced is left open too (the padding bits of
 *       base64 can change without changing {@code b=}), and a copy under another spelling of
 *       the name breaks the signature under {@code simple} only.</li>
 * </ul>
 *
 * <p>The changes never add a line break that would start a field or end the header block,
 * so the fields stay one to one with what a reader finds.
 */
final class MutatedMessage {
    /** What the changes did to a signature, from harmless to fatal. */
    enum Effect {
        NONE, UNKNOWN, BROKEN
    }

    /** What was changed that breaks a signature. */
    enum Cause {
        /** A header field the signature covers. */
        SIGNED_FIELD,
        /** The body. */
        BODY,
        /** The signature's own field. */
        SIGNATURE_FIELD,
        /** Whitespace between the signature field's name and colon, under simple. */
        SIGNATURE_FIELD_NAME
    }

    /** What the changes did to one signature, and the first thing that broke it. */
    static final class Outcome {
        private Effect effect = Effect.NONE;
        private Cause cause;

        Effect effect() {
            return effect;
        }

        Cause cause() {
            return cause;
        }

        void add(Effect more, Cause because) {
            if (more.compareTo(effect) > 0) {
                effect = more;
                cause = because;
            }
        }

        Outcome and(Outcome other) {
            Outcome both = new Outcome();
            both.add(effect, cause);
            both.add(other.effect, other.cause);
            return both;
        }
    }

    private static final List<String> SIGNATURE_NAMES =
            List.of("DKIM-Signature", "dkim-signature", "DKIM-SIGNATURE", "DKIM-Signature ");
    private static final char[] WHITESPACE = {' ', '\t'};

    /** A genuine signature of the base message. */
    private static final class Signature {
        final String name;
        final String value;
        final boolean relaxedHeader;
        final boolean relaxedBody;
        final Set<String> signedNames;

        Signature(String field) {
            this.name = field.substring(0, field.indexOf(':'));
            this.value = HeaderBlock.value(field);
            String c = HeaderBlock.tag(value, "c").orElse("simple/simple")
                    .toLowerCase(Locale.ROOT);
            this.relaxedHeader = c.startsWith("relaxed");
            this.relaxedBody = c.endsWith("/relaxed");
            this.signedNames = new HashSet<>();
            for (String signed : HeaderBlock.tag(value, "h").orElseThrow().split(":")) {
                signedNames.add(signed.replaceAll("[ \t\r\n]", "").toLowerCase(Locale.ROOT));
            }
        }
    }

    /** A header field, and the genuine signature it carries, if any. */
    private static final class Field {
        String raw;
        final int signature;
        final Outcome outcome = new Outcome();

        Field(String raw, int signature) {
            this.raw = raw;
            this.signature = signature;
        }
    }

    private final List<Signature> signatures = new ArrayList<>();
    private final List<Field> fields = new ArrayList<>();
    private final StringBuilder body;
    private final Outcome[] content;
    private int unsignedFields;

    private MutatedMessage(byte[] signedMessage) {
        HeaderBlock header = HeaderBlock.read(signedMessage);
        for (String raw : header.fields()) {
            if (HeaderBlock.isSignatureField(raw)) {
                fields.add(new Field(raw, signatures.size()));
                signatures.add(new Signature(raw));
            } else {
                fields.add(new Field(raw, -1));
            }
        }
        this.body = new StringBuilder(new String(signedMessage, header.length(),
                signedMessage.length - header.length(), StandardCharsets.ISO_8859_1));
        this.content = new Outcome[signatures.size()];
        for (int i = 0; i < content.length; i++) {
            content[i] = new Outcome();
        }
    }

    /**
     * Takes a signed message apart.
     *
     * @throws IllegalStateException when the message does not fit the model: a field that
     *     could become a signed one by one added character, a signed field name that occurs
     *     twice, a signature covering {@code DKIM-Signature} fields, or a body that does not
     *     end with a line end or holds a CR without LF
     */
    static MutatedMessage of(byte[] signedMessage) {
        MutatedMessage message = new MutatedMessage(signedMessage);
        message.checkFitsModel();
        return message;
    }

    /** Makes one change, as the fuzzer chooses. */
    void mutate(FuzzedDataProvider data) {
        switch (data.consumeInt(0, 8)) {
            case 0:
                fields.add(data.consumeInt(0, fields.size()), new Field("X-Fuzz-"
                        + ++unsignedFields + ":" + oneLine(data), -1));
                break;
            case 1:
                addSignatureField(data);
                break;
            case 2:
                insertVisibleCharacter(data);
                break;
            case 3:
                removeField(data);
                break;
            case 4:
                insertWhitespace(data);
                break;
            case 5:
                fold(data);
                break;
            case 6:
                for (int i = data.consumeInt(1, 3); i > 0; i--) {
                    body.append(data.consumeBoolean() ? "\r\n" : "\n");
                }
                break;
            case 7:
                insertVisibleCharacterInBody(data);
                break;
            default:
                insertWhitespaceInBody(data);
                break;
        }
    }

    byte[] toBytes() {
        StringBuilder message = new StringBuilder();
        for (Field field : fields) {
            message.append(field.raw).append("\r\n");
        }
        message.append("\r\n").append(body);
        return message.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    /** The fields as they are now, top to bottom. */
    List<String> fieldTexts() {
        List<String> texts = new ArrayList<>();
        for (Field field : fields) {
            texts.add(field.raw);
        }
        return texts;
    }

    /**
     * For each {@code DKIM-Signature} field now in the message, top to bottom: what the
     * changes did to the genuine signature it carries, or null for a field the fuzzer wrote.
     */
    List<Outcome> signatureOutcomes() {
        List<Outcome> outcomes = new ArrayList<>();
        for (Field field : fields) {
            if (HeaderBlock.isSignatureField(field.raw)) {
                outcomes.add(field.signature < 0 ? null
                        : content[field.signature].and(field.outcome));
            }
        }
        return outcomes;
    }

    private void addSignatureField(FuzzedDataProvider data) {
        int position = data.consumeInt(0, fields.size());
        String name = data.pickValue(SIGNATURE_NAMES);
        int kind = data.consumeInt(0, 2);
        if (kind == 0 || signatures.isEmpty()) {
            fields.add(position, new Field(name + ":" + oneLine(data), -1));
            return;
        }
        int index = data.consumeInt(0, signatures.size() - 1);
        Signature signature = signatures.get(index);
        Field copy = new Field(name + ":" + signature.value, index);
        if (kind == 1) {
            // A copy of the genuine field, perhaps under another spelling of its name, which
            // only relaxed canonicalization ignores.
            if (!name.equals(signature.name) && !signature.relaxedHeader) {
                copy.outcome.add(Effect.BROKEN, name.trim().equals(signature.name)
                        ? Cause.SIGNATURE_FIELD_NAME : Cause.SIGNATURE_FIELD);
            }
        } else {
            // One character replaced by another: in the b= value it may not change the bytes
            // (base64 padding bits), so the outcome is left open.
            int at = name.length() + 1 + data.consumeInt(0, signature.value.length() - 1);
            char replaced = copy.raw.charAt(at);
            // Line breaks and the space after them stay, so that the field stays one field.
            if (replaced != '\r' && replaced != '\n' && copy.raw.charAt(at - 1) != '\n') {
                copy.raw = copy.raw.substring(0, at) + visibleCharacter(data)
                        + copy.raw.substring(at + 1);
            }
            copy.outcome.add(Effect.UNKNOWN, null);
        }
        fields.add(position, copy);
    }

    private void insertVisibleCharacter(FuzzedDataProvider data) {
        if (fields.isEmpty()) {
            return;
        }
        Field field = fields.get(data.consumeInt(0, fields.size() - 1));
        int position = data.consumeInt(0, field.raw.length());
        if (position > 0 && field.raw.charAt(position - 1) == '\n') {
            // Right after a line break: go past the space that keeps the line a continuation.
            position++;
        } else if (position > 0 && position < field.raw.length()
                && field.raw.charAt(position - 1) == '\r') {
            position--;
        }
        changed(field, Effect.BROKEN);
        field.raw = field.raw.substring(0, position) + visibleCharacter(data)
                + field.raw.substring(position);
    }

    private void removeField(FuzzedDataProvider data) {
        if (fields.isEmpty()) {
            return;
        }
        Field field = fields.remove(data.consumeInt(0, fields.size() - 1));
        changed(field, Effect.BROKEN);
    }

    /** Whitespace before or after the colon, at the end, or next to whitespace. */
    private void insertWhitespace(FuzzedDataProvider data) {
        if (fields.isEmpty()) {
            return;
        }
        Field field = fields.get(data.consumeInt(0, fields.size() - 1));
        int colon = field.raw.indexOf(':');
        int where = data.consumeInt(0, 3);
        int position;
        if (where == 0 && colon >= 0) {
            position = colon;
        } else if (where == 1 && colon >= 0) {
            position = colon + 1;
        } else if (where == 2) {
            position = field.raw.length();
        } else {
            List<Integer> spaces = whitespaceAfterColon(field.raw, false);
            if (spaces.isEmpty()) {
                return;
            }
            position = data.pickValue(spaces);
        }
        if (position == 0) {
            // A field starting with whitespace would continue the one above it.
            return;
        }
        changedWhitespace(field, where == 0 ? Effect.BROKEN : Effect.UNKNOWN);
        field.raw = field.raw.substring(0, position) + data.pickValue(WHITESPACE)
                + field.raw.substring(position);
    }

    /** A space or tab after the colon becomes a line break and itself. */
    private void fold(FuzzedDataProvider data) {
        if (fields.isEmpty()) {
            return;
        }
        Field field = fields.get(data.consumeInt(0, fields.size() - 1));
        List<Integer> spaces = whitespaceAfterColon(field.raw, true);
        if (spaces.isEmpty()) {
            return;
        }
        int position = data.pickValue(spaces);
        changedWhitespace(field, Effect.UNKNOWN);
        field.raw = field.raw.substring(0, position) + "\r\n" + field.raw.substring(position);
    }

    private void insertVisibleCharacterInBody(FuzzedDataProvider data) {
        int position = data.consumeInt(0, body.length());
        if (position > 0 && position < body.length() && body.charAt(position - 1) == '\r') {
            position--;
        }
        body.insert(position, visibleCharacter(data));
        for (Outcome outcome : content) {
            outcome.add(Effect.BROKEN, Cause.BODY);
        }
    }

    /** Whitespace next to whitespace, before a line end, or at the very end. */
    private void insertWhitespaceInBody(FuzzedDataProvider data) {
        List<Integer> positions = new ArrayList<>();
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            boolean lineEnd = c == '\n' || (c == '\r' && i + 1 < body.length()
                    && body.charAt(i + 1) == '\n');
            if (c == ' ' || c == '\t' || (lineEnd && (i == 0 || body.charAt(i - 1) != '\r'))) {
                positions.add(i);
            }
        }
        positions.add(body.length());
        body.insert((int) data.pickValue(positions), data.pickValue(WHITESPACE));
        for (int i = 0; i < signatures.size(); i++) {
            if (!signatures.get(i).relaxedBody) {
                content[i].add(Effect.BROKEN, Cause.BODY);
            }
        }
    }

    /**
     * Records a change to a field: for the signature it carries, or for the signatures that
     * cover its name.
     */
    private void changed(Field field, Effect effect) {
        if (field.signature >= 0 && HeaderBlock.isSignatureField(field.raw)) {
            field.outcome.add(effect, Cause.SIGNATURE_FIELD);
            return;
        }
        String name = HeaderBlock.name(field.raw).toLowerCase(Locale.ROOT);
        for (int i = 0; i < signatures.size(); i++) {
            if (signatures.get(i).signedNames.contains(name)) {
                content[i].add(effect, Cause.SIGNED_FIELD);
            }
        }
    }

    /**
     * Records a whitespace change: harmless under relaxed, breaking under simple; in the
     * signature's own field under simple, the given effect (whitespace before the colon
     * breaks it, elsewhere it may fall into the emptied b= value).
     */
    private void changedWhitespace(Field field, Effect simpleOwnEffect) {
        if (field.signature >= 0 && HeaderBlock.isSignatureField(field.raw)) {
            if (!signatures.get(field.signature).relaxedHeader) {
                field.outcome.add(simpleOwnEffect, simpleOwnEffect == Effect.BROKEN
                        ? Cause.SIGNATURE_FIELD_NAME : null);
            }
            return;
        }
        String name = HeaderBlock.name(field.raw).toLowerCase(Locale.ROOT);
        for (int i = 0; i < signatures.size(); i++) {
            Signature signature = signatures.get(i);
            if (signature.signedNames.contains(name) && !signature.relaxedHeader) {
                content[i].add(Effect.BROKEN, Cause.SIGNED_FIELD);
            }
        }
    }

    /**
     * Positions of the spaces and tabs after the colon; for folding, only those not already
     * starting a continuation line.
     */
    private static List<Integer> whitespaceAfterColon(String raw, boolean forFolding) {
        List<Integer> positions = new ArrayList<>();
        int colon = raw.indexOf(':');
        if (colon < 0) {
            return positions;
        }
        for (int i = colon + 1; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if ((c == ' ' || c == '\t') && !(forFolding && raw.charAt(i - 1) == '\n')) {
                positions.add(i);
            }
        }
        return positions;
    }

    private static char visibleCharacter(FuzzedDataProvider data) {
        return (char) data.consumeInt(0x21, 0x7e);
    }

    /** Fuzzed text for a field value, its CR and LF made spaces so that it stays one line. */
    private static String oneLine(FuzzedDataProvider data) {
        return new String(data.consumeBytes(data.consumeInt(0, 200)),
                StandardCharsets.ISO_8859_1).replace('\r', ' ').replace('\n', ' ');
    }

    private void checkFitsModel() {
        Set<String> signed = new HashSet<>();
        for (Signature signature : signatures) {
            signed.addAll(signature.signedNames);
        }
        if (signed.contains("dkim-signature")) {
            throw new IllegalStateException("a signature covers DKIM-Signature fields");
        }
        Set<String> seen = new HashSet<>();
        for (Field field : fields) {
            if (field.signature >= 0) {
                continue;
            }
            String name = HeaderBlock.name(field.raw).toLowerCase(Locale.ROOT);
            if (signed.contains(name) && !seen.add(name)) {
                throw new IllegalStateException("signed field " + name + " occurs twice");
            }
            for (String other : signed) {
                if (isOneInsertionAway(name, other)) {
                    throw new IllegalStateException(name + " is one character from " + other);
                }
            }
        }
        String text = body.toString();
        if (text.replace("\r\n", "\n").indexOf('\r') >= 0) {
            throw new IllegalStateException("the body holds a CR without LF");
        }
        if (!text.isEmpty() && !text.endsWith("\n")) {
            throw new IllegalStateException("the body does not end with a line end");
        }
    }

    private static boolean isOneInsertionAway(String name, String longer) {
        if (longer.length() != name.length() + 1) {
            return false;
        }
        for (int i = 0; i < longer.length(); i++) {
            if ((longer.substring(0, i) + longer.substring(i + 1)).equals(name)) {
                return true;
            }
        }
        return false;
    }
}
