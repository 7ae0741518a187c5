package org.dkimpack.james.mail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;

import javax.mail.MessagingException;
import javax.mail.Session;
import javax.mail.internet.MimeMessage;
import javax.mail.util.SharedByteArrayInputStream;

/**
 * A message as the bytes James sends: what {@link MimeMessage#writeTo} writes, header lines
 * ending in CRLF. The mailets sign and verify these bytes, then hand James a message made
 * from them with new header fields in front, which James writes out again byte for byte.
 *
 * <p>The bytes are held in memory once. The array keeps room in front of them, so that the
 * fields a mailet adds (a signature, an {@code Authentication-Results} field) are written
 * there rather than into a new copy of the message, and the message handed to James reads its
 * body from the same array ({@link SharedByteArrayInputStream}) instead of copying it.
 */
public final class MessageBytes {
    private static final byte[] CRLF = {'\r', '\n'};
    private static final int MIN_CAPACITY = 8192;
    /** Room for the fields the mailets prepend: a few signatures and a results field. */
    private static final int HEADROOM = 4096;
    /** Allowance for what MimeMessage.getSize() leaves out: the header block. */
    private static final int HEADER_ALLOWANCE = 16384;
    private static final Session SESSION = Session.getInstance(new Properties());

    private final byte[] buffer;
    private final int offset;
    private final int length;

    private MessageBytes(byte[] buffer, int offset, int length) {
        this.buffer = buffer;
        this.offset = offset;
        this.length = length;
    }

    /** The bytes of a message, as {@link MimeMessage#writeTo} writes them. */
    public static MessageBytes of(MimeMessage message) throws IOException, MessagingException {
        int size = message.getSize();
        long capacity = HEADROOM + (size > 0 ? (long) size + HEADER_ALLOWANCE : MIN_CAPACITY);
        Buffer out = new Buffer((int) Math.min(capacity, Integer.MAX_VALUE - 16), HEADROOM);
        message.writeTo(out);
        return new MessageBytes(out.array(), HEADROOM, out.size() - HEADROOM);
    }

    /** Bytes given as they are. */
    public static MessageBytes of(byte[] bytes) {
        return new MessageBytes(bytes, 0, bytes.length);
    }

    /** The session the mailets' messages belong to: never used to send. */
    public static Session session() {
        return SESSION;
    }

    /** The bytes, as a stream that a {@link MimeMessage} reads its body from without a copy. */
    public InputStream newInputStream() {
        return new SharedByteArrayInputStream(buffer, offset, length);
    }

    public int length() {
        return length;
    }

    public byte[] toByteArray() {
        return Arrays.copyOfRange(buffer, offset, offset + length);
    }

    /** Whether a byte at or above 128 appears after the header block: an 8-bit body. */
    public boolean hasEightBitBody() {
        int end = offset + length;
        for (int i = bodyStart(); i < end; i++) {
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
     * <p>The fields go into the room in front of the bytes when they fit, where an earlier
     * call's fields were: a message made earlier has parsed its header block already and
     * reads only its body from the array, so it is not affected.
     *
     * @param fields whole header fields, name included, folded with CRLF, without a final CRLF
     */
    public MimeMessage toMimeMessageWithPrepended(List<String> fields)
            throws MessagingException {
        byte[] prefix = prefix(fields);
        if (prefix.length <= offset) {
            int start = offset - prefix.length;
            System.arraycopy(prefix, 0, buffer, start, prefix.length);
            return new MimeMessage(SESSION,
                    new SharedByteArrayInputStream(buffer, start, prefix.length + length));
        }
        return new MimeMessage(SESSION, new SharedByteArrayInputStream(withPrepended(fields)));
    }

    /** The same as {@link #toMimeMessageWithPrepended(List)}, as a new array. */
    public byte[] withPrepended(List<String> fields) {
        byte[] prefix = prefix(fields);
        byte[] result = Arrays.copyOf(prefix, prefix.length + length);
        System.arraycopy(buffer, offset, result, prefix.length, length);
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

    /** The offset after the blank line that ends the header block; the end if none. */
    private int bodyStart() {
        int end = offset + length;
        for (int i = offset; i < end; i++) {
            if (buffer[i] != '\n') {
                continue;
            }
            if (i + 1 < end && buffer[i + 1] == '\n') {
                return i + 2;
            }
            if (i + 2 < end && buffer[i + 1] == '\r' && buffer[i + 2] == '\n') {
                return i + 3;
            }
        }
        return end;
    }

    /**
     * A byte array output stream that starts writing after some room left free, and hands
     * over its array instead of copying it.
     */
    private static final class Buffer extends ByteArrayOutputStream {
        Buffer(int capacity, int headroom) {
            super(capacity);
            this.count = headroom;
        }

        byte[] array() {
            return buf;
        }
    }
}
