package org.dkimpack.core.canon;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Body canonicalization, RFC 6376 §3.4.3 (simple) and §3.4.4 (relaxed), as a stream: raw body
 * bytes go in through {@link #write}, in pieces of any size, and the canonical form comes out
 * into the given stream. Only the empty lines not yet known to be trailing and one pending
 * whitespace run are held back, so memory does not grow with the body.
 *
 * <p>Line ends: CRLF and a bare LF both end a line; a bare CR is kept as an ordinary byte.
 * Trailing empty lines are dropped, and a last line without a line end gets one. An empty
 * body is one CRLF in {@code simple} and nothing in {@code relaxed}.
 *
 * <p>Most of a body is already canonical: lines of content ending in CRLF, words separated by
 * one space. Such stretches are passed on as they are, in one write each, and only the bytes
 * where the canonical form differs go through the line-by-line rules.
 */
public final class BodyCanonicalizer extends OutputStream {
    private static final byte[] CRLF = {'\r', '\n'};
    private static final int BUFFER_SIZE = 8192;
    /** Stretches at least this long are written straight through rather than buffered. */
    private static final int DIRECT_WRITE = 512;

    /** Reads eight bytes at a time, to skip ordinary bytes eight at a time. */
    private static final VarHandle LONGS =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long EACH_BYTE_0X21 = 0x2121212121212121L;
    private static final long EACH_HIGH_BIT = 0x8080808080808080L;

    private final boolean relaxed;
    private final OutputStream out;
    private final byte[] buffer = new byte[BUFFER_SIZE];
    private int buffered;

    /** Empty lines seen since the last line with content, not yet written. */
    private long pendingEmptyLines;
    /** A CR seen at the end of the previous input, waiting to learn whether LF follows. */
    private boolean pendingCr;
    /** In relaxed mode, whitespace seen inside the current line, not yet written. */
    private boolean pendingWhitespace;
    private boolean lineHasContent;
    private boolean anythingWritten;
    private boolean closed;

    public BodyCanonicalizer(Canonicalization canonicalization, OutputStream out) {
        this.relaxed = canonicalization == Canonicalization.RELAXED;
        this.out = out;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
        int end = offset + length;
        int i = offset;
        while (i < end) {
            byte b = bytes[i];
            if (pendingCr) {
                pendingCr = false;
                if (b == '\n') {
                    endLine();
                    i++;
                    continue;
                }
                content((byte) '\r');
            }
            if (b == '\r') {
                pendingCr = true;
                i++;
            } else if (b == '\n') {
                endLine();
                i++;
            } else if (relaxed && (b == ' ' || b == '\t')) {
                pendingWhitespace = true;
                i++;
            } else {
                // Content: pass on the canonical stretch that starts here in one piece.
                startContent();
                int stretchEnd = canonicalStretch(bytes, i, end);
                emitStretch(bytes, i, stretchEnd);
                i = stretchEnd;
            }
        }
    }

    /** Ends the body: writes the final line end if needed and flushes, but keeps out open. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        if (pendingCr) {
            pendingCr = false;
            content((byte) '\r');
        }
        if (lineHasContent) {
            endLine();
        }
        if (!anythingWritten && !relaxed) {
            emit(CRLF, 0, 2);
        }
        flushBuffer();
    }

    private void content(byte b) throws IOException {
        startContent();
        emitByte(b);
    }

    /**
     * Finds where the stretch of input that starting at content {@code from} is already
     * canonical ends: the input up to there is its own canonical form. The stretch goes on
     * over ordinary bytes, over whitespace in simple mode and single spaces between content
     * in relaxed mode, and over CRLF when the next line starts with content. It stops before
     * anything that the line rules must see: a bare LF, a CR not known to be followed by LF
     * and content, an empty line, and in relaxed mode a tab or a run of spaces.
     */
    private int canonicalStretch(byte[] bytes, int from, int end) {
        int i = from;
        while (true) {
            i = skipAboveSpace(bytes, i, end);
            if (i == end) {
                return end;
            }
            byte b = bytes[i];
            if (b == '\r') {
                // CRLF, then content on the next line: the line end is canonical as it is.
                if (i + 2 < end && bytes[i + 1] == '\n' && isContent(bytes[i + 2])) {
                    i += 3;
                    continue;
                }
                return i;
            }
            if (b == '\n') {
                return i;
            }
            if (b == ' ' || b == '\t') {
                if (!relaxed) {
                    i++;
                    continue;
                }
                // RFC 6376 §3.4.4: one space between content stays as it is.
                if (b == ' ' && i + 1 < end && isContent(bytes[i + 1])) {
                    i += 2;
                    continue;
                }
                return i;
            }
            // Another control character: ordinary content.
            i++;
        }
    }

    /** Whether a byte starts or goes on with content: neither a line end nor whitespace. */
    private static boolean isContent(byte b) {
        return b != '\r' && b != '\n' && b != ' ' && b != '\t';
    }

    /**
     * The index of the first byte at or below the space (line ends, whitespace and other
     * control characters), or {@code end}: eight bytes at a time, then one at a time.
     */
    private static int skipAboveSpace(byte[] bytes, int from, int end) {
        int i = from;
        while (i <= end - Long.BYTES) {
            long word = (long) LONGS.get(bytes, i);
            // A high bit for each byte below 0x21, exact for the lowest one (bytes >= 0x80
            // never match): "has a byte less than n", Hacker's Delight §6-1.
            long low = (word - EACH_BYTE_0X21) & ~word & EACH_HIGH_BIT;
            if (low != 0) {
                return i + (Long.numberOfTrailingZeros(low) >>> 3);
            }
            i += Long.BYTES;
        }
        while (i < end && (bytes[i] & 0xff) > ' ') {
            i++;
        }
        return i;
    }

    /** Writes a canonical stretch: through the buffer when short, straight on when long. */
    private void emitStretch(byte[] bytes, int from, int to) throws IOException {
        int length = to - from;
        if (length <= 0) {
            return;
        }
        anythingWritten = true;
        if (length >= DIRECT_WRITE) {
            flushBuffer();
            out.write(bytes, from, length);
            return;
        }
        if (buffered + length > BUFFER_SIZE) {
            flushBuffer();
        }
        System.arraycopy(bytes, from, buffer, buffered, length);
        buffered += length;
    }

    /** Writes what a line's content must be preceded by: held-back empty lines, a space. */
    private void startContent() throws IOException {
        if (!lineHasContent) {
            for (; pendingEmptyLines > 0; pendingEmptyLines--) {
                emit(CRLF, 0, 2);
            }
            lineHasContent = true;
        }
        if (pendingWhitespace) {
            pendingWhitespace = false;
            emitByte((byte) ' ');
        }
    }

    private void endLine() throws IOException {
        // RFC 6376 §3.4.4: whitespace at the end of a line is ignored, so a pending run is
        // dropped here, and a line of whitespace alone counts as empty.
        pendingWhitespace = false;
        if (lineHasContent) {
            emit(CRLF, 0, 2);
            lineHasContent = false;
        } else {
            pendingEmptyLines++;
        }
    }

    private void emitByte(byte b) throws IOException {
        if (buffered == BUFFER_SIZE) {
            flushBuffer();
        }
        buffer[buffered++] = b;
        anythingWritten = true;
    }

    private void emit(byte[] bytes, int offset, int length) throws IOException {
        for (int i = 0; i < length; i++) {
            emitByte(bytes[offset + i]);
        }
    }

    private void flushBuffer() throws IOException {
        if (buffered > 0) {
            out.write(buffer, 0, buffered);
            buffered = 0;
        }
    }
}
