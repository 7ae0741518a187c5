package org.dkimpack.core.message;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
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

    private final InputStream in;
    private final int maxHeaderBytes;
    private List<HeaderField> headerFields;

    private MessageReader(InputStream in, int maxHeaderBytes) {
        this.in = in instanceof BufferedInputStream ? in : new BufferedInputStream(in, 65536);
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
        return in;
    }

    private List<HeaderField> readHeaderBlock() throws IOException, MessageFormatException {
        List<HeaderField> fields = new ArrayList<>();
        ByteArrayOutputStream field = new ByteArrayOutputStream(256);
        ByteArrayOutputStream line = new ByteArrayOutputStream(256);
        long total = 0;
        while (true) {
            int length = readLine(line);
            if (length < 0) {
                break;
            }
            total += length;
            if (total > maxHeaderBytes) {
                throw new MessageFormatException("header block exceeds the limit of "
                        + maxHeaderBytes + " bytes");
            }
            byte[] bytes = line.toByteArray();
            if (bytes.length == 0) {
                break;
            }
            boolean continuation = bytes[0] == ' ' || bytes[0] == '\t';
            if (continuation && field.size() > 0) {
                field.write('\r');
                field.write('\n');
            } else if (field.size() > 0) {
                fields.add(HeaderField.of(field.toString(StandardCharsets.ISO_8859_1)));
                field.reset();
            }
            field.write(bytes, 0, bytes.length);
        }
        if (field.size() > 0) {
            fields.add(HeaderField.of(field.toString(StandardCharsets.ISO_8859_1)));
        }
        return fields;
    }

    /**
     * Reads one line into {@code line} without its line end, which is CRLF or a bare LF.
     * Returns the number of bytes consumed, or -1 at the end of input with nothing read.
     */
    private int readLine(ByteArrayOutputStream line) throws IOException {
        line.reset();
        int consumed = 0;
        while (true) {
            int b = in.read();
            if (b < 0) {
                return consumed == 0 ? -1 : consumed;
            }
            consumed++;
            if (b == '\n') {
                byte[] bytes = line.toByteArray();
                if (bytes.length > 0 && bytes[bytes.length - 1] == '\r') {
                    line.reset();
                    line.write(bytes, 0, bytes.length - 1);
                }
                return consumed;
            }
            line.write(b);
            if (consumed > maxHeaderBytes) {
                return consumed;
            }
        }
    }
}
