package org.dkimpack.cli;

import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

/**
 * The standard streams and the environment a command runs with. The commands never touch
 * {@code System.in}, {@code System.out} or {@code System.getenv()} themselves, so that tests run
 * them in-process with streams and variables of their own.
 *
 * <p>Standard output is a byte stream as well as a text stream: {@code sign} writes the
 * message's bytes through it untouched. Text is written in UTF-8, which is what the messages
 * of the core (RFC section signs) and today's terminals need.
 */
final class Terminal {
    private static final int OUTPUT_BUFFER = 64 * 1024;

    private final InputStream in;
    private final PrintStream out;
    private final PrintStream err;
    private final Map<String, String> environment;

    Terminal(InputStream in, OutputStream out, OutputStream err,
            Map<String, String> environment) {
        this.in = in;
        this.out = out instanceof PrintStream ? (PrintStream) out
                : new PrintStream(out, false, StandardCharsets.UTF_8);
        this.err = err instanceof PrintStream ? (PrintStream) err
                : new PrintStream(err, true, StandardCharsets.UTF_8);
        this.environment = Map.copyOf(environment);
    }

    /** The process's own streams and environment. */
    static Terminal system() {
        PrintStream out = new PrintStream(new BufferedOutputStream(
                new FileOutputStream(FileDescriptor.out), OUTPUT_BUFFER), false,
                StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(new FileOutputStream(FileDescriptor.err), true,
                StandardCharsets.UTF_8);
        return new Terminal(System.in, out, err, System.getenv());
    }

    InputStream in() {
        return in;
    }

    PrintStream out() {
        return out;
    }

    PrintStream err() {
        return err;
    }

    Optional<String> environmentVariable(String name) {
        return Optional.ofNullable(environment.get(name));
    }

    void flush() {
        out.flush();
        err.flush();
    }
}
