package org.concert.server.net;

import com.github.benmanes.caffeine.cache.Ticker;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.PrematureChannelClosureException;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler.HandshakeComplete;
import io.netty.handler.timeout.IdleState;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.EventExecutor;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.concert.protocol.v1.ClientMessage;
import org.concert.protocol.v1.ErrorCode;
import org.concert.protocol.v1.ServerMessage;
import org.concert.server.Conversation;
import org.concert.server.Endpoint;
import org.concert.server.Outbound;

/**
 * One client connection, on either transport: the last handler of the pipeline, the bridge to the
 * core's {@link Conversation}, and the {@link Outbound} the core sends through. All the policies a
 * connection lives under are applied here, the same for TCP and WebSocket.
 *
 * <ul>
 *   <li><b>Outbound queue.</b> {@link #send} may be called from any thread. Messages wait in this
 *       connection's own queue and are handed to Netty on the event loop while the channel is
 *       writable (below the high water mark), one flush per batch. The bytes waiting are counted;
 *       past {@link NetConfig#maxQueuedBytes()} the client has stopped reading and is closed with
 *       "too slow: stopped reading" (its queue is dropped; nothing more is written). A message over
 *       the frame bound never goes out: it is replaced by {@code ERROR_CODE_INTERNAL}.
 *   <li><b>Rate.</b> Every frame received takes a token ({@link RateLimiter}); refused ones are
 *       answered with {@code ERROR_CODE_RATE_LIMITED} and never reach the core; a client that keeps
 *       going is closed.
 *   <li><b>Unreadable input.</b> An envelope without a body is answered with {@code
 *       ERROR_CODE_MALFORMED} and the connection stays; bytes that do not parse, and frames over the
 *       bound, are answered ({@code MALFORMED}, {@code TOO_LARGE}) and the connection is closed.
 *   <li><b>Idle.</b> Nothing received for the idle timeout closes the connection ("idle").
 * </ul>
 *
 * <p>A deliberate close tells the client first: an {@code Error} envelope (its code where the
 * protocol has one, {@code ERROR_CODE_UNSPECIFIED} for idle, shutdown and the core's own closes),
 * then on a WebSocket a close frame (1009 for too large, 1001 for shutdown, 1008 otherwise), and the
 * socket closes when those are written or after a short grace.
 */
final class Connection extends ChannelInboundHandlerAdapter implements Outbound {

  /** Asks every open connection to say goodbye; fired by {@link NetServer#close()}. */
  enum Signal { SHUTDOWN }

  private static final Logger LOG = LogManager.getLogger(Connection.class);
  private static final Logger ACCESS = LogManager.getLogger(Connection.class.getPackageName() + ".access");
  private static final long CLOSE_GRACE_MILLIS = 2_000;
  private static final int LONGEST_CLOSE_REASON = 120; // a WebSocket close reason fits in 123 bytes

  private final Transport transport;
  private final Endpoint endpoint;
  private final NetMetrics metrics;
  private final RateLimiter limiter;
  private final Ticker ticker;
  private final int maxFrameBytes;
  private final long maxQueuedBytes;
  private final String idleFor;

  private final Queue<ServerMessage> queue = new ConcurrentLinkedQueue<>();
  private final AtomicLong queuedBytes = new AtomicLong();
  private final AtomicBoolean drainScheduled = new AtomicBoolean();
  private final AtomicBoolean closing = new AtomicBoolean();
  private volatile ChannelHandlerContext ctx;
  private volatile String address = "unknown";

  // Event loop only.
  private String peer = "unknown";
  private boolean opened;
  private Conversation conversation;
  private CloseReason closeReason;
  private String closeDetail;
  private long openedAt;
  private long framesIn;
  private long framesOut;

