package org.dkimpack.core.message;

import org.dkimpack.core.PermanentDkimException;

/** A message that cannot be read as RFC 5322 header fields within the configured limits. */
public class MessageFormatException extends PermanentDkimException {
    private static final long serialVersionUID = 1L;

    public MessageFormatException(String message) {
        super(message);
    }
}
