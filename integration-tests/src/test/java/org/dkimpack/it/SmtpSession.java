package org.dkimpack.it;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * One SMTP session kept open for many messages, as a busy client or relay keeps it: EHLO and
 * AUTH PLAIN once, then MAIL FROM, RCPT TO and DATA per message, QUIT at the end. Messages are
 * 7-bit (no {@code BODY=8BITMIME}); line ends are made CRLF and dots stuffed as
 * {@link SmtpClient} does. A reply other than the expected one fails with the server's words.
 * Not thread-safe: one session per thread.
 */
final class SmtpSession implements AutoCloseable {
    private static final int TIMEOUT_MILLIS = 60_000;

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final int port;
    private List<String> extensions = List.of();

    private SmtpSession(Socket socket, int port) throws IOException {
        this.socket = socket;
        this.port = port;
        this.in = new BufferedInputStream(socket.getInputStream());
        this.out = new BufferedOutputStream(socket.getOutputStream());
    }

    /**
     * Connects, greets and logs in as a user of the server; with a {@code null} user, does not
     * log in: the messages then come "from outside", as from another server.
     */
    static SmtpSession open(int port, String user, String password) {
        Socket socket = new Socket();
        try {
            socket.connect(new InetSocketAddress(TestEnvironment.LOOPBACK, port), TIMEOUT_MILLIS);
            socket.setSoTimeout(TIMEOUT_MILLIS);
            SmtpSession session = new SmtpSession(socket, port);
            session.expect("220", "greeting");
            session.command("EHLO client.dkimpack.test");
            session.extensions = session.expect("250", "EHLO");
            if (user == null) {
                return session;
            }
            String plain = Base64.getEncoder().encodeToString(("\0" + user + "\0" + password)
                    .getBytes(StandardCharsets.UTF_8));
            session.command("AUTH PLAIN " + plain);
            session.expect("235", "AUTH PLAIN as " + user);
            return session;
        } catch (IOException e) {
            closeQuietly(socket);
            throw new IllegalStateException("SMTP to port " + port + " failed: " + e, e);
        } catch (RuntimeException e) {
            closeQuietly(socket);
            throw e;
        }
    }

    /** One transaction: MAIL FROM, RCPT TO, DATA; returns when the server took the message. */
    void send(String sender, String recipient, byte[] message) {
        boolean eightBit = hasEightBitBytes(message);
        if (eightBit && extensions.stream().noneMatch(line -> line.contains("8BITMIME"))) {
            throw new IllegalStateException("the server on port " + port
                    + " does not announce 8BITMIME: " + extensions);
        }
        try {
            command("MAIL FROM:<" + sender + ">" + (eightBit ? " BODY=8BITMIME" : ""));
            expect("250", "MAIL FROM:<" + sender + ">");
            command("RCPT TO:<" + recipient + ">");
            expect("250", "RCPT TO:<" + recipient + ">");
            command("DATA");
            expect("354", "DATA");
            out.write(dotStuffed(message));
            out.flush();
            expect("250", "the end of DATA");
        } catch (IOException e) {
            throw new IllegalStateException("SMTP to port " + port + " failed: " + e, e);
        }
    }

    /** QUIT, then closes the connection. */
    @Override
    public void close() {
        try {
            command("QUIT");
            expect("221", "QUIT");
        } catch (IOException | RuntimeException ignored) {
            // The messages were all taken already; a lost goodbye changes nothing.
        } finally {
            closeQuietly(socket);
        }
    }

    /** The message with CRLF line ends, leading dots doubled, and the final dot line. */
    static byte[] dotStuffed(byte[] message) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(message.length + 64);
        boolean lineStart = true;
        for (int i = 0; i < message.length; i++) {
            byte b = message[i];
            if (lineStart && b == '.') {
                out.write('.');
            }
            if (b == '\n' && (i == 0 || message[i - 1] != '\r')) {
                out.write('\r');
            }
            out.write(b);
            lineStart = b == '\n';
        }
        if (!lineStart) {
            out.write('\r');
            out.write('\n');
        }
        out.writeBytes(".\r\n".getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }

    private static boolean hasEightBitBytes(byte[] message) {
        for (byte b : message) {
            if (b < 0) {
                return true;
            }
        }
        return false;
    }

    private void command(String line) throws IOException {
        out.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** Reads a reply, all its lines, and checks its code. */
    private List<String> expect(String code, String what) throws IOException {
        List<String> lines = new ArrayList<>();
        while (true) {
            String line = readLine();
            if (line == null) {
                throw new IOException("the server closed the connection after " + lines
                        + ", waiting for the reply to " + what);
            }
            lines.add(line);
            if (line.length() < 4 || line.charAt(3) != '-') {
                break;
            }
        }
        String last = lines.get(lines.size() - 1);
        if (!last.startsWith(code)) {
            throw new IllegalStateException("expected " + code + " for " + what + ", got "
                    + String.join(" / ", lines));
        }
        return lines;
    }

    private String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0) {
            if (b == '\n') {
                String text = line.toString(StandardCharsets.UTF_8);
                return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
            }
            line.write(b);
        }
        return line.size() == 0 ? null : line.toString(StandardCharsets.UTF_8);
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // Nothing more to say to the server.
        }
    }
}
