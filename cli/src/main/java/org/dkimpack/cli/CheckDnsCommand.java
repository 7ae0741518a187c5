package org.dkimpack.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

import org.dkimpack.core.KeyType;
import org.dkimpack.core.TemporaryDkimException;
import org.dkimpack.core.dns.DnsKeyRecordResolver;
import org.dkimpack.core.key.KeyPolicy;
import org.dkimpack.core.key.KeyRecord;
import org.dkimpack.core.key.KeyRecordDiagnostics;
import org.dkimpack.core.key.KeyRecordException;
import org.dkimpack.core.key.SigningKey;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code dkimpack check-dns}: asks DNS for a key record the way a verifier will, and says line
 * by line what is right and what is wrong with it, in the words of the mistakes people make
 * when they paste a record into a control panel.
 *
 * <p>A record "works" when verifiers can use it: it parses, it has a key of at least 1024 bits
 * that may sign mail with SHA-256, and it holds no line break. Problems found in a record that
 * works are warnings; in a record that does not, errors.
 */
@Command(name = "check-dns",
        mixinStandardHelpOptions = true,
        versionProvider = DkimpackCommand.Version.class,
        header = "Check the key record that DNS serves, as a verifier will read it.",
        description = {
            "Looks up the TXT record at SELECTOR._domainkey.DOMAIN and reports, one line each:"
                    + " whether it exists, whether it parses, the key type and size, the flags"
                    + " (t=y: testing mode), the mistakes made when pasting it (line breaks or"
                    + " spaces in p=, quotes kept, a value cut short, a p= that is not a key,"
                    + " a key under 1024 bits) and, with --key, whether it publishes the public"
                    + " half of that private key.",
            "%nEach line starts with ok, info, warning or error. Warnings leave the record"
                    + " usable; errors do not. The last line is the verdict.",
            "%nDNS resolvers cache answers: after changing a record, ask the domain's own DNS"
                    + " server with --dns-server to see the change at once."},
        optionListHeading = "%nOptions:%n",
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {
            " 0:the record is usable (and, with --key, matches the key)",
            " 1:the record is missing or not usable, or does not match the key",
            "64:usage error (a wrong option or value)",
            "65:the key file holds no usable key, or the passphrase is wrong",
            "66:the key file or passphrase file is missing or unreadable",
            "75:DNS failed (timeout, SERVFAIL, refused); try again later"},
        footerHeading = "%nExamples:%n",
        footer = {
            "  dkimpack check-dns --domain example.com --selector s1",
            "  dkimpack check-dns --domain example.com --selector s1 \\",
            "      --key keys/example.com/s1.pem --dns-server ns1.example.com"})
public final class CheckDnsCommand implements Callable<Integer> {
    /** Values longer than this are shown by their two ends and their length. */
    private static final int SHOWN_VALUE_LENGTH = 100;
    private static final int SHOWN_HEAD = 64;
    private static final int SHOWN_TAIL = 16;

    private final Terminal terminal;

    @Mixin
    private RecordNameOptions record;

    @Mixin
    private DnsOptions dns;

    @Option(names = "--key", paramLabel = "FILE",
            description = "Also checks that the record publishes the public half of this"
                    + " private key (a PEM file).")
    private Path key;

    @Mixin
    private PassphraseOptions passphrase;

    CheckDnsCommand(Terminal terminal) {
        this.terminal = terminal;
    }

    @Override
    public Integer call() {
        String name = record.recordName();
        SigningKey signingKey = key == null ? null : KeyFiles.load(key, passphrase, terminal);
        DnsKeyRecordResolver resolver = dns.resolver();
        PrintStream out = terminal.out();
        Report report = new Report(out);

        out.println("Checking the DKIM key record at " + name + " (asking "
                + String.join(", ", resolver.servers()) + ")");
        List<String> records;
        try {
            records = resolver.lookupTxt(name);
        } catch (TemporaryDkimException e) {
            report.error("DNS gave no answer: " + e.getMessage());
            out.println("Verdict: unknown, DNS failed; try again later");
            return ExitStatus.TEMPORARY_FAILURE;
        }

        if (records.isEmpty()) {
            report.error("no TXT record at " + name + ": the name does not exist or has no TXT"
                    + " record. Publish the record that keygen or dns-record printed; if you"
                    + " just did, DNS may not serve it yet");
        } else {
            report.ok("found " + records.size() + " TXT record" + (records.size() > 1 ? "s" : ""));
            if (records.size() > 1) {
                report.warning("verifiers may use any one of the " + records.size()
                        + " records, so each must work; keep only one per selector");
            }
            for (int i = 0; i < records.size(); i++) {
                if (records.size() > 1) {
                    out.println("Record " + (i + 1) + " of " + records.size() + ":");
                }
                checkRecord(records.get(i), signingKey, report);
            }
        }

        out.println(verdict(report, signingKey));
        return report.errors == 0 ? ExitStatus.OK : ExitStatus.FAILURE;
    }

