package org.dkimpack.core.message;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Splits a message into its header fields and its body, in one pass over the bytes.
 *
 * <p>The header block is read whole, up to {@link #DEFAULT_MAX_HEADER_BYTES} unless told
 * otherwise, because signatures are computed over selected fields; the body is left in the
 * stream for the caller to hash as it reads it, so a message of any size costs the same
 * memory. A bare LF ends a line as CRLF would, since CRLF is what goes on the wire. A header
 * block with no blank line after it is a message without a body.
 */
public final class MessageReader {
    /** Header blocks beyond this size are refused: 1 MiB holds some 20,000 ordinary fields. */
    public static final int DEFAULT_MAX_HEADER_BYTES = 1 << 20;

    private static final int BUFFER_SIZE = 8192;

    private final InputStream in;
    private final int maxHeaderBytes;
    private final byte[] buffer = new byte[BUFFER_SIZE];
    private final StringBuilder line = new StringBuilder(256);
    private int position;
    private int limit;
    private List<HeaderField> headerFields;
    private InputStream body;

    private MessageReader(InputStream in, int maxHeaderBytes) {
        this.in = in;
        this.maxHeaderBytes = maxHeaderBytes;
    }

    public static MessageReader of(InputStream in) {
        return new MessageReader(in, DEFAULT_MAX_HEADER_BYTES);
    }

    public static MessageReader of(InputStream in, int maxHeaderBytes) {
        if (maxHeaderBytes <= 0) {
            throw new IllegalArgumentException(
                    "maxHeaderBytes must be positive, got " + maxHeaderBytes);
        }
        return new MessageReader(in, maxHeaderBytes);
    }

    /**
     * Reads the header block, once; later calls return the same fields.
     *
     * @throws MessageFormatException when the header block is larger than the limit
     */
    public List<HeaderField> headerFields() throws IOException, MessageFormatException {
        if (headerFields == null) {
            headerFields = Collections.unmodifiableList(readHeaderBlock());
        }
        return headerFields;
    }

    /**
     * The body, positioned just after the blank line that ends the header block. Its line
     * ends are as they were in the input: the body canonicalizers read bare LF as CRLF.
     *
     * @throws IllegalStateException when {@link #headerFields()} has not been read first
     */
    public InputStream body() {
        if (headerFields == null) {
            throw new IllegalStateException("read the header fields before the body");
        }
        if (body == null) {
            body = new BodyStream(buffer, position, limit, in);
        }
        return body;
    }

    private List<HeaderField> readHeaderBlock() throws IOException, MessageFormatException {
        List<HeaderField> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder(256);
        long total = 0;
        while (true) {
            int length = readLine();
            if (length < 0) {
                break;
            }
            total += length;
            if (total > maxHeaderBytes) {
                throw new MessageFormatException("header block exceeds the limit of "
                        + maxHeaderBytes + " bytes");
            }
            if (line.length() == 0) {
                break;
            }
            boolean continuation = line.charAt(0) == ' ' || line.charAt(0) == '\t';
            if (continuation && field.length() > 0) {
                field.append("\r\n");
            } else if (field.length() > 0) {
                fields.add(HeaderField.of(field.toString()));
                field.setLength(0);
            }
            field.append(line);
        }
        if (field.length() > 0) {
            fields.add(HeaderField.of(field.toString()));
        }
        return fields;
    }

    /**
     * Reads one line into {@link #line}, as ISO-8859-1, without its line end (CRLF or a bare
     * LF). Returns the number of bytes consumed, or -1 at the end of input with nothing read.
     * The bytes are scanned in the reader's own buffer: reading a stream byte by byte costs
     * a call, and often a lock, per byte.
     */
    private int readLine() throws IOException {
        line.setLength(0);
        int consumed = 0;
        while (true) {
            if (position == limit && !fill()) {
                return consumed == 0 ? -1 : consumed;
            }
            int start = position;
            while (position < limit && buffer[position] != '\n') {
                position++;
            }
            appendLatin1(start, position);
            consumed += position - start;
            if (position < limit) {
                position++;
                consumed++;
                int last = line.length() - 1;
                if (last >= 0 && line.charAt(last) == '\r') {
                    line.setLength(last);
                }
                return consumed;
            }
            if (consumed > maxHeaderBytes) {
                return consumed;
            }
        }
    }

    private void appendLatin1(int from, int to) {
        for (int i = from; i < to; i++) {
            line.append((char) (buffer[i] & 0xff));
        }
    }

    private boolean fill() throws IOException {
        int count = in.read(buffer, 0, buffer.length);
        if (count <= 0) {
            return false;
        }
        position = 0;
        limit = count;
        return true;
    }

    /** What the header block left in the buffer, then the rest of the stream. */
    private static final class BodyStream extends InputStream {
        private final byte[] buffer;
        private int position;
        private final int limit;
        private final InputStream rest;

        BodyStream(byte[] buffer, int position, int limit, InputStream rest) {
            this.buffer = buffer;
            this.position = position;
            this.limit = limit;
            this.rest = rest;
        }

        @Override
        public int read() throws IOException {
            return position < limit ? buffer[position++] & 0xff : rest.read();
        }

        @Override
        public int read(byte[] target, int offset, int length) throws IOException {
            if (length == 0) {
                return 0;
            }
            if (position < limit) {
                int count = Math.min(length, limit - position);
                System.arraycopy(buffer, position, target, offset, count);
                position += count;
                return count;
            }
            return rest.read(target, offset, length);
        }

        @Override
        public int available() throws IOException {
            return (limit - position) + rest.available();
        }
    }
}
