package org.dkimpack.core.canon;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.dkimpack.core.message.HeaderField;

/**
 * The data a DKIM signature signs (RFC 6376 §3.7): the fields named in {@code h=}, each
 * canonicalized and followed by CRLF, then the {@code DKIM-Signature} field itself with an
 * empty {@code b=} and no CRLF after it.
 */
public final class HeaderHashInput {

    private HeaderHashInput() {
    }

    /**
     * Builds the data to sign or to verify.
     *
     * @param headerFields every field of the message, top to bottom
     * @param signedHeaderNames the names of {@code h=}, in order
     * @param signatureField the {@code DKIM-Signature} field with its {@code b=} value removed
     * @param exclude a field never to select, the signature under verification itself, or null
     */
    public static byte[] build(List<HeaderField> headerFields, List<String> signedHeaderNames,
            HeaderField signatureField, HeaderField exclude, Canonicalization canonicalization) {
        StringBuilder data = new StringBuilder(1024);
        Map<String, Integer> nextFromBottom = new HashMap<>();
        for (String name : signedHeaderNames) {
            String key = name.toLowerCase(Locale.ROOT);
            // RFC 6376 §5.4.2: each occurrence of a name in h= takes the next instance from
            // the bottom; a name listed more often than it occurs selects nothing, which is
            // what keeps a field from being added later (oversigning).
            int start = nextFromBottom.getOrDefault(key, headerFields.size()) - 1;
            int found = -1;
            for (int i = start; i >= 0; i--) {
                HeaderField field = headerFields.get(i);
                if (field != exclude && field.lowerCaseName().equals(key)) {
                    found = i;
                    break;
                }
            }
            nextFromBottom.put(key, found < 0 ? 0 : found);
            if (found >= 0) {
                data.append(HeaderCanonicalizer.canonicalize(canonicalization,
                        headerFields.get(found)));
                data.append("\r\n");
            }
        }
        data.append(HeaderCanonicalizer.canonicalize(canonicalization, signatureField));
        return data.toString().getBytes(StandardCharsets.ISO_8859_1);
    }
}
