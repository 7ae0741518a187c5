package org.dkimpack.cli;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

import org.dkimpack.core.PermanentDkimException;
import org.dkimpack.core.SignatureAlgorithm;
import org.dkimpack.core.canon.CanonicalizationPair;
import org.dkimpack.core.key.SigningKey;
import org.dkimpack.core.sign.DkimSigner;
import org.dkimpack.core.sign.SignatureSpec;
import org.dkimpack.core.sign.SignedHeaderSelection;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code dkimpack sign}: signs one message file and writes it to standard output with the
 * {@code DKIM-Signature} fields in front, its own bytes untouched.
 *
 * <p>The message is read twice, once to sign and once to copy, and never held in memory;
 * standard input is first saved to a temporary file (mode 600, deleted afterwards) for that.
 */
@Command(name = "sign",
        mixinStandardHelpOptions = true,
        versionProvider = DkimpackCommand.Version.class,
        header = "Sign a message file with one key or more.",
        description = {
            "Signs a message (FILE, or standard input when FILE is - or absent) and writes it"
                    + " to standard output: the DKIM-Signature fields, then the original bytes"
                    + " unchanged.",
            "%nSeveral --key/--selector pairs make several signatures, in one pass (for example"
                    + " RSA and Ed25519 side by side). --key, --selector and, when given more"
                    + " than once, --domain and --algorithm are matched in the order given: the"
                    + " first --key goes with the first --selector. One --domain or --algorithm"
                    + " applies to every key.",
            "%nLine ends: the fields end in CRLF when the message's first line does, in a bare"
                    + " LF when it ends in LF, so that a file of LF lines stays one; verifiers"
                    + " read a bare LF as CRLF, so the signature holds either way.",
            "%nAn encrypted key's passphrase comes from --passphrase-file or the "
                    + PassphraseOptions.ENVIRONMENT_VARIABLE + " environment variable, never"
                    + " from the command line."},
        parameterListHeading = "%nParameters:%n",
        optionListHeading = "%nOptions:%n",
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {
            " 0:the signed message was written",
            "64:usage error (a wrong option or value)",
            "65:a key file holds no usable key, the passphrase is wrong, or the message has"
                    + " not exactly one From field",
            "66:the message, a key file or the passphrase file is missing or unreadable",
            "74:reading the message or writing the output failed"},
        footerHeading = "%nExamples:%n",
        footer = {
            "  dkimpack sign --domain example.com --selector s1 \\",
            "      --key keys/example.com/s1.pem message.eml > signed.eml",
            "  dkimpack sign --domain example.com --expiration 7d \\",
            "      --key keys/example.com/s1.pem --selector s1 \\",
            "      --key keys/example.com/ed1.pem --selector ed1 < message.eml"})
public final class SignCommand implements Callable<Integer> {
    /** How far the first line end is looked for; a header line is at most 998 bytes. */
    private static final int LINE_END_SCAN_LIMIT = 64 * 1024;

    private final Terminal terminal;

    @Spec
    private CommandSpec spec;

    @Option(names = "--key", required = true, paramLabel = "FILE",
            description = "A private key to sign with, a PEM file (repeatable).")
    private List<Path> keys;

    @Option(names = "--selector", required = true, paramLabel = "SELECTOR",
            description = "The selector of the key at the same position (repeatable).")
    private List<String> selectors;

    @Option(names = "--domain", required = true, paramLabel = "DOMAIN",
            description = "The signing domain, d=: once for every key, or once per key.")
    private List<String> domains;

    @Option(names = "--algorithm", paramLabel = "ALGORITHM",
            description = "rsa-sha256 or ed25519-sha256: once for every key, or once per key."
                    + " Default: the one that suits each key.")
    private List<String> algorithms;

    @Option(names = "--canonicalization", paramLabel = "HEADER/BODY",
            defaultValue = "relaxed/relaxed",
            description = "simple or relaxed, for header and body (default: ${DEFAULT-VALUE}).")
    private String canonicalization;

    @Option(names = "--headers", paramLabel = "NAME", split = ":",
            description = "The header fields to sign, separated by ':' (From is always"
                    + " signed). Default: From, Reply-To, Subject, Date, To, Cc, Message-ID,"
                    + " In-Reply-To, References, MIME-Version, Content-Type,"
                    + " Content-Transfer-Encoding and List-* fields.")
    private List<String> headers;

