package org.dkimpack.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Optional;
import java.util.concurrent.Callable;

import org.dkimpack.core.KeyType;
import org.dkimpack.core.key.KeyPolicy;
import org.dkimpack.core.key.SigningKey;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code dkimpack keygen}: makes a new key pair, saves the private key where only its owner
 * can read it, and prints the key record to publish. An existing file is never overwritten:
 * replacing a key that DNS still publishes breaks every message signed from then on.
 */
@Command(name = "keygen",
        mixinStandardHelpOptions = true,
        versionProvider = DkimpackCommand.Version.class,
        header = "Generate a key pair and print the DNS record to publish.",
        description = {
            "Generates a DKIM key pair. Writes the private key as PKCS#8 PEM to DIR/DOMAIN/"
                    + "SELECTOR.pem, readable by its owner only (mode 600, in a directory of"
                    + " mode 700), and prints the TXT record to publish at"
                    + " SELECTOR._domainkey.DOMAIN: as a zone-file line and as the single"
                    + " value a DNS control panel takes.",
            "%nAn existing key file is never overwritten."},
        optionListHeading = "%nOptions:%n",
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {
            " 0:the key was written",
            "64:usage error (a wrong option or value)",
            "73:the key file exists already, or cannot be created",
            "74:writing the key file failed"},
        footerHeading = "%nExamples:%n",
        footer = {
            "  dkimpack keygen --domain example.com --selector s1",
            "  dkimpack keygen --domain example.com --selector ed1 --algorithm ed25519 \\",
            "      --out /etc/james/dkim"})
public final class KeygenCommand implements Callable<Integer> {
    private static final String OWNER_ONLY_FILE = "rw-------";
    private static final String OWNER_ONLY_DIRECTORY = "rwx------";

    private final Terminal terminal;

    @Spec
    private CommandSpec spec;

    @Mixin
    private RecordNameOptions record;

    @Option(names = "--algorithm", paramLabel = "rsa|ed25519", defaultValue = "rsa",
            description = "The key type (default: ${DEFAULT-VALUE}). Ed25519 keys are small and"
                    + " fast, but not every verifier knows them yet (RFC 8463): sign with both.")
    private String algorithm;

