package org.concert.server.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.concert.protocol.v1.Chat;
import org.concert.protocol.v1.ClientMessage;
import org.concert.protocol.v1.Error;
import org.concert.protocol.v1.ErrorCode;
import org.concert.protocol.v1.GetView;
import org.concert.protocol.v1.ServerMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The TCP pipeline, whole, on an {@link EmbeddedChannel}: framing, envelopes and policies. */
class TcpPipelineTest {

  private static final HexFormat HEX = HexFormat.of();

  private final TestEndpoint endpoint = new TestEndpoint(12, "m-3f9a1c");
  private final NetMetrics metrics = new NetMetrics();
  private final FakeTicker ticker = new FakeTicker();

  private EmbeddedChannel channel(NetConfig config) {
    return new EmbeddedChannel(new TcpInitializer(config, endpoint, metrics,
        new AddressLimiter(config.maxConnectionsPerAddress()),
        new DefaultChannelGroup(GlobalEventExecutor.INSTANCE), ticker));
  }

  private EmbeddedChannel channel() {
    return channel(NetConfig.defaults());
  }

  private static byte[] outbound(EmbeddedChannel channel) {
    channel.runPendingTasks();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    for (Object out; (out = channel.readOutbound()) != null; ) {
      ByteBuf buf = (ByteBuf) out;
      byte[] chunk = new byte[buf.readableBytes()];
      buf.readBytes(chunk);
      buf.release();
      bytes.writeBytes(chunk);
    }
    return bytes.toByteArray();
  }

  private static List<ServerMessage> replies(EmbeddedChannel channel) throws Exception {
    ByteBuffer in = ByteBuffer.wrap(outbound(channel));
    List<ServerMessage> messages = new ArrayList<>();
    while (in.hasRemaining()) {
      byte[] body = new byte[in.getInt()];
      in.get(body);
      messages.add(ServerMessage.parseFrom(body));
    }
    return messages;
  }

  private static ByteBuf buffer(byte[] bytes) {
    return Unpooled.wrappedBuffer(bytes);
  }

  private static Error onlyError(List<ServerMessage> replies) {
    assertEquals(1, replies.size(), () -> "replies: " + replies);
    assertTrue(replies.get(0).hasError(), () -> "expected an error, got " + replies.get(0));
    return replies.get(0).getError();
  }

  @Test
  void ping_theProtocolsWorkedFrame_isAnsweredByteForByte() throws Exception {
    EmbeddedChannel channel = channel();
    channel.writeInbound(buffer(HEX.parseHex("00000007" + "0807" + "b20102" + "0801")));

    assertArrayEquals(
        HEX.parseHex("00000013" + "0807" + "100c" + "1a086d2d3366396131" + "63" + "c20102" + "0801"),
        outbound(channel));
    assertEquals(TcpClient.ping(7, 1), endpoint.nextSession().received.poll());
  }

  @Test
  void frame_splitAcrossReads_isDecodedOnceWhole() throws Exception {
    EmbeddedChannel channel = channel();
    TestEndpoint.Session session = endpoint.nextSession();
    byte[] frame = TcpClient.frame(TcpClient.ping(3, 99));

    channel.writeInbound(buffer(Arrays.copyOfRange(frame, 0, 2)));
    channel.writeInbound(buffer(Arrays.copyOfRange(frame, 2, 6)));
    assertTrue(session.received.isEmpty(), "nothing before the frame is whole");
    channel.writeInbound(buffer(Arrays.copyOfRange(frame, 6, frame.length)));

    assertEquals(List.of(TcpClient.ping(3, 99)), new ArrayList<>(session.received));
    assertEquals(99, replies(channel).get(0).getPong().getNonce());
  }

  @Test
  void frames_coalescedInOneRead_areDecodedInOrder() throws Exception {
    EmbeddedChannel channel = channel();
    TestEndpoint.Session session = endpoint.nextSession();
    ByteArrayOutputStream both = new ByteArrayOutputStream();
    both.writeBytes(TcpClient.frame(TcpClient.ping(1, 10)));
    both.writeBytes(TcpClient.frame(TcpClient.ping(2, 20)));

    channel.writeInbound(buffer(both.toByteArray()));

    assertEquals(List.of(TcpClient.ping(1, 10), TcpClient.ping(2, 20)), new ArrayList<>(session.received));
    List<ServerMessage> replies = replies(channel);
    assertEquals(List.of(1L, 2L), replies.stream().map(ServerMessage::getRequestId).toList());
  }

