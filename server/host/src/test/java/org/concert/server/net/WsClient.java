package org.concert.server.net;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.concert.protocol.v1.ServerMessage;

/**
 * A WebSocket client on the JDK's {@link HttpClient}: whole messages land in a queue, text as
 * {@link String} and binary as {@code byte[]}; the server's close frame completes {@link #closed}.
 */
final class WsClient implements AutoCloseable {

  /** The server's close frame. */
  record Closed(int status, String reason) {}

  final BlockingQueue<Object> messages = new LinkedBlockingQueue<>();
  final CompletableFuture<Closed> closed = new CompletableFuture<>();
  private final WebSocket socket;

  private WsClient(WebSocket.Builder builder, URI uri) throws Exception {
    this.socket = builder.buildAsync(uri, new Listener()).get(5, TimeUnit.SECONDS);
  }

  static WsClient connect(int port, String subprotocol) throws Exception {
    return connect(port, subprotocol, null);
  }

  static WsClient connect(int port, String subprotocol, String origin) throws Exception {
    WebSocket.Builder builder = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()
        .newWebSocketBuilder().subprotocols(subprotocol).connectTimeout(Duration.ofSeconds(5));
    if (origin != null) {
      builder.header("Origin", origin);
    }
    return new WsClient(builder, URI.create("ws://127.0.0.1:" + port + "/ws"));
  }

  String subprotocol() {
    return socket.getSubprotocol();
  }

  void sendText(String text) throws Exception {
    socket.sendText(text, true).get(5, TimeUnit.SECONDS);
  }

  /** The first part of a text message, its end left unsent. */
  void sendFirstFragment(String text) throws Exception {
    socket.sendText(text, false).get(5, TimeUnit.SECONDS);
  }

  void sendBinary(byte[] bytes) throws Exception {
    socket.sendBinary(ByteBuffer.wrap(bytes), true).get(5, TimeUnit.SECONDS);
  }

  Object next() throws InterruptedException {
    Object message = messages.poll(5, TimeUnit.SECONDS);
    if (message == null) {
      throw new AssertionError("no WebSocket message within 5 s");
    }
    return message;
  }

  String nextText() throws InterruptedException {
    Object message = next();
    if (!(message instanceof String text)) {
      throw new AssertionError("expected a text message, got " + message.getClass().getSimpleName());
    }
    return text;
  }

  ServerMessage nextBinary() throws Exception {
    Object message = next();
    if (!(message instanceof byte[] bytes)) {
      throw new AssertionError("expected a binary message, got " + message.getClass().getSimpleName());
    }
    return ServerMessage.parseFrom(bytes);
  }

  Closed awaitClosed() throws InterruptedException, ExecutionException, TimeoutException {
    return closed.get(5, TimeUnit.SECONDS);
  }

  @Override
  public void close() {
    socket.abort();
  }

  private final class Listener implements WebSocket.Listener {
    private final StringBuilder text = new StringBuilder();
    private final ByteArrayOutputStream binary = new ByteArrayOutputStream();

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      text.append(data);
      if (last) {
        messages.add(text.toString());
        text.setLength(0);
      }
      webSocket.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
      byte[] chunk = new byte[data.remaining()];
      data.get(chunk);
      binary.writeBytes(chunk);
      if (last) {
        messages.add(binary.toByteArray());
        binary.reset();
      }
      webSocket.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
      closed.complete(new Closed(statusCode, reason));
      return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
      closed.completeExceptionally(error);
    }
  }
}
