package org.dkimpack.cli;

/**
 * The exit statuses of {@code dkimpack}, the same for every subcommand: 0 and 1 for the answer
 * to the question a command asks, and the codes of BSD's {@code sysexits.h} for everything
 * that kept it from answering, so that scripts can tell a bad record from a bad command line.
 */
final class ExitStatus {
    /** Done; for verify, a signature passed; for check-dns, the record is usable. */
    static final int OK = 0;
    /** verify: no signature passed; check-dns: the record is missing, unusable or mismatched. */
    static final int FAILURE = 1;
    /** EX_USAGE: a wrong option or value on the command line. */
    static final int USAGE = 64;
    /** EX_DATAERR: an input file is there but wrong: no usable key, or not a message. */
    static final int DATA_ERROR = 65;
    /** EX_NOINPUT: an input file (message, key, passphrase) is missing or unreadable. */
    static final int NO_INPUT = 66;
    /** EX_SOFTWARE: a bug in dkimpack; the message says where. */
    static final int SOFTWARE = 70;
    /** EX_CANTCREAT: keygen cannot create the key file, or it exists already. */
    static final int CANNOT_CREATE = 73;
    /** EX_IOERR: reading or writing failed half-way. */
    static final int IO_ERROR = 74;
    /** EX_TEMPFAIL: DNS did not answer; trying again later may work. */
    static final int TEMPORARY_FAILURE = 75;

    private ExitStatus() {
    }
}
