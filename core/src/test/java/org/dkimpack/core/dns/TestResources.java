package org.dkimpack.core.dns;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;

/** The test data under {@code src/test/resources}, by path from its root. */
final class TestResources {

    private TestResources() {
    }

    /** The text of a resource, in UTF-8. */
    static String read(String resource) {
        try (InputStream in = url(resource).openStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The file of a resource, for code that reads files. */
    static Path path(String resource) {
        try {
            return Paths.get(url(resource).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static URL url(String resource) {
        URL url = TestResources.class.getClassLoader().getResource(resource);
        if (url == null) {
            throw new IllegalArgumentException("no test resource " + resource);
        }
        return url;
    }
}
