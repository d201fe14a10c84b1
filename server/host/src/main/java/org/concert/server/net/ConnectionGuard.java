package org.concert.server.net;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.concert.protocol.v1.ErrorCode;

/**
 * The first handler of both pipelines: takes a place for the remote address in the shared {@link
 * AddressLimiter} when the connection opens, and gives it back when it closes. Over the bound, the
 * connection is closed at once and goes no further: a TCP client is told why with one {@code
 * Error}; an HTTP connection is simply closed (it has no envelope to carry a reason).
 */
final class ConnectionGuard extends ChannelInboundHandlerAdapter {

  private static final Logger ACCESS = LogManager.getLogger(Connection.class.getPackageName() + ".access");

  private final boolean tcp;
  private final AddressLimiter addresses;
  private final NetMetrics metrics;
  private String held;
  private boolean refused;

  ConnectionGuard(boolean tcp, AddressLimiter addresses, NetMetrics metrics) {
    this.tcp = tcp;
    this.addresses = addresses;
    this.metrics = metrics;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    String address = Connection.addressOf(ctx.channel());
    if (addresses.tryAcquire(address)) {
      held = address;
      ctx.fireChannelActive();
      return;
    }
    refused = true;
    metrics.refused(CloseReason.TOO_MANY_CONNECTIONS);
    ACCESS.info("refuse {} {}: {}", tcp ? "tcp" : "http", address, CloseReason.TOO_MANY_CONNECTIONS.sentence());
    if (tcp) {
      ctx.channel()
          .writeAndFlush(Envelopes.error(0, ErrorCode.ERROR_CODE_RATE_LIMITED,
              CloseReason.TOO_MANY_CONNECTIONS.sentence()))
          .addListener(ChannelFutureListener.CLOSE);
    } else {
      ctx.close();
    }
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (refused) {
      ReferenceCountUtil.release(msg);
      return;
    }
    ctx.fireChannelRead(msg);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    if (held != null) {
      addresses.release(held);
      held = null;
    }
    ctx.fireChannelInactive();
  }
}
