package org.dkimpack.core;

/** A problem that trying again will not solve: reported as {@code permerror}. */
public class PermanentDkimException extends DkimException {
    private static final long serialVersionUID = 1L;

    public PermanentDkimException(String message) {
        super(message);
    }

    public PermanentDkimException(String message, Throwable cause) {
        super(message, cause);
    }
}
