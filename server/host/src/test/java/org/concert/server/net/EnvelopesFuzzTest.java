package org.concert.server.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.UnknownFieldSet;
import com.google.protobuf.util.JsonFormat;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler.HandshakeComplete;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.concert.protocol.v1.ClientMessage;
import org.concert.protocol.v1.ErrorCode;
import org.concert.protocol.v1.ServerMessage;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzzes the two envelope encodings: {@link Envelopes} on its own (decode, then encode again) and
 * behind {@link WebSocketEnvelopeCodec} and {@link Connection} on an {@link EmbeddedChannel}.
 * Every input is either a {@code ClientMessage} that survives a round trip or a closing {@code
 * ERROR_CODE_MALFORMED}; nothing else comes out, nothing is thrown.
 */
class EnvelopesFuzzTest {

  /** Longer than any input takes, even on a loaded machine; past it, the input hangs. */
  private static final int HANG_SECONDS = 30;

  private static final String JSON_REFUSAL = "the message is not a ClientMessage in the proto3 JSON mapping";
  private static final JsonFormat.Printer PRINTER = JsonFormat.printer();

  @Timeout(HANG_SECONDS) // a hang is a finding: Jazzer takes this as its per-input timeout
  @FuzzTest
  void decodeBinary_anyBytes_isTheParsedMessageOrAClosingMalformed(byte[] input) throws Exception {
    ClientMessage parsed = parseOrNull(input);

    Object whole = Envelopes.decodeBinary(Unpooled.wrappedBuffer(input));
    Object split = Envelopes.decodeBinary(inTwoParts(input)); // a buffer of two NIO buffers
    assertEquals(whole, split, "the same bytes decode alike, however they are held");

    if (parsed == null) {
      Rejected rejected = assertInstanceOf(Rejected.class, whole);
      assertEquals(ErrorCode.ERROR_CODE_MALFORMED, rejected.code());
      assertTrue(rejected.closes());
      return;
    }
    ClientMessage message = assertInstanceOf(ClientMessage.class, whole);
    assertEquals(parsed, message);
    assertEquals(message, ClientMessage.parseFrom(message.toByteArray()), "binary round trip");
    // Its JSON form reads back to the same message, less the fields this version does not know.
    Message known = withoutUnknownFields(message);
    assertEquals(known, Envelopes.decodeJson(PRINTER.print(message)), "JSON round trip");
  }

  @Timeout(HANG_SECONDS) // a hang is a finding: Jazzer takes this as its per-input timeout
  @FuzzTest
  void decodeJson_anyText_isAMessageThatRoundTripsOrAClosingMalformed(byte[] input) throws Exception {
    String text = new String(input, StandardCharsets.UTF_8);

    Object decoded = Envelopes.decodeJson(text);

    if (decoded instanceof Rejected rejected) {
      assertEquals(ErrorCode.ERROR_CODE_MALFORMED, rejected.code());
      assertTrue(rejected.closes());
      assertTrue(rejected.message().startsWith(JSON_REFUSAL), rejected.message());
      assertTrue(rejected.message().length() <= JSON_REFUSAL.length() + 2 + 200 + 1,
          "the parser's explanation is cut short");
      return;
    }
    ClientMessage message = assertInstanceOf(ClientMessage.class, decoded);
    assertEquals(message, Envelopes.decodeJson(PRINTER.print(message)), "JSON round trip");
    assertEquals(message, ClientMessage.parseFrom(message.toByteArray()), "binary round trip");
  }

  @Timeout(HANG_SECONDS) // a hang is a finding: Jazzer takes this as its per-input timeout
  @FuzzTest
  void webSocketBinary_anyMessage_isDeliveredOrAnsweredThenClosed(byte[] input) throws Exception {
    ClientMessage parsed = parseOrNull(input);
    exchange(Envelopes.PROTO_SUBPROTOCOL, new BinaryWebSocketFrame(Unpooled.wrappedBuffer(input)),
        parsed, parsed == null);
  }

  @Timeout(HANG_SECONDS) // a hang is a finding: Jazzer takes this as its per-input timeout
  @FuzzTest
  void webSocketJson_anyText_isDeliveredOrAnsweredThenClosed(byte[] input) throws Exception {
    String text = new String(input, StandardCharsets.UTF_8);
    Object decoded = Envelopes.decodeJson(text);
    ClientMessage parsed = decoded instanceof ClientMessage m ? m : null;
    exchange(Envelopes.JSON_SUBPROTOCOL, new TextWebSocketFrame(text), parsed, parsed == null);
  }

