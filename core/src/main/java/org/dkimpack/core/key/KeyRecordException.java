package org.dkimpack.core.key;

import org.dkimpack.core.PermanentDkimException;

/**
 * A DKIM key record that cannot be used: a wrong {@code v=}, an unknown {@code k=}, no
 * {@code p=}, or a {@code p=} that does not decode to a key of the stated type. A verifier
 * reports it as {@code permerror} (RFC 6376 §6.1.2).
 */
public class KeyRecordException extends PermanentDkimException {
    private static final long serialVersionUID = 1L;

    public KeyRecordException(String message) {
        super(message);
    }

    public KeyRecordException(String message, Throwable cause) {
        super(message, cause);
    }
}
