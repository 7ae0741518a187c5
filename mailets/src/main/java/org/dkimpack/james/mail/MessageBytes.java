package org.dkimpack.james.mail;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;

import javax.mail.MessagingException;
import javax.mail.Session;
import javax.mail.internet.MimeMessage;
import javax.mail.util.SharedByteArrayInputStream;
import javax.mail.util.SharedFileInputStream;

/**
 * A message as the bytes James sends: what {@link MimeMessage#writeTo} writes, header lines
 * ending in CRLF. The mailets sign and verify these bytes, then hand James a message made
 * from them with new header fields in front, which James writes out again byte for byte.
 *
 * <p>The bytes are held once: in memory up to a limit, in a temporary file beyond it, so that
 * a large message does not cost the heap its size. Either way room is kept in front of them,
 * so that the fields a mailet adds (a signature, an {@code Authentication-Results} field) are
 * written there rather than into a new copy of the message, and the message handed to James
 * reads its body from the same array or file ({@link SharedByteArrayInputStream},
 * {@link SharedFileInputStream}) instead of copying it.
 *
 * <p>{@link #close()} deletes the file. A message made by
 * {@link #toMimeMessageWithPrepended} keeps the file open and readable until it is itself
 * collected (on Windows, where an open file cannot be deleted, until the JVM exits).
 */
public final class MessageBytes implements Closeable {
    /** Messages up to this size stay in memory unless told otherwise. */
    public static final int DEFAULT_MEMORY_LIMIT = 8 << 20;

    private static final byte[] CRLF = {'\r', '\n'};
    private static final int MIN_CAPACITY = 8192;
    /** Room for the fields the mailets prepend: a few signatures and a results field. */
    private static final int HEADROOM = 4096;
    /** Room beyond the expected size, for what MimeMessage.getSize() leaves out: the header. */
    private static final int HEADER_ALLOWANCE = 16384;
    private static final int FILE_BUFFER = 65536;
    private static final Session SESSION = Session.getInstance(new Properties());

    private final byte[] buffer;
    private final Path file;
    private final long length;
    private final long memoryLimit;

    private MessageBytes(byte[] buffer, Path file, long length, long memoryLimit) {
        this.buffer = buffer;
        this.file = file;
        this.length = length;
        this.memoryLimit = memoryLimit;
    }

    /** The bytes of a message, as {@link MimeMessage#writeTo} writes them, in memory or not. */
    public static MessageBytes of(MimeMessage message, long memoryLimit)
            throws IOException, MessagingException {
        int size = message.getSize();
        Writer out = writer(size > 0 ? size : MIN_CAPACITY, memoryLimit);
        try {
            message.writeTo(out);
            return out.finish();
        } catch (IOException | MessagingException | RuntimeException e) {
            out.discard();
            throw e;
        }
    }

    /** The same, up to {@link #DEFAULT_MEMORY_LIMIT} in memory. */
    public static MessageBytes of(MimeMessage message) throws IOException, MessagingException {
        return of(message, DEFAULT_MEMORY_LIMIT);
    }

    /** Bytes given as they are, in memory. */
    public static MessageBytes of(byte[] bytes) {
        byte[] buffer = new byte[HEADROOM + bytes.length];
        System.arraycopy(bytes, 0, buffer, HEADROOM, bytes.length);
        return new MessageBytes(buffer, null, bytes.length, DEFAULT_MEMORY_LIMIT);
    }

    /**
     * A stream to write a message into, kept in memory up to {@code memoryLimit}; one
     * expected to be larger goes to a file from the start.
     */
    public static Writer writer(long expectedSize, long memoryLimit) {
        return new Writer(expectedSize, memoryLimit);
    }

    /** The session the mailets' messages belong to: never used to send. */
    public static Session session() {
        return SESSION;
    }

    /** Whether the bytes are in a temporary file rather than in memory. */
    public boolean isInFile() {
        return file != null;
    }

    /** The memory limit this message was read with, for the messages made from it. */
    public long memoryLimit() {
        return memoryLimit;
    }

