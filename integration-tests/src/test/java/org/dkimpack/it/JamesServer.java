package org.dkimpack.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A James 3.8.1 memory server in a child process, laid out from one of {@code conf-samples/}
 * as {@code scripts/run-james} lays it out, and talked to only over the network.
 *
 * <p>{@link Builder#layOut()} makes the server's folder: {@code conf/} from the sample with
 * its placeholders filled in (free loopback ports, the domains, the key directory, the
 * authserv-id) and the test's edits of {@code mailetcontainer.xml} applied;
 * {@code extensions-jars/} with the extension jar. {@link #start()} runs
 * {@code java -cp 'lib/*' org.apache.james.MemoryJamesServerMain} in that folder (James reads
 * {@code conf/jvm.properties} from its current directory), with its output in
 * {@code james.log}; {@link #awaitReady()} waits until webadmin's health check answers 200 and
 * SMTP greets with 220, and fails with the end of the log when James exits or is too slow.
 * {@link #close()} stops it with SIGTERM, as an operator would, and waits; a JVM shutdown hook
 * kills it if the test run ends without closing.
 */
final class JamesServer implements AutoCloseable {
    private static final String MAIN_CLASS = "org.apache.james.MemoryJamesServerMain";
    private static final Duration READY_DEADLINE = Duration.ofSeconds(120);
    private static final Duration STOP_DEADLINE = Duration.ofSeconds(30);
    private static final Duration HTTP_TIMEOUT = Duration.ofSeconds(10);
    private static final Pattern LEFT_PLACEHOLDER = Pattern.compile("@[A-Z_]+@");
    private static final int LOG_TAIL_LINES = 80;

    private final String name;
    private final Path directory;
    private final Path log;
    private final int smtpPort;
    private final int imapPort;
    private final int webadminPort;
    private final String maxHeap;
    private final boolean productionJvm;
    private final HttpClient http;
    private final Thread shutdownHook;
    private volatile Process process;

    private JamesServer(String name, Path directory, List<Integer> ports, String maxHeap,
            boolean productionJvm) {
        this.name = name;
        this.maxHeap = maxHeap;
        this.productionJvm = productionJvm;
        this.directory = directory;
        this.log = directory.resolve("james.log");
        this.smtpPort = ports.get(0);
        this.imapPort = ports.get(1);
        this.webadminPort = ports.get(2);
        this.http = HttpClient.newBuilder().connectTimeout(HTTP_TIMEOUT).build();
        this.shutdownHook = new Thread(this::kill, "james-killer-" + name);
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** A server laid out from {@code conf-samples/<sample>/}. */
    static Builder fromSample(String sample) {
        return new Builder(sample);
    }

    /** Starts the servers side by side and waits until each is ready. */
    static void startAll(JamesServer... servers) {
        for (JamesServer server : servers) {
            server.start();
        }
        for (JamesServer server : servers) {
            server.awaitReady();
        }
    }

    Path directory() {
        return directory;
    }

    int smtpPort() {
        return smtpPort;
    }

    int imapPort() {
        return imapPort;
    }

    /** Starts James in the background; {@link #awaitReady()} waits for it. */
    synchronized void start() {
        if (process != null && process.isAlive()) {
            return;
        }
        Path java = Paths.get(System.getProperty("java.home"), "bin", "java");
        List<String> command = new ArrayList<>(List.of(java.toString(), "-Xmx" + maxHeap));
        if (!productionJvm) {
            // Faster boot, for tests only: James is started 6 times per run.
            command.addAll(List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"));
        }
        command.addAll(List.of(
                "-Dworking.directory=" + directory,
                "-Dlogback.configurationFile=" + directory.resolve("conf/logback.xml"),
                "-cp", TestEnvironment.jamesLib() + "/*",
                MAIN_CLASS));
        try {
            process = new ProcessBuilder(command)
                    .directory(directory.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start James " + name + ": " + command, e);
        }
    }

    /** Waits until webadmin's health check answers 200 and SMTP greets with 220. */
    void awaitReady() {
        long deadline = System.nanoTime() + READY_DEADLINE.toNanos();
        while (true) {
            Process running = process;
            if (running == null || !running.isAlive()) {
                throw new IllegalStateException("James " + name + " exited"
                        + (running == null ? "" : " with status " + running.exitValue())
                        + " before it was ready; the end of " + log + ":\n" + logTail());
            }
            if (healthy() && greetsOverSmtp()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("James " + name + " was not ready within "
                        + READY_DEADLINE.getSeconds() + " s; the end of " + log + ":\n"
                        + logTail());
            }
            pause(Duration.ofMillis(250));
        }
    }

    /** Stops James with SIGTERM and waits; SIGKILL if it does not stop in time. */
    synchronized void stop() {
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
        } finally {
            process = null;
        }
    }

    /** Stops James and forgets it. */
    @Override
    public void close() {
        stop();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // The hook runs now; it only kills a process that is gone by now.
        }
    }

    /** Closes each server, all at once, and waits for them all. */
    static void closeAll(JamesServer... servers) {
        List<Thread> stoppers = new ArrayList<>();
        for (JamesServer server : servers) {
            if (server != null) {
                Thread stopper = new Thread(server::close, "stop-" + server.name);
                stopper.start();
                stoppers.add(stopper);
            }
        }
        for (Thread stopper : stoppers) {
            try {
                stopper.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Everything James has logged so far. */
    String log() {
        try {
            return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The last lines of the log, for failure messages. */
    String logTail() {
        List<String> lines = Arrays.asList(log().split("\n", -1));
        int from = Math.max(0, lines.size() - LOG_TAIL_LINES);
        return String.join("\n", lines.subList(from, lines.size()));
    }

    /** Creates a user over webadmin: {@code PUT /users/<address>}. */
    void createUser(String address, String password) {
        String body = "{\"password\":\"" + password + "\"}";
        send(HttpRequest.newBuilder(webadmin("/users/" + address))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body)), 204);
    }

    /**
     * The keys of the mails in a mail repository, such as {@code var/mail/dkim-quarantine}
     * for {@code memory://var/mail/dkim-quarantine/}.
     */
    List<String> mailRepositoryKeys(String repository) {
        String json = send(HttpRequest.newBuilder(webadmin(repositoryPath(repository)))
                .GET(), 200);
        List<String> keys = new ArrayList<>();
        Matcher key = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"").matcher(json);
        while (key.find()) {
            keys.add(key.group(1));
        }
        return keys;
    }

    /**
     * One page of the keys of a mail repository:
     * {@code GET .../mails?offset=...&limit=...}.
     */
    List<String> mailRepositoryKeys(String repository, int offset, int limit) {
        String json = send(HttpRequest.newBuilder(webadmin(repositoryPath(repository)
                        + "?offset=" + offset + "&limit=" + limit))
                .GET(), 200);
        List<String> keys = new ArrayList<>();
        Matcher key = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"").matcher(json);
        while (key.find()) {
            keys.add(key.group(1));
        }
        return keys;
    }

    /**
     * How many mails a mail repository holds, as webadmin tells:
     * {@code GET /mailRepositories/{path}} answers its {@code size}; 0 for a repository
     * that does not exist yet (ToRepository makes it with its first mail).
     */
    long mailRepositorySize(String repository) {
        HttpRequest request = HttpRequest.newBuilder(webadmin("/mailRepositories/"
                        + encode(repository)))
                .timeout(HTTP_TIMEOUT)
                .GET()
                .build();
        try {
            HttpResponse<String> response = http.send(request,
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            if (response.statusCode() == 404) {
                return 0;
            }
            Matcher size = Pattern.compile("\"size\"\\s*:\\s*(\\d+)")
                    .matcher(response.body());
            if (response.statusCode() != 200 || !size.find()) {
                throw new IllegalStateException("GET " + request.uri() + " answered "
                        + response.statusCode() + ": " + response.body());
            }
            return Long.parseLong(size.group(1));
        } catch (IOException e) {
            throw new UncheckedIOException("GET " + request.uri() + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** A mail of a mail repository, as the raw message James holds. */
    ReceivedMessage mailRepositoryMessage(String repository, String key) {
        HttpRequest request = HttpRequest.newBuilder(webadmin(repositoryPath(repository)
                        + "/" + encode(key)))
                .header("Accept", "message/rfc822")
                .timeout(HTTP_TIMEOUT)
                .GET()
                .build();
        try {
            HttpResponse<byte[]> response =
                    http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != 200) {
                throw new IllegalStateException(request.method() + " " + request.uri()
                        + " answered " + response.statusCode() + ": "
                        + new String(response.body(), StandardCharsets.UTF_8));
            }
            return new ReceivedMessage(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(request.method() + " " + request.uri() + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /**
     * Sends a mail of a repository through a processor again, as an administrator releases
     * one: {@code PATCH .../mails/{key}?action=reprocess&processor=...}.
     */
    void reprocess(String repository, String key, String processor) {
        send(HttpRequest.newBuilder(webadmin(repositoryPath(repository) + "/" + encode(key)
                        + "?action=reprocess&processor=" + encode(processor)))
                .method("PATCH", HttpRequest.BodyPublishers.noBody()), 201);
    }

    @Override
    public String toString() {
        return "James " + name + " (SMTP " + smtpPort + ", IMAP " + imapPort + ", webadmin "
                + webadminPort + ", in " + directory + ")";
    }

    private boolean healthy() {
        try {
            HttpResponse<Void> response = http.send(HttpRequest.newBuilder(
                            webadmin("/healthcheck")).timeout(Duration.ofSeconds(2)).GET().build(),
                    HttpResponse.BodyHandlers.discarding());
            return response.statusCode() == 200;
        } catch (IOException notYet) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for James " + name, e);
        }
    }

    private boolean greetsOverSmtp() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(TestEnvironment.LOOPBACK, smtpPort), 2000);
            socket.setSoTimeout(2000);
            InputStream in = socket.getInputStream();
            byte[] greeting = new byte[3];
            int read = in.readNBytes(greeting, 0, 3);
            socket.getOutputStream().write("QUIT\r\n".getBytes(StandardCharsets.US_ASCII));
            return read == 3 && new String(greeting, StandardCharsets.US_ASCII).equals("220");
        } catch (IOException notYet) {
            return false;
        }
    }

    private String send(HttpRequest.Builder builder, int expectedStatus) {
        HttpRequest request = builder.timeout(HTTP_TIMEOUT).build();
        try {
            HttpResponse<String> response = http.send(request,
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            if (response.statusCode() != expectedStatus) {
                throw new IllegalStateException(request.method() + " " + request.uri()
                        + ": expected status " + expectedStatus + ", got "
                        + response.statusCode() + ": " + response.body());
            }
            return response.body();
        } catch (IOException e) {
            throw new UncheckedIOException(request.method() + " " + request.uri() + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private URI webadmin(String path) {
        return URI.create("http://127.0.0.1:" + webadminPort + path);
    }

    private static String repositoryPath(String repository) {
        return "/mailRepositories/" + encode(repository) + "/mails";
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private void kill() {
        Process running = process;
        if (running != null) {
            running.destroyForcibly();
        }
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** What goes into a server's folder. */
    static final class Builder {
        private final String sample;
        private final List<UnaryOperator<String>> mailetContainerEdits = new ArrayList<>();
        private String name;
        private List<String> domains = List.of("example.test");
        private Path keyDirectory;
        private String authservId;
        private Path workDirectory;
        private String maxHeap = "256m";
        private boolean productionJvm;
        private final List<Path> moreExtensionJars = new ArrayList<>();

        private Builder(String sample) {
            this.sample = sample;
            this.name = sample;
        }

        /** The server's name in messages and its folder's name. Default: the sample's. */
        Builder name(String value) {
            this.name = value;
            return this;
        }

        /** The local domains; the first is the default domain (and default authserv-id). */
        Builder domains(String... values) {
            this.domains = List.of(values);
            return this;
        }

        /** {@code @KEY_DIR@}. Default: an empty folder {@code keys/} of the server's own. */
        Builder keyDirectory(Path value) {
            this.keyDirectory = value;
            return this;
        }

        /** {@code @AUTHSERV_ID@}. Default: the first domain. */
        Builder authservId(String value) {
            this.authservId = value;
            return this;
        }

        /** An edit of the sample's mailetcontainer.xml, see {@link MailetContainerEdits}. */
        Builder editMailetContainer(UnaryOperator<String> edit) {
            mailetContainerEdits.add(edit);
            return this;
        }

        /** James's {@code -Xmx}, such as {@code 512m}. Default {@code 256m}. */
        Builder maxHeap(String value) {
            this.maxHeap = value;
            return this;
        }

        /** Another jar for {@code extensions-jars/}, beside the pack's. */
        Builder extensionJar(Path jar) {
            moreExtensionJars.add(jar);
            return this;
        }

        /**
         * The JVM's own defaults (both JIT compilers, G1), as in production, instead of the
         * quicker-booting options of the tests: for throughput measurements.
         */
        Builder productionJvm() {
            this.productionJvm = true;
            return this;
        }

        /** The folder the server's folder goes in. */
        Builder workDirectory(Path value) {
            this.workDirectory = value;
            return this;
        }

        /** Makes the server's folder, with free ports; nothing is started yet. */
        JamesServer layOut() {
            if (workDirectory == null) {
                throw new IllegalStateException("no work directory given for James " + name);
            }
            Path directory = workDirectory.resolve(name).toAbsolutePath();
            TestEnvironment.deleteRecursively(directory);
            List<Integer> ports = TestEnvironment.freeLoopbackPorts(3);
            try {
                Files.createDirectories(directory.resolve("conf"));
                Path extensions = Files.createDirectories(directory.resolve("extensions-jars"));
                Path extensionJar = TestEnvironment.extensionJar();
                Files.copy(extensionJar, extensions.resolve(extensionJar.getFileName()));
                for (Path jar : moreExtensionJars) {
                    Files.copy(jar, extensions.resolve(jar.getFileName()));
                }
                Path keys = keyDirectory != null ? keyDirectory
                        : Files.createDirectories(directory.resolve("keys"));
                Map<String, String> values = Map.of(
                        "@SMTP_PORT@", String.valueOf(ports.get(0)),
                        "@IMAP_PORT@", String.valueOf(ports.get(1)),
                        "@WEBADMIN_PORT@", String.valueOf(ports.get(2)),
                        "@DOMAIN@", domains.get(0),
                        "@AUTHSERV_ID@", authservId != null ? authservId : domains.get(0),
                        "@KEY_DIR@", keys.toAbsolutePath().toString());
                copyConf(directory.resolve("conf"), values);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot lay out James " + name + " in "
                        + directory, e);
            }
            return new JamesServer(name, directory, ports, maxHeap, productionJvm);
        }

        private void copyConf(Path conf, Map<String, String> values) throws IOException {
            Path sampleDirectory = TestEnvironment.confSamples().resolve(sample);
            List<Path> files;
            try (Stream<Path> listing = Files.list(sampleDirectory)) {
                files = listing.filter(Files::isRegularFile)
                        .filter(file -> !file.getFileName().toString().equals("README.md"))
                        .collect(Collectors.toList());
            }
            if (files.isEmpty()) {
                throw new IllegalStateException("no sample " + sample + " in "
                        + sampleDirectory.getParent());
            }
            for (Path file : files) {
                String fileName = file.getFileName().toString();
                String text = fillIn(Files.readString(file, StandardCharsets.UTF_8), values);
                if (fileName.equals("mailetcontainer.xml")) {
                    for (UnaryOperator<String> edit : mailetContainerEdits) {
                        text = edit.apply(text);
                    }
                }
                Matcher left = LEFT_PLACEHOLDER.matcher(text);
                if (left.find()) {
                    throw new IllegalStateException("sample " + sample + ", " + fileName
                            + ": placeholder " + left.group() + " is not known to the tests");
                }
                Files.writeString(conf.resolve(fileName), text, StandardCharsets.UTF_8);
            }
        }

        /** As run-james does: one {@code <domainname>} line per domain, then the rest. */
        private String fillIn(String text, Map<String, String> values) {
            StringBuilder out = new StringBuilder();
            for (String line : text.split("\n", -1)) {
                if (out.length() > 0) {
                    out.append('\n');
                }
                if (line.trim().equals("<domainname>@DOMAIN@</domainname>")) {
                    String indent = line.substring(0, line.indexOf('<'));
                    out.append(domains.stream()
                            .map(domain -> indent + "<domainname>" + domain + "</domainname>")
                            .collect(Collectors.joining("\n")));
                } else {
                    out.append(line);
                }
            }
            String filled = out.toString();
            for (Map.Entry<String, String> value : values.entrySet()) {
                filled = filled.replace(value.getKey(), value.getValue());
            }
            return filled;
        }
    }
}