  Connection(Transport transport, Endpoint endpoint, NetConfig config, NetMetrics metrics, Ticker ticker) {
    this.transport = transport;
    this.endpoint = endpoint;
    this.metrics = metrics;
    this.ticker = ticker;
    this.limiter = new RateLimiter(config.commandsPerSecond(), config.commandBurst(), ticker);
    this.maxFrameBytes = config.maxFrameBytes();
    this.maxQueuedBytes = config.maxQueuedBytes();
    long idleMillis = config.idleTimeout().toMillis();
    this.idleFor = idleMillis % 1000 == 0 ? idleMillis / 1000 + " s" : idleMillis + " ms";
  }

  /** The remote IP address of a channel (no port), the key of per-address limits. */
  static String addressOf(Channel channel) {
    SocketAddress remote = channel.remoteAddress();
    if (remote instanceof InetSocketAddress inet) {
      return inet.getAddress() != null ? inet.getAddress().getHostAddress() : inet.getHostString();
    }
    return String.valueOf(remote);
  }

  private static String peerOf(Channel channel) {
    SocketAddress remote = channel.remoteAddress();
    if (remote instanceof InetSocketAddress inet) {
      String host = addressOf(channel);
      return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + inet.getPort();
    }
    return String.valueOf(remote);
  }

