package org.dkimpack.core.canon;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Body canonicalization, RFC 6376 §3.4.3 (simple) and §3.4.4 (relaxed), as a stream: raw body
 * bytes go in through {@link #write}, in pieces of any size, and the canonical form comes out
 * into the given stream. Only the empty lines not yet known to be trailing and one pending
 * whitespace run are held back, so memory does not grow with the body.
 *
 * <p>Line ends: CRLF and a bare LF both end a line; a bare CR is kept as an ordinary byte.
 * Trailing empty lines are dropped, and a last line without a line end gets one. An empty
 * body is one CRLF in {@code simple} and nothing in {@code relaxed}.
 */
public final class BodyCanonicalizer extends OutputStream {
    private static final byte[] CRLF = {'\r', '\n'};
    private static final int BUFFER_SIZE = 8192;

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
                // Most of a body is ordinary bytes: copy each run of them in one tight loop.
                startContent();
                i = copyRun(bytes, i, end);
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
     * Copies bytes that are neither line ends nor, in relaxed mode, whitespace, from
     * {@code from} up to the first byte that is; returns where it stopped.
     */
    private int copyRun(byte[] bytes, int from, int end) throws IOException {
        // Locals rather than fields in the loop: the JIT keeps them in registers.
        byte[] target = buffer;
        int count = buffered;
        boolean whitespaceIsSpecial = relaxed;
        int i = from;
        while (i < end) {
            byte b = bytes[i];
            if (b == '\r' || b == '\n' || (whitespaceIsSpecial && (b == ' ' || b == '\t'))) {
                break;
            }
            if (count == BUFFER_SIZE) {
                buffered = count;
                flushBuffer();
                count = 0;
            }
            target[count++] = b;
            i++;
        }
        buffered = count;
        anythingWritten = true;
        return i;
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