    /**
     * The bytes, as a stream. In memory, a {@link MimeMessage} parsed from it reads its body
     * from the same array. Close it when done: for a message in a file it holds the file
     * open.
     */
    public InputStream newInputStream() throws IOException {
        if (file == null) {
            return new SharedByteArrayInputStream(buffer, HEADROOM, (int) length);
        }
        return new Window(file, HEADROOM, length);
    }

    public long length() {
        return length;
    }

    /** The bytes in a new array (for tests and small messages). */
    public byte[] toByteArray() throws IOException {
        if (file == null) {
            return Arrays.copyOfRange(buffer, HEADROOM, HEADROOM + (int) length);
        }
        try (InputStream in = newInputStream()) {
            return in.readAllBytes();
        }
    }

    /** Whether a byte at or above 128 appears after the header block: an 8-bit body. */
    public boolean hasEightBitBody() throws IOException {
        if (file == null) {
            int end = HEADROOM + (int) length;
            for (int i = bodyStart(); i < end; i++) {
                if (buffer[i] < 0) {
                    return true;
                }
            }
            return false;
        }
        try (InputStream in = newInputStream()) {
            byte[] chunk = new byte[FILE_BUFFER];
            // 0: inside a line; 1: after LF; 2: after LF CR; 3: in the body.
            int state = 0;
            for (int count = in.read(chunk); count > 0; count = in.read(chunk)) {
                for (int i = 0; i < count; i++) {
                    byte b = chunk[i];
                    if (state == 3) {
                        if (b < 0) {
                            return true;
                        }
                    } else if (b == '\n') {
                        state = state == 0 ? 1 : 3;
                    } else if (b == '\r' && state == 1) {
                        state = 2;
                    } else {
                        state = 0;
                    }
                }
            }
            return false;
        }
    }

    /**
     * A message made of header fields put in front of these bytes, in the order given. James
     * writes it out as exactly those fields, each followed by CRLF, and then these bytes.
     *
     * <p>The fields go into the room in front of the bytes when they fit, where an earlier
     * call's fields were: a message made earlier has parsed its header block already and
     * reads only its body from the array or file, so it is not affected.
     *
     * @param fields whole header fields, name included, folded with CRLF, without a final CRLF
     */
    public MimeMessage toMimeMessageWithPrepended(List<String> fields)
            throws IOException, MessagingException {
        byte[] prefix = prefix(fields);
        if (prefix.length > HEADROOM) {
            return withPrependedCopy(prefix);
        }
        int start = HEADROOM - prefix.length;
        if (file == null) {
            System.arraycopy(prefix, 0, buffer, start, prefix.length);
            return new MimeMessage(SESSION,
                    new SharedByteArrayInputStream(buffer, start, prefix.length + (int) length));
        }
        try (RandomAccessFile out = new RandomAccessFile(file.toFile(), "rw")) {
            out.seek(start);
            out.write(prefix);
        }
        return new FileBackedMessage(new SharedFileInputStream(file.toFile(), FILE_BUFFER),
                start, HEADROOM + length);
    }

    /** Fields too long for the room in front: a new copy with them, in memory or a file. */
    private MimeMessage withPrependedCopy(byte[] prefix) throws IOException, MessagingException {
        Writer out = writer(prefix.length + length, memoryLimit);
        try (InputStream in = newInputStream()) {
            out.write(prefix);
            in.transferTo(out);
            MessageBytes copy = out.finish();
            MimeMessage message = copy.toMimeMessageWithPrepended(List.of());
            copy.close();
            return message;
        } catch (IOException | MessagingException | RuntimeException e) {
            out.discard();
            throw e;
        }
    }

