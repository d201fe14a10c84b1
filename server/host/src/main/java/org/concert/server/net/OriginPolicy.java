package org.concert.server.net;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Which pages may open a WebSocket to this server. Browsers send the page's {@code Origin} with
 * every upgrade; a page from another site must not act with a player's browser. With no allowed
 * origins configured, only the server's own host (the upgrade's {@code Host}) may; otherwise
 * exactly the listed ones. Origins compare by scheme, host and port (default ports made explicit,
 * case ignored).
 *
 * <p>An upgrade without an {@code Origin} is allowed: browsers always send one, so its absence
 * means a program (a bot, a tool), which could send any {@code Origin} it liked anyway.
 */
final class OriginPolicy {

  private final Set<String> allowed = new LinkedHashSet<>();

  OriginPolicy(List<String> origins) {
    for (String origin : origins) {
      allowed.add(normalize(origin).orElseThrow(() -> new IllegalArgumentException(
          "allowed origin '" + origin + "' is not of the form http[s]://host[:port]")));
    }
  }

  /**
   * @param origin the upgrade's {@code Origin} header, or null when it has none
   * @param host the upgrade's {@code Host} header, or null when it has none
   */
  boolean allows(String origin, String host) {
    if (origin == null) {
      return true;
    }
    Optional<String> normalized = normalize(origin);
    if (normalized.isEmpty()) {
      return false; // "null" (sandboxed pages, file: URLs) and anything unreadable
    }
    if (!allowed.isEmpty()) {
      return allowed.contains(normalized.get());
    }
    return host != null && sameHost(URI.create(normalized.get()), host);
  }

  private static boolean sameHost(URI origin, String hostHeader) {
    URI host;
    try {
      host = new URI("http://" + hostHeader.trim());
    } catch (URISyntaxException e) {
      return false;
    }
    if (host.getHost() == null || !host.getHost().equalsIgnoreCase(origin.getHost())) {
      return false;
    }
    int hostPort = host.getPort() == -1 ? defaultPort(origin.getScheme()) : host.getPort();
    return hostPort == origin.getPort();
  }

  /** {@code scheme://host:port} in lower case with the port explicit, or empty if not an origin. */
  static Optional<String> normalize(String origin) {
    URI uri;
    try {
      uri = new URI(origin.trim());
    } catch (URISyntaxException e) {
      return Optional.empty();
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      return Optional.empty();
    }
    if (uri.getHost() == null || uri.getRawUserInfo() != null || uri.getRawQuery() != null
        || uri.getRawFragment() != null) {
      return Optional.empty();
    }
    String path = uri.getRawPath();
    if (path != null && !path.isEmpty() && !path.equals("/")) {
      return Optional.empty();
    }
    int port = uri.getPort() == -1 ? defaultPort(scheme) : uri.getPort();
    return Optional.of(scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + ":" + port);
  }

  private static int defaultPort(String scheme) {
    return "https".equalsIgnoreCase(scheme) ? 443 : 80;
  }
}
