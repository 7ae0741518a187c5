package org.dkimpack.james.config;

import java.time.Duration;
import java.util.List;

import org.apache.mailet.MailetException;
import org.dkimpack.core.dns.DnsKeyRecordResolver;
import org.dkimpack.core.dns.KeyRecordResolver;

/**
 * The DNS parameters both mailets share: {@code dnsServers} ({@code host[:port]},
 * comma-separated; the system's resolvers when absent) and {@code dnsTimeout} (per query,
 * {@code 5s} by default).
 */
public final class DnsSettings {
    public static final String SERVERS = "dnsServers";
    public static final String TIMEOUT = "dnsTimeout";
    public static final Duration DEFAULT_TIMEOUT = DnsKeyRecordResolver.Builder.DEFAULT_TIMEOUT;

    private final List<String> servers;
    private final Duration timeout;

    private DnsSettings(List<String> servers, Duration timeout) {
        this.servers = List.copyOf(servers);
        this.timeout = timeout;
    }

    /** Reads the two parameters. */
    public static DnsSettings read(Parameters parameters) throws MailetException {
        List<String> servers = parameters.list(SERVERS, ",");
        Duration timeout = parameters.duration(TIMEOUT).orElse(DEFAULT_TIMEOUT);
        return new DnsSettings(servers, timeout);
    }

    /**
     * Makes a resolver with its own cache, which never touches the process-wide dnsjava
     * settings James uses for itself.
     */
    public KeyRecordResolver resolver(Parameters parameters) throws MailetException {
        DnsKeyRecordResolver.Builder builder = DnsKeyRecordResolver.builder().timeout(timeout);
        try {
            if (!servers.isEmpty()) {
                builder.servers(servers);
            }
            return builder.build();
        } catch (IllegalArgumentException e) {
            throw parameters.error(SERVERS, e.getMessage(), e);
        } catch (IllegalStateException e) {
            throw parameters.error(SERVERS, "none given and the system has no DNS resolver ("
                    + e.getMessage() + "); name the servers to ask", e);
        }
    }

    public List<String> servers() {
        return servers;
    }

    public Duration timeout() {
        return timeout;
    }
}
