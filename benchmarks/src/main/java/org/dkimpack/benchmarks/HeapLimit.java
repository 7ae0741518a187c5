package org.dkimpack.benchmarks;

import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Locale;

import javax.mail.MessagingException;
import javax.mail.util.SharedFileInputStream;

import org.apache.mailet.Mail;
import org.apache.mailet.Mailet;
import org.dkimpack.core.PermanentDkimException;
import org.dkimpack.core.result.DkimResult;
import org.dkimpack.core.result.VerificationResult;
import org.dkimpack.core.sign.DkimSigner;
import org.dkimpack.core.sign.SignatureSpec;
import org.dkimpack.core.verify.DkimVerifier;

/**
 * One signing run in a JVM of its own, for the largest-message runs of {@code scripts/bench}
 * (which start it with {@code -Xmx64m}): exit status 0 when the message was signed, 3 when the
 * heap ran out, 1 for anything else.
 *
 * <pre>
 * generate FILE SIZE     writes a test message of SIZE (such as 64MB) to FILE
 * pack-sign FILE         this pack's DkimSign mailet signs the message in FILE
 * james-sign FILE        James 3.8.1's DKIMSign mailet signs the message in FILE
 * core SIZE              the engine signs, then verifies, a generated message of SIZE,
 *                        streamed: it is never stored, in memory or on disk
 * </pre>
 *
 * <p>The mailets get the message as James hands over a spooled one: a MimeMessage reading a
 * file ({@link SharedFileInputStream}), not holding it. What they leave is then written out,
 * as James does when it sends, through a pipe into the engine's verifier, which must pass it.
 */
public final class HeapLimit {
    static final int OUT_OF_MEMORY = 3;

    private HeapLimit() {
    }

    public static void main(String[] args) throws Exception {
        boolean generate = args.length > 0 && args[0].equals("generate");
        if (args.length != (generate ? 3 : 2)) {
            System.err.println("usage: HeapLimit generate FILE SIZE | pack-sign FILE"
                    + " | james-sign FILE | core SIZE");
            System.exit(1);
        }
        long start = System.nanoTime();
        String outcome;
        try {
            outcome = run(args);
        } catch (OutOfMemoryError e) {
            System.out.println("out of memory: " + e.getMessage());
            System.exit(OUT_OF_MEMORY);
            return;
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf(Locale.ROOT, "%s in %.1f s, max heap %d MB%n", outcome, seconds,
                Runtime.getRuntime().maxMemory() >> 20);
    }

    private static String run(String[] args) throws Exception {
        switch (args[0]) {
            case "generate":
                try (OutputStream out = new BufferedOutputStream(
                        Files.newOutputStream(Paths.get(args[1])), 1 << 16)) {
                    GeneratedMessage.writeTo(out, MessageSize.parse(args[2]));
                }
                return "generated " + args[1];
            case "pack-sign":
                return signWithMailet(Paths.get(args[1]), true);
            case "james-sign":
                return signWithMailet(Paths.get(args[1]), false);
            case "core":
                return signAndVerify(MessageSize.parse(args[1]));
            default:
                throw new IllegalArgumentException("unknown mode " + args[0]);
        }
    }

    private static String signWithMailet(Path file, boolean pack) throws Exception {
        Keys keys = Keys.create();
        Path keyDirectory = null;
        Mailet mailet;
        if (pack) {
            keyDirectory = Mailets.keyDirectory(Keys.RSA_SELECTOR, keys.rsaPem());
            mailet = Mailets.packSigner(keyDirectory);
        } else {
            mailet = Mailets.jamesSigner(keys.rsaPem());
        }
        try (SharedFileInputStream in = new SharedFileInputStream(file.toFile(), 1 << 16)) {
            Mail mail = Mailets.mail(in);
            mailet.service(mail);
            String[] fields = mail.getMessage().getHeader("DKIM-Signature");
            if (fields == null || fields.length == 0) {
                throw new IllegalStateException(mailet.getMailetInfo() + " did not sign");
            }
            long written = verifyAsWritten(mail, keys);
            return String.format(Locale.ROOT, "signed %d bytes, wrote and verified (pass) %d",
                    Files.size(file), written);
        } finally {
            mailet.destroy();
            if (keyDirectory != null) {
                Mailets.delete(keyDirectory);
            }
        }
    }

    private static String signAndVerify(long size)
            throws IOException, PermanentDkimException {
        Keys keys = Keys.create();
        long length;
        String field;
        try (GeneratedMessage message = new GeneratedMessage(size)) {
            length = message.length();
            field = new DkimSigner().sign(message, SignatureSpec.builder(keys.rsa(),
                    GeneratedMessage.SENDER_DOMAIN, Keys.RSA_SELECTOR).build());
        }
        InputStream signed = new SequenceInputStream(
                new ByteArrayInputStream((field + "\r\n").getBytes(StandardCharsets.US_ASCII)),
                new GeneratedMessage(size));
        VerificationResult result = new DkimVerifier(Mailets.resolver(keys)).verify(signed);
        if (result.summary() != DkimResult.PASS) {
            throw new IllegalStateException("the engine did not pass its own signature: "
                    + result);
        }
        return "signed and verified (pass) " + length + " bytes";
    }

    /**
     * Writes the mail's message as James sends it, through a pipe into the engine's verifier,
     * so that nothing holds the whole of it; returns how many bytes were written.
     */
    private static long verifyAsWritten(Mail mail, Keys keys) throws Exception {
        PipedInputStream in = new PipedInputStream(1 << 16);
        PipedOutputStream pipe = new PipedOutputStream(in);
        CountingStream counted = new CountingStream(pipe);
        Thread writer = new Thread(() -> {
            try (OutputStream out = counted) {
                mail.getMessage().writeTo(out);
            } catch (IOException | MessagingException e) {
                throw new IllegalStateException("cannot write the signed message", e);
            }
        }, "heap-limit-writer");
        writer.start();
        VerificationResult result;
        try (InputStream signed = in) {
            result = new DkimVerifier(Mailets.resolver(keys)).verify(signed);
            signed.transferTo(OutputStream.nullOutputStream());
        }
        writer.join();
        if (result.summary() != DkimResult.PASS) {
            throw new IllegalStateException("the signed message did not pass: " + result);
        }
        return counted.count;
    }

    /** Counts what is written on its way through. */
    private static final class CountingStream extends OutputStream {
        private final OutputStream out;
        long count;

        CountingStream(OutputStream out) {
            this.out = out;
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count++;
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            out.write(bytes, offset, length);
            count += length;
        }

        @Override
        public void close() throws IOException {
            out.close();
        }
    }
}
