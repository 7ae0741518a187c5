package org.dkimpack.cli;

import org.dkimpack.core.DomainNames;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code --domain} and {@code --selector}: which key record a command is about, at
 * {@code <selector>._domainkey.<domain>}. Both are checked as DNS names, since they become
 * one, and a file name too for keygen.
 */
final class RecordNameOptions {
    @Spec(Spec.Target.MIXEE)
    private CommandSpec command;

    @Option(names = "--domain", required = true, paramLabel = "DOMAIN",
            description = "The signing domain (d= of the signatures), such as example.com.")
    private String domain;

    @Option(names = "--selector", required = true, paramLabel = "SELECTOR",
            description = "The selector (s= of the signatures), such as s1 or 2026-01.")
    private String selector;

    String domain() {
        return checkedName(command, "--domain", domain);
    }

    String selector() {
        return checkedName(command, "--selector", selector);
    }

    /** {@code <selector>._domainkey.<domain>}, without trailing dot. */
    String recordName() {
        return selector() + "._domainkey." + domain();
    }

    /**
     * Returns the value of a name option, or stops with a usage error that shows it.
     *
     * @param option the option, as named in the message
     */
    static String checkedName(CommandSpec command, String option, String value) {
        if (!DomainNames.isDomainName(value)) {
            throw new ParameterException(command.commandLine(), option + " '" + value
                    + "' is not a valid DNS name; expected letters, digits, '-' and '_' in"
                    + " labels separated by dots, without a trailing dot");
        }
        return value;
    }
}
