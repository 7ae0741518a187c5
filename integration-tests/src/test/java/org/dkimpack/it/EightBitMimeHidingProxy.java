package org.dkimpack.it;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * An SMTP server that does not announce 8BITMIME, made of a real one: a TCP proxy on loopback
 * in front of a James SMTP server that takes {@code 8BITMIME} out of the server's EHLO reply
 * and passes everything else through unchanged, both ways.
 *
 * <p>James 3.8.1 always announces 8BITMIME (its EHLO handler lists it unconditionally), so a
 * receiver without it cannot be configured; behind this proxy, James's RemoteDelivery on the
 * sending side meets one, and the mail still ends at a James that verifies it. What the client
 * sent is kept, to check how it sent the message.
 */
final class EightBitMimeHidingProxy implements AutoCloseable {
    private final ServerSocket serverSocket;
    private final int targetPort;
    private final List<Socket> sockets = new ArrayList<>();
    private final List<ByteArrayOutputStream> transcripts = new ArrayList<>();
    private final Thread acceptor;

    private EightBitMimeHidingProxy(int targetPort) throws IOException {
        this.targetPort = targetPort;
        this.serverSocket = new ServerSocket();
        serverSocket.bind(new InetSocketAddress(TestEnvironment.LOOPBACK, 0));
        this.acceptor = new Thread(this::acceptConnections, "8bitmime-proxy");
        acceptor.setDaemon(true);
    }

    /** Listens on a free loopback port, in front of the SMTP server on {@code targetPort}. */
    static EightBitMimeHidingProxy start(int targetPort) throws IOException {
        EightBitMimeHidingProxy proxy = new EightBitMimeHidingProxy(targetPort);
        proxy.acceptor.start();
        return proxy;
    }

    int port() {
        return serverSocket.getLocalPort();
    }

    /** What clients sent, one text per connection (ISO-8859-1, so that bytes stay bytes). */
    synchronized List<String> clientTranscripts() {
        List<String> texts = new ArrayList<>();
        for (ByteArrayOutputStream transcript : transcripts) {
            synchronized (transcript) {
                texts.add(transcript.toString(StandardCharsets.ISO_8859_1));
            }
        }
        return texts;
    }

    @Override
    public synchronized void close() throws IOException {
        serverSocket.close();
        for (Socket socket : sockets) {
            socket.close();
        }
    }

    private void acceptConnections() {
        while (!serverSocket.isClosed()) {
            try {
                Socket client = serverSocket.accept();
                Socket server = new Socket();
                server.connect(new InetSocketAddress(TestEnvironment.LOOPBACK, targetPort), 10_000);
                ByteArrayOutputStream transcript = new ByteArrayOutputStream();
                synchronized (this) {
                    sockets.add(client);
                    sockets.add(server);
                    transcripts.add(transcript);
                }
                pipe("client-to-server", () -> copyRecording(client, server, transcript));
                pipe("server-to-client", () -> copyHiding8BitMime(server, client));
            } catch (IOException e) {
                // Closed, or a connection that failed: the client sees it fail and retries.
                continue;
            }
        }
    }

    /** Runs one direction; when it ends, both sockets are closed (by its streams). */
    private static void pipe(String name, IoTask task) {
        Thread thread = new Thread(() -> {
            try {
                task.run();
            } catch (IOException closed) {
                // One side went away; closing below ends the other direction too.
                return;
            }
        }, "8bitmime-proxy-" + name);
        thread.setDaemon(true);
        thread.start();
    }

    private static void copyRecording(Socket from, Socket to, ByteArrayOutputStream transcript)
            throws IOException {
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            byte[] buffer = new byte[8192];
            int read;
            while ((read = in.read(buffer)) >= 0) {
                synchronized (transcript) {
                    transcript.write(buffer, 0, read);
                }
                out.write(buffer, 0, read);
                out.flush();
            }
        }
    }

    /**
     * Passes the server's replies on line by line; an EHLO line announcing 8BITMIME is left
     * out, or, when it ends the reply, replaced by a line that announces nothing.
     */
    private static void copyHiding8BitMime(Socket from, Socket to) throws IOException {
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            int b;
            while ((b = in.read()) >= 0) {
                line.write(b);
                if (b != '\n') {
                    continue;
                }
                String text = line.toString(StandardCharsets.ISO_8859_1);
                String keyword = text.length() > 4 ? text.substring(4).trim() : "";
                if (text.startsWith("250") && keyword.toUpperCase(Locale.ROOT).equals("8BITMIME")) {
                    if (text.charAt(3) == ' ') {
                        out.write("250 HELP\r\n".getBytes(StandardCharsets.US_ASCII));
                    }
                } else {
                    line.writeTo(out);
                }
                out.flush();
                line.reset();
            }
        }
    }

    private interface IoTask {
        void run() throws IOException;
    }
}