    private void checkRecord(String text, SigningKey signingKey, Report report) {
        report.info("value: " + shown(text));
        int errorsBefore = report.errors;
        KeyRecord keyRecord = null;
        String parseError = null;
        try {
            keyRecord = KeyRecord.parse(text);
            report.ok("parses as a DKIM key record");
        } catch (KeyRecordException e) {
            parseError = e.getMessage();
            report.error("does not parse: " + parseError);
        }
        if (keyRecord != null) {
            report.info(keyRecord.isRevoked()
                    ? "key: none (empty p=: the key is revoked)"
                    : "key: " + keyRecord.keyType().tagValue() + ", "
                            + keyRecord.publicKeyBits() + " bits");
            report.info("flags: " + (keyRecord.flags().isEmpty()
                    ? "none"
                    : "t=" + String.join(":", keyRecord.flags())
                            + (keyRecord.isTesting() ? " (testing mode)" : "")));
        }

        int lineBreak = lineBreakIndex(text);
        boolean works = keyRecord != null && works(keyRecord) && lineBreak < 0;
        for (String finding : KeyRecordDiagnostics.findProblems(text)) {
            if (finding.equals(parseError)) {
                continue;
            } else if (works) {
                report.warning(finding);
            } else {
                report.error(finding);
            }
        }
        if (lineBreak >= 0) {
            report.error("the value holds a line break at character " + (lineBreak + 1)
                    + ": it was pasted across lines. A TXT value is one line, and"
                    + " RFC 6376 §3.6.1 allows no bare line break in it; publish it on one line");
        }
        if (keyRecord == null && text.length() == PublishedRecord.MAX_CHARACTER_STRING) {
            report.error("the value is exactly " + PublishedRecord.MAX_CHARACTER_STRING
                    + " characters long, the most one TXT string holds: it was probably cut"
                    + " there. Enter the whole value, split into strings of at most "
                    + PublishedRecord.MAX_CHARACTER_STRING + " characters if the DNS"
                    + " software asks for it");
        }
        if (!works && report.errors == errorsBefore) {
            report.error("verifiers cannot use this record");
        }

        if (signingKey != null) {
            compare(keyRecord, signingKey, report);
        }
    }

    private void compare(KeyRecord keyRecord, SigningKey signingKey, Report report) {
        if (keyRecord == null || keyRecord.isRevoked()) {
            report.info("not compared with " + key + ": the record holds no key");
        } else if (keyRecord.isPublicHalfOf(signingKey)) {
            report.ok("publishes the public half of " + key);
        } else {
            report.error("does not publish the public half of " + key + " (the record has "
                    + keyOf(keyRecord.keyType(), keyRecord.publicKeyBits()) + ", the file "
                    + keyOf(signingKey.keyType(), signingKey.bits()) + "): publish the record"
                    + " that dns-record prints for the file, or sign with the key that matches"
                    + " the record");
        }
    }

    private static String keyOf(KeyType keyType, int bits) {
        return "an " + keyType.tagValue() + " key of " + bits + " bits";
    }

    /** What verifiers require of a key record (RFC 6376 §6.1.2, RFC 8301). */
    private static boolean works(KeyRecord keyRecord) {
        return !keyRecord.isRevoked() && keyRecord.allowsHash("sha256")
                && keyRecord.allowsEmail()
                && (keyRecord.keyType() != KeyType.RSA
                        || keyRecord.publicKeyBits() >= KeyPolicy.MINIMUM_RSA_BITS);
    }

    private static int lineBreakIndex(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '\r' || text.charAt(i) == '\n') {
                return i;
            }
        }
        return -1;
    }

    private String verdict(Report report, SigningKey signingKey) {
        if (report.errors > 0) {
            return "Verdict: NOT usable, " + report.errors + " error"
                    + (report.errors > 1 ? "s" : "");
        }
        StringBuilder verdict = new StringBuilder("Verdict: usable");
        if (signingKey != null) {
            verdict.append(", and it matches ").append(key);
        }
        if (report.warnings > 0) {
            verdict.append(" (").append(report.warnings).append(" warning")
                    .append(report.warnings > 1 ? "s" : "").append(')');
        }
        return verdict.toString();
    }

    /** The value with control and non-ASCII characters escaped, long ones by their ends. */
    private static String shown(String text) {
        StringBuilder escaped = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n') {
                escaped.append("\\n");
            } else if (c == '\r') {
                escaped.append("\\r");
            } else if (c == '\t') {
                escaped.append("\\t");
            } else if (c < 0x20 || c >= 0x7f) {
                escaped.append(String.format("\\u%04X", (int) c));
            } else {
                escaped.append(c);
            }
        }
        if (escaped.length() <= SHOWN_VALUE_LENGTH) {
            return escaped.toString();
        }
        return escaped.substring(0, SHOWN_HEAD) + "..."
                + escaped.substring(escaped.length() - SHOWN_TAIL) + " (" + text.length()
                + " characters)";
    }

    /** Prints the report's lines, each behind its marker, and counts errors and warnings. */
    private static final class Report {
        private final PrintStream out;
        private int errors;
        private int warnings;

        Report(PrintStream out) {
            this.out = out;
        }

        void ok(String text) {
            line("ok", text);
        }

        void info(String text) {
            line("info", text);
        }

        void warning(String text) {
            warnings++;
            line("warning", text);
        }

        void error(String text) {
            errors++;
            line("error", text);
        }

        private void line(String marker, String text) {
            out.println(String.format("%-8s%s", marker, text));
        }
    }
}
