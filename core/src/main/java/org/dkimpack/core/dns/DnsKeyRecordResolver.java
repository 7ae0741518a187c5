package org.dkimpack.core.dns;

import java.net.ConnectException;
import java.net.PortUnreachableException;
import java.net.SocketTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.dkimpack.core.TemporaryDkimException;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.ResolverConfig;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * Looks up key records in real DNS, with dnsjava, and caches the answers.
 *
 * <p>Each instance has its own servers, timeouts and cache. It never uses or changes
 * dnsjava's process-wide defaults ({@code Lookup}'s default resolver and caches), which the
 * host server (Apache James) configures for its own use; it only reads the system's list of
 * resolvers when no server is given. Build one with {@link #builder()}:
 *
 * <pre>{@code
 * KeyRecordResolver dns = DnsKeyRecordResolver.builder()
 *         .servers(List.of("127.0.0.1", "[2001:db8::53]:5353"))
 *         .timeout(Duration.ofSeconds(2))
 *         .build();
 * }</pre>
 *
 * <p>Queries go over UDP and are repeated over TCP when the answer comes back truncated, as a
 * 2048- or 4096-bit RSA key record often is. The servers are asked in the order given; a
 * server that does not answer in time, fails, or answers SERVFAIL, REFUSED or another error
 * rcode is skipped for the next one, and the whole list is tried {@code 1 + retries} times.
 * The longest a lookup can take is thus about {@code (1 + retries) × servers × timeout}.
 *
 * <p>Answers: TXT records (at the name, or at the end of a CNAME chain) are returned with the
 * character-strings of each record joined (RFC 6376 §3.6.2.2). NXDOMAIN and NODATA give an
 * empty list. When no server gives one of these, the lookup throws a
 * {@link TemporaryDkimException} naming the name, each server and what went wrong. A name
 * that is not a valid DNS name (an empty label, a label over 63 or a name over 255 octets)
 * cannot own a record and gives an empty list without a query.
 *
 * <p>Cache: positive answers are kept for the smallest TTL of the records they rest on,
 * negative answers for the SOA's negative TTL (RFC 2308 §5), each capped; temporary failures
 * are never kept. The least recently used entry goes when the cache is full.
 *
 * <p>Thread-safe: an instance is immutable apart from its cache, which is synchronized, and is
 * meant to be shared by all the threads of a mail server. Two threads missing the cache for the
 * same name at the same time both ask DNS.
 */
public final class DnsKeyRecordResolver implements KeyRecordResolver {

    /** A CNAME chain whose end still is not answered after this many queries is given up. */
    private static final int MAX_QUERIES_PER_LOOKUP = 8;

    private final List<Server> servers;
    private final Duration timeout;
    private final int retries;
    private final Duration maxCacheTtl;
    private final Duration maxNegativeCacheTtl;
    private final TxtRecordCache cache;

    private DnsKeyRecordResolver(Builder builder, List<Server> servers) {
        this.servers = List.copyOf(servers);
        this.timeout = builder.timeout;
        this.retries = builder.retries;
        this.maxCacheTtl = builder.maxCacheTtl;
        this.maxNegativeCacheTtl = builder.maxNegativeCacheTtl;
        this.cache = new TxtRecordCache(builder.clock, builder.cacheMaxEntries);
    }

    /** Starts a configuration; every setting has a default. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public List<String> lookupTxt(String name) throws TemporaryDkimException {
        Name queryName = toAbsoluteName(name);
        if (queryName == null) {
            return List.of();
        }

        List<String> cached = cache.get(queryName);
        if (cached != null) {
            return cached;
        }

        Name current = queryName;
        long timeToLive = Long.MAX_VALUE;
        for (int query = 0; query < MAX_QUERIES_PER_LOOKUP; query++) {
            TxtAnswer answer = ask(current, queryName);
            timeToLive = Math.min(timeToLive, answer.timeToLiveSeconds());
            if (answer.kind() != TxtAnswer.Kind.ALIAS) {
                Duration cap = answer.kind() == TxtAnswer.Kind.RECORDS
                        ? maxCacheTtl
                        : maxNegativeCacheTtl;
                cache.put(queryName, answer.records(), capped(timeToLive, cap));
                return answer.records();
            }
            current = answer.aliasTarget();
        }
        throw new TemporaryDkimException("CNAME chain from " + queryName.toString(true)
                + " still goes on at " + current.toString(true) + " after "
                + MAX_QUERIES_PER_LOOKUP + " queries");
    }

    /** The servers this resolver asks, in order, as {@code host:port}. */
    public List<String> servers() {
        List<String> names = new ArrayList<>();
        for (Server server : servers) {
            names.add(server.label);
        }
        return List.copyOf(names);
    }

    /**
     * Asks the servers in turn until one answers NOERROR or NXDOMAIN.
     *
     * @param lookupName the name the caller asked for, to tell a CNAME target from it
     */
    private TxtAnswer ask(Name name, Name lookupName) throws TemporaryDkimException {
        Set<String> failures = new LinkedHashSet<>();
        int queries = 0;
        for (int round = 0; round <= retries; round++) {
            for (Server server : servers) {
                queries++;
                Message response;
                try {
                    response = send(server, name);
                } catch (QueryFailure failure) {
                    failures.add(failure.getMessage());
                    continue;
                }

                int rcode = response.getRcode();
                if (rcode == Rcode.NOERROR || rcode == Rcode.NXDOMAIN) {
                    return TxtAnswer.read(response, name);
                }
                failures.add("DNS server " + server.label + " answered " + Rcode.string(rcode));
            }
        }
        throw new TemporaryDkimException(describeFailures(failures, name, lookupName, queries));
    }

    private Message send(Server server, Name name) throws QueryFailure, TemporaryDkimException {
        // A fresh message per query, so that each has its own random ID (RFC 5452).
        Message query = Message.newQuery(Record.newRecord(name, Type.TXT, DClass.IN));
        CompletableFuture<Message> pending = server.resolver.sendAsync(query).toCompletableFuture();
        Message response;
        try {
            response = pending.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            pending.cancel(false);
            throw new QueryFailure(noAnswer(server));
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new QueryFailure(isTimeout(cause) ? noAnswer(server) : ioError(server, cause));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TemporaryDkimException("interrupted while waiting for DNS server "
                    + server.label + " to answer for " + name.toString(true), e);
        }

        // SimpleResolver repeats a truncated UDP answer over TCP; a truncated answer here
        // would be missing records, so it is not taken for the whole truth.
        if (response.getHeader().getFlag(Flags.TC)) {
            throw new QueryFailure("DNS server " + server.label
                    + " sent a truncated answer, even over TCP");
        }
        return response;
    }

    private String noAnswer(Server server) {
        return "no answer from " + server.label + " within " + describe(timeout);
    }

    private static String ioError(Server server, Throwable cause) {
        if (cause instanceof PortUnreachableException) {
            return "nothing listens on " + server.label + " (UDP port unreachable)";
        }
        if (cause instanceof ConnectException) {
            return "DNS server " + server.label + " refused the TCP connection";
        }
        String detail = cause.getMessage() == null ? "" : ": " + cause.getMessage();
        return "query to DNS server " + server.label + " failed ("
                + cause.getClass().getSimpleName() + detail + ")";
    }

    /**
     * One failure: "what happened for name"; several: "no usable answer for name: what
     * happened; what happened".
     */
    private static String describeFailures(Set<String> failures, Name name, Name lookupName,
            int queries) {
        String subject = name.toString(true)
                + (name.equals(lookupName) ? "" : " (CNAME target of "
                        + lookupName.toString(true) + ")")
                + (queries > 1 ? " (" + queries + " queries)" : "");
        if (failures.size() == 1) {
            return failures.iterator().next() + " for " + subject;
        }
        return "no usable DNS answer for " + subject + ": " + String.join("; ", failures);
    }

    private static boolean isTimeout(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SocketTimeoutException || cause instanceof TimeoutException) {
                return true;
            }
        }
        return false;
    }

    private static Name toAbsoluteName(String name) {
        Objects.requireNonNull(name, "name");
        String relative = name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
        if (relative.isEmpty()) {
            return null;
        }
        try {
            return Name.fromString(relative, Name.root);
        } catch (TextParseException e) {
            // Not a DNS name (empty label, label or name too long): nothing can be there.
            return null;
        }
    }

    private static Duration capped(long seconds, Duration cap) {
        return seconds >= cap.getSeconds() ? cap : Duration.ofSeconds(Math.max(0, seconds));
    }

    private static String describe(Duration duration) {
        long millis = duration.toMillis();
        return millis % 1000 == 0 ? millis / 1000 + "s" : millis + "ms";
    }

    /** One configured server, with the dnsjava resolver that talks to it. */
    private static final class Server {
        private final String label;
        private final SimpleResolver resolver;

        private Server(String label, SimpleResolver resolver) {
            this.label = label;
            this.resolver = resolver;
        }
    }

    /** A query to one server that gave no usable answer; the next server is tried. */
    private static final class QueryFailure extends Exception {
        private static final long serialVersionUID = 1L;

        private QueryFailure(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * The settings of a {@link DnsKeyRecordResolver}. Each setter checks its value and throws an
     * {@link IllegalArgumentException} naming it when it is out of range.
     */
    public static final class Builder {
        /** The default for {@link #timeout(Duration)}. */
        public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);
        /** The default for {@link #retries(int)}. */
        public static final int DEFAULT_RETRIES = 1;
        /** The default for {@link #cacheMaxEntries(int)}. */
        public static final int DEFAULT_CACHE_MAX_ENTRIES = 10_000;
        /** The default for {@link #maxCacheTtl(Duration)}. */
        public static final Duration DEFAULT_MAX_CACHE_TTL = Duration.ofHours(1);
        /** The default for {@link #maxNegativeCacheTtl(Duration)}. */
        public static final Duration DEFAULT_MAX_NEGATIVE_CACHE_TTL = Duration.ofMinutes(5);
        /**
         * The default for {@link #udpPayloadSize(int)}: the EDNS size that avoids IP
         * fragmentation on the Internet (the DNS Flag Day 2020 recommendation).
         */
        public static final int DEFAULT_UDP_PAYLOAD_SIZE = 1232;

        private static final int PLAIN_DNS_UDP_SIZE = 512;

        private List<DnsServerAddress> servers;
        private Duration timeout = DEFAULT_TIMEOUT;
        private int retries = DEFAULT_RETRIES;
        private int cacheMaxEntries = DEFAULT_CACHE_MAX_ENTRIES;
        private Duration maxCacheTtl = DEFAULT_MAX_CACHE_TTL;
        private Duration maxNegativeCacheTtl = DEFAULT_MAX_NEGATIVE_CACHE_TTL;
        private int udpPayloadSize = DEFAULT_UDP_PAYLOAD_SIZE;
        private Clock clock = Clock.systemUTC();

        private Builder() {
        }

        /**
         * The servers to ask, in order, each as {@code host[:port]} (see
         * {@link DnsServerAddress}). Default: the system's resolvers, as dnsjava's
         * {@code ResolverConfig} finds them ({@code /etc/resolv.conf} and the like).
         */
        public Builder servers(List<String> hostAndPorts) {
            Objects.requireNonNull(hostAndPorts, "hostAndPorts");
            if (hostAndPorts.isEmpty()) {
                throw new IllegalArgumentException(
                        "DNS servers: expected at least one host[:port], got an empty list");
            }
            List<DnsServerAddress> parsed = new ArrayList<>();
            for (String hostAndPort : hostAndPorts) {
                parsed.add(DnsServerAddress.parse(hostAndPort));
            }
            this.servers = parsed;
            return this;
        }

        /** How long to wait for each answer. Default 5 s. */
        public Builder timeout(Duration value) {
            Objects.requireNonNull(value, "value");
            if (value.isZero() || value.isNegative()) {
                throw new IllegalArgumentException("DNS timeout must be positive, got " + value);
            }
            this.timeout = value;
            return this;
        }

        /** How many more times to go through the server list when none answered. Default 1. */
        public Builder retries(int value) {
            if (value < 0 || value > 10) {
                throw new IllegalArgumentException("DNS retries must be 0-10, got " + value);
            }
            this.retries = value;
            return this;
        }

        /** How many names the cache holds at most; 0 turns caching off. Default 10 000. */
        public Builder cacheMaxEntries(int value) {
            if (value < 0) {
                throw new IllegalArgumentException(
                        "DNS cache size must be 0 or more entries, got " + value);
            }
            this.cacheMaxEntries = value;
            return this;
        }

        /** The longest a found record stays cached, whatever its TTL. Default 1 h. */
        public Builder maxCacheTtl(Duration value) {
            this.maxCacheTtl = checkTtl("DNS cache TTL cap", value);
            return this;
        }

        /** The longest an NXDOMAIN or NODATA answer stays cached. Default 5 min. */
        public Builder maxNegativeCacheTtl(Duration value) {
            this.maxNegativeCacheTtl = checkTtl("DNS negative cache TTL cap", value);
            return this;
        }

        /**
         * The largest UDP answer this resolver accepts, announced with EDNS (RFC 6891); 512
         * sends queries without EDNS, so that any larger answer comes truncated and is asked
         * again over TCP. Default 1232.
         */
        public Builder udpPayloadSize(int value) {
            if (value < PLAIN_DNS_UDP_SIZE || value > 65535) {
                throw new IllegalArgumentException(
                        "DNS UDP payload size must be 512-65535 bytes, got " + value);
            }
            this.udpPayloadSize = value;
            return this;
        }

        /** Where the cache reads the time. Default: the system clock. */
        public Builder clock(Clock value) {
            this.clock = Objects.requireNonNull(value, "value");
            return this;
        }

        /**
         * Makes the resolver. Host names among the servers are resolved now, once.
         *
         * @throws IllegalArgumentException when a server's host name has no address
         * @throws IllegalStateException when no server was given and the system has none
         */
        public DnsKeyRecordResolver build() {
            List<DnsServerAddress> addresses = servers != null ? servers : systemServers();
            List<Server> configured = new ArrayList<>();
            for (DnsServerAddress address : addresses) {
                configured.add(new Server(address.toString(), newResolver(address)));
            }
            return new DnsKeyRecordResolver(this, configured);
        }

        private SimpleResolver newResolver(DnsServerAddress address) {
            SimpleResolver resolver = new SimpleResolver(address.toSocketAddress());
            resolver.setTimeout(timeout);
            resolver.setTCP(false);
            // Explicit, although it is dnsjava's default: a truncated UDP answer is asked
            // again over TCP (RFC 7766 §5).
            resolver.setIgnoreTruncation(false);
            if (udpPayloadSize == PLAIN_DNS_UDP_SIZE) {
                resolver.setEDNS(-1);
            } else {
                resolver.setEDNS(0, udpPayloadSize, 0, List.of());
            }
            return resolver;
        }

        private static List<DnsServerAddress> systemServers() {
            List<DnsServerAddress> found = new ArrayList<>();
            ResolverConfig.getCurrentConfig().servers()
                    .forEach(address -> found.add(DnsServerAddress.of(address)));
            if (found.isEmpty()) {
                throw new IllegalStateException("no DNS server configured and none found in the"
                        + " system's resolver configuration; set the servers explicitly");
            }
            return found;
        }

        private static Duration checkTtl(String setting, Duration value) {
            Objects.requireNonNull(value, "value");
            if (value.isNegative()) {
                throw new IllegalArgumentException(setting + " must not be negative, got " + value);
            }
            return value;
        }
    }
}