  /**
   * Sends one WebSocket message to a fresh connection and checks the outcome: a readable envelope
   * with a body reaches the core and is answered; one without a body is answered {@code
   * MALFORMED} and the connection stays; unreadable bytes get {@code MALFORMED}, then a close
   * frame with status 1008, then the channel closes.
   */
  private static void exchange(String subprotocol, WebSocketFrame frame, ClientMessage parsed,
      boolean unreadable) throws Exception {
    TestEndpoint endpoint = new TestEndpoint();
    NetMetrics metrics = new NetMetrics();
    EmbeddedChannel channel = new EmbeddedChannel(new WebSocketEnvelopeCodec(),
        new Connection(Transport.WEBSOCKET, endpoint, NetConfig.defaults(), metrics, new FakeTicker()));
    try {
      channel.pipeline().fireUserEventTriggered(
          new HandshakeComplete("/ws", new DefaultHttpHeaders(), subprotocol));
      TestEndpoint.Session session = endpoint.nextSession();

      channel.writeInbound(frame);
      channel.runPendingTasks();
      List<Object> out = new ArrayList<>();
      for (Object o; (o = channel.readOutbound()) != null; ) {
        out.add(o);
      }

      try {
        if (unreadable) {
          assertTrue(session.received.isEmpty());
          assertEquals(2, out.size(), () -> "an error, then a close frame: " + out);
          assertEquals(ErrorCode.ERROR_CODE_MALFORMED, decode(subprotocol, out.get(0)).getError().getCode());
          CloseWebSocketFrame close = assertInstanceOf(CloseWebSocketFrame.class, out.get(1));
          assertEquals(WebSocketCloseStatus.POLICY_VIOLATION.code(), close.statusCode());
          assertFalse(channel.isOpen());
          assertEquals(1, metrics.closed(CloseReason.MALFORMED));
          return;
        }
        assertEquals(1, out.size(), () -> "one answer: " + out);
        ServerMessage reply = decode(subprotocol, out.get(0));
        assertEquals(parsed.getRequestId(), reply.getRequestId());
        if (parsed.getBodyCase() == ClientMessage.BodyCase.BODY_NOT_SET) {
          assertNull(session.received.poll());
          assertEquals(ErrorCode.ERROR_CODE_MALFORMED, reply.getError().getCode());
        } else {
          assertEquals(parsed, session.received.poll());
          assertTrue(reply.hasAck() || reply.hasPong() || reply.hasError(), reply::toString);
        }
        assertTrue(channel.isOpen());
      } finally {
        out.forEach(io.netty.util.ReferenceCountUtil::release);
      }
    } finally {
      channel.finishAndReleaseAll();
    }
  }

  private static ServerMessage decode(String subprotocol, Object frame) throws Exception {
    if (subprotocol.equals(Envelopes.JSON_SUBPROTOCOL)) {
      ServerMessage.Builder builder = ServerMessage.newBuilder();
      JsonFormat.parser().merge(assertInstanceOf(TextWebSocketFrame.class, frame).text(), builder);
      return builder.build();
    }
    ByteBuf content = assertInstanceOf(BinaryWebSocketFrame.class, frame).content();
    return ServerMessage.parseFrom(io.netty.buffer.ByteBufUtil.getBytes(content));
  }

  /**
   * The message without the fields this version does not know, at any depth. (Not by parsing
   * again with protobuf's discarding parser: that one refuses some bytes the ordinary parser
   * takes, such as an 11-byte varint inside an unknown field.)
   */
  private static Message withoutUnknownFields(Message message) {
    Message.Builder b = message.toBuilder().setUnknownFields(UnknownFieldSet.getDefaultInstance());
    for (var e : message.getAllFields().entrySet()) {
      FieldDescriptor f = e.getKey();
      if (f.getJavaType() != FieldDescriptor.JavaType.MESSAGE) {
        continue;
      }
      if (f.isRepeated()) {
        b.clearField(f);
        for (Object item : (List<?>) e.getValue()) {
          b.addRepeatedField(f, withoutUnknownFields((Message) item));
        }
      } else {
        b.setField(f, withoutUnknownFields((Message) e.getValue()));
      }
    }
    return b.build();
  }

  private static ClientMessage parseOrNull(byte[] input) {
    try {
      return ClientMessage.parseFrom(input);
    } catch (InvalidProtocolBufferException e) {
      return null;
    }
  }

  private static ByteBuf inTwoParts(byte[] input) {
    int half = input.length / 2;
    CompositeByteBuf both = Unpooled.compositeBuffer();
    both.addComponent(true, Unpooled.wrappedBuffer(input, 0, half));
    both.addComponent(true, Unpooled.wrappedBuffer(input, half, input.length - half));
    return both;
  }
}