  // ---------------------------------------------------------------- lifecycle

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    if (transport == Transport.TCP) {
      open();
    }
    ctx.fireChannelActive();
  }

  private void open() {
    Channel channel = ctx.channel();
    address = addressOf(channel);
    peer = peerOf(channel);
    opened = true;
    openedAt = ticker.read();
    metrics.opened(transport);
    ACCESS.info("open {} {} {}", transport.label(), peer, channel.id().asShortText());
    try {
      conversation = endpoint.connect(this);
      if (conversation == null) {
        throw new IllegalStateException("Endpoint.connect returned no conversation");
      }
    } catch (RuntimeException e) {
      LOG.error("the core could not take a {} connection from {}", transport.label(), peer, e);
      conversation = null;
      terminate(CloseReason.ERROR, ErrorCode.ERROR_CODE_INTERNAL, "the server could not take the connection");
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    closing.set(true);
    queue.clear();
    queuedBytes.set(0);
    if (opened) {
      CloseReason reason = closeReason == null ? CloseReason.PEER : closeReason;
      metrics.closed(transport, reason);
      long seconds = TimeUnit.NANOSECONDS.toSeconds(ticker.read() - openedAt);
      ACCESS.info("close {} {} {} reason=\"{}\" in={} out={} seconds={}", transport.label(), peer,
          ctx.channel().id().asShortText(), closeDetail == null ? reason.sentence() : closeDetail,
          framesIn, framesOut, seconds);
      if (conversation != null) {
        try {
          conversation.closed();
        } catch (RuntimeException e) {
          LOG.error("the core failed on the close of {}", peer, e);
        }
      }
    }
    ctx.fireChannelInactive();
  }

  // ---------------------------------------------------------------- inbound

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (!(msg instanceof ClientMessage) && !(msg instanceof Rejected)) {
      ReferenceCountUtil.release(msg); // nothing else carries an envelope
      return;
    }
    if (!opened || closing.get()) {
      return;
    }
    framesIn++;
    metrics.frameIn();
    long requestId = msg instanceof ClientMessage m ? m.getRequestId() : 0;
    switch (limiter.acquire()) {
      case ACCEPT -> { }
      case REFUSE -> {
        send(Envelopes.error(requestId, ErrorCode.ERROR_CODE_RATE_LIMITED,
            "too many requests: slow down (this one was not processed)"));
        return;
      }
      case CLOSE -> {
        terminate(CloseReason.RATE_LIMITED, ErrorCode.ERROR_CODE_RATE_LIMITED,
            "too many requests after being told to slow down; closing");
        return;
      }
    }
    if (msg instanceof Rejected rejected) {
      if (rejected.closes()) {
        terminate(CloseReason.MALFORMED, rejected.code(), rejected.message());
      } else {
        send(Envelopes.error(0, rejected.code(), rejected.message()));
      }
      return;
    }
    ClientMessage message = (ClientMessage) msg;
    if (message.getBodyCase() == ClientMessage.BodyCase.BODY_NOT_SET) {
      send(Envelopes.error(requestId, ErrorCode.ERROR_CODE_MALFORMED,
          "the envelope has no body, or one this server does not know"));
      return;
    }
    try {
      conversation.receive(message);
    } catch (RuntimeException e) {
      LOG.error("the core failed on a {} request from {}", message.getBodyCase(), peer, e);
      send(Envelopes.error(requestId, ErrorCode.ERROR_CODE_INTERNAL, "the server failed on this request"));
    }
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
    if (evt instanceof HandshakeComplete) {
      if (!opened) {
        open();
      }
    } else if (evt instanceof IdleStateEvent idle) {
      if (idle.state() == IdleState.READER_IDLE) {
        if (opened) {
          terminate(CloseReason.IDLE, ErrorCode.ERROR_CODE_UNSPECIFIED,
              "idle: nothing received for " + idleFor);
        } else {
          ctx.close(); // a plain HTTP connection has had its time
        }
      }
    } else if (evt == Signal.SHUTDOWN) {
      if (opened) {
        terminate(CloseReason.SHUTDOWN, ErrorCode.ERROR_CODE_UNSPECIFIED, CloseReason.SHUTDOWN.sentence());
      } else {
        ctx.close();
      }
    } else {
      ctx.fireUserEventTriggered(evt);
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    if (!opened) {
      LOG.debug("closing a connection from {} before it opened: {}", peerOf(ctx.channel()), cause.toString());
      ctx.close();
    } else if (cause instanceof TooLongFrameException
        || cause instanceof CorruptedWebSocketFrameException corrupt
            && corrupt.closeStatus().code() == WebSocketCloseStatus.MESSAGE_TOO_BIG.code()) {
      terminate(CloseReason.TOO_LARGE, ErrorCode.ERROR_CODE_TOO_LARGE,
          "a frame is larger than " + maxFrameBytes + " bytes");
    } else if (cause instanceof CorruptedFrameException || cause instanceof DecoderException) {
      terminate(CloseReason.MALFORMED, ErrorCode.ERROR_CODE_MALFORMED, "unreadable frame");
    } else if (cause instanceof PrematureChannelClosureException) {
      // The connection closed while a message was half assembled (its first fragments only):
      // the message is lost with it, like any the client had not sent. Not the server's failure,
      // and not worth a stack trace a client could ask for at will.
      LOG.debug("{} {} closed in the middle of a message", transport.label(), peer);
      if (closeReason == null) {
        closeReason = CloseReason.PEER;
      }
      ctx.close();
    } else if (cause instanceof IOException) {
      LOG.debug("{} {} failed: {}", transport.label(), peer, cause.toString());
      if (closeReason == null) {
        closeReason = CloseReason.PEER;
      }
      ctx.close();
    } else {
      LOG.warn("{} {} failed; closing it", transport.label(), peer, cause);
      if (closeReason == null) {
        closeReason = CloseReason.ERROR;
      }
      ctx.close();
    }
  }

  // ---------------------------------------------------------------- outbound

  @Override
  public void send(ServerMessage message) {
    if (closing.get()) {
      return;
    }
    int size = message.getSerializedSize();
    if (size > maxFrameBytes) {
      metrics.replyTooLarge();
      LOG.warn("a {} message of {} bytes for {} is over the {}-byte frame bound; sending an error instead",
          message.getBodyCase(), size, address, maxFrameBytes);
      message = Envelopes.error(message.getRequestId(), ErrorCode.ERROR_CODE_INTERNAL,
          "the answer was too large to send");
      size = message.getSerializedSize();
    }
    if (queuedBytes.addAndGet(size) > maxQueuedBytes) {
      terminate(CloseReason.TOO_SLOW, null, CloseReason.TOO_SLOW.sentence());
      return;
    }
    queue.add(message);
    if (drainScheduled.compareAndSet(false, true)) {
      try {
        ctx.executor().execute(this::drain);
      } catch (RejectedExecutionException e) {
        closing.set(true); // the event loop is gone: so is the connection
      }
    }
  }

  @Override
  public void close(String reason) {
    terminate(CloseReason.SERVER, ErrorCode.ERROR_CODE_UNSPECIFIED,
        reason == null || reason.isBlank() ? CloseReason.SERVER.sentence() : reason);
  }

  @Override
  public String remoteAddress() {
    return address;
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    if (ctx.channel().isWritable() && !closing.get()) {
      drain();
    }
    ctx.fireChannelWritabilityChanged();
  }

  private void drain() {
    drainScheduled.set(false);
    if (closing.get()) {
      return; // the farewell writes (or drops) what is left
    }
    if (writeQueued()) {
      ctx.flush();
    }
  }

  /** Hands queued messages to Netty while the channel is writable; true if it wrote any. */
  private boolean writeQueued() {
    Channel channel = ctx.channel();
    boolean wrote = false;
    while (channel.isWritable()) {
      ServerMessage next = queue.poll();
      if (next == null) {
        break;
      }
      queuedBytes.addAndGet(-next.getSerializedSize());
      ctx.write(next, ctx.voidPromise());
      framesOut++;
      metrics.frameOut();
      wrote = true;
    }
    return wrote;
  }

  /**
   * Closes the connection on purpose, once, from any thread: records why, then (unless the client
   * stopped reading) writes what was queued while it can, the {@code Error} when {@code code} is
   * given, and on a WebSocket a close frame.
   */
  private void terminate(CloseReason reason, ErrorCode code, String detail) {
    if (!closing.compareAndSet(false, true)) {
      return;
    }
    EventExecutor loop = ctx.executor();
    if (loop.inEventLoop()) {
      farewell(reason, code, detail);
    } else {
      try {
        loop.execute(() -> farewell(reason, code, detail));
      } catch (RejectedExecutionException e) {
        LOG.debug("{} {}: the event loop has shut down before the close", transport.label(), address);
      }
    }
  }

  private void farewell(CloseReason reason, ErrorCode code, String detail) {
    closeReason = reason;
    closeDetail = detail;
    Channel channel = ctx.channel();
    if (reason == CloseReason.TOO_SLOW || !channel.isActive()) {
      queue.clear();
      queuedBytes.set(0);
      ctx.close();
      return;
    }
    writeQueued();
    queue.clear();
    queuedBytes.set(0);
    ChannelFuture last = null;
    if (code != null) {
      last = ctx.write(Envelopes.error(0, code, detail));
      framesOut++;
      metrics.frameOut();
    }
    if (transport == Transport.WEBSOCKET) {
      last = ctx.write(new CloseWebSocketFrame(closeStatus(reason), shorten(detail)));
    }
    ctx.flush();
    if (last == null) {
      ctx.close();
      return;
    }
    last.addListener(ChannelFutureListener.CLOSE);
    var grace = ctx.executor().schedule(() -> ctx.close(), CLOSE_GRACE_MILLIS, TimeUnit.MILLISECONDS);
    channel.closeFuture().addListener(f -> grace.cancel(false));
  }

  private static int closeStatus(CloseReason reason) {
    return switch (reason) {
      case TOO_LARGE -> WebSocketCloseStatus.MESSAGE_TOO_BIG.code();
      case SHUTDOWN -> WebSocketCloseStatus.ENDPOINT_UNAVAILABLE.code();
      case ERROR -> WebSocketCloseStatus.INTERNAL_SERVER_ERROR.code();
      default -> WebSocketCloseStatus.POLICY_VIOLATION.code();
    };
  }

  private static String shorten(String reason) {
    String s = reason;
    while (s.getBytes(StandardCharsets.UTF_8).length > LONGEST_CLOSE_REASON) {
      s = s.substring(0, s.offsetByCodePoints(s.length(), -1));
    }
    return s;
  }

  @Override
  public String toString() {
    Channel channel = ctx == null ? null : ctx.channel();
    return transport.label() + " " + address + (channel == null ? "" : " " + channel.id().asShortText());
  }
}
