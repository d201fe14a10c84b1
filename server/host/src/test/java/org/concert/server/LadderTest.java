package org.concert.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.concert.bots.MatchOutcome;
import org.concert.bots.reference.Balancer;
import org.concert.bots.reference.Hawk;
import org.concert.bots.remote.RemoteBot;
import org.concert.protocol.v1.ClientMessage;
import org.concert.protocol.v1.Empty;
import org.concert.protocol.v1.EnterLadder;
import org.concert.protocol.v1.ErrorCode;
import org.concert.protocol.v1.Hello;
import org.concert.protocol.v1.HostAction;
import org.concert.protocol.v1.ServerMessage;
import org.concert.server.net.NetConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server's ladder, as bot authors use it: two programs with their own bot tokens enter
 * under their names, are seated together with a reference bot game after game, and the public
 * table rates all three; the table survives a restart; a name stays with the token that first
 * used it, and only bot programs may enter.
 */
class LadderTest {
  private static final String HOST_TOKEN = "ladder-test-host-token-00001";
  private static final Duration WAIT = Duration.ofSeconds(10);

  @TempDir Path data;
  private final ExecutorService bots = Executors.newCachedThreadPool();

  @AfterEach
  void stop() {
    bots.shutdownNow();
  }

  private ConcertServer start(String ladder) throws InterruptedException {
    return ConcertServer.start(new ConcertServer.Options(NetConfig.defaults()
        .withBindHost("127.0.0.1").withPorts(0, 0), data, null, HOST_TOKEN, null, ladder));
  }

  private static ServerMessage ask(RemoteBot c, ClientMessage.Builder m) throws Exception {
    List<ServerMessage> pushed = new ArrayList<>();
    long id = c.send(m);
    long end = System.nanoTime() + WAIT.toNanos();
    while (System.nanoTime() < end) { // a refusal is an answer here, not an exception
      ServerMessage r = c.next(Duration.ofMillis(100));
      if (r != null && r.getRequestId() == id) {
        return r;
      }
    }
    throw new AssertionError("no answer to " + m);
  }

  private static String botToken(ConcertServer server) throws Exception {
    try (RemoteBot host = RemoteBot.connect("127.0.0.1", server.tcpPort(), WAIT)) {
      ask(host, ClientMessage.newBuilder().setHello(Hello.newBuilder().setProtocolVersion(1)
          .setHostToken(HOST_TOKEN)));
      return ask(host, ClientMessage.newBuilder().setHostAction(HostAction.newBuilder()
          .setNewBotToken(Empty.getDefaultInstance()))).getHostActionDone().getToken();
    }
  }

  private static String table(ConcertServer server) throws Exception {
    HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
        "http://127.0.0.1:" + server.httpPort() + "/download/ladder.json")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode(), r.body());
    return r.body();
  }

  /** A bot's row in the table: games, wins. */
  private static int[] row(String table, String name) {
    Matcher m = Pattern.compile("\\{\"name\":\"" + Pattern.quote(name)
        + "\",\"reference\":(true|false),\"games\":(\\d+),\"wins\":(\\d+)").matcher(table);
    assertTrue(m.find(), name + " in " + table);
    return new int[] {Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3))};
  }

  @Test
  void twoPrograms_playGameAfterGame_andTheTableRatesThem_acrossARestart() throws Exception {
    String before;
    try (ConcertServer server = start("tutorial")) {
      String alphaToken = botToken(server);
      String betaToken = botToken(server);
      List<MatchOutcome> alpha = new CopyOnWriteArrayList<>();
      List<MatchOutcome> beta = new CopyOnWriteArrayList<>();
      List<Future<?>> playing = new ArrayList<>();
      playing.add(bots.submit(() -> {
        try (RemoteBot c = RemoteBot.connect("127.0.0.1", server.tcpPort(), WAIT)) {
          c.ladder(alphaToken, "Alpha", new Balancer(), Duration.ofMillis(300), 2, alpha::add);
        }
        return null;
      }));
      playing.add(bots.submit(() -> {
        try (RemoteBot c = RemoteBot.connect("127.0.0.1", server.tcpPort(), WAIT)) {
          c.ladder(betaToken, "Beta", new Hawk(), Duration.ofMillis(300), 2, beta::add);
        }
        return null;
      }));
      for (Future<?> f : playing) {
        f.get(120, TimeUnit.SECONDS);
      }
      assertEquals(2, alpha.size());
      assertEquals(2, beta.size());

      // The name is Alpha's token's; people may not enter; a name must be one.
      try (RemoteBot other = RemoteBot.connect("127.0.0.1", server.tcpPort(), WAIT)) {
        ask(other, ClientMessage.newBuilder().setHello(Hello.newBuilder().setProtocolVersion(1)
            .setBotToken(betaToken)));
        ServerMessage taken = ask(other, ClientMessage.newBuilder().setEnterLadder(
            EnterLadder.newBuilder().setName("Alpha")));
        assertEquals(ErrorCode.ERROR_CODE_FORBIDDEN, taken.getError().getCode());
        assertEquals("enter_ladder.name", taken.getError().getField());
        ServerMessage bad = ask(other, ClientMessage.newBuilder().setEnterLadder(
            EnterLadder.newBuilder().setName("<script>")));
        assertEquals(ErrorCode.ERROR_CODE_INVALID, bad.getError().getCode());
      }
      try (RemoteBot person = RemoteBot.connect("127.0.0.1", server.tcpPort(), WAIT)) {
        ask(person, ClientMessage.newBuilder().setHello(Hello.newBuilder().setProtocolVersion(1)));
        assertEquals(ErrorCode.ERROR_CODE_FORBIDDEN, ask(person, ClientMessage.newBuilder()
            .setEnterLadder(EnterLadder.newBuilder().setName("Gamma"))).getError().getCode());
      }

      before = table(server);
      int[] a = row(before, "Alpha");
      int[] b = row(before, "Beta");
      assertEquals(2, a[0], before);
      assertEquals(2, b[0], before);
      assertTrue(before.contains("\"name\":\"ref:"), "a reference bot took the third seat: "
          + before);
      Matcher games = Pattern.compile("\"games\":(\\d+),\"waiting\":0,").matcher(before);
      assertTrue(games.find(), before);
      int rated = Integer.parseInt(games.group(1));
      assertTrue(rated >= 2 && rated <= 4, "two games each, together or apart: " + before);
    }
    try (ConcertServer again = start("tutorial")) {
      assertEquals(before, table(again), "the table survives a restart");
    }
  }

  @Test
  void aServerWithoutALadder_saysSo() throws Exception {
    try (ConcertServer server = start(null);
        RemoteBot bot = RemoteBot.connect("127.0.0.1", server.tcpPort(), WAIT)) {
      ask(bot, ClientMessage.newBuilder().setHello(Hello.newBuilder().setProtocolVersion(1)
          .setBotToken(botToken(server))));
      ServerMessage none = ask(bot, ClientMessage.newBuilder().setEnterLadder(
          EnterLadder.newBuilder().setName("Alpha")));
      assertEquals(ErrorCode.ERROR_CODE_NOT_FOUND, none.getError().getCode());
      assertEquals(404, HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
          "http://127.0.0.1:" + server.httpPort() + "/download/ladder.json")).build(),
          HttpResponse.BodyHandlers.ofString()).statusCode());
    }
  }
}
