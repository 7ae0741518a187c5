package org.dkimpack.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DkimpackCommandTest {
    private final CommandRunner dkimpack = new CommandRunner();

    @Test
    void noCommandShouldBeAUsageError() {
        CommandRunner.Result result = dkimpack.run();

        assertThat(result.status()).isEqualTo(ExitStatus.USAGE);
        assertThat(result.err()).contains("dkimpack: Missing required subcommand")
                .contains("Try 'dkimpack --help'");
        assertThat(result.out()).isEmpty();
    }

    @Test
    void unknownOptionShouldBeAUsageErrorNamingTheOption() {
        CommandRunner.Result result = dkimpack.run("verify", "--frobnicate");

        assertThat(result.status()).isEqualTo(ExitStatus.USAGE);
        assertThat(result.err()).contains("dkimpack verify: Unknown option: '--frobnicate'")
                .contains("Try 'dkimpack verify --help'");
    }

    @Test
    void helpShouldListTheCommandsAndEveryExitStatus() {
        CommandRunner.Result result = dkimpack.run("--help");

        assertThat(result.status()).isEqualTo(ExitStatus.OK);
        assertThat(result.out()).contains("keygen", "dns-record", "check-dns", "sign", "verify")
                .contains("Exit status")
                .containsPattern("(?m)^\\s+64\\s+usage error")
                .containsPattern("(?m)^\\s+75\\s+DNS failed");
    }

    @ParameterizedTest
    @ValueSource(strings = {"keygen", "dns-record", "check-dns", "sign", "verify"})
    void everyCommandHelpShouldShowAnExampleAndTheExitStatuses(String command) {
        CommandRunner.Result result = dkimpack.run(command, "--help");

        assertThat(result.status()).isEqualTo(ExitStatus.OK);
        assertThat(result.out()).contains("Usage: dkimpack " + command)
                .containsPattern("Examples?:")
                .contains("  dkimpack " + command + " ")
                .contains("Exit status:")
                .containsPattern("(?m)^\\s+64\\s+usage error");
    }

    @Test
    void helpCommandShouldShowTheHelpOfACommand() {
        CommandRunner.Result result = dkimpack.run("help", "keygen");

        assertThat(result.status()).isEqualTo(ExitStatus.OK);
        assertThat(result.out()).contains("Usage: dkimpack keygen");
    }

    @Test
    void versionShouldNameTheCommand() {
        CommandRunner.Result result = dkimpack.run("--version");

        assertThat(result.status()).isEqualTo(ExitStatus.OK);
        assertThat(result.out()).startsWith("dkimpack ");
    }
}
