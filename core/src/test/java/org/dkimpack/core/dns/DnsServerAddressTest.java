package org.dkimpack.core.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DnsServerAddressTest {

    @ParameterizedTest
    @CsvSource({
        "127.0.0.1,           127.0.0.1,     53",
        "127.0.0.1:5353,      127.0.0.1,     5353",
        "[::1]:5353,          ::1,           5353",
        "[2001:DB8::53],      2001:db8::53,  53",
        "2001:db8::53,        2001:db8::53,  53",
        "ns1.Example.net,     ns1.example.net, 53",
        "ns1.example.net:54,  ns1.example.net, 54",
        "' localhost:65535 ', localhost,     65535",
    })
    void parseShouldReadHostAndPort(String value, String host, int port) {
        DnsServerAddress address = DnsServerAddress.parse(value);

        assertThat(address.host()).isEqualTo(host);
        assertThat(address.port()).isEqualTo(port);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "x:notaport     | DNS server 'x:notaport': port must be 1-65535",
        "x:0            | DNS server 'x:0': port must be 1-65535",
        "x:65536        | DNS server 'x:65536': port must be 1-65535",
        "x:             | DNS server 'x:': port must be 1-65535",
        "''             | DNS server '': expected host[:port], got an empty value",
        "[::1           | DNS server '[::1': missing ']' after the IPv6 address",
        "[::1]5353      | DNS server '[::1]5353': expected ':port' after ']', got '5353'",
        "[10.0.0.1]:53  | DNS server '[10.0.0.1]:53': '10.0.0.1' is not an IPv6 address",
        "[::g]:53       | DNS server '[::g]:53': '::g' is not an IPv6 address",
        "ns_1 .net      | DNS server 'ns_1 .net': 'ns_1 .net' is not a host name or an IP address",
        "-ns.net:53     | DNS server '-ns.net:53': '-ns.net' is not a host name or an IP address",
    })
    void parseShouldNameTheBadValue(String value, String message) {
        assertThatThrownBy(() -> DnsServerAddress.parse(value))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(message);
    }

    @ParameterizedTest
    @CsvSource({"127.0.0.1:53, 127.0.0.1:53", "[::1]:5353, [::1]:5353", "ns.test, ns.test:53"})
    void toStringShouldGiveHostAndPort(String value, String expected) {
        assertThat(DnsServerAddress.parse(value)).hasToString(expected);
    }

    @Test
    void toSocketAddressShouldKeepAnIpAddressAsItIs() {
        DnsServerAddress address = DnsServerAddress.parse("[::1]:5353");

        InetSocketAddress socketAddress = address.toSocketAddress();

        assertThat(socketAddress.getAddress().isLoopbackAddress()).isTrue();
        assertThat(socketAddress.getPort()).isEqualTo(5353);
    }
}
