package org.dkimpack.james.keys;

/**
 * A key table that cannot be used: a key directory that does not exist, a signing table line
 * that does not parse, a key file that is missing, unreadable or of the wrong type. The message
 * names the file, and the line for a signing table.
 */
public class KeyConfigurationException extends Exception {
    private static final long serialVersionUID = 1L;

    public KeyConfigurationException(String message) {
        super(message);
    }

    public KeyConfigurationException(String message, Throwable cause) {
        super(message, cause);
    }
}
