package org.dkimpack.core.support;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.dkimpack.core.PermanentDkimException;
import org.dkimpack.core.sign.DkimSigner;
import org.dkimpack.core.sign.SignatureSpec;

/** Signs test messages and edits signed ones, as text in ISO-8859-1 (one char per byte). */
public final class Messages {

    private Messages() {
    }

    /** A message of {@code messages/}, as text. */
    public static String message(String name) {
        return new String(TestResources.bytes("messages/" + name), StandardCharsets.ISO_8859_1);
    }

    /** The message with the fields of the given signatures prepended. */
    public static String sign(DkimSigner signer, String message, SignatureSpec... specs) {
        try {
            List<String> fields = signer.sign(stream(message), List.of(specs));
            StringBuilder signed = new StringBuilder();
            for (String field : fields) {
                signed.append(field).append("\r\n");
            }
            return signed.append(message).toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (PermanentDkimException e) {
            throw new IllegalStateException(e);
        }
    }

    public static ByteArrayInputStream stream(String message) {
        return new ByteArrayInputStream(message.getBytes(StandardCharsets.ISO_8859_1));
    }
}
