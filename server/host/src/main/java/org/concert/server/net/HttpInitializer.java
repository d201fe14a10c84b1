package org.concert.server.net;

import com.github.benmanes.caffeine.cache.Ticker;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.handler.timeout.IdleStateHandler;
import java.util.concurrent.TimeUnit;
import org.concert.server.Endpoint;

/**
 * The whole HTTP pipeline, in order (inbound top to bottom, outbound bottom to top):
 *
 * <pre>
 *   guard      ConnectionGuard                    connections per address
 *   http       HttpServerCodec                    HTTP/1.1 (replaced by WebSocket frame codecs on upgrade)
 *   requests   HttpObjectAggregator(8 KiB)        whole requests; GETs have no body to speak of
 *   router     HttpRouter                         /health, /metrics, files; the Origin and subprotocol
 *                                                 gate of /ws
 *   websocket  WebSocketServerProtocolHandler     the handshake at /ws, control frames, frames of at
 *                                                 most maxFrameBytes
 *   messages   WebSocketFrameAggregator           whole messages of at most maxFrameBytes
 *   idle       IdleStateHandler                   nothing read for idleTimeout; the heartbeat's timer
 *   envelopes  WebSocketEnvelopeCodec             binary protobuf or proto3 JSON, by subprotocol
 *   connection Connection                         the core's Conversation and Outbound; every policy
 * </pre>
 *
 * <p>On upgrade, Netty's handshake swaps the HTTP codec for WebSocket frame codecs, drops the
 * request aggregator, and (when the protocol handler is added) puts its handshake handler and a
 * UTF-8 check of text frames just before it; the rest of the pipeline stays as built here.
 *
 * <p>The idle handler sits behind the WebSocket handler so that only WebSocket messages count as
 * the client speaking: control frames, such as a browser's answers to the heartbeat pings, do not.
 * HTTP requests never reach it either, so a plain HTTP (keep-alive) connection is closed once the
 * idle timeout has passed since it opened; browsers simply open another.
 */
final class HttpInitializer extends ChannelInitializer<Channel> {

  private static final int LARGEST_REQUEST = 8 * 1024;
  private static final long HANDSHAKE_TIMEOUT_MILLIS = 10_000;

  private final NetConfig config;
  private final Endpoint endpoint;
  private final NetMetrics metrics;
  private final AddressLimiter addresses;
  private final OriginPolicy origins;
  private final StaticFiles files;
  private final HttpRouter.Health health;
  private final ChannelGroup channels;
  private final Ticker ticker;

  private final Downloads downloads;

  HttpInitializer(NetConfig config, Endpoint endpoint, NetMetrics metrics, AddressLimiter addresses,
      StaticFiles files, HttpRouter.Health health, ChannelGroup channels, Ticker ticker,
      Downloads downloads) {
    this.downloads = downloads;
    this.config = config;
    this.endpoint = endpoint;
    this.metrics = metrics;
    this.addresses = addresses;
    this.origins = new OriginPolicy(config.allowedOrigins());
    this.files = files;
    this.health = health;
    this.channels = channels;
    this.ticker = ticker;
  }

  @Override
  protected void initChannel(Channel channel) {
    channels.add(channel);
    ChannelPipeline p = channel.pipeline();
    p.addLast("guard", new ConnectionGuard(false, addresses, metrics));
    p.addLast("http", new HttpServerCodec());
    p.addLast("requests", new HttpObjectAggregator(LARGEST_REQUEST));
    p.addLast("router", new HttpRouter(metrics, origins, files, health, downloads));
    p.addLast("websocket", new WebSocketServerProtocolHandler(webSocketConfig(config)));
    p.addLast("messages", new WebSocketFrameAggregator(config.maxFrameBytes()));
    p.addLast("idle", new IdleStateHandler(
        config.idleTimeout().toMillis(), config.heartbeat().toMillis(), 0, TimeUnit.MILLISECONDS));
    p.addLast("envelopes", new WebSocketEnvelopeCodec());
    p.addLast("connection", new Connection(Transport.WEBSOCKET, endpoint, config, metrics, ticker));
  }

  static WebSocketServerProtocolConfig webSocketConfig(NetConfig config) {
    return WebSocketServerProtocolConfig.newBuilder()
        .websocketPath(HttpRouter.WEBSOCKET_PATH)
        .checkStartsWith(true) // the router has already matched the path exactly, query aside
        .subprotocols(Envelopes.PROTO_SUBPROTOCOL + "," + Envelopes.JSON_SUBPROTOCOL)
        .handshakeTimeoutMillis(HANDSHAKE_TIMEOUT_MILLIS)
        .sendCloseFrame(null) // Connection writes its own close frame, with the reason
        .decoderConfig(WebSocketDecoderConfig.newBuilder()
            .maxFramePayloadLength(config.maxFrameBytes())
            .allowExtensions(false)
            .closeOnProtocolViolation(false) // Connection says why (an Error), then closes
            .build())
        .build();
  }
}
