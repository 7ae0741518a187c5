package org.dkimpack.it;

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
 * Just enough SMTP to hand a message to a server byte for byte: EHLO, AUTH PLAIN when a login
 * is given, MAIL FROM (with {@code BODY=8BITMIME} when the message has 8-bit bytes), RCPT TO,
 * DATA with dot-stuffing, QUIT. Line ends are made CRLF; nothing else of the message changes.
 * A reply other than the expected one fails with the server's words.
 */
final class SmtpClient {
    private static final int TIMEOUT_MILLIS = 30_000;

    private SmtpClient() {
    }

    /** Submits as an authenticated user of the server (which may then relay the message). */
    static void submit(int port, String user, String password, String recipient,
            byte[] message) {
        send(port, user, password, user, recipient, message);
    }

    /** Delivers as another server would: no login, so the message comes "from outside". */
    static void deliver(int port, String sender, String recipient, byte[] message) {
        send(port, null, null, sender, recipient, message);
    }

    private static void send(int port, String user, String password, String sender,
            String recipient, byte[] message) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(TestEnvironment.LOOPBACK, port), TIMEOUT_MILLIS);
            socket.setSoTimeout(TIMEOUT_MILLIS);
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();

            // Greeting and EHLO
            expect(in, "220", "greeting");
            command(out, "EHLO client.dkimpack.test");
            List<String> extensions = expect(in, "250", "EHLO");

            // Login
            if (user != null) {
                String plain = Base64.getEncoder().encodeToString(("\0" + user + "\0" + password)
                        .getBytes(StandardCharsets.UTF_8));
                command(out, "AUTH PLAIN " + plain);
                expect(in, "235", "AUTH PLAIN as " + user);
            }

            // Envelope
            boolean eightBit = hasEightBitBytes(message);
            if (eightBit && extensions.stream().noneMatch(line -> line.contains("8BITMIME"))) {
                throw new IllegalStateException("the server on port " + port
                        + " does not announce 8BITMIME: " + extensions);
            }
            command(out, "MAIL FROM:<" + sender + ">" + (eightBit ? " BODY=8BITMIME" : ""));
            expect(in, "250", "MAIL FROM:<" + sender + ">");
            command(out, "RCPT TO:<" + recipient + ">");
            expect(in, "250", "RCPT TO:<" + recipient + ">");

            // Content
            command(out, "DATA");
            expect(in, "354", "DATA");
            out.write(dotStuffed(message));
            out.flush();
            expect(in, "250", "the end of DATA");
            command(out, "QUIT");
        } catch (IOException e) {
            throw new IllegalStateException("SMTP to port " + port + " failed: " + e, e);
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

    private static void command(OutputStream out, String line) throws IOException {
        out.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** Reads a reply, all its lines, and checks its code. */
    private static List<String> expect(InputStream in, String code, String what)
            throws IOException {
        List<String> lines = new ArrayList<>();
        while (true) {
            String line = readLine(in);
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

    private static String readLine(InputStream in) throws IOException {
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
}
