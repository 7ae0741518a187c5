package org.dkimpack.cli;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import org.dkimpack.core.dns.DnsKeyRecordResolver;
import org.dkimpack.core.dns.KeyRecordResolver;
import org.dkimpack.core.dns.StaticKeyRecordResolver;
import org.dkimpack.core.result.AuthenticationResults;
import org.dkimpack.core.result.DkimResult;
import org.dkimpack.core.result.SignatureResult;
import org.dkimpack.core.result.VerificationResult;
import org.dkimpack.core.verify.DkimVerifier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code dkimpack verify}: checks every signature of one message file and prints the
 * {@code Authentication-Results} field a receiving server would add, so that a signer can see
 * what receivers will see. {@code --key-record} answers for DNS, to test a record before it is
 * published.
 */
@Command(name = "verify",
        mixinStandardHelpOptions = true,
        versionProvider = DkimpackCommand.Version.class,
        header = "Verify the signatures of a message file.",
        description = {
            "Verifies the DKIM signatures of a message (FILE, or standard input when FILE is -"
                    + " or absent) and prints its Authentication-Results field on standard"
                    + " output, one dkim= result per signature. Standard error gets one line per"
                    + " signature, with the reason when it did not pass.",
            "%nKey records come from DNS: the system's resolvers, or --dns-server. With"
                    + " --key-record, the names given are answered from the command line;"
                    + " other names are then looked up only if --dns-server is given too, and"
                    + " are otherwise missing (permerror), so that a test before publishing"
                    + " never depends on DNS."},
        parameterListHeading = "%nParameters:%n",
        optionListHeading = "%nOptions:%n",
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {
            " 0:at least one signature passed",
            " 1:no signature passed (dkim=none included)",
            "64:usage error (a wrong option or value)",
            "66:the message file is missing or unreadable",
            "74:reading the message failed",
            "75:no signature passed and every one failed for a temporary reason (temperror,"
                    + " such as a DNS timeout); try again later"},
        footerHeading = "%nExamples:%n",
        footer = {
            "  dkimpack verify signed.eml",
            "  dkimpack verify signed.eml \\",
            "      --key-record \"s1._domainkey.example.com=$(cat record.txt)\"",
            "  dkimpack verify --dns-server 127.0.0.1:5353 --authserv-id mx.example.net \\",
            "      < signed.eml"})
public final class VerifyCommand implements Callable<Integer> {
    private static final String DEFAULT_AUTHSERV_ID = "localhost";

    private final Terminal terminal;

    @Spec
    private CommandSpec spec;

    @Mixin
    private DnsOptions dns;

    @Option(names = "--key-record", paramLabel = "NAME=VALUE",
            description = "Answers the lookup of NAME with the TXT record VALUE (repeatable),"
                    + " such as s1._domainkey.example.com='v=DKIM1; k=ed25519; p=...'.")
    private List<String> keyRecords;

    @Option(names = "--authserv-id", paramLabel = "ID",
            description = "The authentication service named in the field (default: this"
                    + " host's name).")
    private String authservId;

    @Parameters(index = "0", arity = "0..1", paramLabel = "FILE",
            defaultValue = MessageFiles.STANDARD_INPUT,
            description = "The message, as an RFC 5322 file (.eml); - for standard input.")
    private String input;

    VerifyCommand(Terminal terminal) {
        this.terminal = terminal;
    }

    @Override
    public Integer call() {
        String id = authservId == null ? localHostName() : checkedAuthservId(authservId);
        KeyRecordResolver resolver = resolver();
        String source = MessageFiles.describe(input);
        VerificationResult result;
        try (InputStream in = open()) {
            result = new DkimVerifier(resolver).verify(in);
        } catch (IOException e) {
            throw new CommandFailure(ExitStatus.IO_ERROR, source + ": reading failed: "
                    + e.getMessage(), e);
        }

        for (String line : AuthenticationResults.field(id, result).split("\r\n")) {
            terminal.out().println(line);
        }
        describe(result, source);
        return exitStatus(result);
    }

