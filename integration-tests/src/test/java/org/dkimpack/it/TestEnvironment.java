package org.dkimpack.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Where the things the tests start are: James's jars, the extension jar, the samples, and the
 * folder the tests work in. The Maven build passes them as system properties (see this
 * module's pom); each is checked, with what to run when it is missing.
 */
final class TestEnvironment {
    static final InetAddress LOOPBACK = ipv4Loopback();

    private TestEnvironment() {
    }

    /** James 3.8.1's memory server: the folder of jars {@code james-server} lays out. */
    static Path jamesLib() {
        Path lib = property("jamesLib", "../james-server/target/lib");
        try (Stream<Path> jars = Files.list(lib)) {
            if (jars.noneMatch(jar -> jar.getFileName().toString()
                    .startsWith("james-server-memory-app-"))) {
                throw new IllegalStateException(lib + " holds no james-server-memory-app jar");
            }
        } catch (IOException | IllegalStateException e) {
            throw new IllegalStateException("James 3.8.1's jars are not laid out in " + lib
                    + " (" + e.getMessage() + "); build them first: mvn -B package -pl"
                    + " james-server", e);
        }
        return lib;
    }

    /**
     * The jar for James's {@code extensions-jars/}, as the extension module builds it: the
     * path Maven passes, or else the one jar {@code dkimpack-james38-<version>.jar} in
     * {@code ../extension/target/} (when a test runs from an IDE).
     */
    static Path extensionJar() {
        String given = System.getProperty("extensionJar");
        Path jar = given != null ? Paths.get(given).toAbsolutePath().normalize()
                : findExtensionJar(Paths.get("../extension/target").toAbsolutePath().normalize());
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("no extension jar at " + jar + "; build it first:"
                    + " mvn -B package -pl extension -am");
        }
        return jar;
    }

    private static Path findExtensionJar(Path target) {
        try (Stream<Path> files = Files.list(target)) {
            return files.filter(file -> {
                String name = file.getFileName().toString();
                return name.startsWith("dkimpack-james38-") && name.endsWith(".jar")
                        && !name.endsWith("-sources.jar") && !name.endsWith("-tests.jar");
            }).findFirst().orElse(target.resolve("dkimpack-james38-<version>.jar"));
        } catch (IOException e) {
            return target.resolve("dkimpack-james38-<version>.jar");
        }
    }

    /** The folder {@code conf-samples/}: one James {@code conf/} folder per sample. */
    /** The jar a class was loaded from. */
    static Path jarOf(Class<?> type) {
        try {
            return Paths.get(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException("no jar for " + type, e);
        }
    }

        static Path confSamples() {
        Path samples = property("confSamples", "../conf-samples");
        if (!Files.isDirectory(samples)) {
            throw new IllegalStateException("no conf-samples folder at " + samples);
        }
        return samples;
    }

    /** The names of the samples: each folder of conf-samples/ with a mailetcontainer.xml. */
    static List<String> sampleNames() {
        try (Stream<Path> folders = Files.list(confSamples())) {
            return folders.filter(folder -> Files.isRegularFile(
                            folder.resolve("mailetcontainer.xml")))
                    .map(folder -> folder.getFileName().toString())
                    .sorted()
                    .collect(Collectors.toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * An empty folder for one test class to work in, under {@code target/it-work/}. What the
     * servers leave there (configuration, logs) stays after the run, for a look when a test
     * fails; the next run empties it.
     */
    static Path workDirectory(Class<?> testClass) {
        Path directory = property("itWorkDirectory", "target/it-work")
                .resolve(testClass.getSimpleName());
        deleteRecursively(directory);
        try {
            return Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Free TCP ports of 127.0.0.1, different from each other: each is held open until all
     * are found. Another process may take one before the server binds it; that is rare
     * enough for tests, and the server then fails at boot with a clear message.
     */
    static List<Integer> freeLoopbackPorts(int count) {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            List<Integer> ports = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                ServerSocket socket = new ServerSocket();
                sockets.add(socket);
                socket.bind(new InetSocketAddress(LOOPBACK, 0));
                ports.add(socket.getLocalPort());
            }
            return ports;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot find free loopback ports", e);
        } finally {
            for (ServerSocket socket : sockets) {
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // Only a probe: nothing was sent on it.
                }
            }
        }
    }

    static void deleteRecursively(Path directory) {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder())
                    .collect(Collectors.toList())) {
                Files.delete(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + directory, e);
        }
    }

    private static Path property(String name, String fallback) {
        return Paths.get(System.getProperty(name, fallback)).toAbsolutePath().normalize();
    }

    private static InetAddress ipv4Loopback() {
        try {
            return InetAddress.getByAddress(new byte[] {127, 0, 0, 1});
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
