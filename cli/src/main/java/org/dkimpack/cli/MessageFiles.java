package org.dkimpack.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/** The message argument of sign and verify: a file name, or - for standard input. */
final class MessageFiles {
    static final String STANDARD_INPUT = "-";

    private MessageFiles() {
    }

    static boolean isStandardInput(String argument) {
        return STANDARD_INPUT.equals(argument);
    }

    /** How messages name the input: the file name as given, or "standard input". */
    static String describe(String argument) {
        return isStandardInput(argument) ? "standard input" : argument;
    }

    /** The file named by the argument, or {@link ExitStatus#NO_INPUT} saying what is wrong. */
    static Path existing(String argument) {
        Path file = Paths.get(argument);
        if (!Files.exists(file)) {
            throw new CommandFailure(ExitStatus.NO_INPUT, argument + ": message file not found");
        }
        if (Files.isDirectory(file)) {
            throw new CommandFailure(ExitStatus.NO_INPUT, argument
                    + ": is a directory; expected a message file");
        }
        if (!Files.isReadable(file)) {
            throw new CommandFailure(ExitStatus.NO_INPUT, argument
                    + ": cannot read the message file: permission denied");
        }
        return file;
    }
}
