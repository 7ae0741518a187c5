package org.dkimpack.cli;

import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * {@code dkimpack}, the command that James operators run to set up DKIM: it holds the
 * subcommands and gives them one way to report errors and one set of exit statuses
 * ({@link ExitStatus}), so that a script can tell a usage error from a bad record.
 */
@Command(name = "dkimpack",
        mixinStandardHelpOptions = true,
        versionProvider = DkimpackCommand.Version.class,
        synopsisSubcommandLabel = "COMMAND",
        description = {
            "DKIM for Apache James operators: generate keys, publish and check their DNS"
                    + " records, sign and verify single messages.",
            "%nRun 'dkimpack COMMAND --help' for the options and exit statuses of a command."},
        optionListHeading = "%nOptions:%n",
        commandListHeading = "%nCommands:%n",
        exitCodeListHeading = "%nExit status (the same for every command):%n",
        exitCodeList = {
            " 0:done; verify: a signature passed; check-dns: the record is usable",
            " 1:verify: no signature passed; check-dns: the record is missing, not usable"
                    + " or does not match the key",
            "64:usage error: a wrong option or value",
            "65:an input file is wrong: no usable key, wrong passphrase, not a message",
            "66:an input file (message, key, passphrase) is missing or unreadable",
            "70:internal error in dkimpack",
            "73:keygen: the key file exists already or cannot be created",
            "74:reading or writing failed",
            "75:DNS failed for now (timeout, SERVFAIL); try again later"},
        footerHeading = "%nExample: a new key, from generation to a signed message%n",
        footer = {
            "  dkimpack keygen --domain example.com --selector s1",
            "  (publish the TXT record it prints)",
            "  dkimpack check-dns --domain example.com --selector s1 \\",
            "      --key keys/example.com/s1.pem",
            "  dkimpack sign --domain example.com --selector s1 \\",
            "      --key keys/example.com/s1.pem message.eml > signed.eml",
            "  dkimpack verify signed.eml"})
public final class DkimpackCommand {

    private DkimpackCommand() {
    }

    /**
     * Runs the command line with the given streams and environment.
     *
     * @return the exit status
     */
    static int execute(Terminal terminal, String... args) {
        CommandLine commandLine = commandLine(terminal);
        try {
            return commandLine.execute(args);
        } finally {
            commandLine.getOut().flush();
            commandLine.getErr().flush();
            terminal.flush();
        }
    }

    /** The command with its subcommands, writing to and reading from the terminal given. */
    static CommandLine commandLine(Terminal terminal) {
        CommandLine commandLine = new CommandLine(new DkimpackCommand())
                .addSubcommand(new KeygenCommand(terminal))
                .addSubcommand(new DnsRecordCommand(terminal))
                .addSubcommand(new CheckDnsCommand(terminal))
                .addSubcommand(new SignCommand(terminal))
                .addSubcommand(new VerifyCommand(terminal))
                .addSubcommand(new CommandLine.HelpCommand());
        // Settings apply to the subcommands added so far, hence after adding them.
        commandLine.setOut(new PrintWriter(
                new OutputStreamWriter(terminal.out(), StandardCharsets.UTF_8), true));
        commandLine.setErr(new PrintWriter(
                new OutputStreamWriter(terminal.err(), StandardCharsets.UTF_8), true));
        // "@file" would be read as a file of arguments: a surprise for a message file name.
        commandLine.setExpandAtFiles(false);
        commandLine.setParameterExceptionHandler(new UsageErrorHandler());
        commandLine.setExecutionExceptionHandler(new FailureHandler());
        return commandLine;
    }

    /** The qualified name of a command, such as "dkimpack sign", for messages. */
    private static String name(CommandLine commandLine) {
        return commandLine.getCommandSpec().qualifiedName();
    }

    /** Usage errors: the message, a hint to the help, and {@link ExitStatus#USAGE}. */
    private static final class UsageErrorHandler implements IParameterExceptionHandler {
        @Override
        public int handleParseException(ParameterException exception, String[] args) {
            CommandLine commandLine = exception.getCommandLine();
            PrintWriter err = commandLine.getErr();
            err.println(name(commandLine) + ": " + exception.getMessage());
            UnmatchedArgumentException.printSuggestions(exception, err);
            err.println("Try '" + name(commandLine) + " --help' for more information.");
            err.flush();
            return ExitStatus.USAGE;
        }
    }

    /**
     * Failures of a command: its message and exit status. Anything else is a bug, reported
     * with its stack trace so that it can be fixed.
     */
    private static final class FailureHandler implements IExecutionExceptionHandler {
        @Override
        public int handleExecutionException(Exception exception, CommandLine commandLine,
                ParseResult parseResult) {
            PrintWriter err = commandLine.getErr();
            if (exception instanceof CommandFailure) {
                err.println(name(commandLine) + ": " + exception.getMessage());
                err.flush();
                return ((CommandFailure) exception).exitStatus();
            }
            err.println(name(commandLine) + ": internal error, please report it: " + exception);
            exception.printStackTrace(err);
            err.flush();
            return ExitStatus.SOFTWARE;
        }
    }

    /** The version from the jar's manifest; classes run from a build directory have none. */
    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = DkimpackCommand.class.getPackage().getImplementationVersion();
            return new String[] {"dkimpack " + (version == null ? "(development build)"
                    : version)};
        }
    }
}
