package org.dkimpack.core.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/** Finds the files under the core's test resources. */
public final class TestResources {

    private TestResources() {
    }

    /** The path of a test resource, such as {@code vectors/rfc8463/signed.eml}. */
    public static Path path(String name) {
        URL url = TestResources.class.getClassLoader().getResource(name);
        if (url == null) {
            throw new IllegalArgumentException("no test resource " + name);
        }
        try {
            return Paths.get(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The text of a test resource, in UTF-8. */
    public static String read(String name) {
        return new String(bytes(name), StandardCharsets.UTF_8);
    }

    /** The bytes of a test resource. */
    public static byte[] bytes(String name) {
        try {
            return Files.readAllBytes(path(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
