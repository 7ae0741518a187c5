package org.dkimpack.james.mail;

import java.net.IDN;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;

import javax.mail.MessagingException;
import javax.mail.internet.AddressException;
import javax.mail.internet.InternetAddress;
import javax.mail.internet.MimeMessage;

import org.dkimpack.core.DomainNames;

/**
 * The domain of a message's author: the domain of the one address in its {@code From:} field,
 * the domain receivers align DKIM with (RFC 7489 §3.1). A message with no {@code From:}, two
 * of them, a {@code From:} with several addresses or none, or an address whose domain is not
 * a DNS name, has no sender domain.
 */
public final class SenderDomain {
    private static final String FROM = "From";

    private SenderDomain() {
    }

    /** The sender domain in lower case, international names as A-labels. */
    public static Optional<String> of(MimeMessage message) throws MessagingException {
        String[] fields = message.getHeader(FROM);
        if (fields == null || fields.length != 1) {
            return Optional.empty();
        }
        return ofFieldValue(fields[0]);
    }

    /** The domain of the single address of a {@code From:} field value. */
    public static Optional<String> ofFieldValue(String value) {
        InternetAddress[] addresses;
        try {
            addresses = InternetAddress.parseHeader(asUnicode(value), false);
        } catch (AddressException e) {
            return Optional.empty();
        }
        if (addresses.length != 1 || addresses[0].isGroup()) {
            return Optional.empty();
        }
        String address = addresses[0].getAddress();
        int at = address == null ? -1 : address.lastIndexOf('@');
        if (at < 0) {
            return Optional.empty();
        }
        String domain = address.substring(at + 1).strip();
        if (domain.endsWith(".")) {
            domain = domain.substring(0, domain.length() - 1);
        }
        try {
            domain = IDN.toASCII(domain, IDN.ALLOW_UNASSIGNED).toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        return DomainNames.isDomainName(domain) ? Optional.of(domain) : Optional.empty();
    }

    /**
     * javax.mail reads header bytes one char each; a UTF-8 field (RFC 6532) is decoded again
     * so that an international domain is seen as written.
     */
    private static String asUnicode(String value) {
        for (int i = 0; i < value.length(); i++) {
            if (value.charAt(i) > 0x7f) {
                if (value.chars().allMatch(c -> c <= 0xff)) {
                    return new String(value.getBytes(StandardCharsets.ISO_8859_1),
                            StandardCharsets.UTF_8);
                }
                return value;
            }
        }
        return value;
    }
}
