package org.dkimpack.cli;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Runs dkimpack in-process, as {@link Main} does, with standard input, output, error and the
 * environment of the test's choosing.
 */
final class CommandRunner {
    private final Map<String, String> environment = new HashMap<>();
    private byte[] standardInput = new byte[0];

    /** Sets an environment variable for the next runs. */
    CommandRunner environment(String name, String value) {
        environment.put(name, value);
        return this;
    }

    /** Feeds these bytes to the next runs as standard input. */
    CommandRunner standardInput(byte[] bytes) {
        standardInput = bytes.clone();
        return this;
    }

    Result run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Terminal terminal = new Terminal(new ByteArrayInputStream(standardInput), out, err,
                environment);

        int status = DkimpackCommand.execute(terminal, args);

        return new Result(status, out.toByteArray(), err.toString(StandardCharsets.UTF_8));
    }

    /** Runs with paths as arguments too, as their string form. */
    Result run(Object... args) {
        String[] strings = new String[args.length];
        for (int i = 0; i < args.length; i++) {
            strings[i] = args[i] instanceof Path ? args[i].toString() : (String) args[i];
        }
        return run(strings);
    }

    /** What one run did. */
    static final class Result {
        private final int status;
        private final byte[] out;
        private final String err;

        Result(int status, byte[] out, String err) {
            this.status = status;
            this.out = out;
            this.err = err;
        }

        int status() {
            return status;
        }

        String out() {
            return new String(out, StandardCharsets.UTF_8);
        }

        byte[] outBytes() {
            return out.clone();
        }

        String err() {
            return err;
        }

        @Override
        public String toString() {
            return "exit " + status + "\n--- stdout:\n" + out() + "--- stderr:\n" + err;
        }
    }
}
