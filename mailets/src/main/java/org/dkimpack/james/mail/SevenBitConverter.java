package org.dkimpack.james.mail;

import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;

import javax.activation.DataHandler;
import javax.mail.MessagingException;
import javax.mail.Multipart;
import javax.mail.Part;
import javax.mail.internet.MimeBodyPart;
import javax.mail.internet.MimeMessage;
import javax.mail.internet.MimePart;
import javax.mail.util.ByteArrayDataSource;

/**
 * Re-encodes the 8-bit parts of a message so that it is all 7-bit: text parts as
 * quoted-printable, others as base64. A relay that meets a server without 8BITMIME
 * (RFC 6152) downgrades 8-bit mail itself, which breaks a DKIM signature made before; done
 * before signing, the signature holds.
 *
 * <p>The content stays the same for a reader: the decoded bytes of each part and its
 * {@code Content-Type} (charset included) are kept. The parts touched get new encoded content
 * and a {@code Content-Transfer-Encoding} field; the others keep their bytes; the message's
 * {@code Message-ID} is kept. Parts labelled 7-bit that hold 8-bit bytes anyway are treated as
 * 8-bit. Header fields with 8-bit bytes (RFC 6532) and parts inside an attached
 * {@code message/rfc822} are left as they are.
 */
public final class SevenBitConverter {
    private static final String TRANSFER_ENCODING = "Content-Transfer-Encoding";

    private SevenBitConverter() {
    }

    /**
     * The message in 7-bit form; the same bytes when it has no 8-bit body.
     *
     * @throws MessagingException when the MIME structure cannot be read
     */
    public static MessageBytes convert(MessageBytes message)
            throws IOException, MessagingException {
        if (!message.hasEightBitBody()) {
            return message;
        }
        try (InputStream in = message.newInputStream()) {
            MimeMessage parsed = new MessageIdKeepingMessage(in);
            if (!convertPart(parsed)) {
                return message;
            }
            parsed.saveChanges();
            return MessageBytes.of(parsed, message.memoryLimit());
        }
    }

    /** Converts a part and what it contains; true when something was converted. */
    private static boolean convertPart(MimePart part) throws IOException, MessagingException {
        if (part.isMimeType("multipart/*")) {
            Object content = part.getContent();
            if (!(content instanceof Multipart)) {
                return false;
            }
            Multipart multipart = (Multipart) content;
            boolean changed = false;
            for (int i = 0; i < multipart.getCount(); i++) {
                changed |= convertPart((MimePart) multipart.getBodyPart(i));
            }
            if (changed) {
                // Setting the multipart again makes javax.mail write it out anew, and drops
                // the composite part's own 8bit label (RFC 2045 §6.4: 7bit, 8bit or binary).
                part.setContent(multipart);
            }
            return changed;
        }
        if (part.isMimeType("message/rfc822") || !isEightBit(part)) {
            return false;
        }

        String contentType = part.getContentType();
        byte[] content;
        try (InputStream raw = rawContent(part)) {
            content = raw.readAllBytes();
        }
        String encoding = part.isMimeType("text/*") ? "quoted-printable" : "base64";
        part.setDataHandler(new DataHandler(new ByteArrayDataSource(content, contentType)));
        part.setHeader("Content-Type", contentType);
        part.setHeader(TRANSFER_ENCODING, encoding);
        return true;
    }

    /** Labelled 8bit or binary, or labelled 7-bit (or not at all) but holding 8-bit bytes. */
    private static boolean isEightBit(MimePart part) throws IOException, MessagingException {
        String[] labels = part.getHeader(TRANSFER_ENCODING);
        String label = labels == null ? "7bit" : labels[0].trim().toLowerCase(Locale.ROOT);
        if (label.equals("8bit") || label.equals("binary")) {
            return true;
        }
        if (!label.equals("7bit")) {
            return false;
        }
        try (InputStream raw = rawContent(part)) {
            byte[] chunk = new byte[8192];
            for (int read = raw.read(chunk); read >= 0; read = raw.read(chunk)) {
                for (int i = 0; i < read; i++) {
                    if (chunk[i] < 0) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /** The content as it is in the message: for 7bit, 8bit and binary, the decoded bytes. */
    private static InputStream rawContent(Part part) throws MessagingException {
        if (part instanceof MimeMessage) {
            return ((MimeMessage) part).getRawInputStream();
        }
        return ((MimeBodyPart) part).getRawInputStream();
    }

    /**
     * A message that keeps its {@code Message-ID} when saved, where javax.mail would make a
     * new one (as James's own message class does).
     */
    private static final class MessageIdKeepingMessage extends MimeMessage {
        MessageIdKeepingMessage(InputStream in) throws MessagingException {
            super(MessageBytes.session(), in);
        }

        @Override
        protected void updateMessageID() {
            // Keep the Message-ID the message has, or its lack of one.
        }
    }
}
