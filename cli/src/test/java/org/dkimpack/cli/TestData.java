package org.dkimpack.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** The files of src/test/resources, copied where a test wants them. */
final class TestData {

    private TestData() {
    }

    static byte[] bytes(String resource) {
        try (InputStream in = TestData.class.getResourceAsStream("/" + resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource " + resource);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String text(String resource) {
        return new String(bytes(resource), StandardCharsets.UTF_8);
    }

    /** The key record text of keys/NAME.pem, from keys/NAME.record. */
    static String record(String name) {
        return text("keys/" + name + ".record").strip();
    }

    /** Copies a resource into a directory, under its own file name. */
    static Path copy(String resource, Path directory) {
        Path file = directory.resolve(resource.substring(resource.lastIndexOf('/') + 1));
        try {
            Files.write(file, bytes(resource));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }
}
