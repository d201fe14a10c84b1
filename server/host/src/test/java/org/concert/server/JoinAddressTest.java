package org.concert.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.concert.server.JoinAddress.Candidate;
import org.concert.server.JoinAddress.Source;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Which address the projector offers students, from the interfaces a machine has. */
class JoinAddressTest {

  /** "name=address" pairs, in the order the system would list them. */
  private static List<Candidate> interfaces(String... pairs) throws UnknownHostException {
    List<Candidate> out = new ArrayList<>();
    for (String p : pairs) {
      String[] nameAndAddress = p.split("=", 2);
      out.add(new Candidate(nameAndAddress[0], InetAddress.getByName(nameAndAddress[1])));
    }
    return out;
  }

  static Stream<Arguments> machines() {
    return Stream.of(
        Arguments.of("a laptop on the classroom's Wi-Fi", "0.0.0.0",
            new String[] {"wlan0=192.168.1.20"}, "http://192.168.1.20:8080"),
        Arguments.of("a container bridge listed first is passed over", "0.0.0.0",
            new String[] {"docker0=172.17.0.1", "br-5f2a=172.18.0.1", "eth0=10.20.30.40"},
            "http://10.20.30.40:8080"),
        Arguments.of("a private address before a public one", "0.0.0.0",
            new String[] {"eth0=203.0.113.7", "wlan0=192.168.1.20"}, "http://192.168.1.20:8080"),
        Arguments.of("a public address when it is all there is", "0.0.0.0",
            new String[] {"eth0=203.0.113.7"}, "http://203.0.113.7:8080"),
        Arguments.of("a container's address rather than none", "0.0.0.0",
            new String[] {"docker0=172.17.0.1"}, "http://172.17.0.1:8080"),
        Arguments.of("link-local addresses lead nowhere", "0.0.0.0",
            new String[] {"eth0=169.254.10.20", "eth0=fe80::1%1"}, ""),
        Arguments.of("an IPv4 wildcard does not answer on IPv6", "0.0.0.0",
            new String[] {"eth0=2001:db8::20"}, ""),
        Arguments.of("the IPv6 wildcard answers on IPv6 too, IPv4 first", "::",
            new String[] {"eth0=2001:db8::20", "eth0=192.168.1.20"}, "http://192.168.1.20:8080"),
        Arguments.of("an IPv6 address is bracketed", "::",
            new String[] {"eth0=2001:db8::20"}, "http://[2001:db8::20]:8080"),
        Arguments.of("bound to one address: that one", "10.0.0.5",
            new String[] {"wlan0=192.168.1.20"}, "http://10.0.0.5:8080"),
        Arguments.of("bound to loopback: nobody else can join", "127.0.0.1",
            new String[] {"wlan0=192.168.1.20"}, ""),
        Arguments.of("bound to localhost: the same", "localhost",
            new String[] {"wlan0=192.168.1.20"}, ""),
        Arguments.of("no interface up", "0.0.0.0", new String[] {}, ""));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("machines")
  void choose_offersTheAddressStudentsCanReach(String machine, String bind, String[] pairs,
      String expected) throws Exception {
    JoinAddress a = JoinAddress.choose(bind, 8080, interfaces(pairs));
    assertEquals(expected, a.url(), machine);
    assertEquals(expected.isEmpty() ? Source.NONE : Source.NETWORK, a.source(), machine);
  }

  @Test
  void choose_leavesOutTheDefaultPort() throws Exception {
    assertEquals("http://192.168.1.20",
        JoinAddress.choose("0.0.0.0", 80, interfaces("wlan0=192.168.1.20")).url());
  }

  @ParameterizedTest
  @org.junit.jupiter.params.provider.CsvSource({
      "2001:db8:0:0:0:0:0:20, 2001:db8::20",
      "0:0:0:0:0:0:0:1, ::1",
      "2001:db8:0:0:1:0:0:1, 2001:db8::1:0:0:1",
      "2001:db8:0:1:1:1:1:1, 2001:db8:0:1:1:1:1:1",
      "fd00:0:0:0:0:0:0:0, fd00::",
      "2001:0db8:00aa:0:0:0:0:0bb, 2001:db8:aa::bb"})
  void shortForm_isHowPeopleWriteIPv6(String full, String written) throws Exception {
    assertEquals(written, JoinAddress.shortForm(InetAddress.getByName(full).getAddress()));
  }

  @Test
  void configured_keepsSchemeHostAndPort_inLowerCase() {
    assertEquals(new JoinAddress("https://concert.example.edu", Source.CONFIGURED),
        JoinAddress.configured("https://Concert.Example.EDU/"));
    assertEquals("http://concert.example.edu:8080",
        JoinAddress.configured(" http://concert.example.edu:8080 ").url());
    assertEquals("http://[2001:db8::20]:8080",
        JoinAddress.configured("http://[2001:db8::20]:8080").url());
  }

  @Test
  void configured_wins_whateverTheServerIsBoundTo() {
    assertEquals("https://concert.example.edu",
        JoinAddress.find("https://concert.example.edu", "127.0.0.1", 8080).url());
  }

  @ParameterizedTest
  @MethodSource("badAddresses")
  void configured_refusesWhatIsNotAServersAddress_sayingWhy(String given, String says) {
    var e = assertThrows(IllegalArgumentException.class, () -> JoinAddress.configured(given));
    assertTrue(e.getMessage().contains(given) && e.getMessage().contains(says),
        e.getMessage());
  }

  static Stream<Arguments> badAddresses() {
    return Stream.of(
        Arguments.of("concert.example.edu", "must start with http:// or https://"),
        Arguments.of("ftp://concert.example.edu", "must start with http:// or https://"),
        Arguments.of("http://", "at character"),
        Arguments.of("http://concert.example.edu/class", "no path, query or user"),
        Arguments.of("http://concert.example.edu/?x=1", "no path, query or user"),
        Arguments.of("http://ada@concert.example.edu", "no path, query or user"),
        Arguments.of("http://concert example.edu", "at character"));
  }

  @Test
  void json_isWhatTheWebClientReads() {
    assertEquals("{\"joinUrl\":\"http://192.168.1.20:8080\",\"source\":\"network\"}",
        new JoinAddress("http://192.168.1.20:8080", Source.NETWORK).json());
    assertEquals("{\"joinUrl\":\"\",\"source\":\"none\"}", JoinAddress.none().json());
  }
}
