package org.dkimpack.extension.james39;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassModel;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Collections;
import java.util.Enumeration;
import java.util.Map;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/**
 * The entries of an extension jar, read whole: the one this module built for James 3.9 and
 * the James 3.8 one it was made from, at the paths the build passes as system properties.
 */
final class JarContents {
    private final Path path;
    private final Map<String, byte[]> entries;
    private final Manifest manifest;

    private JarContents(Path path, Map<String, byte[]> entries, Manifest manifest) {
        this.path = path;
        this.entries = Collections.unmodifiableMap(entries);
        this.manifest = manifest;
    }

    /** The James 3.9 jar this module built. */
    static JarContents james39() {
        return read(property("extensionJar"));
    }

    /** The James 3.8 jar of the extension module, the input of the transformation. */
    static JarContents james38() {
        return read(property("james38Jar"));
    }

    static JarContents read(Path path) {
        Map<String, byte[]> entries = new TreeMap<>();
        try (JarFile jar = new JarFile(path.toFile())) {
            Enumeration<JarEntry> all = jar.entries();
            while (all.hasMoreElements()) {
                JarEntry entry = all.nextElement();
                if (entry.isDirectory()) {
                    continue;
                }
                try (InputStream in = jar.getInputStream(entry)) {
                    entries.put(entry.getName(), in.readAllBytes());
                }
            }
            return new JarContents(path, entries, jar.getManifest());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path, e);
        }
    }

    Path path() {
        return path;
    }

    /** Entry name to bytes, directories left out, in name order. */
    Map<String, byte[]> entries() {
        return entries;
    }

    Manifest manifest() {
        return manifest;
    }

    /** The classes, parsed, by entry name. */
    Map<String, ClassModel> classes() {
        Map<String, ClassModel> classes = new TreeMap<>();
        entries.forEach((name, bytes) -> {
            if (name.endsWith(".class")) {
                classes.put(name, ClassFile.of().parse(bytes));
            }
        });
        return classes;
    }

    private static Path property(String name) {
        String value = System.getProperty(name);
        if (value == null) {
            throw new IllegalStateException("system property " + name + " is not set; the"
                    + " build sets it (maven-failsafe-plugin in extension-james39/pom.xml)");
        }
        return Paths.get(value);
    }
}