    private InputStream open() throws IOException {
        if (MessageFiles.isStandardInput(input)) {
            return new BufferedInputStream(terminal.in());
        }
        return new BufferedInputStream(Files.newInputStream(MessageFiles.existing(input)));
    }

    private KeyRecordResolver resolver() {
        if (keyRecords == null || keyRecords.isEmpty()) {
            return dns.resolver();
        }
        StaticKeyRecordResolver.Builder table = StaticKeyRecordResolver.builder();
        for (String keyRecord : keyRecords) {
            int equals = keyRecord.indexOf('=');
            if (equals <= 0) {
                throw usage("--key-record '" + keyRecord + "' is not NAME=VALUE, such as"
                        + " s1._domainkey.example.com='v=DKIM1; k=rsa; p=...'");
            }
            String name = keyRecord.substring(0, equals).trim();
            if (name.endsWith(".")) {
                name = name.substring(0, name.length() - 1);
            }
            RecordNameOptions.checkedName(spec, "--key-record name", name);
            if (!name.toLowerCase(Locale.ROOT).contains("._domainkey.")) {
                throw usage("--key-record name '" + name + "' is not where a key record"
                        + " lives; expected SELECTOR._domainkey.DOMAIN");
            }
            table.add(name, keyRecord.substring(equals + 1));
        }
        KeyRecordResolver given = table.build();
        if (!dns.hasServers()) {
            return given;
        }
        DnsKeyRecordResolver fromDns = dns.resolver();
        return name -> {
            List<String> found = given.lookupTxt(name);
            return found.isEmpty() ? fromDns.lookupTxt(name) : found;
        };
    }

    /** One line per signature on standard error, for the person at the terminal. */
    private void describe(VerificationResult result, String source) {
        if (result.signatures().isEmpty()) {
            terminal.err().println("no DKIM-Signature field in " + source);
            return;
        }
        int number = 0;
        for (SignatureResult signature : result.signatures()) {
            number++;
            StringBuilder line = new StringBuilder("signature ").append(number).append(": ")
                    .append(signature.result().token());
            signature.signingDomain().ifPresent(d -> line.append(" d=").append(d));
            signature.selector().ifPresent(s -> line.append(" s=").append(s));
            signature.algorithm().ifPresent(a -> line.append(" a=").append(a));
            if (signature.keyBits() > 0) {
                line.append(" (").append(signature.keyBits()).append("-bit key)");
            }
            signature.reason().ifPresent(r -> line.append(": ").append(r));
            terminal.err().println(line);
        }
    }

    /** 0 on a pass; 75 when every signature met a temporary failure; 1 otherwise. */
    static int exitStatus(VerificationResult result) {
        if (result.summary() == DkimResult.PASS) {
            return ExitStatus.OK;
        }
        boolean allTemporary = !result.signatures().isEmpty()
                && result.signatures().stream()
                        .allMatch(s -> s.result() == DkimResult.TEMPERROR);
        return allTemporary ? ExitStatus.TEMPORARY_FAILURE : ExitStatus.FAILURE;
    }

    private String checkedAuthservId(String id) {
        if (!isValidAuthservId(id)) {
            throw usage("--authserv-id '" + id + "' is neither a host name nor a token (no"
                    + " spaces, no ()<>@,;:\\\"/[]?=)");
        }
        return id;
    }

    private static boolean isValidAuthservId(String id) {
        try {
            AuthenticationResults.value(id, new VerificationResult(List.of()));
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** This host's name as the system knows it, or "localhost" when it has none usable. */
    private static String localHostName() {
        try {
            String name = InetAddress.getLocalHost().getHostName();
            return isValidAuthservId(name) ? name : DEFAULT_AUTHSERV_ID;
        } catch (UnknownHostException e) {
            return DEFAULT_AUTHSERV_ID;
        }
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
