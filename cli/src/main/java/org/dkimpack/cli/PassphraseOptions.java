package org.dkimpack.cli;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;

import picocli.CommandLine.Option;

/**
 * Where the passphrase of an encrypted private key comes from: a file given with
 * {@code --passphrase-file}, or the {@value #ENVIRONMENT_VARIABLE} environment variable. Never
 * the command line itself, where other users of the machine can read it in the process list.
 */
final class PassphraseOptions {
    static final String ENVIRONMENT_VARIABLE = "DKIMPACK_PASSPHRASE";

    @Option(names = "--passphrase-file", paramLabel = "FILE",
            description = "Reads the passphrase of an encrypted key from the first line of FILE."
                    + " Without it, the " + ENVIRONMENT_VARIABLE + " environment variable is"
                    + " used when set.")
    private Path passphraseFile;

    /** The passphrase, or null when none was given; the caller wipes it after use. */
    char[] passphrase(Terminal terminal) {
        if (passphraseFile != null) {
            return readFirstLine(passphraseFile);
        }
        return terminal.environmentVariable(ENVIRONMENT_VARIABLE).map(String::toCharArray)
                .orElse(null);
    }

    /** How a user gives a passphrase, for the message about a key that needs one. */
    static String howToGiveOne() {
        return "give its passphrase with --passphrase-file FILE or the " + ENVIRONMENT_VARIABLE
                + " environment variable";
    }

    private static char[] readFirstLine(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new CommandFailure(ExitStatus.NO_INPUT, file + ": passphrase file not found");
        } catch (AccessDeniedException e) {
            throw new CommandFailure(ExitStatus.NO_INPUT, file
                    + ": cannot read the passphrase file: permission denied");
        } catch (IOException e) {
            throw new CommandFailure(ExitStatus.NO_INPUT, file
                    + ": cannot read the passphrase file: " + e.getMessage());
        }
        try {
            CharBuffer chars = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes));
            int end = 0;
            while (end < chars.limit() && chars.get(end) != '\n' && chars.get(end) != '\r') {
                end++;
            }
            char[] line = new char[end];
            chars.get(line);
            Arrays.fill(chars.array(), '\0');
            return line;
        } catch (CharacterCodingException e) {
            throw new CommandFailure(ExitStatus.DATA_ERROR, file
                    + ": the passphrase file is not UTF-8 text");
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }
}
