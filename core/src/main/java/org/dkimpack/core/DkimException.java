package org.dkimpack.core;

/**
 * A problem that makes a DKIM operation impossible. The two subclasses tell apart the problems
 * that will stay (a malformed signature, a missing key record) from those that may go away
 * when tried again (a DNS timeout): RFC 8601 reports them as {@code permerror} and
 * {@code temperror}.
 */
public abstract class DkimException extends Exception {
    private static final long serialVersionUID = 1L;

    protected DkimException(String message) {
        super(message);
    }

    protected DkimException(String message, Throwable cause) {
        super(message, cause);
    }
}
