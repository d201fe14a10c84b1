package org.concert.server.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.concert.protocol.v1.Chat;
import org.concert.protocol.v1.ErrorCode;
import org.concert.protocol.v1.ServerMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Both transports on real loopback sockets, ephemeral ports, 127.0.0.1 only. */
@Timeout(30)
class NetServerTest {

  private static final NetConfig LOOPBACK =
      NetConfig.defaults().withBindHost("127.0.0.1").withPorts(0, 0).withIoThreads(2);

  private final TestEndpoint endpoint = new TestEndpoint();
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private NetServer server;

  private NetServer start(NetConfig config) throws InterruptedException {
    server = NetServer.start(config, endpoint);
    return server;
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.httpPort() + path))
        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
  }

  /** One raw HTTP/1.1 request, so that the path goes out exactly as written. */
  private String rawGet(String path) throws IOException {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", server.httpPort()), 5_000);
      socket.setSoTimeout(5_000);
      OutputStream out = socket.getOutputStream();
      out.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
          .getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      InputStream in = socket.getInputStream();
      return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
    }
  }

  // ------------------------------------------------------------------ pings

  @Test
  void tcp_ping_isAnsweredWithPong() throws Exception {
    start(LOOPBACK);
    try (TcpClient client = TcpClient.connect(server.tcpPort())) {
      client.send(TcpClient.ping(7, 1));

      ServerMessage reply = client.read();
      assertEquals(7, reply.getRequestId());
      assertEquals(1, reply.getPong().getNonce());
    }
  }

  @Test
  void websocket_json_ping_isAnsweredWithPongText() throws Exception {
    start(LOOPBACK);
    try (WsClient client = WsClient.connect(server.httpPort(), Envelopes.JSON_SUBPROTOCOL)) {
      assertEquals(Envelopes.JSON_SUBPROTOCOL, client.subprotocol());
      client.sendText("{\"requestId\":\"7\",\"ping\":{\"nonce\":\"1\"}}");

      assertEquals("{\"requestId\":\"7\",\"pong\":{\"nonce\":\"1\"}}", client.nextText());
    }
  }

  @Test
  void websocket_proto_ping_isAnsweredWithPongBinary() throws Exception {
    start(LOOPBACK);
    try (WsClient client = WsClient.connect(server.httpPort(), Envelopes.PROTO_SUBPROTOCOL)) {
      assertEquals(Envelopes.PROTO_SUBPROTOCOL, client.subprotocol());
      client.sendBinary(TcpClient.ping(9, 4).toByteArray());

      ServerMessage reply = client.nextBinary();
      assertEquals(9, reply.getRequestId());
      assertEquals(4, reply.getPong().getNonce());
    }
  }

  @Test
  void websocket_messageOverTheBound_isAnsweredTooLarge_andClosedWith1009() throws Exception {
    start(LOOPBACK);
    try (WsClient client = WsClient.connect(server.httpPort(), Envelopes.JSON_SUBPROTOCOL)) {
      client.sendText("{\"requestId\":\"1\",\"chat\":{\"text\":\"" + "z".repeat(70_000) + "\"}}");

      assertTrue(client.nextText().contains("ERROR_CODE_TOO_LARGE"));
      assertEquals(1009, client.awaitClosed().status());
    }
  }

  @Test
  void websocket_closeByTheCore_carriesTheReason() throws Exception {
    start(LOOPBACK);
    try (WsClient client = WsClient.connect(server.httpPort(), Envelopes.PROTO_SUBPROTOCOL)) {
      TestEndpoint.Session session = endpoint.nextSession();

      session.outbound.close("replaced by a newer connection");

      assertEquals("replaced by a newer connection", client.nextBinary().getError().getMessage());
      WsClient.Closed closed = client.awaitClosed();
      assertEquals(1008, closed.status());
      assertEquals("replaced by a newer connection", closed.reason());
      assertTrue(session.awaitClosed(Duration.ofSeconds(5)));
    }
  }

  // ------------------------------------------------------------------ origins and subprotocols

  @Test
  void websocket_droppedHalfwayThroughAMessage_isAPeerClose_notAnError() throws Exception {
    start(LOOPBACK);
    try (WsClient client = WsClient.connect(server.httpPort(), Envelopes.JSON_SUBPROTOCOL)) {
      endpoint.nextSession();
      client.sendFirstFragment("{\"requestId\":\"1\",");
    } // the socket is dropped with the message half sent

    awaitTrue(() -> server.metrics().closed(CloseReason.PEER) == 1);
    assertEquals(0, server.metrics().closed(CloseReason.ERROR));
  }

  @Test
  void websocket_fromAForeignOrigin_isRefusedWith403() throws Exception {
    start(LOOPBACK);
    ExecutionException refused = assertThrows(ExecutionException.class,
        () -> WsClient.connect(server.httpPort(), Envelopes.JSON_SUBPROTOCOL, "http://evil.example"));

    WebSocketHandshakeException handshake = assertInstanceOf(WebSocketHandshakeException.class, refused.getCause());
    assertEquals(403, handshake.getResponse().statusCode());
    assertEquals(1, server.metrics().upgradesRefused());
    assertTrue(endpoint.sessions.isEmpty(), "the core never hears of it");
  }

  @Test
  void websocket_fromTheServersOwnOrigin_isAccepted() throws Exception {
    start(LOOPBACK);
    String own = "http://127.0.0.1:" + server.httpPort();
    try (WsClient client = WsClient.connect(server.httpPort(), Envelopes.JSON_SUBPROTOCOL, own)) {
      client.sendText("{\"requestId\":\"2\",\"ping\":{}}");
      assertEquals("{\"requestId\":\"2\",\"pong\":{}}", client.nextText());
    }
  }

  @Test
  void websocket_fromAConfiguredOrigin_isAccepted_andOthersAreNot() throws Exception {
    start(LOOPBACK.withAllowedOrigins(List.of("https://concert.example")));
    try (WsClient client = WsClient.connect(server.httpPort(), Envelopes.JSON_SUBPROTOCOL, "https://concert.example")) {
      client.sendText("{\"requestId\":\"3\",\"ping\":{}}");
      assertTrue(client.nextText().contains("pong"));
    }
    String own = "http://127.0.0.1:" + server.httpPort();
    assertThrows(ExecutionException.class, () -> WsClient.connect(server.httpPort(), Envelopes.JSON_SUBPROTOCOL, own));
  }

  @Test
  void websocket_withoutASupportedSubprotocol_isRefused() throws Exception {
    start(LOOPBACK);
    ExecutionException refused = assertThrows(ExecutionException.class,
        () -> WsClient.connect(server.httpPort(), "chat.v9"));

    WebSocketHandshakeException handshake = assertInstanceOf(WebSocketHandshakeException.class, refused.getCause());
    assertEquals(400, handshake.getResponse().statusCode());
  }

  // ------------------------------------------------------------------ health and metrics

  @Test
  void health_reportsStatusConnectionsAndUptime() throws Exception {
    start(LOOPBACK);
    try (TcpClient client = TcpClient.connect(server.tcpPort())) {
      client.send(TcpClient.ping(1, 1));
      client.read();

      HttpResponse<String> health = get("/health");

      assertEquals(200, health.statusCode());
      assertTrue(health.body().matches("\\{\"status\":\"ok\",\"connections\":1,\"uptimeSeconds\":\\d+}\\s*"),
          health.body());
      assertEquals("application/json", health.headers().firstValue("content-type").orElseThrow());
    }
  }

  @Test
  void health_whileTheCoreIsNotReady_is503() throws Exception {
    AtomicBoolean ready = new AtomicBoolean(false);
    server = NetServer.start(LOOPBACK, endpoint, new NetMetrics(), ready::get);

    assertEquals(503, get("/health").statusCode());
    ready.set(true);
    assertEquals(200, get("/health").statusCode());
  }

  @Test
  void metrics_countConnectionsFramesAndCloses() throws Exception {
    start(LOOPBACK);
    try (TcpClient client = TcpClient.connect(server.tcpPort())) {
      client.send(TcpClient.ping(1, 1));
      client.read();
      client.sendRaw(new byte[] {0, 0, 0, 3, (byte) 0xff, (byte) 0xff, (byte) 0xff});
      client.readUntilClosed(Duration.ofSeconds(5));
    }
    awaitTrue(() -> server.metrics().closed(CloseReason.MALFORMED) == 1);

    String metrics = get("/metrics").body();

    assertTrue(metrics.contains("concert_connections_total{transport=\"tcp\"} 1\n"), metrics);
    assertTrue(metrics.contains("concert_connections_open{transport=\"tcp\"} 0\n"), metrics);
    assertTrue(metrics.contains("concert_frames_in_total 2\n"), metrics);
    assertTrue(metrics.contains("concert_frames_out_total 2\n"), metrics);
    assertTrue(metrics.contains("concert_connections_closed_total{reason=\"malformed\"} 1\n"), metrics);
  }

  // ------------------------------------------------------------------ abuse

  @Test
  void slowReader_isCutOff_whileAnotherClientKeepsGettingAnswers() throws Exception {
    start(LOOPBACK.withOutboundLimits(8 * 1024, 16 * 1024, 256 * 1024));
    ServerMessage big = ServerMessage.newBuilder()
        .setChat(Chat.newBuilder().setText("w".repeat(32 * 1024))).build();
    try (TcpClient slow = TcpClient.connectWithReceiveBuffer(server.tcpPort(), 4096)) {
      TestEndpoint.Session slowSession = endpoint.nextSession();
      try (TcpClient fast = TcpClient.connect(server.tcpPort())) {
        TestEndpoint.Session fastSession = endpoint.nextSession();

        // The core pushes the same stream to both, at a pace a reader can follow; only one reads.
        int pushes = 0;
        while (slowSession.closed.getCount() > 0) {
          assertTrue(pushes < 20_000, "the slow reader was never cut off");
          slowSession.outbound.send(big);
          fastSession.outbound.send(big);
          pushes++;
          assertTrue(fast.read().hasChat(), "the reading client gets every push");
          if (pushes % 16 == 0) {
            fast.send(TcpClient.ping(pushes, pushes));
            assertEquals(pushes, fast.read().getPong().getNonce(), "and is answered meanwhile");
          }
        }

        assertEquals(1, server.metrics().closed(CloseReason.TOO_SLOW));
        assertTrue(slow.isClosedByServer(Duration.ofSeconds(5)));
        fast.send(TcpClient.ping(1_000_000, 1));
        assertEquals(1, fast.read().getPong().getNonce());
        assertEquals(1, fastSession.closed.getCount(), "the reading client is still connected");
      }
    }
  }

  @Test
  void flood_isRateLimited_thenClosed() throws Exception {
    start(LOOPBACK.withRateLimit(10, 10));
    try (TcpClient client = TcpClient.connect(server.tcpPort())) {
      ByteArrayOutputStream flood = new ByteArrayOutputStream();
      for (int i = 1; i <= 100; i++) {
        flood.writeBytes(TcpClient.frame(TcpClient.ping(i, i)));
      }
      client.sendRaw(flood.toByteArray());

      List<ServerMessage> replies = client.readUntilClosed(Duration.ofSeconds(5));

      long pongs = replies.stream().filter(ServerMessage::hasPong).count();
      long limited = replies.stream()
          .filter(r -> r.getError().getCode() == ErrorCode.ERROR_CODE_RATE_LIMITED).count();
      assertTrue(pongs >= 10 && pongs <= 12, "about the burst is answered, was " + pongs);
      assertTrue(limited >= 2, "refusals were answered, was " + limited);
      assertTrue(replies.get(replies.size() - 1).getError().getMessage().contains("closing"));
      awaitTrue(() -> server.metrics().closed(CloseReason.RATE_LIMITED) == 1);
    }
  }

  @Test
  @SuppressWarnings("try") // the first client is closed early on purpose
  void tooManyConnectionsFromOneAddress_areRefusedAtOnce() throws Exception {
    start(LOOPBACK.withMaxConnectionsPerAddress(2));
    try (TcpClient first = TcpClient.connect(server.tcpPort())) {
      TestEndpoint.Session firstSession = endpoint.nextSession();
      try (TcpClient second = TcpClient.connect(server.tcpPort())) {
        endpoint.nextSession();
        second.send(TcpClient.ping(1, 2));
        assertTrue(second.read().hasPong());

        try (TcpClient third = TcpClient.connect(server.tcpPort())) {
          List<ServerMessage> replies = third.readUntilClosed(Duration.ofSeconds(5));
          assertEquals(1, replies.size());
          assertEquals(ErrorCode.ERROR_CODE_RATE_LIMITED, replies.get(0).getError().getCode());
          assertTrue(replies.get(0).getError().getMessage().contains("too many connections"));
        }
        assertEquals(1, server.metrics().closed(CloseReason.TOO_MANY_CONNECTIONS));
        assertTrue(endpoint.sessions.isEmpty(), "a refused connection never reaches the core");

        first.close();
        assertTrue(firstSession.awaitClosed(Duration.ofSeconds(5)));
        try (TcpClient again = TcpClient.connect(server.tcpPort())) {
          again.send(TcpClient.ping(1, 3));
          assertTrue(again.read().hasPong(), "a freed place can be taken again");
        }
      }
    }
  }

  @Test
  void idleConnection_isClosedWithReasonIdle_whileAChattyOneStays() throws Exception {
    start(LOOPBACK.withIdleTimeout(Duration.ofMillis(300)));
    try (TcpClient idle = TcpClient.connect(server.tcpPort());
        TcpClient chatty = TcpClient.connect(server.tcpPort())) {
      long until = System.nanoTime() + Duration.ofMillis(700).toNanos();
      for (long n = 1; System.nanoTime() < until; n++) {
        chatty.send(TcpClient.ping(n, n));
        assertEquals(n, chatty.read().getPong().getNonce());
        Thread.sleep(100);
      }

      List<ServerMessage> replies = idle.readUntilClosed(Duration.ofSeconds(5));
      assertEquals(1, replies.size());
      assertTrue(replies.get(0).getError().getMessage().startsWith("idle"));
      chatty.send(TcpClient.ping(99, 99));
      assertEquals(99, chatty.read().getPong().getNonce());
      awaitTrue(() -> server.metrics().closed(CloseReason.IDLE) == 1);
    }
  }

  // ------------------------------------------------------------------ static files

  @Test
  void staticFiles_areServedWithAStrictPolicy(@TempDir Path dir) throws Exception {
    Path web = Files.createDirectories(dir.resolve("web"));
    Files.writeString(web.resolve("index.html"), "<!doctype html><title>Concert</title>");
    Files.writeString(web.resolve("app.js"), "console.log('concert');");
    start(LOOPBACK.withWebRoot(NetConfig.WebRoot.directory(web)));

    HttpResponse<String> index = get("/");
    assertEquals(200, index.statusCode());
    assertEquals("<!doctype html><title>Concert</title>", index.body());
    assertEquals("text/html; charset=utf-8", index.headers().firstValue("content-type").orElseThrow());
    assertEquals(HttpRouter.CONTENT_SECURITY_POLICY,
        index.headers().firstValue("content-security-policy").orElseThrow());
    assertTrue(index.headers().firstValue("content-security-policy").orElseThrow().contains("frame-ancestors 'none'"));
    assertEquals("nosniff", index.headers().firstValue("x-content-type-options").orElseThrow());

    HttpResponse<String> script = get("/app.js");
    assertEquals("text/javascript; charset=utf-8", script.headers().firstValue("content-type").orElseThrow());
    String etag = script.headers().firstValue("etag").orElseThrow();
    HttpResponse<String> again = http.send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + server.httpPort() + "/app.js")).header("If-None-Match", etag).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(304, again.statusCode());

    assertEquals(404, get("/missing.js").statusCode());
  }

  @ParameterizedTest
  @ValueSource(strings = {"/../secret.txt", "/%2e%2e/secret.txt", "/..%2fsecret.txt", "/a/../../secret.txt",
      "/..\\secret.txt", "/link.txt", "/.hidden"})
  void pathTraversal_isRefused(String path, @TempDir Path dir) throws Exception {
    Path web = Files.createDirectories(dir.resolve("web"));
    Files.writeString(dir.resolve("secret.txt"), "the tsar's secret orders");
    Files.writeString(web.resolve(".hidden"), "the tsar's secret orders");
    Files.writeString(web.resolve("index.html"), "hello");
    Files.createSymbolicLink(web.resolve("link.txt"), dir.resolve("secret.txt"));
    start(LOOPBACK.withWebRoot(NetConfig.WebRoot.directory(web)));

    String response = rawGet(path);

    assertTrue(response.startsWith("HTTP/1.1 403") || response.startsWith("HTTP/1.1 400"), response);
    assertFalse(response.contains("secret orders"), response);
  }

  @Test
  void http_keepAlive_servesSeveralRequestsOnOneConnection() throws Exception {
    start(LOOPBACK);
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", server.httpPort()), 5_000);
      socket.setSoTimeout(5_000);
      OutputStream out = socket.getOutputStream();
      InputStream in = socket.getInputStream();
      for (int i = 0; i < 3; i++) {
        out.write("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        String head = readHead(in);
        assertTrue(head.startsWith("HTTP/1.1 200"), head);
        int length = Integer.parseInt(head.replaceAll("(?is).*content-length: *(\\d+).*", "$1"));
        assertEquals(length, in.readNBytes(length).length);
      }
    }
  }

  private static String readHead(InputStream in) throws IOException {
    StringBuilder head = new StringBuilder();
    while (!head.toString().endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        throw new AssertionError("the server closed the connection after: " + head);
      }
      head.append((char) b);
    }
    return head.toString();
  }

  @Test
  void withoutWebFiles_everyOtherPathIs404() throws Exception {
    start(LOOPBACK);
    HttpResponse<String> response = get("/");
    assertEquals(404, response.statusCode());
    assertEquals(HttpRouter.CONTENT_SECURITY_POLICY,
        response.headers().firstValue("content-security-policy").orElseThrow());
  }

  // ------------------------------------------------------------------ start and shutdown

  @Test
  void start_onAPortInUse_fails() throws Exception {
    start(LOOPBACK);
    Exception failure = assertThrows(Exception.class,
        () -> NetServer.start(LOOPBACK.withPorts(0, server.tcpPort()), endpoint).close());
    assertInstanceOf(BindException.class, failure, failure.toString());
  }

  @Test
  void close_tellsEveryConnectionWhy_andTheCoreHearsOfIt() throws Exception {
    start(LOOPBACK);
    try (TcpClient tcp = TcpClient.connect(server.tcpPort());
        WsClient ws = WsClient.connect(server.httpPort(), Envelopes.JSON_SUBPROTOCOL)) {
      TestEndpoint.Session first = endpoint.nextSession();
      TestEndpoint.Session second = endpoint.nextSession();

      server.close();

      List<ServerMessage> replies = tcp.readUntilClosed(Duration.ofSeconds(5));
      assertEquals(CloseReason.SHUTDOWN.sentence(), replies.get(0).getError().getMessage());
      assertEquals(1001, ws.awaitClosed().status());
      assertTrue(first.awaitClosed(Duration.ofSeconds(5)));
      assertTrue(second.awaitClosed(Duration.ofSeconds(5)));
      assertThrows(IOException.class, () -> TcpClient.connect(server.tcpPort()).read());
    }
  }

  private static void awaitTrue(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not met within 5 s");
      }
      Thread.sleep(5);
    }
  }
}
