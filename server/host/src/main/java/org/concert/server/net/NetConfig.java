package org.concert.server.net;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The transports' settings. {@link #defaults()} serves on every interface; tests bind
 * {@code 127.0.0.1} on ephemeral ports ({@code 0}).
 *
 * @param bindHost the address both ports bind to ({@code 0.0.0.0} for every interface)
 * @param tcpPort the TCP port for length-prefixed envelopes; 0 picks a free port
 * @param httpPort the HTTP port (web client, {@code /ws}, {@code /health}, {@code /metrics}); 0
 *     picks a free port
 * @param maxFrameBytes the largest envelope a frame or a WebSocket message may carry, in bytes
 *     (the protocol says 64 KiB); larger ones are refused with {@code ERROR_CODE_TOO_LARGE} and the
 *     connection is closed. The server never sends a larger one either
 * @param idleTimeout a connection that sends no envelope for this long is closed with reason
 *     "idle"; a plain HTTP (keep-alive) connection lives at most this long
 * @param heartbeat when the server has written nothing to a WebSocket for this long, it sends a
 *     WebSocket ping frame (keeps proxies and NATs from dropping a quiet connection; browsers answer
 *     by themselves). {@link Duration#ZERO} turns it off. TCP has no server heartbeat: clients send
 *     the protocol's {@code Ping} and the core answers {@code Pong}
 * @param writeBufferLowWaterMark Netty's low water mark: a channel becomes writable again below it
 * @param writeBufferHighWaterMark Netty's high water mark: a channel stops taking writes above it,
 *     and further messages wait in the connection's own queue
 * @param maxQueuedBytes the most bytes of messages that may wait for one client (beyond the socket
 *     and Netty's buffer); past it the client is cut off with reason "too slow: stopped reading"
 * @param commandsPerSecond the steady rate of envelopes one connection may send; 0 turns the limit
 *     off
 * @param commandBurst how many envelopes a connection may send at once before the rate applies;
 *     also how many refused envelopes in a row it may send before it is closed
 * @param maxConnectionsPerAddress how many connections (TCP and HTTP together) one remote address
 *     may hold; 0 turns the limit off
 * @param allowedOrigins the {@code Origin}s a WebSocket upgrade may come from, as
 *     {@code scheme://host[:port]}; empty means the server's own host only (the request's
 *     {@code Host})
 * @param webRoot where the web client's files come from, if anywhere
 * @param ioThreads event loop threads shared by both ports; 0 means one per core (see {@link
 *     #eventLoopThreads()})
 */
public record NetConfig(
    String bindHost,
    int tcpPort,
    int httpPort,
    int maxFrameBytes,
    Duration idleTimeout,
    Duration heartbeat,
    int writeBufferLowWaterMark,
    int writeBufferHighWaterMark,
    long maxQueuedBytes,
    double commandsPerSecond,
    int commandBurst,
    int maxConnectionsPerAddress,
    List<String> allowedOrigins,
    WebRoot webRoot,
    int ioThreads) {

  /** The TCP port when none is given (1815: the Congress of Vienna). */
  public static final int DEFAULT_TCP_PORT = 7815;
  /** The HTTP port when none is given. */
  public static final int DEFAULT_HTTP_PORT = 8080;
  /** The protocol's frame bound: 64 KiB. */
  public static final int DEFAULT_MAX_FRAME_BYTES = 64 * 1024;
  /** The largest frame bound this server accepts as a setting. */
  public static final int LARGEST_FRAME_BYTES = 16 * 1024 * 1024;

  public NetConfig {
    Objects.requireNonNull(bindHost, "bind host");
    if (bindHost.isBlank()) {
      throw new IllegalArgumentException("bind host must not be blank");
    }
    requirePort(tcpPort, "TCP port");
    requirePort(httpPort, "HTTP port");
    if (maxFrameBytes < 1 || maxFrameBytes > LARGEST_FRAME_BYTES) {
      throw new IllegalArgumentException(
          "maximum frame must be between 1 and " + LARGEST_FRAME_BYTES + " bytes, was " + maxFrameBytes);
    }
    Objects.requireNonNull(idleTimeout, "idle timeout");
    if (idleTimeout.isNegative() || idleTimeout.isZero()) {
      throw new IllegalArgumentException("idle timeout must be positive, was " + idleTimeout);
    }
    Objects.requireNonNull(heartbeat, "heartbeat");
    if (heartbeat.isNegative()) {
      throw new IllegalArgumentException("heartbeat must not be negative, was " + heartbeat);
    }
    if (writeBufferLowWaterMark < 1 || writeBufferHighWaterMark < writeBufferLowWaterMark) {
      throw new IllegalArgumentException(
          "write buffer water marks must satisfy 0 < low <= high, were low "
              + writeBufferLowWaterMark + " and high " + writeBufferHighWaterMark);
    }
    if (maxQueuedBytes < maxFrameBytes) {
      throw new IllegalArgumentException(
          "maximum queued bytes must hold at least one frame (" + maxFrameBytes + "), was " + maxQueuedBytes);
    }
    if (!(commandsPerSecond >= 0) || Double.isInfinite(commandsPerSecond)) {
      throw new IllegalArgumentException(
          "commands per second must be a finite number >= 0 (0 = no limit), was " + commandsPerSecond);
    }
    if (commandBurst < 1) {
      throw new IllegalArgumentException("command burst must be at least 1, was " + commandBurst);
    }
    if (maxConnectionsPerAddress < 0) {
      throw new IllegalArgumentException(
          "connections per address must not be negative (0 = no limit), was " + maxConnectionsPerAddress);
    }
    allowedOrigins = List.copyOf(allowedOrigins);
    Objects.requireNonNull(webRoot, "web root");
    if (ioThreads < 0) {
      throw new IllegalArgumentException("I/O threads must not be negative (0 = one per core), was " + ioThreads);
    }
  }

  /**
   * The event loop threads the server runs: {@link #ioThreads()}, or one per core when that is 0.
   * Not Netty's own default of two per core: the match actors and the journal need the cores too,
   * and on a small machine every extra thread that sleeps and wakes costs a context switch per
   * message (docs/performance.md, "Server").
   */
  public int eventLoopThreads() {
    return ioThreads > 0 ? ioThreads : Runtime.getRuntime().availableProcessors();
  }

  /**
   * Serving defaults: every interface, ports {@value #DEFAULT_TCP_PORT} and {@value
   * #DEFAULT_HTTP_PORT}, 64 KiB frames, 60 s idle timeout, 20 s WebSocket heartbeat, water marks 32
   * and 64 KiB, 1 MiB queued per client, 100 commands per second with bursts of 200, 128
   * connections per address (a classroom behind one NAT shares an address), same-host origins only,
   * no web client files.
   */
  public static NetConfig defaults() {
    return new NetConfig(
        "0.0.0.0",
        DEFAULT_TCP_PORT,
        DEFAULT_HTTP_PORT,
        DEFAULT_MAX_FRAME_BYTES,
        Duration.ofSeconds(60),
        Duration.ofSeconds(20),
        32 * 1024,
        64 * 1024,
        1024 * 1024,
        100,
        200,
        128,
        List.of(),
        WebRoot.none(),
        0);
  }

  private static void requirePort(int port, String what) {
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException(what + " must be between 0 and 65535, was " + port);
    }
  }

  public NetConfig withBindHost(String host) {
    return new NetConfig(host, tcpPort, httpPort, maxFrameBytes, idleTimeout, heartbeat,
        writeBufferLowWaterMark, writeBufferHighWaterMark, maxQueuedBytes, commandsPerSecond,
        commandBurst, maxConnectionsPerAddress, allowedOrigins, webRoot, ioThreads);
  }

  /** Both ports at once; 0 picks free ones. */
  public NetConfig withPorts(int tcp, int http) {
    return new NetConfig(bindHost, tcp, http, maxFrameBytes, idleTimeout, heartbeat,
        writeBufferLowWaterMark, writeBufferHighWaterMark, maxQueuedBytes, commandsPerSecond,
        commandBurst, maxConnectionsPerAddress, allowedOrigins, webRoot, ioThreads);
  }

  public NetConfig withMaxFrameBytes(int bytes) {
    return new NetConfig(bindHost, tcpPort, httpPort, bytes, idleTimeout, heartbeat,
        writeBufferLowWaterMark, writeBufferHighWaterMark, maxQueuedBytes, commandsPerSecond,
        commandBurst, maxConnectionsPerAddress, allowedOrigins, webRoot, ioThreads);
  }

  public NetConfig withIdleTimeout(Duration timeout) {
    return new NetConfig(bindHost, tcpPort, httpPort, maxFrameBytes, timeout, heartbeat,
        writeBufferLowWaterMark, writeBufferHighWaterMark, maxQueuedBytes, commandsPerSecond,
        commandBurst, maxConnectionsPerAddress, allowedOrigins, webRoot, ioThreads);
  }

  public NetConfig withHeartbeat(Duration interval) {
    return new NetConfig(bindHost, tcpPort, httpPort, maxFrameBytes, idleTimeout, interval,
        writeBufferLowWaterMark, writeBufferHighWaterMark, maxQueuedBytes, commandsPerSecond,
        commandBurst, maxConnectionsPerAddress, allowedOrigins, webRoot, ioThreads);
  }

  /** The Netty water marks and the connection's own queue bound, together (they constrain each other). */
  public NetConfig withOutboundLimits(int lowWaterMark, int highWaterMark, long queuedBytes) {
    return new NetConfig(bindHost, tcpPort, httpPort, maxFrameBytes, idleTimeout, heartbeat,
        lowWaterMark, highWaterMark, queuedBytes, commandsPerSecond,
        commandBurst, maxConnectionsPerAddress, allowedOrigins, webRoot, ioThreads);
  }

  /** The command rate and burst; a rate of 0 turns the limit off. */
  public NetConfig withRateLimit(double perSecond, int burst) {
    return new NetConfig(bindHost, tcpPort, httpPort, maxFrameBytes, idleTimeout, heartbeat,
        writeBufferLowWaterMark, writeBufferHighWaterMark, maxQueuedBytes, perSecond,
        burst, maxConnectionsPerAddress, allowedOrigins, webRoot, ioThreads);
  }

  public NetConfig withMaxConnectionsPerAddress(int max) {
    return new NetConfig(bindHost, tcpPort, httpPort, maxFrameBytes, idleTimeout, heartbeat,
        writeBufferLowWaterMark, writeBufferHighWaterMark, maxQueuedBytes, commandsPerSecond,
        commandBurst, max, allowedOrigins, webRoot, ioThreads);
  }

  public NetConfig withAllowedOrigins(List<String> origins) {
    return new NetConfig(bindHost, tcpPort, httpPort, maxFrameBytes, idleTimeout, heartbeat,
        writeBufferLowWaterMark, writeBufferHighWaterMark, maxQueuedBytes, commandsPerSecond,
        commandBurst, maxConnectionsPerAddress, origins, webRoot, ioThreads);
  }

  public NetConfig withWebRoot(WebRoot root) {
    return new NetConfig(bindHost, tcpPort, httpPort, maxFrameBytes, idleTimeout, heartbeat,
        writeBufferLowWaterMark, writeBufferHighWaterMark, maxQueuedBytes, commandsPerSecond,
        commandBurst, maxConnectionsPerAddress, allowedOrigins, root, ioThreads);
  }

  public NetConfig withIoThreads(int threads) {
    return new NetConfig(bindHost, tcpPort, httpPort, maxFrameBytes, idleTimeout, heartbeat,
        writeBufferLowWaterMark, writeBufferHighWaterMark, maxQueuedBytes, commandsPerSecond,
        commandBurst, maxConnectionsPerAddress, allowedOrigins, webRoot, threads);
  }

  /** Where the web client's files come from: nowhere, a directory, or a classpath folder. */
  public sealed interface WebRoot {

    /** No files: every path other than the endpoints answers 404. */
    static WebRoot none() {
      return new None();
    }

    /** Files under a directory (read as they change; handy while developing the client). */
    static WebRoot directory(Path directory) {
      return new Directory(directory);
    }

    /** Files packaged on the classpath under a folder, e.g. {@code "org/concert/web"}. */
    static WebRoot classpath(String folder) {
      return new Classpath(folder);
    }

    /** No web client. */
    record None() implements WebRoot {}

    /** @param path the directory; files outside it are never served */
    record Directory(Path path) implements WebRoot {
      public Directory {
        Objects.requireNonNull(path, "web directory");
      }
    }

    /** @param folder the classpath folder, without leading or trailing slashes */
    record Classpath(String folder) implements WebRoot {
      public Classpath {
        Objects.requireNonNull(folder, "classpath folder");
        folder = strip(folder);
        if (folder.isEmpty() || folder.contains("..")) {
          throw new IllegalArgumentException("classpath folder must name a folder below the root, was '" + folder + "'");
        }
      }

      private static String strip(String s) {
        int from = 0;
        int to = s.length();
        while (from < to && s.charAt(from) == '/') {
          from++;
        }
        while (to > from && s.charAt(to - 1) == '/') {
          to--;
        }
        return s.substring(from, to);
      }
    }
  }
}
