package org.concert.server.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler.HandshakeComplete;
import io.netty.handler.timeout.IdleStateEvent;
import java.util.HexFormat;
import org.concert.protocol.v1.ErrorCode;
import org.concert.protocol.v1.ServerMessage;
import org.junit.jupiter.api.Test;

/** The WebSocket envelope codec and the connection behind it, on an {@link EmbeddedChannel}. */
class WebSocketPipelineTest {

  private final TestEndpoint endpoint = new TestEndpoint(12, "m-3f9a1c");
  private final NetMetrics metrics = new NetMetrics();

  private EmbeddedChannel channel(String subprotocol) {
    EmbeddedChannel channel = new EmbeddedChannel(new WebSocketEnvelopeCodec(),
        new Connection(Transport.WEBSOCKET, endpoint, NetConfig.defaults(), metrics, new FakeTicker()));
    channel.pipeline().fireUserEventTriggered(new HandshakeComplete("/ws", new DefaultHttpHeaders(), subprotocol));
    return channel;
  }

  private static Object next(EmbeddedChannel channel) {
    channel.runPendingTasks();
    Object out = channel.readOutbound();
    if (out == null) {
      throw new AssertionError("nothing was written");
    }
    return out;
  }

  private static String nextText(EmbeddedChannel channel) {
    TextWebSocketFrame frame = assertInstanceOf(TextWebSocketFrame.class, next(channel));
    try {
      return frame.text();
    } finally {
      frame.release();
    }
  }

  private static ServerMessage nextJson(EmbeddedChannel channel) throws Exception {
    ServerMessage.Builder builder = ServerMessage.newBuilder();
    com.google.protobuf.util.JsonFormat.parser().merge(nextText(channel), builder);
    return builder.build();
  }

  @Test
  void json_theProtocolsWorkedPing_isAnsweredWithItsWorkedPong() throws Exception {
    EmbeddedChannel channel = channel(Envelopes.JSON_SUBPROTOCOL);

    channel.writeInbound(new TextWebSocketFrame("{\"requestId\":\"7\",\"ping\":{\"nonce\":\"1\"}}"));

    assertEquals("{\"requestId\":\"7\",\"version\":\"12\",\"matchId\":\"m-3f9a1c\",\"pong\":{\"nonce\":\"1\"}}",
        nextText(channel));
    assertEquals(TcpClient.ping(7, 1), endpoint.nextSession().received.poll());
  }

  @Test
  void json_unknownFieldsAndSnakeCaseNames_areAccepted() throws Exception {
    EmbeddedChannel channel = channel(Envelopes.JSON_SUBPROTOCOL);

    channel.writeInbound(new TextWebSocketFrame("{\"request_id\":\"9\",\"fromTheFuture\":[1,2],\"ping\":{\"nonce\":2}}"));

    ServerMessage reply = nextJson(channel);
    assertEquals(9, reply.getRequestId());
    assertEquals(2, reply.getPong().getNonce());
  }

  @Test
  void json_thatDoesNotParse_isAnsweredMalformed_thenClosedWithPolicyViolation() throws Exception {
    EmbeddedChannel channel = channel(Envelopes.JSON_SUBPROTOCOL);
    TestEndpoint.Session session = endpoint.nextSession();

    channel.writeInbound(new TextWebSocketFrame("{\"requestId\":"));

    assertEquals(ErrorCode.ERROR_CODE_MALFORMED, nextJson(channel).getError().getCode());
    CloseWebSocketFrame close = assertInstanceOf(CloseWebSocketFrame.class, next(channel));
    assertEquals(WebSocketCloseStatus.POLICY_VIOLATION.code(), close.statusCode());
    close.release();
    assertFalse(channel.isOpen());
    assertTrue(session.received.isEmpty());
  }

  @Test
  void binaryMessage_onAJsonSession_isAnsweredMalformed_andTheSessionStays() throws Exception {
    EmbeddedChannel channel = channel(Envelopes.JSON_SUBPROTOCOL);

    channel.writeInbound(new BinaryWebSocketFrame(Unpooled.wrappedBuffer(TcpClient.ping(1, 1).toByteArray())));

    ServerMessage reply = nextJson(channel);
    assertEquals(ErrorCode.ERROR_CODE_MALFORMED, reply.getError().getCode());
    assertTrue(channel.isOpen());
  }

  @Test
  void proto_theProtocolsWorkedPing_isAnsweredByteForByte() throws Exception {
    EmbeddedChannel channel = channel(Envelopes.PROTO_SUBPROTOCOL);
    HexFormat hex = HexFormat.of();

    channel.writeInbound(new BinaryWebSocketFrame(Unpooled.wrappedBuffer(hex.parseHex("0807b201020801"))));

    BinaryWebSocketFrame frame = assertInstanceOf(BinaryWebSocketFrame.class, next(channel));
    assertArrayEquals(hex.parseHex("0807100c1a086d2d336639613163c201020801"), ByteBufUtil.getBytes(frame.content()));
    frame.release();
  }

  @Test
  void textMessage_onAProtoSession_isAnsweredMalformed_andTheSessionStays() throws Exception {
    EmbeddedChannel channel = channel(Envelopes.PROTO_SUBPROTOCOL);

    channel.writeInbound(new TextWebSocketFrame("{\"requestId\":\"7\",\"ping\":{}}"));

    BinaryWebSocketFrame frame = assertInstanceOf(BinaryWebSocketFrame.class, next(channel));
    ServerMessage reply = ServerMessage.parseFrom(ByteBufUtil.getBytes(frame.content()));
    frame.release();
    assertEquals(ErrorCode.ERROR_CODE_MALFORMED, reply.getError().getCode());
    assertTrue(channel.isOpen());
  }

  @Test
  void messageOverTheBound_isAnsweredTooLarge_thenClosedWith1009() throws Exception {
    EmbeddedChannel channel = channel(Envelopes.JSON_SUBPROTOCOL);

    channel.pipeline().fireExceptionCaught(
        new CorruptedWebSocketFrameException(WebSocketCloseStatus.MESSAGE_TOO_BIG, "Max frame length exceeded"));

    assertEquals(ErrorCode.ERROR_CODE_TOO_LARGE, nextJson(channel).getError().getCode());
    CloseWebSocketFrame close = assertInstanceOf(CloseWebSocketFrame.class, next(channel));
    assertEquals(1009, close.statusCode());
    close.release();
    assertFalse(channel.isOpen());
    assertEquals(1, metrics.closed(CloseReason.TOO_LARGE));
  }

  @Test
  void writerIdle_sendsAHeartbeatPing() {
    EmbeddedChannel channel = channel(Envelopes.PROTO_SUBPROTOCOL);

    channel.pipeline().fireUserEventTriggered(IdleStateEvent.WRITER_IDLE_STATE_EVENT);

    PingWebSocketFrame ping = assertInstanceOf(PingWebSocketFrame.class, next(channel));
    ping.release();
    assertTrue(channel.isOpen());
  }

  @Test
  void pushFromAnotherThread_arrivesAfterTheHandshake() throws Exception {
    EmbeddedChannel channel = channel(Envelopes.JSON_SUBPROTOCOL);
    TestEndpoint.Session session = endpoint.nextSession();
    ServerMessage push = ServerMessage.newBuilder().setVersion(3).setMatchId("m-1").build();

    Thread pusher = new Thread(() -> session.outbound.send(push));
    pusher.start();
    pusher.join(5_000);

    assertEquals(push, nextJson(channel));
  }
}
