package org.dkimpack.core.dns;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The address of a DNS server as an operator writes it in a configuration: {@code host[:port]},
 * where host is an IPv4 address, an IPv6 address in brackets ({@code [::1]:5353}) or a host
 * name. A bare IPv6 address without brackets and port ({@code 2001:db8::53}), as
 * {@code resolv.conf} writes it, is accepted too. The port defaults to 53.
 *
 * <p>Parsing checks the syntax only; {@link #toSocketAddress()} resolves a host name.
 */
public final class DnsServerAddress {

    /** The port DNS servers listen on unless told otherwise. */
    public static final int DEFAULT_PORT = 53;

    private static final Pattern HOST_NAME =
            Pattern.compile("[A-Za-z0-9_]([A-Za-z0-9_-]*[A-Za-z0-9_])?"
                    + "(\\.[A-Za-z0-9_]([A-Za-z0-9_-]*[A-Za-z0-9_])?)*\\.?");

    private static final Pattern IPV6_CHARACTERS =
            Pattern.compile("[0-9A-Fa-f:.]+(%[A-Za-z0-9_.-]+)?");

    private final String host;
    private final int port;

    private DnsServerAddress(String host, int port) {
        this.host = host;
        this.port = port;
    }

    /**
     * Reads {@code host[:port]}.
     *
     * @throws IllegalArgumentException naming the value when it is not {@code host[:port]}
     */
    public static DnsServerAddress parse(String value) {
        Objects.requireNonNull(value, "value");
        String text = value.trim();
        if (text.isEmpty()) {
            throw invalid(value, "expected host[:port], got an empty value");
        }

        if (text.startsWith("[")) {
            return parseBracketed(value, text);
        }

        int firstColon = text.indexOf(':');
        if (firstColon >= 0 && text.indexOf(':', firstColon + 1) >= 0) {
            return new DnsServerAddress(checkIpv6(value, text), DEFAULT_PORT);
        }

        String host = firstColon < 0 ? text : text.substring(0, firstColon);
        int port = firstColon < 0 ? DEFAULT_PORT : parsePort(value, text.substring(firstColon + 1));
        if (!HOST_NAME.matcher(host).matches()) {
            throw invalid(value, "'" + host + "' is not a host name or an IP address");
        }
        return new DnsServerAddress(host.toLowerCase(Locale.ROOT), port);
    }

    /** The address of a server found elsewhere, such as in the system's resolver configuration. */
    public static DnsServerAddress of(InetSocketAddress address) {
        String host = address.getAddress() != null
                ? address.getAddress().getHostAddress()
                : address.getHostString();
        return new DnsServerAddress(host, address.getPort());
    }

    /** The host name or IP address, IPv6 without brackets. */
    public String host() {
        return host;
    }

    /** The port, 1-65535. */
    public int port() {
        return port;
    }

    /**
     * Resolves the host to a socket address. An IP address is used as it is; a host name is
     * looked up through the system resolver, once.
     *
     * @throws IllegalArgumentException when the host name has no address
     */
    public InetSocketAddress toSocketAddress() {
        try {
            return new InetSocketAddress(InetAddress.getByName(host), port);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(
                    "DNS server '" + this + "': cannot resolve host name '" + host + "'", e);
        }
    }

    /** {@code host:port}, with an IPv6 address in brackets. */
    @Override
    public String toString() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }

    @Override
    public boolean equals(Object other) {
        if (!(other instanceof DnsServerAddress)) {
            return false;
        }
        DnsServerAddress that = (DnsServerAddress) other;
        return host.equals(that.host) && port == that.port;
    }

    @Override
    public int hashCode() {
        return Objects.hash(host, port);
    }

    private static DnsServerAddress parseBracketed(String value, String text) {
        int close = text.indexOf(']');
        if (close < 0) {
            throw invalid(value, "missing ']' after the IPv6 address");
        }
        String host = checkIpv6(value, text.substring(1, close));
        String rest = text.substring(close + 1);
        if (rest.isEmpty()) {
            return new DnsServerAddress(host, DEFAULT_PORT);
        }
        if (!rest.startsWith(":")) {
            throw invalid(value, "expected ':port' after ']', got '" + rest + "'");
        }
        return new DnsServerAddress(host, parsePort(value, rest.substring(1)));
    }

    private static String checkIpv6(String value, String candidate) {
        // A string holding ':' is parsed as an IPv6 literal and never looked up in DNS.
        if (candidate.indexOf(':') < 0 || !IPV6_CHARACTERS.matcher(candidate).matches()) {
            throw invalid(value, "'" + candidate + "' is not an IPv6 address");
        }
        try {
            InetAddress.getByName(candidate);
            return candidate.toLowerCase(Locale.ROOT);
        } catch (UnknownHostException e) {
            throw invalid(value, "'" + candidate + "' is not an IPv6 address");
        }
    }

    private static int parsePort(String value, String port) {
        if (!port.matches("[0-9]{1,5}")) {
            throw invalid(value, "port must be 1-65535");
        }
        int number = Integer.parseInt(port);
        if (number < 1 || number > 65535) {
            throw invalid(value, "port must be 1-65535");
        }
        return number;
    }

    private static IllegalArgumentException invalid(String value, String problem) {
        return new IllegalArgumentException("DNS server '" + value + "': " + problem);
    }
}
