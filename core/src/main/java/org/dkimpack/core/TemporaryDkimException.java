package org.dkimpack.core;

/** A problem that may go away when tried later, such as a DNS timeout: {@code temperror}. */
public class TemporaryDkimException extends DkimException {
    private static final long serialVersionUID = 1L;

    public TemporaryDkimException(String message) {
        super(message);
    }

    public TemporaryDkimException(String message, Throwable cause) {
        super(message, cause);
    }
}
