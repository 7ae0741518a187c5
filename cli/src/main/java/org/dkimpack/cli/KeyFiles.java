package org.dkimpack.cli;

import java.io.PrintStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;

import org.dkimpack.core.key.KeyLoadException;
import org.dkimpack.core.key.KeyPolicy;
import org.dkimpack.core.key.PrivateKeyLoader;
import org.dkimpack.core.key.SigningKey;

/**
 * Loads the private keys named on the command line, turning the loader's errors into exit
 * statuses: a missing or unreadable file is {@link ExitStatus#NO_INPUT}, a file that holds no
 * usable key (or needs another passphrase) is {@link ExitStatus#DATA_ERROR}.
 */
final class KeyFiles {

    private KeyFiles() {
    }

    /**
     * Loads a key to sign with or to publish: an RSA key under 1024 bits is refused, and one
     * under 2048 bits gets a warning on standard error.
     */
    static SigningKey loadForSigning(Path file, PassphraseOptions passphrase,
            Terminal terminal) {
        SigningKey key = load(file, passphrase, terminal);
        try {
            key.checkUsableForSigning();
        } catch (KeyLoadException e) {
            throw new CommandFailure(ExitStatus.DATA_ERROR, e.getMessage());
        }
        warnIfWeak(key, file.toString(), terminal.err());
        return key;
    }

    /** Loads a key as it is, whatever its size. */
    static SigningKey load(Path file, PassphraseOptions passphraseOptions, Terminal terminal) {
        char[] passphrase = passphraseOptions.passphrase(terminal);
        try {
            return PrivateKeyLoader.load(file, passphrase);
        } catch (KeyLoadException e) {
            Throwable cause = e.getCause();
            if (cause instanceof NoSuchFileException || cause instanceof AccessDeniedException) {
                throw new CommandFailure(ExitStatus.NO_INPUT, e.getMessage(), e);
            }
            String hint = passphrase == null && e.getMessage().contains("passphrase")
                    ? "; " + PassphraseOptions.howToGiveOne()
                    : "";
            throw new CommandFailure(ExitStatus.DATA_ERROR, e.getMessage() + hint, e);
        } finally {
            if (passphrase != null) {
                Arrays.fill(passphrase, '\0');
            }
        }
    }

    /** RFC 8301 §3.2 allows RSA keys from 1024 bits but advises 2048; say so, go on. */
    static void warnIfWeak(SigningKey key, String source, PrintStream err) {
        if (key.isWeak()) {
            err.println("warning: " + source + ": the RSA key has " + key.bits() + " bits; "
                    + KeyPolicy.RECOMMENDED_RSA_BITS + " or more are recommended (RFC 8301 §3.2)");
        }
    }
}
