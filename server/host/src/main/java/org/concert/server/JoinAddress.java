package org.concert.server;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The address students type or scan to join: what the projector shows and its QR code encodes.
 *
 * <p>The instructor's own browser usually reaches the server at {@code localhost}, which no phone
 * in the room can open. So the server names an address of its own: the one the operator gave
 * ({@code --public-url}, for a server behind a name or a proxy), else one on the local network
 * when it listens there, else none (it listens on this machine only). The web client prefers it
 * to the page's own address only when the page's is one that nobody else can reach.
 *
 * @param url the address, {@code scheme://host[:port]} with no path; empty with {@link
 *     Source#NONE}
 * @param source where it comes from
 */
public record JoinAddress(String url, Source source) {

  /** Where a join address comes from. */
  public enum Source {
    /** The operator named it. */
    CONFIGURED,
    /** An address of this machine on the local network, which the server listens on. */
    NETWORK,
    /** The server listens on this machine only, or has no network address. */
    NONE
  }

  /** One address of one of this machine's network interfaces. */
  record Candidate(String interfaceName, InetAddress address) {}

  /** Names of interfaces that lead to containers and virtual machines, not to the room. */
  private static final List<String> VIRTUAL_PREFIXES =
      List.of("docker", "br-", "veth", "virbr", "vmnet", "vboxnet", "lxc", "lxd", "cni", "flannel",
          "podman", "utun", "tun", "tap", "wg", "zt", "tailscale");

  /**
   * The address the operator gave, checked: {@code http} or {@code https}, a host, an optional
   * port, nothing after the host but an optional {@code /}.
   *
   * @throws IllegalArgumentException saying what is wrong with it
   */
  public static JoinAddress configured(String publicUrl) {
    URI uri;
    try {
      uri = new URI(publicUrl.strip());
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("'" + publicUrl + "' is not an address: "
          + e.getReason() + " at character " + (e.getIndex() + 1));
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw new IllegalArgumentException("'" + publicUrl
          + "' must start with http:// or https://, e.g. http://concert.example.edu:8080");
    }
    if (uri.getHost() == null) {
      throw new IllegalArgumentException("'" + publicUrl + "' names no host");
    }
    String path = uri.getRawPath() == null ? "" : uri.getRawPath();
    if ((!path.isEmpty() && !path.equals("/")) || uri.getRawQuery() != null
        || uri.getRawFragment() != null || uri.getRawUserInfo() != null) {
      throw new IllegalArgumentException("'" + publicUrl
          + "' must be the server's address alone (scheme, host, port), with no path, query or"
          + " user");
    }
    return new JoinAddress(scheme + "://" + uri.getRawAuthority().toLowerCase(Locale.ROOT),
        Source.CONFIGURED);
  }

  /** No address others can reach. */
  static JoinAddress none() {
    return new JoinAddress("", Source.NONE);
  }

  /**
   * The join address of a server listening on {@code bindHost}, port {@code httpPort}: the
   * configured one if any, else one of this machine's network addresses. Looks at the
   * interfaces each time it is asked, so a laptop that joins the room's network later is found.
   *
   * @param publicUrl the operator's address, already checked by {@link #configured}, or null
   */
  public static JoinAddress find(String publicUrl, String bindHost, int httpPort) {
    if (publicUrl != null) {
      return configured(publicUrl);
    }
    return choose(bindHost, httpPort, interfaces());
  }

  /**
   * The best of {@code candidates} for a server bound to {@code bindHost}: a private IPv4
   * address (what a classroom's Wi-Fi hands out) on an interface that is not a container's or a
   * virtual machine's, then any other IPv4 address, then a global IPv6 address; in the order
   * given among equals. A server bound to one address has that address alone; one bound to a
   * loopback address has none.
   */
  static JoinAddress choose(String bindHost, int httpPort, List<Candidate> candidates) {
    String host = bindHost == null ? "" : bindHost.strip();
    boolean anyV4 = host.isEmpty() || host.equals("0.0.0.0");
    boolean anyV6 = host.equals("::") || host.equals("[::]");
    if (!anyV4 && !anyV6) {
      if (isLoopbackName(host)) {
        return none();
      }
      return network(host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host,
          httpPort);
    }
    List<Candidate> usable = new ArrayList<>();
    for (Candidate c : candidates) {
      InetAddress a = c.address();
      if (a.isLoopbackAddress() || a.isLinkLocalAddress() || a.isAnyLocalAddress()
          || a.isMulticastAddress() || (anyV4 && !(a instanceof Inet4Address))) {
        continue;
      }
      usable.add(c);
    }
    return usable.stream().min(Comparator.comparingInt(JoinAddress::rank))
        .map(c -> network(c.address() instanceof Inet6Address
            ? "[" + shortForm(c.address().getAddress()) + "]"
            : c.address().getHostAddress(), httpPort))
        .orElse(none());
  }

  private static int rank(Candidate c) {
    boolean v4 = c.address() instanceof Inet4Address;
    boolean virtual = VIRTUAL_PREFIXES.stream()
        .anyMatch(p -> c.interfaceName().toLowerCase(Locale.ROOT).startsWith(p));
    int rank = v4 ? (c.address().isSiteLocalAddress() ? 0 : 1) : 2;
    return virtual ? rank + 3 : rank;
  }

  /**
   * An IPv6 address as people write it (RFC 5952): groups without leading zeros, the longest run
   * of two or more zero groups (the first of equals) as {@code ::}.
   */
  static String shortForm(byte[] ipv6) {
    int[] groups = new int[8];
    for (int g = 0; g < 8; g++) {
      groups[g] = ((ipv6[2 * g] & 0xff) << 8) | (ipv6[2 * g + 1] & 0xff);
    }
    int bestStart = -1;
    int bestLength = 1;
    for (int g = 0; g < 8; ) {
      int end = g;
      while (end < 8 && groups[end] == 0) {
        end++;
      }
      if (end - g > bestLength) {
        bestStart = g;
        bestLength = end - g;
      }
      g = Math.max(end, g + 1);
    }
    StringBuilder out = new StringBuilder();
    for (int g = 0; g < 8; g++) {
      if (g == bestStart) {
        out.append("::");
        g += bestLength - 1;
        continue;
      }
      if (out.length() > 0 && out.charAt(out.length() - 1) != ':') {
        out.append(':');
      }
      out.append(Integer.toHexString(groups[g]));
    }
    return out.toString();
  }

  private static JoinAddress network(String host, int httpPort) {
    return new JoinAddress("http://" + host + (httpPort == 80 ? "" : ":" + httpPort),
        Source.NETWORK);
  }

  private static boolean isLoopbackName(String host) {
    String h = host.toLowerCase(Locale.ROOT);
    return h.equals("localhost") || h.endsWith(".localhost") || h.startsWith("127.")
        || h.equals("::1") || h.equals("[::1]");
  }

  /** The addresses of this machine's interfaces that are up, in the order the system lists them. */
  private static List<Candidate> interfaces() {
    List<Candidate> out = new ArrayList<>();
    try {
      for (NetworkInterface i : NetworkInterface.networkInterfaces().toList()) {
        if (!i.isUp() || i.isLoopback()) {
          continue;
        }
        i.inetAddresses().forEach(a -> out.add(new Candidate(i.getName(), a)));
      }
    } catch (SocketException e) {
      return List.of(); // no interfaces to be had: no address to offer
    }
    return out;
  }

  /** The address as the web client reads it from {@code /download/server.json}. */
  String json() {
    return "{\"joinUrl\":" + Json.string(url) + ",\"source\":\""
        + source.name().toLowerCase(Locale.ROOT) + "\"}";
  }
}
