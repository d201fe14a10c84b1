package org.concert.server.net;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageCodec;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler.HandshakeComplete;
import io.netty.handler.timeout.IdleState;
import io.netty.handler.timeout.IdleStateEvent;
import java.util.List;
import org.concert.protocol.v1.ErrorCode;
import org.concert.protocol.v1.ServerMessage;

/**
 * Between whole WebSocket messages and the connection, in the encoding the handshake chose: binary
 * frames of protobuf for {@value Envelopes#PROTO_SUBPROTOCOL}, text frames of proto3 JSON for
 * {@value Envelopes#JSON_SUBPROTOCOL}. A message of the other kind is answered with {@code
 * ERROR_CODE_MALFORMED} and the connection stays open. Also sends the heartbeat: a ping frame when
 * the idle handler reports that nothing was written for a while.
 */
final class WebSocketEnvelopeCodec extends MessageToMessageCodec<WebSocketFrame, ServerMessage> {

  private enum Encoding { PROTO, JSON }

  private Encoding encoding;

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
    if (evt instanceof HandshakeComplete done) {
      encoding = Envelopes.JSON_SUBPROTOCOL.equals(done.selectedSubprotocol()) ? Encoding.JSON : Encoding.PROTO;
    } else if (evt instanceof IdleStateEvent idle && idle.state() == IdleState.WRITER_IDLE) {
      if (encoding != null) {
        ctx.writeAndFlush(new PingWebSocketFrame());
      }
      return;
    }
    super.userEventTriggered(ctx, evt);
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, WebSocketFrame frame, List<Object> out) {
    if (encoding == null) {
      return; // no frames arrive before the handshake; ignore rather than guess an encoding
    }
    if (frame instanceof TextWebSocketFrame text) {
      out.add(encoding == Encoding.JSON
          ? Envelopes.decodeJson(text.text())
          : new Rejected(ErrorCode.ERROR_CODE_MALFORMED,
              "a text message on a " + Envelopes.PROTO_SUBPROTOCOL + " session; send binary messages", false));
    } else if (frame instanceof BinaryWebSocketFrame binary) {
      out.add(encoding == Encoding.PROTO
          ? Envelopes.decodeBinary(binary.content())
          : new Rejected(ErrorCode.ERROR_CODE_MALFORMED,
              "a binary message on a " + Envelopes.JSON_SUBPROTOCOL + " session; send text messages", false));
    }
    // Control frames are handled before this codec; anything else carries no envelope.
  }

  @Override
  protected void encode(ChannelHandlerContext ctx, ServerMessage message, List<Object> out) {
    if (encoding == Encoding.JSON) {
      out.add(new TextWebSocketFrame(Envelopes.encodeJson(message)));
    } else if (encoding == Encoding.PROTO) {
      out.add(new BinaryWebSocketFrame(Envelopes.encodeBinary(ctx.alloc(), message)));
    } else {
      throw new IllegalStateException("a " + message.getBodyCase() + " envelope before the WebSocket handshake");
    }
  }
}
