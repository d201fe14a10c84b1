package org.concert.server.net;

import com.github.benmanes.caffeine.cache.Ticker;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.Channel;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.handler.timeout.IdleStateHandler;
import java.util.concurrent.TimeUnit;
import org.concert.server.Endpoint;

/**
 * The whole TCP pipeline, in order (inbound top to bottom, outbound bottom to top):
 *
 * <pre>
 *   guard     ConnectionGuard                 connections per address
 *   frames    LengthFieldBasedFrameDecoder    4-byte big-endian length, at most maxFrameBytes after it;
 *                                             a longer length is refused as soon as it is read
 *   envelopes TcpEnvelopeCodec                protobuf ClientMessage in; ServerMessage out as a
 *                                             whole frame, the same 4-byte length then the bytes
 *   idle      IdleStateHandler                nothing read for idleTimeout: "idle"
 *   connection Connection                     the core's Conversation and Outbound; every policy
 * </pre>
 */
final class TcpInitializer extends ChannelInitializer<Channel> {

  private static final int LENGTH_BYTES = 4;

  private final NetConfig config;
  private final Endpoint endpoint;
  private final NetMetrics metrics;
  private final AddressLimiter addresses;
  private final ChannelGroup channels;
  private final Ticker ticker;

  TcpInitializer(NetConfig config, Endpoint endpoint, NetMetrics metrics, AddressLimiter addresses,
      ChannelGroup channels, Ticker ticker) {
    this.config = config;
    this.endpoint = endpoint;
    this.metrics = metrics;
    this.addresses = addresses;
    this.channels = channels;
    this.ticker = ticker;
  }

  @Override
  protected void initChannel(Channel channel) {
    channels.add(channel);
    ChannelPipeline p = channel.pipeline();
    p.addLast("guard", new ConnectionGuard(true, addresses, metrics));
    // Netty bounds the whole frame, prefix included; the protocol bounds the envelope after it.
    // Fail fast: the error goes out as soon as the prefix is read, before any body is buffered.
    p.addLast("frames", new LengthFieldBasedFrameDecoder(
        config.maxFrameBytes() + LENGTH_BYTES, 0, LENGTH_BYTES, 0, LENGTH_BYTES));
    p.addLast("envelopes", new TcpEnvelopeCodec());
    p.addLast("idle", new IdleStateHandler(config.idleTimeout().toMillis(), 0, 0, TimeUnit.MILLISECONDS));
    p.addLast("connection", new Connection(Transport.TCP, endpoint, config, metrics, ticker));
  }
}
