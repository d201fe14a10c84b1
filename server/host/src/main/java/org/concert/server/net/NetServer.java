package org.concert.server.net;

import com.github.benmanes.caffeine.cache.Ticker;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.concert.server.Endpoint;

/**
 * Both transports, started together on one shared event loop group: TCP envelopes on {@link
 * NetConfig#tcpPort()}, and the web client, {@code /ws}, {@code /health} and {@code /metrics} on
 * {@link NetConfig#httpPort()}. Ports given as 0 are chosen by the system; {@link #tcpPort()} and
 * {@link #httpPort()} say which.
 *
 * <p>The core is called on the event loops: {@link org.concert.server.Endpoint#connect}, {@link
 * org.concert.server.Conversation#receive} and {@link org.concert.server.Conversation#closed} must
 * not block (no locks held for long, no I/O, no waiting on a match): hand the work to the match's
 * executor and return. {@link org.concert.server.Outbound#send} may be called from any thread and
 * never blocks.
 *
 * <p>{@link #close()} shuts down gracefully: {@code /health} turns 503, the ports stop accepting,
 * every connection is told the server is shutting down and closed, and the loops stop.
 */
public final class NetServer implements AutoCloseable {

  private static final Logger LOG = LogManager.getLogger(NetServer.class);
  private static final long GOODBYE_MILLIS = 2_000;

  private final EventLoopGroup loops;
  private final ChannelGroup channels;
  private final Channel tcp;
  private final Channel http;
  private final NetMetrics metrics;
  private final AtomicBoolean closing;

  private NetServer(EventLoopGroup loops, ChannelGroup channels, Channel tcp, Channel http, NetMetrics metrics,
      AtomicBoolean closing) {
    this.loops = loops;
    this.channels = channels;
    this.tcp = tcp;
    this.http = http;
    this.metrics = metrics;
    this.closing = closing;
  }

  /** Starts both transports with fresh metrics, always reporting ready on {@code /health}. */
  public static NetServer start(NetConfig config, Endpoint endpoint) throws InterruptedException {
    return start(config, endpoint, new NetMetrics(), () -> true);
  }

  /**
   * Starts both transports.
   *
   * @param metrics where to count (the core may hold and read the same instance)
   * @param ready whether the server takes matches now ({@code /health} answers 503 while false, e.g.
   *     while matches are recovered)
   * @throws InterruptedException if interrupted while binding. A port that cannot be bound throws
   *     what the system said (e.g. {@link java.net.BindException}, unchecked here as Netty rethrows
   *     it), after the event loops are shut down again
   */
  public static NetServer start(NetConfig config, Endpoint endpoint, NetMetrics metrics, BooleanSupplier ready)
      throws InterruptedException {
    return start(config, endpoint, metrics, ready, Downloads.NONE);
  }

  /** Starts both transports, serving the core's downloads under {@code /download/}. */
  public static NetServer start(NetConfig config, Endpoint endpoint, NetMetrics metrics,
      BooleanSupplier ready, Downloads downloads) throws InterruptedException {
    return start(config, endpoint, metrics, ready, Ticker.systemTicker(), downloads);
  }

  static NetServer start(NetConfig config, Endpoint endpoint, NetMetrics metrics, BooleanSupplier ready,
      Ticker ticker) throws InterruptedException {
    return start(config, endpoint, metrics, ready, ticker, Downloads.NONE);
  }

  static NetServer start(NetConfig config, Endpoint endpoint, NetMetrics metrics, BooleanSupplier ready,
      Ticker ticker, Downloads downloads) throws InterruptedException {
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(endpoint, "endpoint");
    Objects.requireNonNull(metrics, "metrics");
    Objects.requireNonNull(ready, "ready");
    long startedAt = ticker.read();
    EventLoopGroup loops = new MultiThreadIoEventLoopGroup(
        config.eventLoopThreads(), new DefaultThreadFactory("concert-net"), NioIoHandler.newFactory());
    ChannelGroup channels = new DefaultChannelGroup("concert-connections", GlobalEventExecutor.INSTANCE);
    AddressLimiter addresses = new AddressLimiter(config.maxConnectionsPerAddress());
    AtomicBoolean closing = new AtomicBoolean();
    HttpRouter.Health health = new HttpRouter.Health(
        () -> !closing.get() && ready.getAsBoolean(),
        () -> TimeUnit.NANOSECONDS.toSeconds(ticker.read() - startedAt));
    try {
      Channel tcp = bind(loops, config, config.tcpPort(),
          new TcpInitializer(config, endpoint, metrics, addresses, channels, ticker));
      Channel http = bind(loops, config, config.httpPort(),
          new HttpInitializer(config, endpoint, metrics, addresses, StaticFiles.of(config.webRoot()), health,
              channels, ticker, downloads));
      LOG.info("listening: tcp {} and http {}", tcp.localAddress(), http.localAddress());
      return new NetServer(loops, channels, tcp, http, metrics, closing);
    } catch (Exception e) { // Netty rethrows a failed bind's checked exception unchecked
      loops.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
      throw e;
    }
  }

  private static Channel bind(EventLoopGroup loops, NetConfig config, int port,
      ChannelInitializer<Channel> initializer) throws InterruptedException {
    return new ServerBootstrap()
        .group(loops)
        .channel(NioServerSocketChannel.class)
        .option(ChannelOption.SO_BACKLOG, 512)
        .option(ChannelOption.SO_REUSEADDR, true)
        .childOption(ChannelOption.TCP_NODELAY, true)
        .childOption(ChannelOption.SO_KEEPALIVE, true)
        .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK,
            new WriteBufferWaterMark(config.writeBufferLowWaterMark(), config.writeBufferHighWaterMark()))
        .childHandler(initializer)
        .bind(config.bindHost(), port)
        .sync()
        .channel();
  }

  /** The TCP port actually bound. */
  public int tcpPort() {
    return ((InetSocketAddress) tcp.localAddress()).getPort();
  }

  /** The HTTP port actually bound. */
  public int httpPort() {
    return ((InetSocketAddress) http.localAddress()).getPort();
  }

  /** The counters of both transports. */
  public NetMetrics metrics() {
    return metrics;
  }

  /**
   * Stops accepting, tells every connection the server is shutting down, waits briefly for them to
   * close, and stops the event loops. Idempotent; returns when the loops have stopped (or after a
   * few seconds).
   */
  @Override
  public void close() {
    if (!closing.compareAndSet(false, true)) {
      return;
    }
    try {
      tcp.close().await(1, TimeUnit.SECONDS);
      http.close().await(1, TimeUnit.SECONDS);
      for (Channel channel : channels) {
        channel.pipeline().fireUserEventTriggered(Connection.Signal.SHUTDOWN);
      }
      channels.newCloseFuture().await(GOODBYE_MILLIS, TimeUnit.MILLISECONDS);
      loops.shutdownGracefully(0, 2, TimeUnit.SECONDS).await(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      loops.shutdownGracefully(0, 0, TimeUnit.SECONDS);
    }
    LOG.info("stopped");
  }
}