  @ParameterizedTest
  @ValueSource(strings = {"00010001", "7fffffff", "ffffffff"})
  void lengthPrefix_overTheBound_isRefusedBeforeAnyBodyArrives(String prefix) throws Exception {
    EmbeddedChannel channel = channel();
    TestEndpoint.Session session = endpoint.nextSession();

    channel.writeInbound(buffer(HEX.parseHex(prefix))); // the prefix alone: no body is ever sent

    Error error = onlyError(replies(channel));
    assertEquals(ErrorCode.ERROR_CODE_TOO_LARGE, error.getCode());
    assertFalse(channel.isOpen());
    assertTrue(session.received.isEmpty());
    assertTrue(session.awaitClosed(Duration.ZERO));
    assertEquals(1, metrics.closed(CloseReason.TOO_LARGE));
  }

  @Test
  void envelope_exactlyAtTheBound_isAccepted_andOneByteMoreIsNot() throws Exception {
    int bound = 100;
    NetConfig config = NetConfig.defaults().withMaxFrameBytes(bound);
    ClientMessage atBound = chatOfSize(bound);
    ClientMessage overBound = chatOfSize(bound + 1);

    EmbeddedChannel accepting = channel(config);
    accepting.writeInbound(buffer(TcpClient.frame(atBound)));
    assertTrue(replies(accepting).get(0).hasAck());

    EmbeddedChannel refusing = channel(config);
    refusing.writeInbound(buffer(TcpClient.frame(overBound)));
    assertEquals(ErrorCode.ERROR_CODE_TOO_LARGE, onlyError(replies(refusing)).getCode());
    assertFalse(refusing.isOpen());
  }

  private static ClientMessage chatOfSize(int size) {
    for (int n = 0; n < size; n++) {
      ClientMessage message = ClientMessage.newBuilder().setRequestId(5)
          .setChat(Chat.newBuilder().setText("x".repeat(n))).build();
      if (message.getSerializedSize() == size) {
        return message;
      }
    }
    throw new AssertionError("no chat of exactly " + size + " bytes");
  }

  @Test
  void garbage_thatDoesNotParse_isAnsweredMalformed_andClosed() throws Exception {
    EmbeddedChannel channel = channel();
    TestEndpoint.Session session = endpoint.nextSession();

    channel.writeInbound(buffer(HEX.parseHex("00000005" + "ffffffffff")));

    Error error = onlyError(replies(channel));
    assertEquals(ErrorCode.ERROR_CODE_MALFORMED, error.getCode());
    assertFalse(channel.isOpen());
    assertTrue(session.received.isEmpty());
    assertEquals(1, metrics.closed(CloseReason.MALFORMED));
  }

  @Test
  void emptyFrame_isAnsweredMalformed_andTheConnectionStays() throws Exception {
    EmbeddedChannel channel = channel();
    TestEndpoint.Session session = endpoint.nextSession();

    channel.writeInbound(buffer(HEX.parseHex("00000000")));
    assertEquals(ErrorCode.ERROR_CODE_MALFORMED, onlyError(replies(channel)).getCode());
    assertTrue(channel.isOpen());
    assertTrue(session.received.isEmpty(), "an envelope without a body never reaches the core");

    channel.writeInbound(buffer(TcpClient.frame(TcpClient.ping(2, 2))));
    assertTrue(replies(channel).get(0).hasPong());
  }

  @Test
  void core_thatThrows_isAnsweredInternal_andTheConnectionStays() throws Exception {
    EmbeddedChannel channel = channel();
    ClientMessage boom = ClientMessage.newBuilder().setRequestId(41)
        .setGetView(GetView.newBuilder().setMatchId("boom")).build();

    channel.writeInbound(buffer(TcpClient.frame(boom)));

    List<ServerMessage> replies = replies(channel);
    assertEquals(41, replies.get(0).getRequestId());
    assertEquals(ErrorCode.ERROR_CODE_INTERNAL, onlyError(replies).getCode());
    assertTrue(channel.isOpen());
  }

