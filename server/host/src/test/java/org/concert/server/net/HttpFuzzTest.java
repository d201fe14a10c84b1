package org.concert.server.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzzes the HTTP front door whole — the HTTP codec, the router (files, {@code /health}, {@code
 * /metrics}, {@code /download/}), the {@code Origin} and subprotocol gate, Netty's WebSocket
 * handshake and, once upgraded, the WebSocket frames, envelopes and connection — on an {@link
 * EmbeddedChannel} built by {@link HttpInitializer}, with the web client's real files.
 *
 * <p>Input: the first byte chooses a start for the stream (see {@link #STARTS}: nothing, a
 * request line begun, an upgrade from this server's own page or from a foreign one with its
 * headers left open, a download path begun, a whole upgrade after which the rest is WebSocket
 * frames); the second byte how the stream is cut into reads (0: one read, else the seed of the
 * read sizes); the rest follows the start.
 *
 * <p>Whatever the bytes: nothing escapes the pipeline; no connection is closed for a transport
 * error; whatever is written begins as an HTTP response; the core meets a WebSocket connection
 * only after a {@code 101} was written, and never from the foreign page whatever follows its
 * request; the whole upgrade always reaches the core, once.
 */
class HttpFuzzTest {

  /** Longer than any input takes, even on a loaded machine; past it, the input hangs. */
  private static final int HANG_SECONDS = 30;

  private static final String UPGRADE_HEADERS = "GET /ws HTTP/1.1\r\n"
      + "Host: 127.0.0.1:8080\r\n"
      + "Upgrade: websocket\r\n"
      + "Connection: Upgrade\r\n"
      + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
      + "Sec-WebSocket-Version: 13\r\n"
      + "Sec-WebSocket-Protocol: concert.v1.json\r\n";

  /** What a stream may start with, chosen by the input's first byte. */
  private static final String[] STARTS = {
      "",
      "GET /",
      UPGRADE_HEADERS + "Origin: http://127.0.0.1:8080\r\n",
      UPGRADE_HEADERS + "Origin: https://evil.example\r\n",
      "GET /download/",
      UPGRADE_HEADERS + "Origin: http://127.0.0.1:8080\r\n\r\n",
  };
  private static final int FOREIGN = 3;
  private static final int UPGRADED = 5;

  private static final byte[] SWITCHING = "HTTP/1.1 101 Switching Protocols\r\n"
      .getBytes(StandardCharsets.US_ASCII);

  @Timeout(HANG_SECONDS) // a hang is a finding: Jazzer takes this as its per-input timeout
  @FuzzTest
  void http_anyBytes_areAnsweredOrUpgradedAndNeverLetAForeignPageIn(byte[] input) throws Exception {
    if (input.length < 2) {
      return;
    }
    int start = (input[0] & 0xff) % STARTS.length;
    byte[] stream = concat(STARTS[start].getBytes(StandardCharsets.US_ASCII),
        Arrays.copyOfRange(input, 2, input.length));
    TestEndpoint endpoint = new TestEndpoint();
    NetMetrics metrics = new NetMetrics();
    NetConfig config = NetConfig.defaults().withRateLimit(0, 1);
    EmbeddedChannel channel = new EmbeddedChannel(new HttpInitializer(config, endpoint, metrics,
        new AddressLimiter(config.maxConnectionsPerAddress()),
        StaticFiles.of(NetConfig.WebRoot.classpath("web")),
        new HttpRouter.Health(() -> true, () -> 1),
        new DefaultChannelGroup(GlobalEventExecutor.INSTANCE), new FakeTicker(),
        HttpFuzzTest::download));
    try {
      for (byte[] read : Reads.cut(input[1] & 0xff, stream, 64)) {
        if (!channel.isOpen()) {
          break;
        }
        channel.writeInbound(Unpooled.wrappedBuffer(read)); // rethrows anything no handler caught
        channel.runPendingTasks();
      }
      channel.runPendingTasks();
      channel.checkException();
      byte[] out = written(channel);

      assertEquals(0, metrics.closed(CloseReason.ERROR), "no transport error");
      if (out.length > 0) {
        assertTrue(startsWith(out, "HTTP/1.1 ".getBytes(StandardCharsets.US_ASCII)),
            () -> "the first bytes written are an HTTP response: "
                + new String(out, 0, Math.min(out.length, 80), StandardCharsets.ISO_8859_1));
      }
      int sessions = endpoint.sessions.size();
      boolean switched = indexOf(out, SWITCHING) >= 0;
      assertTrue(sessions <= 1, "one connection, one conversation at most");
      assertTrue(sessions == 0 || switched, "the core meets a WebSocket only after a 101");
      if (start == FOREIGN) {
        assertFalse(switched, "a page from another origin is never let in");
        assertEquals(0, sessions);
      }
      if (start == UPGRADED) {
        assertTrue(switched, "a whole upgrade from the server's own page is accepted");
        assertEquals(1, sessions);
      }
    } finally {
      channel.finishAndReleaseAll();
    }
  }

  /** A stand-in for the core's downloads: one file, and refusals by path. */
  private static CompletableFuture<Downloads.Answer> download(String path, String token) {
    Downloads.Answer answer = switch (path) {
      case "scenarios.json" -> new Downloads.Answer(200, "application/json", "",
          "[]\n".getBytes(StandardCharsets.UTF_8));
      case "export.zip" -> token.isEmpty()
          ? Downloads.Answer.text(403, "A host token is needed.")
          : new Downloads.Answer(200, "application/zip", "export.zip", new byte[] {'P', 'K'});
      default -> Downloads.Answer.text(404, "No such file.");
    };
    return CompletableFuture.completedFuture(answer);
  }

  /** Every byte written to the client, in order. */
  private static byte[] written(EmbeddedChannel channel) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    Object next;
    while ((next = channel.readOutbound()) != null) {
      try {
        if (next instanceof ByteBuf buf) {
          byte[] chunk = new byte[buf.readableBytes()];
          buf.getBytes(buf.readerIndex(), chunk);
          bytes.writeBytes(chunk);
        } else {
          throw new AssertionError("only bytes reach the socket, not " + next.getClass());
        }
      } finally {
        ReferenceCountUtil.release(next);
      }
    }
    return bytes.toByteArray();
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] all = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, all, a.length, b.length);
    return all;
  }

  private static boolean startsWith(byte[] bytes, byte[] prefix) {
    return bytes.length >= prefix.length
        && Arrays.equals(bytes, 0, prefix.length, prefix, 0, prefix.length);
  }

  private static int indexOf(byte[] bytes, byte[] part) {
    outer:
    for (int i = 0; i + part.length <= bytes.length; i++) {
      for (int j = 0; j < part.length; j++) {
        if (bytes[i + j] != part[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
