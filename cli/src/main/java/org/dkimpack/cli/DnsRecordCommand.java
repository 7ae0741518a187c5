package org.dkimpack.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;

import org.dkimpack.core.key.SigningKey;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code dkimpack dns-record}: prints the key record to publish for a private key that exists
 * already, made by keygen, openssl or another tool, in the same words as keygen.
 */
@Command(name = "dns-record",
        mixinStandardHelpOptions = true,
        versionProvider = DkimpackCommand.Version.class,
        header = "Print the DNS record to publish for an existing private key.",
        description = {
            "Prints the TXT record to publish at SELECTOR._domainkey.DOMAIN for an existing"
                    + " private key (PEM: PKCS#8, PKCS#1 or encrypted PKCS#8; RSA or Ed25519),"
                    + " as a zone-file line and as the single value a DNS control panel takes."},
        optionListHeading = "%nOptions:%n",
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {
            " 0:the record was printed",
            "64:usage error (a wrong option or value)",
            "65:the key file holds no usable key, or the passphrase is wrong",
            "66:the key file or passphrase file is missing or unreadable"},
        footerHeading = "%nExample:%n",
        footer = {
            "  dkimpack dns-record --key keys/example.com/s1.pem \\",
            "      --domain example.com --selector s1"})
public final class DnsRecordCommand implements Callable<Integer> {
    private final Terminal terminal;

    @Mixin
    private RecordNameOptions record;

    @Option(names = "--key", required = true, paramLabel = "FILE",
            description = "The private key, a PEM file.")
    private Path key;

    @Mixin
    private PassphraseOptions passphrase;

    DnsRecordCommand(Terminal terminal) {
        this.terminal = terminal;
    }

    @Override
    public Integer call() {
        String domain = record.domain();
        String selector = record.selector();
        SigningKey signingKey = KeyFiles.loadForSigning(key, passphrase, terminal);

        terminal.out().println("Key " + key + " (" + PublishedRecord.describe(signingKey) + ")");
        terminal.out().println();
        PublishedRecord.print(terminal.out(), domain, selector, signingKey, key.toString());
        return ExitStatus.OK;
    }
}
