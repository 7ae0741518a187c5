package org.dkimpack.core.key;

/**
 * A private key that cannot be used to sign: the file is missing or unreadable, holds no
 * private key, holds a key of another type, needs a passphrase, or the key is refused by
 * policy (RFC 8301 §3.2). This is a configuration error about a local file, not a DKIM
 * result, so it is not a {@link org.dkimpack.core.DkimException}.
 *
 * <p>The message starts with the file name (or the source given for PEM text) and says what
 * was found instead of a usable key. It never holds a passphrase or key bytes.
 */
public class KeyLoadException extends Exception {
    private static final long serialVersionUID = 1L;

    public KeyLoadException(String message) {
        super(message);
    }

    public KeyLoadException(String message, Throwable cause) {
        super(message, cause);
    }
}
