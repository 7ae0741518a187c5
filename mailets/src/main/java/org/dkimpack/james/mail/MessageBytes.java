package org.dkimpack.james.mail;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;

import javax.mail.MessagingException;
import javax.mail.Session;
import javax.mail.internet.MimeMessage;

/**
 * A message as the bytes James sends: what {@link MimeMessage#writeTo} writes, header lines
 * ending in CRLF. The mailets sign and verify these bytes, then hand James a message made
 * from them with new header fields in front, which James writes out again byte for byte.
 *
 * <p>The bytes are held in memory once (plus the body once more while James takes the new
 * message over): a 50 MB message costs about 100 MB of heap for the time of the call.
 */
public final class MessageBytes {
    private static final byte[] CRLF = {'\r', '\n'};
    private static final int MIN_CAPACITY = 8192;
    private static final Session SESSION = Session.getInstance(new Properties());

    private final byte[] buffer;
    private final int length;

    private MessageBytes(byte[] buffer, int length) {
        this.buffer = buffer;
        this.length = length;
    }

    /** The bytes of a message, as {@link MimeMessage#writeTo} writes them. */
    public static MessageBytes of(MimeMessage message) throws IOException, MessagingException {
        int size = message.getSize();
        Buffer out = new Buffer(Math.max(MIN_CAPACITY, size > 0 ? size + 1024 : 0));
        message.writeTo(out);
        return new MessageBytes(out.array(), out.size());
    }

    /** Bytes given as they are. */
    public static MessageBytes of(byte[] bytes) {
        return new MessageBytes(bytes, bytes.length);
    }

    /** The session the mailets' messages belong to: never used to send. */
    public static Session session() {
        return SESSION;
    }

    public InputStream newInputStream() {
        return new ByteArrayInputStream(buffer, 0, length);
    }

    public int length() {
        return length;
    }

    public byte[] toByteArray() {
        return Arrays.copyOf(buffer, length);
    }

    /** Whether a byte at or above 128 appears after the header block: an 8-bit body. */
    public boolean hasEightBitBody() {
        int bodyStart = bodyStart();
        for (int i = bodyStart; i < length; i++) {
            if (buffer[i] < 0) {
                return true;
            }
        }
        return false;
    }

    /**
     * A message made of header fields put in front of these bytes, in the order given. James
     * writes it out as exactly those fields, each followed by CRLF, and then these bytes.
     *
     * @param fields whole header fields, name included, folded with CRLF, without a final CRLF
     */
    public MimeMessage toMimeMessageWithPrepended(List<String> fields)
            throws MessagingException {
        return new MimeMessage(SESSION, new SequenceInputStream(
                new ByteArrayInputStream(prefix(fields)), newInputStream()));
    }

    /** The same as {@link #toMimeMessageWithPrepended(List)}, as bytes. */
    public byte[] withPrepended(List<String> fields) {
        byte[] prefix = prefix(fields);
        byte[] result = Arrays.copyOf(prefix, prefix.length + length);
        System.arraycopy(buffer, 0, result, prefix.length, length);
        return result;
    }

    private static byte[] prefix(List<String> fields) {
        ByteArrayOutputStream prefix = new ByteArrayOutputStream();
        for (String field : fields) {
            prefix.writeBytes(field.getBytes(StandardCharsets.ISO_8859_1));
            prefix.writeBytes(CRLF);
        }
        return prefix.toByteArray();
    }

    /** The offset after the blank line that ends the header block; the length if none. */
    private int bodyStart() {
        for (int i = 0; i < length; i++) {
            if (buffer[i] != '\n') {
                continue;
            }
            if (i + 1 < length && buffer[i + 1] == '\n') {
                return i + 2;
            }
            if (i + 2 < length && buffer[i + 1] == '\r' && buffer[i + 2] == '\n') {
                return i + 3;
            }
        }
        return length;
    }

    /** A byte array output stream that hands over its array instead of copying it. */
    private static final class Buffer extends ByteArrayOutputStream {
        Buffer(int capacity) {
            super(capacity);
        }

        byte[] array() {
            return buf;
        }
    }
}