    @Option(names = "--expiration", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Adds x=: the signature expires after DURATION, such as 7d or 12h.")
    private Duration expiration;

    @Mixin
    private PassphraseOptions passphrase;

    @Parameters(index = "0", arity = "0..1", paramLabel = "FILE",
            defaultValue = MessageFiles.STANDARD_INPUT,
            description = "The message, as an RFC 5322 file (.eml); - for standard input.")
    private String input;

    SignCommand(Terminal terminal) {
        this.terminal = terminal;
    }

    @Override
    public Integer call() {
        List<SignatureSpec> specs = signatureSpecs();
        boolean fromStandardInput = MessageFiles.isStandardInput(input);
        String source = MessageFiles.describe(input);
        Path message = fromStandardInput ? spool(terminal.in()) : MessageFiles.existing(input);
        try {
            List<String> fields = sign(message, source, specs);
            write(fields, message, source);
            return ExitStatus.OK;
        } finally {
            if (fromStandardInput) {
                deleteQuietly(message);
            }
        }
    }

    /** Checks the command line first, then loads the keys, then pairs them up. */
    private List<SignatureSpec> signatureSpecs() {
        int count = keys.size();
        requireCount("--selector", selectors.size(), count, false);
        requireCount("--domain", domains.size(), count, true);
        List<String> algorithmNames = algorithms == null ? List.of() : algorithms;
        if (!algorithmNames.isEmpty()) {
            requireCount("--algorithm", algorithmNames.size(), count, true);
        }
        for (int i = 0; i < count; i++) {
            RecordNameOptions.checkedName(spec, "--domain", pick(domains, i));
            RecordNameOptions.checkedName(spec, "--selector", selectors.get(i));
        }
        List<SignatureAlgorithm> chosenAlgorithms = new ArrayList<>();
        for (String name : algorithmNames) {
            chosenAlgorithms.add(algorithm(name));
        }
        CanonicalizationPair pair = CanonicalizationPair.fromTagValue(canonicalization)
                .orElseThrow(() -> usage("--canonicalization '" + canonicalization
                        + "' is not HEADER/BODY with simple or relaxed for each, such as"
                        + " relaxed/relaxed"));
        SignedHeaderSelection headerSelection = headerSelection();

        List<SigningKey> signingKeys = new ArrayList<>();
        for (Path key : keys) {
            signingKeys.add(KeyFiles.loadForSigning(key, passphrase, terminal));
        }
        List<SignatureSpec> specs = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            try {
                SignatureSpec.Builder builder = SignatureSpec.builder(signingKeys.get(i),
                        pick(domains, i), selectors.get(i)).canonicalization(pair);
                if (!chosenAlgorithms.isEmpty()) {
                    builder.algorithm(pick(chosenAlgorithms, i));
                }
                if (headerSelection != null) {
                    builder.headers(headerSelection);
                }
                if (expiration != null) {
                    builder.expiration(expiration);
                }
                specs.add(builder.build());
            } catch (IllegalArgumentException e) {
                throw usage(keys.get(i) + ": " + e.getMessage());
            }
        }
        return specs;
    }

    /** The header fields of --headers, or null for the signer's default set. */
    private SignedHeaderSelection headerSelection() {
        if (headers == null) {
            return null;
        }
        try {
            return SignedHeaderSelection.of(headers);
        } catch (IllegalArgumentException e) {
            throw usage("--headers: " + e.getMessage());
        }
    }

    private void requireCount(String option, int given, int keyCount, boolean oneForAll) {
        if (given == keyCount || (oneForAll && given == 1)) {
            return;
        }
        throw usage(keyCount + " --key but " + given + " " + option + "; give one " + option
                + " per --key" + (oneForAll ? ", or a single one for all" : ""));
    }

    private static <T> T pick(List<T> values, int index) {
        return values.size() == 1 ? values.get(0) : values.get(index);
    }

    private SignatureAlgorithm algorithm(String name) {
        Optional<SignatureAlgorithm> algorithm = SignatureAlgorithm.fromTagValue(name.trim());
        if (algorithm.isEmpty()) {
            throw usage("--algorithm '" + name + "' is unknown; expected rsa-sha256 or"
                    + " ed25519-sha256");
        }
        return algorithm.get();
    }

    private List<String> sign(Path message, String source, List<SignatureSpec> specs) {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(message))) {
            return new DkimSigner().sign(in, specs);
        } catch (PermanentDkimException e) {
            throw new CommandFailure(ExitStatus.DATA_ERROR, source + ": cannot sign: "
                    + e.getMessage(), e);
        } catch (IOException e) {
            throw new CommandFailure(ExitStatus.IO_ERROR, source + ": reading failed: "
                    + e.getMessage(), e);
        }
    }

    private void write(List<String> fields, Path message, String source) {
        PrintStream out = terminal.out();
        String lineEnd = lineEnd(message, source);
        for (String field : fields) {
            byte[] bytes = (field.replace("\r\n", lineEnd) + lineEnd)
                    .getBytes(StandardCharsets.US_ASCII);
            out.write(bytes, 0, bytes.length);
        }
        try {
            Files.copy(message, out);
        } catch (IOException e) {
            throw new CommandFailure(ExitStatus.IO_ERROR, source + ": reading failed: "
                    + e.getMessage(), e);
        }
        out.flush();
        if (out.checkError()) {
            throw new CommandFailure(ExitStatus.IO_ERROR,
                    "standard output: writing the signed message failed");
        }
    }

    /** CRLF, unless the first line of the message ends in a bare LF. */
    private static String lineEnd(Path message, String source) {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(message))) {
            int previous = -1;
            for (int i = 0; i < LINE_END_SCAN_LIMIT; i++) {
                int c = in.read();
                if (c < 0) {
                    break;
                }
                if (c == '\n') {
                    return previous == '\r' ? "\r\n" : "\n";
                }
                previous = c;
            }
            return "\r\n";
        } catch (IOException e) {
            throw new CommandFailure(ExitStatus.IO_ERROR, source + ": reading failed: "
                    + e.getMessage(), e);
        }
    }

    /** Saves standard input to a temporary file only its owner can read. */
    private static Path spool(InputStream in) {
        Path file;
        try {
            // Created with mode 600 on POSIX systems: a message may be private.
            file = Files.createTempFile("dkimpack-message-", ".eml");
        } catch (IOException e) {
            throw new CommandFailure(ExitStatus.IO_ERROR, "cannot create a temporary file for"
                    + " the message from standard input: " + e.getMessage(), e);
        }
        try (InputStream input = in) {
            Files.copy(input, file, StandardCopyOption.REPLACE_EXISTING);
            return file;
        } catch (IOException e) {
            deleteQuietly(file);
            throw new CommandFailure(ExitStatus.IO_ERROR, "standard input: reading failed: "
                    + e.getMessage(), e);
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // Left in the temporary directory, where the system cleans up; nothing to report.
            return;
        }
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
