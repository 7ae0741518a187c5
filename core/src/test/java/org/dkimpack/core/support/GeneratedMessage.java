package org.dkimpack.core.support;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * A message of any size, made up as it is read: a few header fields, then body lines until
 * the size is reached. Nothing is held but one line, so a test can stream gigabytes.
 */
public final class GeneratedMessage extends InputStream {
    private static final byte[] HEADER = ("From: alice@example.com\r\n"
            + "To: bob@example.net\r\n"
            + "Subject: a large message\r\n"
            + "Date: Thu, 03 Dec 2026 10:15:00 +0000\r\n"
            + "Message-ID: <large@example.com>\r\n"
            + "\r\n").getBytes(StandardCharsets.US_ASCII);
    private static final byte[] LINE = ("QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVphYmNkZWZnaGlqa2xtbm9w"
            + "cXJzdHV2d3h5ejAxMjM0NTY3ODkrLw==  \t \r\n").getBytes(StandardCharsets.US_ASCII);

    private final byte[] prefix;
    private final long size;
    private long position;

    /** A message of {@code size} bytes after {@code prefix} (such as a signature field). */
    public GeneratedMessage(byte[] prefix, long size) {
        this.prefix = prefix.clone();
        this.size = size;
    }

    @Override
    public int read() {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) {
        long total = prefix.length + size;
        if (position >= total) {
            return -1;
        }
        int count = (int) Math.min(length, total - position);
        for (int i = 0; i < count; i++) {
            buffer[offset + i] = byteAt(position + i);
        }
        position += count;
        return count;
    }

    private byte byteAt(long index) {
        if (index < prefix.length) {
            return prefix[(int) index];
        }
        long inMessage = index - prefix.length;
        if (inMessage < HEADER.length) {
            return HEADER[(int) inMessage];
        }
        return LINE[(int) ((inMessage - HEADER.length) % LINE.length)];
    }
}
