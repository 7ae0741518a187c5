package org.dkimpack.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.dkimpack.core.KeyType;
import org.dkimpack.core.key.KeyRecord;
import org.dkimpack.core.key.PrivateKeyLoader;
import org.dkimpack.core.key.SigningKey;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeygenCommandTest {
    private static final Pattern ZONE_FILE_LINE = Pattern.compile(
            "(?m)^s1\\._domainkey\\.example\\.com\\. IN TXT \\( (.*) \\)$");
    private static final Pattern CHARACTER_STRING = Pattern.compile("\"([^\"]*)\"");

    private final CommandRunner dkimpack = new CommandRunner();

    @TempDir
    private Path directory;

    private Path keys;
    private Path keyFile;

    @BeforeEach
    void setUp() {
        keys = directory.resolve("keys");
        keyFile = keys.resolve("example.com").resolve("s1.pem");
    }

    @Test
    void keygenShouldWriteAnRsaKeyOnlyItsOwnerCanRead() throws Exception {
        CommandRunner.Result result = keygen();

        assertThat(result.status()).as(result.toString()).isEqualTo(ExitStatus.OK);
        assertThat(result.out()).startsWith("Private key written to " + keyFile
                + " (rsa, 2048 bits)");
        assertThat(Files.readString(keyFile)).startsWith("-----BEGIN PRIVATE KEY-----\n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile)))
                .isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(
                Files.getPosixFilePermissions(keyFile.getParent()))).isEqualTo("rwx------");
        SigningKey key = PrivateKeyLoader.load(keyFile);
        assertThat(key.keyType()).isEqualTo(KeyType.RSA);
        assertThat(key.bits()).isEqualTo(2048);
        assertThat(result.err()).isEmpty();
    }

    @Test
    void keygenShouldPrintTheRecordOfTheKeyForAControlPanel() throws Exception {
        CommandRunner.Result result = keygen();

        String value = controlPanelValue(result.out());
        assertThat(value).isEqualTo(PrivateKeyLoader.load(keyFile).keyRecordText())
                .startsWith("v=DKIM1; k=rsa; p=MII");
        assertThat(KeyRecord.parse(value).isPublicHalfOf(PrivateKeyLoader.load(keyFile)))
                .isTrue();
        assertThat(result.out()).contains("In a DNS control panel for example.com: a TXT record"
                + " named s1._domainkey,");
    }

    @Test
    void keygenShouldPrintTheZoneFileRecordInStringsOfAtMost255Bytes() throws Exception {
        CommandRunner.Result result = keygen("--bits", "4096");

        List<String> strings = zoneFileStrings(result.out());
        assertThat(strings).hasSizeGreaterThan(2);
        for (String string : strings) {
            assertThat(string.getBytes(StandardCharsets.US_ASCII).length).isLessThanOrEqualTo(255);
        }
        assertThat(String.join("", strings)).isEqualTo(controlPanelValue(result.out()));
        assertThat(PrivateKeyLoader.load(keyFile).bits()).isEqualTo(4096);
    }

    @Test
    void keygenShouldMakeAnEd25519KeyWhoseRecordHoldsTheRaw32ByteKey() throws Exception {
        CommandRunner.Result result = keygen("--algorithm", "ed25519");

        assertThat(result.status()).as(result.toString()).isEqualTo(ExitStatus.OK);
        assertThat(result.out()).startsWith("Private key written to " + keyFile
                + " (ed25519, 256 bits)");
        String value = controlPanelValue(result.out());
        assertThat(value).startsWith("v=DKIM1; k=ed25519; p=");
        byte[] publicKey = Base64.getDecoder().decode(value.substring(value.indexOf("p=") + 2));
        assertThat(publicKey).hasSize(32);
        assertThat(KeyRecord.parse(value).isPublicHalfOf(PrivateKeyLoader.load(keyFile)))
                .isTrue();
        assertThat(zoneFileStrings(result.out())).containsExactly(value);
    }

    @Test
    void keygenShouldRefuseToOverwriteAnExistingKey() throws Exception {
        keygen();
        byte[] first = Files.readAllBytes(keyFile);

        CommandRunner.Result second = keygen("--algorithm", "ed25519");

        assertThat(second.status()).isEqualTo(ExitStatus.CANNOT_CREATE);
        assertThat(second.err()).contains("dkimpack keygen: " + keyFile + ": exists already");
        assertThat(second.out()).isEmpty();
        assertThat(Files.readAllBytes(keyFile)).isEqualTo(first);
    }

    @Test
    void keygenShouldWarnOnStandardErrorAboutAKeyUnder2048Bits() throws Exception {
        CommandRunner.Result result = keygen("--bits", "1024");

        assertThat(result.status()).isEqualTo(ExitStatus.OK);
        assertThat(result.err()).startsWith("warning: a 1024-bit RSA key is allowed but weak");
        assertThat(result.out()).doesNotContain("warning");
        assertThat(PrivateKeyLoader.load(keyFile).bits()).isEqualTo(1024);
    }

    @Test
    void keygenShouldRefuseRsaKeySizesOutside1024To4096() {
        CommandRunner.Result small = keygen("--bits", "512");
        CommandRunner.Result large = keygen("--bits", "8192");

        assertThat(small.status()).isEqualTo(ExitStatus.USAGE);
        assertThat(small.err()).contains("--bits 512 is out of range; expected 1024 to 4096");
        assertThat(large.status()).isEqualTo(ExitStatus.USAGE);
        assertThat(large.err()).contains("--bits 8192 is out of range");
        assertThat(keys).doesNotExist();
    }

    @Test
    void keygenShouldRefuseBitsForEd25519() {
        CommandRunner.Result result = keygen("--algorithm", "ed25519", "--bits", "2048");

        assertThat(result.status()).isEqualTo(ExitStatus.USAGE);
        assertThat(result.err()).contains("Ed25519 keys have one size");
    }

    @Test
    void keygenShouldRefuseAnUnknownAlgorithm() {
        CommandRunner.Result result = keygen("--algorithm", "dsa");

        assertThat(result.status()).isEqualTo(ExitStatus.USAGE);
        assertThat(result.err()).contains("--algorithm 'dsa' is not a key type; expected rsa or"
                + " ed25519");
    }

    @Test
    void keygenShouldRefuseADomainThatIsNoDnsName() {
        CommandRunner.Result result = dkimpack.run("keygen", "--domain", "../etc",
                "--selector", "s1", "--out", keys);

        assertThat(result.status()).isEqualTo(ExitStatus.USAGE);
        assertThat(result.err()).contains("--domain '../etc' is not a valid DNS name");
        assertThat(keys).doesNotExist();
    }

    @Test
    void keygenShouldSayWhenTheKeyDirectoryCannotBeCreated() throws IOException {
        Files.writeString(directory.resolve("not-a-directory"), "a file");

        CommandRunner.Result result = dkimpack.run("keygen", "--domain", "example.com",
                "--selector", "s1", "--algorithm", "ed25519", "--out",
                directory.resolve("not-a-directory"));

        assertThat(result.status()).isEqualTo(ExitStatus.CANNOT_CREATE);
        assertThat(result.err()).contains("not-a-directory");
    }

    @Test
    void keygenThenDnsRecordShouldPrintTheSameRecord() {
        CommandRunner.Result keygen = keygen("--algorithm", "ed25519");

        CommandRunner.Result dnsRecord = dkimpack.run("dns-record", "--key", keyFile,
                "--domain", "example.com", "--selector", "s1");

        assertThat(dnsRecord.status()).as(dnsRecord.toString()).isEqualTo(ExitStatus.OK);
        assertThat(publishPart(dnsRecord.out())).isEqualTo(publishPart(keygen.out()));
        assertThat(controlPanelValue(dnsRecord.out())).isEqualTo(controlPanelValue(keygen.out()));
    }

    private CommandRunner.Result keygen(String... options) {
        String[] args = new String[7 + options.length];
        String[] common = {"keygen", "--domain", "example.com", "--selector", "s1", "--out",
            keys.toString()};
        System.arraycopy(common, 0, args, 0, common.length);
        System.arraycopy(options, 0, args, common.length, options.length);
        return dkimpack.run(args);
    }

    /** Everything from "Publish this TXT record" on. */
    static String publishPart(String out) {
        return out.substring(out.indexOf("Publish this TXT record"));
    }

    /** The line after "without quotes:". */
    static String controlPanelValue(String out) {
        String[] lines = out.split("\n");
        for (int i = 0; i < lines.length - 1; i++) {
            if (lines[i].endsWith("without quotes:")) {
                return lines[i + 1];
            }
        }
        throw new AssertionError("no control panel value in:\n" + out);
    }

    private static List<String> zoneFileStrings(String out) {
        Matcher line = ZONE_FILE_LINE.matcher(out);
        assertThat(line.find()).as(out).isTrue();
        Matcher string = CHARACTER_STRING.matcher(line.group(1));
        List<String> strings = new ArrayList<>();
        while (string.find()) {
            strings.add(string.group(1));
        }
        return strings;
    }
}
