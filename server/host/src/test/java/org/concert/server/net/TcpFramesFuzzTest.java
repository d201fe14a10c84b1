package org.concert.server.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.google.protobuf.InvalidProtocolBufferException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.concert.protocol.v1.ClientMessage;
import org.concert.protocol.v1.ErrorCode;
import org.concert.protocol.v1.ServerMessage;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzzes the TCP pipeline whole (length framing, envelopes, the connection) on an {@link
 * EmbeddedChannel}, against a model of the framing written here from the protocol's rules: a
 * 4-byte big-endian length, at most {@value NetConfig#DEFAULT_MAX_FRAME_BYTES} bytes after it.
 *
 * <p>Input: the first byte chooses how the stream is cut into reads (0: one read; otherwise the
 * seed of the read sizes), the rest is the byte stream a client sends.
 */
class TcpFramesFuzzTest {

  /** Longer than any input takes, even on a loaded machine; past it, the input hangs. */
  private static final int HANG_SECONDS = 30;

  private static final int MAX = NetConfig.DEFAULT_MAX_FRAME_BYTES;

  /** What the model expects the server to write back, one frame at a time. */
  private record Reply(long requestId, ServerMessage.BodyCase body, ErrorCode code) {
    static Reply of(ServerMessage m) {
      return new Reply(m.getRequestId(), m.getBodyCase(), m.hasError() ? m.getError().getCode() : null);
    }
  }

  @Timeout(HANG_SECONDS) // a hang is a finding: Jazzer takes this as its per-input timeout
  @FuzzTest
  void frames_anyBytesInAnyReads_matchTheFramingModel(byte[] input) throws Exception {
    if (input.length == 0) {
      return;
    }
    byte[] stream = Arrays.copyOfRange(input, 1, input.length);
    TestEndpoint endpoint = new TestEndpoint();
    NetMetrics metrics = new NetMetrics();
    // The rate limit is off: the model is about framing; RateLimiterTest covers the limit.
    NetConfig config = NetConfig.defaults().withRateLimit(0, 1);
    EmbeddedChannel channel = new EmbeddedChannel(new TcpInitializer(config, endpoint, metrics,
        new AddressLimiter(config.maxConnectionsPerAddress()),
        new DefaultChannelGroup(GlobalEventExecutor.INSTANCE), new FakeTicker()));
    try {
      TestEndpoint.Session session = endpoint.nextSession();
      for (byte[] read : Reads.cut(input[0] & 0xff, stream, 40)) {
        if (!channel.isOpen()) {
          break;
        }
        channel.writeInbound(Unpooled.wrappedBuffer(read)); // rethrows anything no handler caught
      }
      channel.runPendingTasks();

      List<ClientMessage> delivered = new ArrayList<>();
      List<Reply> replies = new ArrayList<>();
      CloseReason closed = model(stream, delivered, replies);

      assertEquals(delivered, new ArrayList<>(session.received));
      assertEquals(replies, written(channel).stream().map(Reply::of).toList());
      assertEquals(0, metrics.closed(CloseReason.ERROR), "no transport error");
      if (closed == null) {
        assertTrue(channel.isOpen(), "a stream of whole or incomplete frames keeps the connection");
      } else {
        assertFalse(channel.isOpen(), () -> "closed for " + closed);
        assertEquals(1, metrics.closed(closed));
      }
    } finally {
      channel.finishAndReleaseAll();
    }
  }

  /**
   * The framing model: which envelopes reach the core, what is answered, and why the connection
   * closes (null if it stays open). Mirrors {@link TestEndpoint}: a ping is answered with a pong,
   * a {@code GetView} of match "boom" breaks the core, anything else is acknowledged.
   */
  private static CloseReason model(byte[] stream, List<ClientMessage> delivered, List<Reply> replies) {
    ByteBuffer in = ByteBuffer.wrap(stream);
    while (in.remaining() >= 4) {
      long length = Integer.toUnsignedLong(in.getInt());
      if (length > MAX) {
        replies.add(new Reply(0, ServerMessage.BodyCase.ERROR, ErrorCode.ERROR_CODE_TOO_LARGE));
        return CloseReason.TOO_LARGE;
      }
      if (in.remaining() < length) {
        return null; // the rest of the frame has not arrived: the connection waits
      }
      byte[] body = new byte[(int) length];
      in.get(body);
      ClientMessage message;
      try {
        message = ClientMessage.parseFrom(body);
      } catch (InvalidProtocolBufferException e) {
        replies.add(new Reply(0, ServerMessage.BodyCase.ERROR, ErrorCode.ERROR_CODE_MALFORMED));
        return CloseReason.MALFORMED;
      }
      long id = message.getRequestId();
      if (message.getBodyCase() == ClientMessage.BodyCase.BODY_NOT_SET) {
        replies.add(new Reply(id, ServerMessage.BodyCase.ERROR, ErrorCode.ERROR_CODE_MALFORMED));
        continue;
      }
      delivered.add(message);
      if (message.hasGetView() && message.getGetView().getMatchId().equals("boom")) {
        replies.add(new Reply(id, ServerMessage.BodyCase.ERROR, ErrorCode.ERROR_CODE_INTERNAL));
      } else if (message.hasPing()) {
        replies.add(new Reply(id, ServerMessage.BodyCase.PONG, null));
      } else {
        replies.add(new Reply(id, ServerMessage.BodyCase.ACK, null));
      }
    }
    return null;
  }

  /** Everything written back, split at its length prefixes; each frame must be whole. */
  private static List<ServerMessage> written(EmbeddedChannel channel) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    for (Object out; (out = channel.readOutbound()) != null; ) {
      ByteBuf buf = (ByteBuf) out;
      try {
        byte[] chunk = new byte[buf.readableBytes()];
        buf.readBytes(chunk);
        bytes.writeBytes(chunk);
      } finally {
        buf.release();
      }
    }
    ByteBuffer in = ByteBuffer.wrap(bytes.toByteArray());
    List<ServerMessage> messages = new ArrayList<>();
    while (in.hasRemaining()) {
      int length = in.getInt();
      assertTrue(length >= 0 && length <= MAX && length <= in.remaining(), "a whole reply frame");
      byte[] body = new byte[length];
      in.get(body);
      messages.add(ServerMessage.parseFrom(body));
    }
    return messages;
  }
}
