package org.dkimpack.core.dns;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * A real authoritative DNS server for tests: Knot DNS ({@code knotd}) serving the given zones
 * on a free port of 127.0.0.1, UDP and TCP, from a temporary directory of its own.
 *
 * <pre>{@code
 * try (KnotServer dns = KnotServer.builder().zone("example.com", zoneFileText).start()) {
 *     resolver = DnsKeyRecordResolver.builder().servers(List.of(dns.address())).build();
 *     ...
 * }
 * }</pre>
 *
 * <p>Zones are given as zone-file text; relative names are relative to the zone's name. A zone
 * added with {@link Builder#unloadableZone(String)} is configured without a zone file, so that
 * Knot answers SERVFAIL for every name in it. Knot answers REFUSED for names outside every
 * zone. The server can be stopped and started again on the same port, and a zone replaced
 * while it runs.
 *
 * <p>{@link #start()} and {@link Builder#start()} return once every loadable zone answers its
 * SOA query. {@link #close()} stops {@code knotd} and deletes the directory; a JVM shutdown
 * hook kills {@code knotd} if a test run ends without closing. When {@code knotd} is not
 * installed, starting fails with a message saying how to install it: the DNS tests are meant
 * to run everywhere, never to be skipped.
 */
public final class KnotServer implements AutoCloseable {

    private static final InetAddress LOOPBACK = ipv4Loopback();
    private static final Duration READY_DEADLINE = Duration.ofSeconds(15);
    private static final Duration STOP_DEADLINE = Duration.ofSeconds(10);
    private static final int PORT_ATTEMPTS = 5;
    private static final int MAX_CHARACTER_STRING = 255;

    private final Path directory;
    private final Path config;
    private final Path zoneDirectory;
    private final Path log;
    private final Path knotd;
    private final Path knotc;
    /** Zone name to zone-file text; {@code null} text for an unloadable zone. */
    private final Map<String, String> zones;
    private final Thread shutdownHook;
    private volatile Process process;
    private int port;

    private KnotServer(Map<String, String> zones) throws IOException {
        this.knotd = findExecutable("knotd");
        this.knotc = findExecutable("knotc");
        this.zones = new LinkedHashMap<>(zones);
        this.directory = Files.createTempDirectory("knotd-");
        this.config = directory.resolve("knot.conf");
        this.zoneDirectory = Files.createDirectories(directory.resolve("zones"));
        this.log = directory.resolve("knotd.log");
        Files.createDirectories(directory.resolve("run"));
        Files.createDirectories(directory.resolve("db"));
        this.shutdownHook = new Thread(this::kill, "knotd-killer");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** Starts a configuration with no zone. */
    public static Builder builder() {
        return new Builder();
    }

    /** {@code 127.0.0.1:port}, as {@link DnsKeyRecordResolver.Builder#servers} takes it. */
    public synchronized String address() {
        return LOOPBACK.getHostAddress() + ":" + port;
    }

    public synchronized InetSocketAddress socketAddress() {
        return new InetSocketAddress(LOOPBACK, port);
    }

    public synchronized int port() {
        return port;
    }

    /** Starts the server again on its port, if it is stopped; waits until it serves. */
    public synchronized void start() {
        if (process != null && process.isAlive()) {
            return;
        }
        launch();
    }

    /** Stops the server (SIGTERM, then SIGKILL); its port stays reserved for {@link #start()}. */
    public synchronized void stop() {
        Process running = process;
        if (running == null) {
            return;
        }
        running.destroy();
        try {
            if (!running.waitFor(STOP_DEADLINE.toMillis(), TimeUnit.MILLISECONDS)) {
                running.destroyForcibly().waitFor(STOP_DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running.destroyForcibly();
        }
        process = null;
    }

    /** Stops the server and starts it again on the same port. */
    public synchronized void restart() {
        stop();
        launch();
    }

    /**
     * Serves a zone with new content: replaces the zone file and reloads the zone, or adds the
     * zone to the configuration and reloads it. Returns once Knot has loaded it.
     *
     * @throws IllegalStateException when Knot cannot load the new content (Knot then keeps
     *     serving the old content)
     */
    public synchronized void setZone(String zone, String zoneFileText) {
        String name = normalize(zone);
        boolean known = zones.containsKey(name);
        String previous = zones.put(name, zoneFileText);
        writeZoneFiles();
        try {
            if (known) {
                control("zone-reload", name);
            } else {
                writeConfig();
                control("reload");
            }
        } catch (IllegalStateException e) {
            // Keep the files as Knot serves them, so that a restart serves the same.
            if (known) {
                zones.put(name, previous);
            } else {
                zones.remove(name);
                writeConfig();
            }
            writeZoneFiles();
            throw e;
        }
        waitUntilServing(List.of(name));
    }

    /** Everything {@code knotd} has logged so far, for failure messages. */
    public synchronized String log() {
        try {
            return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stops the server and deletes its directory. */
    @Override
    public synchronized void close() {
        stop();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // The hook is running or has run; it only kills a process that is gone by now.
            return;
        }
        deleteDirectory();
    }

    /**
     * The TXT record data of a zone file for a record value of any length: the value in
     * quoted character-strings of at most 255 octets each (RFC 1035 §3.3.14), with quotes,
     * backslashes and non-printable octets escaped.
     */
    public static String txtRecordData(String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        StringBuilder data = new StringBuilder();
        for (int start = 0; start < bytes.length || start == 0; start += MAX_CHARACTER_STRING) {
            int end = Math.min(bytes.length, start + MAX_CHARACTER_STRING);
            data.append(data.length() == 0 ? "\"" : " \"");
            for (int index = start; index < end; index++) {
                int octet = bytes[index] & 0xff;
                if (octet == '"' || octet == '\\') {
                    data.append('\\').append((char) octet);
                } else if (octet < 0x20 || octet > 0x7e) {
                    data.append(String.format(Locale.ROOT, "\\%03d", octet));
                } else {
                    data.append((char) octet);
                }
            }
            data.append('"');
        }
        return data.toString();
    }

    private void startOnFreePort() {
        String failures = "";
        for (int attempt = 1; attempt <= PORT_ATTEMPTS; attempt++) {
            port = freeLoopbackPort();
            long logStart = logSize();
            try {
                launch();
                return;
            } catch (IllegalStateException e) {
                // Another process may have taken the port between the probe and knotd's bind.
                if (!logSince(logStart).contains("cannot bind")) {
                    throw e;
                }
                failures += "\n" + e.getMessage();
            }
        }
        throw new IllegalStateException("knotd could not bind a loopback port in "
                + PORT_ATTEMPTS + " attempts:" + failures);
    }

    private void launch() {
        writeConfig();
        writeZoneFiles();
        try {
            process = new ProcessBuilder(knotd.toString(), "-c", config.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + knotd + ": " + e.getMessage(), e);
        }
        waitUntilServing(new ArrayList<>(zones.keySet()));
    }

    /** Waits until each loadable zone of {@code names} answers its SOA query with NOERROR. */
    private void waitUntilServing(List<String> names) {
        List<String> waiting = new ArrayList<>();
        for (String name : names) {
            if (zones.get(name) != null) {
                waiting.add(name);
            }
        }
        SimpleResolver probe = new SimpleResolver(new InetSocketAddress(LOOPBACK, port));
        probe.setTimeout(Duration.ofMillis(200));
        long deadline = System.nanoTime() + READY_DEADLINE.toNanos();
        while (true) {
            waiting.removeIf(name -> servesSoa(probe, name));
            if (waiting.isEmpty()) {
                return;
            }
            Process running = process;
            if (running == null || !running.isAlive()) {
                throw new IllegalStateException("knotd on port " + port + " exited"
                        + (running == null ? "" : " with status " + running.exitValue())
                        + "; its log:\n" + log());
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("knotd on port " + port + " did not serve "
                        + waiting + " within " + READY_DEADLINE.getSeconds() + "s; its log:\n"
                        + log());
            }
            sleep(Duration.ofMillis(20));
        }
    }

    private static boolean servesSoa(SimpleResolver probe, String zone) {
        try {
            Name name = Name.fromString(zone, Name.root);
            Message answer = probe.send(Message.newQuery(
                    Record.newRecord(name, Type.SOA, DClass.IN)));
            return answer.getRcode() == Rcode.NOERROR
                    && !answer.getSection(Section.ANSWER).isEmpty();
        } catch (IOException notYet) {
            return false;
        }
    }

    private void control(String... command) {
        List<String> arguments = new ArrayList<>(
                List.of(knotc.toString(), "-c", config.toString(), "-b"));
        arguments.addAll(List.of(command));
        try {
            Process knotcProcess = new ProcessBuilder(arguments).redirectErrorStream(true).start();
            String output = new String(knotcProcess.getInputStream().readAllBytes(),
                    StandardCharsets.UTF_8);
            if (!knotcProcess.waitFor(READY_DEADLINE.toMillis(), TimeUnit.MILLISECONDS)) {
                knotcProcess.destroyForcibly();
                throw new IllegalStateException(String.join(" ", arguments) + " hung");
            }
            if (knotcProcess.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", arguments) + " failed with "
                        + "status " + knotcProcess.exitValue() + ": " + output.trim()
                        + "\nknotd log:\n" + log());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + arguments, e);
        }
    }

    private void writeConfig() {
        // No "user:" setting: knotd keeps the user that starts it (root in a container, the
        // developer elsewhere) and needs no "knot" account. It listens on loopback only.
        StringBuilder text = new StringBuilder()
                .append("server:\n")
                .append("    rundir: \"").append(directory.resolve("run")).append("\"\n")
                .append("    listen: ").append(LOOPBACK.getHostAddress()).append('@')
                .append(port).append('\n')
                .append("    udp-workers: 1\n")
                .append("    tcp-workers: 1\n")
                .append("    background-workers: 1\n")
                .append("database:\n")
                .append("    storage: \"").append(directory.resolve("db")).append("\"\n")
                .append("control:\n")
                .append("    listen: \"").append(directory.resolve("run/knot.sock"))
                .append("\"\n")
                .append("log:\n")
                .append("  - target: stderr\n")
                .append("    any: info\n")
                .append("template:\n")
                .append("  - id: default\n")
                .append("    storage: \"").append(zoneDirectory).append("\"\n")
                .append("    file: \"%s.zone\"\n")
                // Load the file as it is, never write it back, keep no journal: the zone
                // file is the whole truth, as a test expects.
                .append("    zonefile-load: whole\n")
                .append("    zonefile-sync: -1\n")
                .append("    journal-content: none\n")
                .append("zone:\n");
        for (String zone : zones.keySet()) {
            text.append("  - domain: \"").append(zone).append(".\"\n");
        }
        write(config, text.toString());
    }

    private void writeZoneFiles() {
        for (Map.Entry<String, String> zone : zones.entrySet()) {
            Path file = zoneDirectory.resolve(zone.getKey() + ".zone");
            if (zone.getValue() != null) {
                write(file, zone.getValue());
            }
        }
    }

    private void kill() {
        Process running = process;
        if (running != null) {
            running.destroyForcibly();
        }
    }

    private void deleteDirectory() {
        try (Stream<Path> paths = Files.walk(directory)) {
            List<Path> deepestFirst =
                    paths.sorted(Comparator.reverseOrder()).collect(Collectors.toList());
            for (Path path : deepestFirst) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + directory, e);
        }
    }

    private long logSize() {
        try {
            return Files.exists(log) ? Files.size(log) : 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String logSince(long offset) {
        String all = log();
        return all.length() > offset ? all.substring((int) offset) : "";
    }

    private static int freeLoopbackPort() {
        for (int attempt = 0; attempt < 20; attempt++) {
            try (DatagramSocket udp = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0));
                    ServerSocket tcp = new ServerSocket()) {
                tcp.bind(new InetSocketAddress(LOOPBACK, udp.getLocalPort()));
                return udp.getLocalPort();
            } catch (IOException takenForTcp) {
                // The UDP port is in use over TCP: try another one.
                continue;
            }
        }
        throw new IllegalStateException("found no loopback port free for both UDP and TCP");
    }

    private static InetAddress ipv4Loopback() {
        try {
            return InetAddress.getByAddress(new byte[] {127, 0, 0, 1});
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Path findExecutable(String command) {
        List<String> directories = new ArrayList<>();
        String path = System.getenv("PATH");
        if (path != null) {
            directories.addAll(List.of(path.split(File.pathSeparator)));
        }
        directories.addAll(List.of("/usr/sbin", "/usr/local/sbin", "/sbin"));
        for (String candidate : directories) {
            Path file = Paths.get(candidate, command);
            if (Files.isExecutable(file)) {
                return file;
            }
        }
        throw new IllegalStateException(command + " (Knot DNS) is not installed, and the DNS tests"
                + " need it to run a real DNS server on loopback. Run scripts/test, which"
                + " installs what the tests need, or install it with: apt-get install knot");
    }

    private static void write(Path file, String text) {
        try {
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for knotd", e);
        }
    }

    private static String normalize(String zone) {
        String lower = zone.toLowerCase(Locale.ROOT);
        return lower.endsWith(".") ? lower.substring(0, lower.length() - 1) : lower;
    }

    /** The zones of a {@link KnotServer} to start. */
    public static final class Builder {
        private final Map<String, String> zones = new LinkedHashMap<>();

        private Builder() {
        }

        /** Serves a zone, given as the text of its zone file. */
        public Builder zone(String name, String zoneFileText) {
            zones.put(normalize(name), zoneFileText);
            return this;
        }

        /** Configures a zone without zone file: Knot answers SERVFAIL for names in it. */
        public Builder unloadableZone(String name) {
            zones.put(normalize(name), null);
            return this;
        }

        /** Starts {@code knotd} on a free loopback port and waits until it serves the zones. */
        public KnotServer start() throws IOException {
            KnotServer server = new KnotServer(zones);
            try {
                server.startOnFreePort();
            } catch (RuntimeException e) {
                server.close();
                throw e;
            }
            return server;
        }
    }
}
