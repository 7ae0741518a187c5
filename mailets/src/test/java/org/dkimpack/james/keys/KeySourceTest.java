package org.dkimpack.james.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.dkimpack.core.SignatureAlgorithm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeySourceTest {
    @TempDir
    Path folder;

    private Path table(String... lines) throws IOException {
        Path file = folder.resolve("dkim.table");
        Files.writeString(file, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
        return file;
    }

    private Path touch(String relative) throws IOException {
        Path file = folder.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, "");
        return file;
    }

    @Test
    void signingTableShouldReadEntriesCommentsAndRelativePaths() throws Exception {
        Path file = table(
                "# domain  selector  key  algorithm",
                "",
                "Example.COM   s1   keys/com.pem   # the RSA key",
                "example.com\ted1\t/etc/ed.pem\ted25519-sha256",
                "*.example.org mail keys/org#1.pem");

        KeyTable table = KeySource.signingTable(file).read();

        assertThat(table.entries()).hasSize(3);
        KeyTableEntry first = table.entries().get(0);
        assertThat(first.domainPattern()).isEqualTo("example.com");
        assertThat(first.keyFile()).isEqualTo(folder.resolve("keys/com.pem"));
        assertThat(first.algorithm()).isEmpty();
        assertThat(first.origin()).isEqualTo("signing table " + file + " line 3");
        assertThat(table.entries().get(1).algorithm())
                .contains(SignatureAlgorithm.ED25519_SHA256);
        assertThat(table.entries().get(2).keyFile()).isEqualTo(folder.resolve("keys/org#1.pem"));
        assertThat(table.entries().get(2).signingDomain()).isEqualTo("example.org");
    }

    @Test
    void signingTableShouldNameTheLineOfAWrongFieldCount() throws Exception {
        Path file = table("example.com s1 a.pem rsa-sha256 extra");

        assertThatThrownBy(() -> KeySource.signingTable(file).read())
                .isInstanceOf(KeyConfigurationException.class)
                .hasMessage("signing table " + file + " line 1: expected 'domain selector"
                        + " keyfile [algorithm]', got 'example.com s1 a.pem rsa-sha256 extra'");
    }

    @Test
    void signingTableShouldRefuseRsaSha1() throws Exception {
        Path file = table("# keys", "example.com s1 a.pem rsa-sha1");

        assertThatThrownBy(() -> KeySource.signingTable(file).read())
                .hasMessageContaining("line 2: rsa-sha1 must not be used to sign (RFC 8301");
    }

    @Test
    void signingTableShouldRefuseAnUnknownAlgorithm() throws Exception {
        Path file = table("example.com s1 a.pem ed448-sha512");

        assertThatThrownBy(() -> KeySource.signingTable(file).read())
                .hasMessageContaining("line 1: unknown algorithm 'ed448-sha512'; expected"
                        + " rsa-sha256 or ed25519-sha256");
    }

    @Test
    void signingTableShouldRefuseAnInvalidDomainOrSelector() throws Exception {
        assertThatThrownBy(() -> KeySource.signingTable(table("exa_mple..com s1 a.pem")).read())
                .hasMessageContaining("'exa_mple..com' is not a domain name");
        assertThatThrownBy(() -> KeySource.signingTable(table("example.com s@1 a.pem")).read())
                .hasMessageContaining("'s@1' is not a valid selector");
    }

    @Test
    void signingTableShouldRefuseTheSameDomainAndSelectorTwice() throws Exception {
        Path file = table("example.com s1 a.pem", "EXAMPLE.com S1 b.pem");

        assertThatThrownBy(() -> KeySource.signingTable(file).read())
                .hasMessageContaining("line 2: domain example.com selector s1 is already"
                        + " defined on line 1");
    }

    @Test
    void signingTableShouldSayWhenItIsMissing() {
        Path file = folder.resolve("missing.table");

        assertThatThrownBy(() -> KeySource.signingTable(file).read())
                .hasMessage("signing table " + file + ": file not found");
    }

    @Test
    void keyDirectoryShouldReadDomainsAndSelectorsAndIgnoreTheRest() throws Exception {
        touch("Example.COM/s1.pem");
        touch("example.com/ed1.pem");
        touch("example.org/s1.pem");
        touch("example.com/s1.public.pem");
        touch("example.com/s1.txt");
        touch("example.com/.hidden.pem");
        touch(".git/config.pem");
        touch("README.pem");

        KeyTable table = KeySource.directory(folder).read();

        assertThat(table.entries()).extracting(KeyTableEntry::toString)
                .containsExactlyInAnyOrder(
                        "example.com s=ed1 " + folder.resolve("example.com/ed1.pem"),
                        "example.com s=s1 " + folder.resolve("Example.COM/s1.pem"),
                        "example.org s=s1 " + folder.resolve("example.org/s1.pem"));
    }

    @Test
    void keyDirectoryShouldRefuseOneSelectorInTwoFoldersOfTheSameDomain() throws Exception {
        touch("Example.COM/s1.pem");
        touch("example.com/S1.pem");

        assertThatThrownBy(() -> KeySource.directory(folder).read())
                .isInstanceOf(KeyConfigurationException.class)
                .hasMessageContaining("example.com/S1.pem")
                .hasMessageContaining("Example.COM/s1.pem")
                .hasMessageContaining("same domain and selector");
    }

    @Test
    void keyDirectoryShouldRefuseAFolderThatIsNotADomain() throws Exception {
        touch("not a domain/s1.pem");

        assertThatThrownBy(() -> KeySource.directory(folder).read())
                .hasMessageContaining("folder 'not a domain' is not a domain name");
    }

    @Test
    void keyDirectoryShouldSayWhenItDoesNotExist() {
        Path missing = folder.resolve("missing");

        assertThatThrownBy(() -> KeySource.directory(missing).read())
                .hasMessage("key directory " + missing + " does not exist or is not a"
                        + " directory");
    }

    @Test
    void sourceAtAPathShouldTellADirectoryFromATable() throws Exception {
        assertThat(KeySource.at(folder).describe()).startsWith("key directory ");
        assertThat(KeySource.at(table("example.com s1 a.pem")).describe())
                .startsWith("signing table ");
    }
}
