package org.dkimpack.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.SplittableRandom;

/**
 * A test message of a chosen size, the same bytes on every run: the header block a current
 * mail client writes (Thunderbird's fields, in its order), a multipart/mixed body with a
 * format=flowed text part and a base64 attachment that takes up the rest of the size. Lines
 * end in CRLF, as on the wire.
 *
 * <p>The message is produced as a stream, a line of the attachment at a time, so that a
 * gigabyte costs no heap; {@link #bytes(long)} collects it for the sizes that fit.
 */
public final class GeneratedMessage extends InputStream {
    /** The domain of the From address, which the signing keys belong to. */
    public static final String SENDER_DOMAIN = "example.com";
    public static final String SENDER = "alice@" + SENDER_DOMAIN;
    public static final String RECIPIENT = "bob.martin@example.org";

    private static final String BOUNDARY = "------------Fn0bX2pQ8yTkVw3LmZr7HsJd";
    private static final long SEED = 0x6b696d7061636bL;
    /** 57 bytes make one 76-character base64 line, as MIME encoders write them. */
    private static final int RAW_LINE_BYTES = 57;
    private static final int LINE_BYTES = 78;
    private static final int SMALL_MESSAGE = 4096;
    private static final int SMALL_TEXT = 640;
    private static final int LARGE_TEXT = 3000;
    private static final int FLOWED_WIDTH = 72;
    private static final String[] SENTENCES = {
        "Please find attached the draft of the annual report, with the second-quarter"
                + " figures as finance sent them on Friday.",
        "The sales numbers for the northern region are still provisional; they should be"
                + " final by the end of next week.",
        "Could you check the table on page twelve against the spreadsheet you shared in"
                + " May?",
        "I have also moved the section on hiring after the one on costs, as we discussed"
                + " at the meeting.",
        "If anything looks wrong, reply before Thursday so that the printer still has the"
                + " time to prepare the proofs.",
        "Thanks again for your help with the charts, they read much better now.",
    };

    private final byte[] head;
    private final byte[] tail;
    private final long attachmentLines;
    private final SplittableRandom random = new SplittableRandom(SEED);
    private final byte[] raw = new byte[RAW_LINE_BYTES];
    private final Base64.Encoder base64 = Base64.getEncoder();

    private byte[] chunk;
    private int chunkPosition;
    private int chunkLength;
    private long linesDone;
    private int part;

    /** A message of about {@code size} bytes (within one attachment line). */
    public GeneratedMessage(long size) {
        this.head = head(size <= SMALL_MESSAGE ? SMALL_TEXT : LARGE_TEXT);
        this.tail = ("\r\n--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.US_ASCII);
        this.attachmentLines = Math.max(1, (size - head.length - tail.length) / LINE_BYTES);
        this.chunk = head;
        this.chunkLength = head.length;
    }

    /** The whole message in memory. */
    public static byte[] bytes(long size) {
        try (GeneratedMessage message = new GeneratedMessage(size)) {
            return message.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException("cannot happen: the message is generated", e);
        }
    }

    /** Writes the message, a line at a time. */
    public static void writeTo(OutputStream out, long size) throws IOException {
        try (GeneratedMessage message = new GeneratedMessage(size)) {
            message.transferTo(out);
        }
    }

    /** The exact length of the message this generator makes. */
    public long length() {
        return head.length + attachmentLines * LINE_BYTES + tail.length;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] bytes, int offset, int length) {
        if (length == 0) {
            return 0;
        }
        int done = 0;
        while (done < length) {
            if (chunkPosition == chunkLength && !nextChunk()) {
                break;
            }
            int count = Math.min(length - done, chunkLength - chunkPosition);
            System.arraycopy(chunk, chunkPosition, bytes, offset + done, count);
            chunkPosition += count;
            done += count;
        }
        return done == 0 ? -1 : done;
    }

    private boolean nextChunk() {
        if (part == 0 && linesDone < attachmentLines) {
            if (chunk == head) {
                chunk = new byte[LINE_BYTES];
            }
            for (int i = 0; i < RAW_LINE_BYTES; i += 8) {
                long value = random.nextLong();
                for (int j = 0; j < 8 && i + j < RAW_LINE_BYTES; j++) {
                    raw[i + j] = (byte) (value >>> (8 * j));
                }
            }
            int encoded = base64.encode(raw, chunk);
            chunk[encoded] = '\r';
            chunk[encoded + 1] = '\n';
            chunkLength = encoded + 2;
            chunkPosition = 0;
            linesDone++;
            return true;
        }
        if (part == 0) {
            part = 1;
            chunk = tail;
            chunkLength = tail.length;
            chunkPosition = 0;
            return true;
        }
        return false;
    }

    private static byte[] head(int textLength) {
        StringBuilder out = new StringBuilder();
        out.append("Message-ID: <5f0c2a4e-8b1d-4c7a-9e3f-2d6b1a7c9e04@example.com>\r\n")
                .append("Date: Tue, 4 Jun 2024 10:15:42 +0200\r\n")
                .append("MIME-Version: 1.0\r\n")
                .append("User-Agent: Mozilla Thunderbird\r\n")
                .append("Content-Language: en-US\r\n")
                .append("To: Bob Martin <").append(RECIPIENT).append(">\r\n")
                .append("Cc: Carol Dupont <carol.dupont@example.net>\r\n")
                .append("From: Alice Example <").append(SENDER).append(">\r\n")
                .append("Subject: Q2 figures and the draft of the annual report\r\n")
                .append("Content-Type: multipart/mixed;\r\n boundary=\"").append(BOUNDARY)
                .append("\"\r\n\r\n")
                .append("This is a multi-part message in MIME format.\r\n")
                .append("--").append(BOUNDARY).append("\r\n")
                .append("Content-Type: text/plain; charset=UTF-8; format=flowed\r\n")
                .append("Content-Transfer-Encoding: 7bit\r\n\r\n")
                .append(flowedText(textLength))
                .append("--").append(BOUNDARY).append("\r\n")
                .append("Content-Type: application/pdf; name=\"annual-report-draft.pdf\"\r\n")
                .append("Content-Disposition: attachment;")
                .append(" filename=\"annual-report-draft.pdf\"\r\n")
                .append("Content-Transfer-Encoding: base64\r\n\r\n");
        return out.toString().getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * Paragraphs of about {@code length} bytes, wrapped as format=flowed wraps them (RFC 3676):
     * a soft line break keeps its trailing space, which relaxed canonicalization removes.
     */
    private static String flowedText(int length) {
        StringBuilder text = new StringBuilder("Hello Bob,\r\n\r\n");
        int sentence = 0;
        while (text.length() < length) {
            StringBuilder paragraph = new StringBuilder();
            for (int i = 0; i < 3; i++) {
                paragraph.append(SENTENCES[sentence++ % SENTENCES.length]).append(' ');
            }
            text.append(wrap(paragraph.toString().trim())).append("\r\n");
        }
        return text.append("Best regards,\r\nAlice\r\n\r\n").toString();
    }

    private static String wrap(String paragraph) {
        StringBuilder out = new StringBuilder();
        StringBuilder line = new StringBuilder();
        for (String word : paragraph.split(" ")) {
            if (line.length() + word.length() + 1 > FLOWED_WIDTH) {
                out.append(line).append("\r\n");
                line.setLength(0);
            }
            line.append(word).append(' ');
        }
        out.append(line.toString().trim()).append("\r\n");
        return out.toString();
    }
}