  @Test
  void message_fromTheCoreOverTheBound_isReplacedByAnInternalError() throws Exception {
    EmbeddedChannel channel = channel(NetConfig.defaults().withMaxFrameBytes(100));
    TestEndpoint.Session session = endpoint.nextSession();

    session.outbound.send(ServerMessage.newBuilder().setRequestId(8)
        .setChat(Chat.newBuilder().setText("y".repeat(500))).build());

    List<ServerMessage> replies = replies(channel);
    assertEquals(8, replies.get(0).getRequestId());
    assertEquals(ErrorCode.ERROR_CODE_INTERNAL, onlyError(replies).getCode());
    assertEquals(1, metrics.repliesTooLarge());
  }

  @Test
  void closeByTheCore_tellsTheClientWhy_thenCloses() throws Exception {
    EmbeddedChannel channel = channel();
    TestEndpoint.Session session = endpoint.nextSession();
    session.outbound.send(ServerMessage.newBuilder().setRequestId(1).build());

    session.outbound.close("replaced by a newer connection");

    List<ServerMessage> replies = replies(channel);
    assertEquals(2, replies.size(), "what was queued goes out first, then the reason");
    assertEquals("replaced by a newer connection", replies.get(1).getError().getMessage());
    assertFalse(channel.isOpen());
    assertTrue(session.awaitClosed(Duration.ZERO));
    assertEquals(1, metrics.closed(CloseReason.SERVER));
  }

  @Test
  void idleReader_isClosedWithReasonIdle() throws Exception {
    EmbeddedChannel channel = channel();
    TestEndpoint.Session session = endpoint.nextSession();

    channel.pipeline().fireUserEventTriggered(IdleStateEvent.READER_IDLE_STATE_EVENT);

    Error error = onlyError(replies(channel));
    assertTrue(error.getMessage().startsWith("idle"), error.getMessage());
    assertFalse(channel.isOpen());
    assertTrue(session.awaitClosed(Duration.ZERO));
    assertEquals(1, metrics.closed(CloseReason.IDLE));
  }

  @Test
  void flood_isRefusedOverTheBurst_thenClosedWhenItPersists() throws Exception {
    EmbeddedChannel channel = channel(NetConfig.defaults().withRateLimit(5, 5));
    TestEndpoint.Session session = endpoint.nextSession();
    ByteArrayOutputStream flood = new ByteArrayOutputStream();
    for (int i = 1; i <= 30; i++) {
      flood.writeBytes(TcpClient.frame(TcpClient.ping(i, i)));
    }

    channel.writeInbound(buffer(flood.toByteArray())); // the clock stands still: no refill

    List<ServerMessage> replies = replies(channel);
    assertEquals(5, session.received.size(), "only the burst reaches the core");
    assertEquals(5, replies.stream().filter(ServerMessage::hasPong).count());
    List<ServerMessage> refusals = replies.subList(5, replies.size());
    assertEquals(6, refusals.size(), "five refusals answered, the sixth closes");
    assertTrue(refusals.stream().allMatch(r -> r.getError().getCode() == ErrorCode.ERROR_CODE_RATE_LIMITED));
    assertEquals(6, refusals.get(0).getRequestId(), "a refusal answers its request");
    assertFalse(channel.isOpen());
    assertEquals(1, metrics.closed(CloseReason.RATE_LIMITED));
  }

  @Test
  void shortSpike_costsRefusalsOnly_andTheRateRefills() throws Exception {
    EmbeddedChannel channel = channel(NetConfig.defaults().withRateLimit(5, 5));
    for (int i = 1; i <= 7; i++) {
      channel.writeInbound(buffer(TcpClient.frame(TcpClient.ping(i, i))));
    }
    assertEquals(2, replies(channel).stream().filter(ServerMessage::hasError).count());

    ticker.advance(Duration.ofSeconds(2));
    channel.writeInbound(buffer(TcpClient.frame(TcpClient.ping(8, 8))));

    assertTrue(replies(channel).get(0).hasPong());
    assertTrue(channel.isOpen());
  }
}