    /** Deletes the temporary file, if there is one. */
    @Override
    public void close() {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                // Windows: still open for a message made from it.
                file.toFile().deleteOnExit();
            }
        }
    }

    /** In memory: the offset after the blank line that ends the header block, or the end. */
    private int bodyStart() {
        int end = HEADROOM + (int) length;
        for (int i = HEADROOM; i < end; i++) {
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

    private static byte[] prefix(List<String> fields) {
        ByteArrayOutputStream prefix = new ByteArrayOutputStream();
        for (String field : fields) {
            prefix.writeBytes(field.getBytes(StandardCharsets.ISO_8859_1));
            prefix.writeBytes(CRLF);
        }
        return prefix.toByteArray();
    }

    /**
     * Collects a message: in an array that starts after some room left free, then, past the
     * memory limit, in a temporary file that does the same.
     */
    public static final class Writer extends OutputStream {
        private final long memoryLimit;
        /** Known to be too large for memory from the start: straight to a file. */
        private final boolean fileAtOnce;
        private Buffer memory;
        private Path file;
        private OutputStream fileOut;
        private long length;

        private Writer(long expectedSize, long memoryLimit) {
            this.memoryLimit = memoryLimit;
            this.fileAtOnce = expectedSize > memoryLimit;
            long capacity = fileAtOnce ? HEADROOM : HEADROOM
                    + Math.min(Math.max(expectedSize, 0) + HEADER_ALLOWANCE, memoryLimit + 1);
            this.memory = new Buffer((int) Math.min(capacity, Integer.MAX_VALUE - 16), HEADROOM);
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] bytes, int offset, int count) throws IOException {
            if (fileOut == null && (fileAtOnce || length + count > memoryLimit)) {
                spill();
            }
            if (fileOut != null) {
                fileOut.write(bytes, offset, count);
            } else {
                memory.write(bytes, offset, count);
            }
            length += count;
        }

        /** Moves what was collected so far into a temporary file, and goes on there. */
        private void spill() throws IOException {
            file = Files.createTempFile("dkimpack-", ".eml");
            try {
                fileOut = new BufferedOutputStream(Files.newOutputStream(file), FILE_BUFFER);
                fileOut.write(new byte[HEADROOM]);
                fileOut.write(memory.array(), HEADROOM, memory.size() - HEADROOM);
            } catch (IOException e) {
                discard();
                throw e;
            }
            memory = null;
        }

        /** The message written. */
        public MessageBytes finish() throws IOException {
            if (fileOut == null) {
                return new MessageBytes(memory.array(), null, length, memoryLimit);
            }
            fileOut.close();
            return new MessageBytes(null, file, length, memoryLimit);
        }

        /** Gives up: deletes the temporary file, if any. */
        void discard() {
            if (file == null) {
                return;
            }
            try {
                if (fileOut != null) {
                    fileOut.close();
                }
            } catch (IOException e) {
                // Deleted anyway below.
            }
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                // Called while another failure is on its way up: that one is the news.
                file.toFile().deleteOnExit();
            }
        }
    }

    /** A part of a file, for reading it once. Closing it closes the file. */
    private static final class Window extends InputStream {
        private final SharedFileInputStream whole;
        private final InputStream part;

        Window(Path file, long start, long length) throws IOException {
            this.whole = new SharedFileInputStream(file.toFile(), FILE_BUFFER);
            this.part = whole.newStream(start, start + length);
        }

        @Override
        public int read() throws IOException {
            return part.read();
        }

        @Override
        public int read(byte[] bytes, int offset, int count) throws IOException {
            return part.read(bytes, offset, count);
        }

        @Override
        public void close() throws IOException {
            part.close();
            whole.close();
        }
    }

    /**
     * A message whose body stays in the file. It holds the stream of the whole file as well
     * as its own part of it: collecting the whole file's stream would close the file under
     * the part.
     */
    private static final class FileBackedMessage extends MimeMessage {
        @SuppressWarnings("unused")
        private final SharedFileInputStream whole;

        FileBackedMessage(SharedFileInputStream whole, long start, long end)
                throws MessagingException {
            super(SESSION, whole.newStream(start, end));
            this.whole = whole;
        }
    }

    /** A byte array output stream that starts writing after some room left free. */
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
