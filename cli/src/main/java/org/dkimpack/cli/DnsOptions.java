package org.dkimpack.cli;

import java.time.Duration;
import java.util.List;

import org.dkimpack.core.dns.DnsKeyRecordResolver;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code --dns-server} and {@code --timeout}: which DNS servers a command asks for key records,
 * and how long it waits for each answer.
 */
final class DnsOptions {
    @Spec(Spec.Target.MIXEE)
    private CommandSpec command;

    @Option(names = "--dns-server", paramLabel = "HOST[:PORT]",
            description = "Asks this DNS server (repeatable: asked in order) instead of the"
                    + " system's resolvers. IPv6 in brackets: [::1]:5353.")
    private List<String> servers;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "5s",
            converter = DurationConverter.class,
            description = "How long to wait for each DNS answer (default: ${DEFAULT-VALUE}).")
    private Duration timeout;

    /** Whether servers were named on the command line. */
    boolean hasServers() {
        return servers != null && !servers.isEmpty();
    }

    /** A resolver for the servers given, or for the system's when none were. */
    DnsKeyRecordResolver resolver() {
        DnsKeyRecordResolver.Builder builder = DnsKeyRecordResolver.builder().timeout(timeout);
        try {
            if (hasServers()) {
                builder.servers(servers);
            }
            return builder.build();
        } catch (IllegalArgumentException e) {
            throw new ParameterException(command.commandLine(), "--dns-server: "
                    + e.getMessage());
        } catch (IllegalStateException e) {
            throw new ParameterException(command.commandLine(), e.getMessage()
                    + " (use --dns-server HOST[:PORT])");
        }
    }
}