    @Option(names = "--bits", paramLabel = "BITS",
            description = "The RSA key size, " + KeyPolicy.MINIMUM_RSA_BITS + " to "
                    + KeyPolicy.MAXIMUM_GENERATED_RSA_BITS + " (default: "
                    + KeyPolicy.RECOMMENDED_RSA_BITS + "); a warning under "
                    + KeyPolicy.RECOMMENDED_RSA_BITS + ".")
    private Integer bits;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "keys",
            description = "The directory of the keys (default: ${DEFAULT-VALUE}).")
    private Path out;

    KeygenCommand(Terminal terminal) {
        this.terminal = terminal;
    }

    @Override
    public Integer call() {
        String domain = record.domain();
        String selector = record.selector();
        KeyType keyType = keyType();
        int size = keySize(keyType);
        Path directory = out.resolve(domain);
        Path file = directory.resolve(selector + ".pem");
        if (Files.exists(file)) {
            throw exists(file);
        }

        if (keyType == KeyType.RSA && size < KeyPolicy.RECOMMENDED_RSA_BITS) {
            terminal.err().println("warning: a " + size + "-bit RSA key is allowed but weak;"
                    + " " + KeyPolicy.RECOMMENDED_RSA_BITS
                    + " bits or more are recommended (RFC 8301 §3.2)");
        }
        SigningKey key = keyType == KeyType.RSA
                ? SigningKey.generateRsa(size)
                : SigningKey.generateEd25519();
        createDirectories(directory);
        write(file, key.toPkcs8Pem());

        terminal.out().println("Private key written to " + file + " ("
                + PublishedRecord.describe(key) + ")");
        terminal.out().println();
        PublishedRecord.print(terminal.out(), domain, selector, key, file.toString());
        return ExitStatus.OK;
    }

    private KeyType keyType() {
        Optional<KeyType> keyType = KeyType.fromTagValue(algorithm.trim());
        if (keyType.isEmpty()) {
            throw new ParameterException(spec.commandLine(), "--algorithm '" + algorithm
                    + "' is not a key type; expected rsa or ed25519");
        }
        return keyType.get();
    }

    private int keySize(KeyType keyType) {
        if (keyType == KeyType.ED25519) {
            if (bits != null && bits != 256) {
                throw new ParameterException(spec.commandLine(), "--bits " + bits
                        + ": Ed25519 keys have one size; --bits is for RSA keys");
            }
            return 256;
        }
        int size = bits == null ? KeyPolicy.RECOMMENDED_RSA_BITS : bits;
        if (size < KeyPolicy.MINIMUM_RSA_BITS || size > KeyPolicy.MAXIMUM_GENERATED_RSA_BITS) {
            throw new ParameterException(spec.commandLine(), "--bits " + size
                    + " is out of range; expected " + KeyPolicy.MINIMUM_RSA_BITS + " to "
                    + KeyPolicy.MAXIMUM_GENERATED_RSA_BITS + " (RFC 8301 §3.2 forbids keys"
                    + " under " + KeyPolicy.MINIMUM_RSA_BITS + " bits)");
        }
        return size;
    }

    private static void createDirectories(Path directory) {
        try {
            if (isPosix()) {
                Files.createDirectories(directory,
                        PosixFilePermissions.asFileAttribute(
                                PosixFilePermissions.fromString(OWNER_ONLY_DIRECTORY)));
            } else {
                Files.createDirectories(directory);
            }
        } catch (FileAlreadyExistsException e) {
            throw new CommandFailure(ExitStatus.CANNOT_CREATE, e.getFile()
                    + ": exists and is not a directory");
        } catch (AccessDeniedException e) {
            throw new CommandFailure(ExitStatus.CANNOT_CREATE, e.getFile()
                    + ": cannot create the directory: permission denied");
        } catch (IOException e) {
            throw new CommandFailure(ExitStatus.CANNOT_CREATE, directory
                    + ": cannot create the directory: " + e.getMessage());
        }
    }

    /**
     * Creates the file with its final permissions, so that the key is never readable by
     * others, not even for a moment, and fails if it exists, whoever created it meanwhile.
     */
    private static void write(Path file, String pem) {
        FileAttribute<?>[] attributes = isPosix()
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(
                        PosixFilePermissions.fromString(OWNER_ONLY_FILE))}
                : new FileAttribute<?>[0];
        OutputStream stream;
        try {
            stream = Channels.newOutputStream(Files.newByteChannel(file,
                    EnumSet.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                    attributes));
        } catch (FileAlreadyExistsException e) {
            throw exists(file);
        } catch (AccessDeniedException e) {
            throw new CommandFailure(ExitStatus.CANNOT_CREATE, file
                    + ": cannot create the key file: permission denied");
        } catch (IOException e) {
            throw new CommandFailure(ExitStatus.CANNOT_CREATE, file
                    + ": cannot create the key file: " + e.getMessage());
        }
        try (OutputStream output = stream) {
            output.write(pem.getBytes(StandardCharsets.US_ASCII));
        } catch (IOException e) {
            deleteQuietly(file);
            throw new CommandFailure(ExitStatus.IO_ERROR, file
                    + ": writing the key failed, the file was removed: " + e.getMessage());
        }
    }

    private static CommandFailure exists(Path file) {
        return new CommandFailure(ExitStatus.CANNOT_CREATE, file + ": exists already; keygen"
                + " never overwrites a key (DNS may still publish it). Choose another"
                + " --selector, or move the file away first");
    }

    private static boolean isPosix() {
        return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // The write error is what the user needs to see; this one adds nothing.
            return;
        }
    }
}
