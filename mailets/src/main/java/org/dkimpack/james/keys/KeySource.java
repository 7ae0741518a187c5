package org.dkimpack.james.keys;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where a key table comes from: a key directory or a signing table file. Each
 * {@link #read()} reads it afresh, so that keys added, removed or rotated on disk are seen.
 */
public interface KeySource {

    /**
     * Reads the table now.
     *
     * @throws KeyConfigurationException naming the file (and line) when it cannot be read or
     *     does not parse
     */
    KeyTable read() throws KeyConfigurationException;

    /** What the source is, for messages: "key directory /etc/james/dkim". */
    String describe();

    /** A key directory laid out {@code <dir>/<domain>/<selector>.pem}. */
    static KeySource directory(Path directory) {
        return new KeyDirectory(directory);
    }

    /** A signing table file (see {@link SigningTableFile}). */
    static KeySource signingTable(Path file) {
        return new SigningTableFile(file);
    }

    /**
     * A key directory when the path is a directory, a signing table otherwise: for the
     * matcher, whose condition is a single path.
     */
    static KeySource at(Path path) {
        return Files.isDirectory(path) ? directory(path) : signingTable(path);
    }
}
