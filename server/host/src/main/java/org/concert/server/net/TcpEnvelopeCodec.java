package org.concert.server.net;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageCodec;
import java.util.List;
import org.concert.protocol.v1.ServerMessage;

/**
 * Between the length-field framing and the connection: one whole frame in, one {@code
 * ClientMessage} (or a {@link Rejected}) out; one {@code ServerMessage} in, its whole frame out
 * (length and protobuf bytes in one buffer).
 */
final class TcpEnvelopeCodec extends MessageToMessageCodec<ByteBuf, ServerMessage> {

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf frame, List<Object> out) {
    out.add(Envelopes.decodeBinary(frame));
  }

  @Override
  protected void encode(ChannelHandlerContext ctx, ServerMessage message, List<Object> out) {
    out.add(Envelopes.encodeFrame(ctx.alloc(), message));
  }
}
