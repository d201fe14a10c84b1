package org.concert.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.concert.bots.MatchOutcome;
import org.concert.bots.reference.Balancer;
import org.concert.bots.reference.Defensive;
import org.concert.bots.reference.Hawk;
import org.concert.bots.remote.RemoteBot;
import org.concert.protocol.v1.ClientMessage;
import org.concert.protocol.v1.CreateMatch;
import org.concert.protocol.v1.EndReason;
import org.concert.protocol.v1.Hello;
import org.concert.protocol.v1.HostAction;
import org.concert.protocol.v1.MatchConfig;
import org.concert.protocol.v1.RulesConfig;
import org.concert.protocol.v1.ServerMessage;
import org.concert.server.net.NetConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A whole match of remote bots over loopback, against the real server and its real store. */
class RemoteMatchTest {
  @TempDir Path data;

  static ConcertServer start(Path data, String hostToken) throws InterruptedException {
    return ConcertServer.start(new ConcertServer.Options(
        NetConfig.defaults().withBindHost("127.0.0.1").withPorts(0, 0), data, null, hostToken));
  }

  @Test
  void remoteBots_playAWholeMatch_andAFinishedMatchIsNotRecovered() throws Exception {
    String hostToken = Tokens.newToken();
    String code;
    String botToken;
    String matchId;
    try (ConcertServer server = start(data, hostToken);
        RemoteBot host = RemoteBot.connect("127.0.0.1", server.tcpPort(), Duration.ofSeconds(5))) {
      List<ServerMessage> pushed = new ArrayList<>();
      Duration wait = Duration.ofSeconds(10);
      host.reply(host.send(ClientMessage.newBuilder().setHello(Hello.newBuilder()
          .setProtocolVersion(1).setHostToken(hostToken))), wait, pushed);
      ServerMessage created = host.reply(host.send(ClientMessage.newBuilder().setCreateMatch(
          CreateMatch.newBuilder().setConfig(MatchConfig.newBuilder().setScenarioId("tutorial")
              .setSeed(5).setAutoStart(true).setRules(RulesConfig.newBuilder().setTurns(3))))),
          wait, pushed);
      code = created.getMatchCreated().getMatches(0).getCode();
      matchId = created.getMatchCreated().getMatches(0).getMatchId();
      botToken = host.reply(host.send(ClientMessage.newBuilder().setHostAction(HostAction
          .newBuilder().setNewBotToken(org.concert.protocol.v1.Empty.getDefaultInstance()))),
          wait, pushed).getHostActionDone().getToken();

      ExecutorService players = Executors.newFixedThreadPool(3);
      String[] powers = {"NOR", "WES", "EAS"};
      org.concert.bots.Bot[] bots = {new Hawk(), new Balancer(), new Defensive()};
      List<Future<MatchOutcome>> outcomes = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        int seat = i;
        outcomes.add(players.submit(() -> {
          try (RemoteBot client = RemoteBot.connect("127.0.0.1", server.tcpPort(),
              Duration.ofSeconds(5))) {
            return client.play(botToken, code, powers[seat], bots[seat], Duration.ofSeconds(1));
          }
        }));
      }
      for (Future<MatchOutcome> f : outcomes) {
        MatchOutcome o = f.get(60, TimeUnit.SECONDS);
        assertEquals(EndReason.END_REASON_TURN_LIMIT, o.reason());
      }
      players.shutdownNow();
    }
    // The match is over: a restarted server over the same data recovers nothing.
    try (ConcertServer again = start(data, hostToken)) {
      assertEquals(0, again.recoveredMatches());
    }
    // The export has every order set, the treaties and the events, from the journal.
    Path out = data.resolve("export");
    try (var store = org.concert.server.store.MatchStore.open(null, data)) {
      assertEquals(java.util.List.of(), store.replay(matchId).problems());
      // Every power gave orders in every turn (a bot may replace its orders after answering).
      java.util.Set<String> given = new java.util.HashSet<>();
      int turn = 1;
      for (var e : store.replay(matchId).journal()) {
        var j = org.concert.protocol.v1.JournalEntry.parseFrom(e.data());
        if (j.hasOrders()) {
          given.add(turn + "/" + j.getOrders().getPower());
        }
        if (j.hasResolved()) {
          turn++;
        }
      }
      assertEquals(9, given.size(), "three powers, three turns: " + given);
      Export.Written w = Export.write(store, matchId, out);
      assertTrue(w.orders() >= 9, "order sets: " + w.orders());
      assertTrue(w.events() > 10, "events: " + w.events());
    }
    for (String f : new String[] {"orders.csv", "messages.csv", "treaties.csv", "events.csv",
        "match.json"}) {
      assertTrue(java.nio.file.Files.size(out.resolve(f)) > 0, f);
    }
    assertTrue(java.nio.file.Files.readString(out.resolve("events.csv")).contains("match_ended"));
  }

  @Test
  void mixedMatch_remoteBots_builtInBots_andAScriptedHuman() throws Exception {
    String hostToken = Tokens.newToken();
    try (ConcertServer server = start(data, hostToken);
        RemoteBot host = RemoteBot.connect("127.0.0.1", server.tcpPort(), Duration.ofSeconds(5));
        RemoteBot human = RemoteBot.connect("127.0.0.1", server.tcpPort(), Duration.ofSeconds(5))) {
      List<ServerMessage> pushed = new ArrayList<>();
      Duration wait = Duration.ofSeconds(10);
      host.reply(host.send(ClientMessage.newBuilder().setHello(Hello.newBuilder()
          .setProtocolVersion(1).setHostToken(hostToken))), wait, pushed);
      var match = host.reply(host.send(ClientMessage.newBuilder().setCreateMatch(
          CreateMatch.newBuilder().setConfig(MatchConfig.newBuilder().setScenarioId("vienna-1815")
              .setSeed(9).setAutoStart(true).setTurnSeconds(60)
              .setRules(RulesConfig.newBuilder().setTurns(3))))), wait, pushed)
          .getMatchCreated().getMatches(0);
      String botToken = host.reply(host.send(ClientMessage.newBuilder().setHostAction(
          HostAction.newBuilder().setNewBotToken(org.concert.protocol.v1.Empty.getDefaultInstance()))),
          wait, pushed).getHostActionDone().getToken();

      // A person, scripted: joins by code, takes Britain, and each turn writes to the congress,
      // holds, and says it is ready.
      List<ServerMessage> mine = new ArrayList<>();
      human.reply(human.send(ClientMessage.newBuilder().setHello(Hello.newBuilder()
          .setProtocolVersion(1))), wait, mine);
      human.reply(human.send(ClientMessage.newBuilder().setJoinMatch(
          org.concert.protocol.v1.JoinMatch.newBuilder().setCode(match.getCode()))), wait, mine);
      human.reply(human.send(ClientMessage.newBuilder().setClaimSeat(
          org.concert.protocol.v1.ClaimSeat.newBuilder().setMatchId(match.getMatchId())
              .setPower("GBR").setDisplayName("Castlereagh"))), wait, mine);

      ExecutorService remotes = Executors.newFixedThreadPool(2);
      List<Future<MatchOutcome>> outcomes = new ArrayList<>();
      String[] powers = {"FRA", "AUT"};
      org.concert.bots.Bot[] bots = {new Hawk(), new Balancer()};
      for (int i = 0; i < 2; i++) {
        int k = i;
        outcomes.add(remotes.submit(() -> {
          try (RemoteBot client = RemoteBot.connect("127.0.0.1", server.tcpPort(),
              Duration.ofSeconds(5))) {
            return client.play(botToken, match.getCode(), powers[k], bots[k], Duration.ofSeconds(1));
          }
        }));
      }
      // The host fills the last two seats with built-in bots; the match then starts itself.
      host.reply(host.send(ClientMessage.newBuilder().setHostAction(HostAction.newBuilder()
          .setMatchId(match.getMatchId()).setFillWithBots(
              org.concert.protocol.v1.FillWithBots.newBuilder().addPowers("PRU").addPowers("RUS")
                  .setBot("concert")))), wait, pushed);

      int results = 0;
      int turnDone = 0;
      boolean open = false;
      org.concert.protocol.v1.PowerView latest = null;
      long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (results < 3 && System.nanoTime() < end) {
        ServerMessage m = !mine.isEmpty() ? mine.remove(0) : human.next(Duration.ofMillis(200));
        if (m == null) {
          continue;
        }
        if (m.hasTurnResult()) {
          results++;
        }
        if (m.hasView()) {
          latest = m.getView();
        }
        if (m.hasClock()) {
          open = m.getClock().getPhase() == org.concert.protocol.v1.MatchPhase.MATCH_PHASE_DIPLOMACY;
        }
        // A person acts once a turn is open and it has the view of that turn.
        if (open && latest != null && latest.getTurn() > turnDone && !latest.getFinished()) {
          int turn = latest.getTurn();
          turnDone = turn;
          human.send(ClientMessage.newBuilder().setChat(org.concert.protocol.v1.Chat.newBuilder()
              .setChannel(org.concert.protocol.v1.ChatChannel.CHAT_CHANNEL_PUBLIC)
              .setText("Britain holds the balance, " + (1814 + turn) + ".")));
          human.send(ClientMessage.newBuilder().setOrders(
              org.concert.protocol.v1.Orders.newBuilder().setTurn(turn)));
          human.send(ClientMessage.newBuilder().setReady(org.concert.protocol.v1.Ready.newBuilder()
              .setReady(true).setTurn(turn)));
        }
      }
      assertEquals(3, results, "the person saw every turn's result");
      var metrics = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest
          .newBuilder(java.net.URI.create("http://127.0.0.1:" + server.httpPort() + "/metrics"))
          .build(), java.net.http.HttpResponse.BodyHandlers.ofString()).body();
      assertTrue(metrics.contains("concert_matches{phase=\"finished\"} 1"), metrics);
      assertTrue(metrics.contains("concert_commands_total"), metrics);
      assertTrue(metrics.contains("concert_journal_durable_seconds_count"), metrics);
      // The host downloads the export; without the host token there is none.
      var http = java.net.http.HttpClient.newHttpClient();
      var url = java.net.URI.create("http://127.0.0.1:" + server.httpPort() + "/download/export/"
          + match.getMatchId() + ".zip");
      var refused = http.send(java.net.http.HttpRequest.newBuilder(url).build(),
          java.net.http.HttpResponse.BodyHandlers.ofString());
      assertEquals(401, refused.statusCode());
      var zip = http.send(java.net.http.HttpRequest.newBuilder(url)
          .header("Authorization", "Bearer " + hostToken).build(),
          java.net.http.HttpResponse.BodyHandlers.ofByteArray());
      assertEquals(200, zip.statusCode());
      java.util.List<String> names = new ArrayList<>();
      try (var in = new java.util.zip.ZipInputStream(new java.io.ByteArrayInputStream(zip.body()))) {
        for (var e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
          names.add(e.getName());
          if (e.getName().endsWith("messages.csv")) {
            String csv = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertTrue(csv.contains("Britain holds the balance"), csv);
          }
        }
      }
      String folder = names.get(0).substring(0, names.get(0).indexOf('/') + 1);
      assertTrue(names.containsAll(java.util.stream.Stream.of("events.csv", "match.json",
          "messages.csv", "orders.csv", "treaties.csv", "transcript-GBR-castlereagh.txt")
          .map(f -> folder + f).toList()), "files: " + names);
      assertEquals(8, names.size(), "and a transcript for each remote bot's seat: " + names);
      for (Future<MatchOutcome> f : outcomes) {
        assertEquals(EndReason.END_REASON_TURN_LIMIT, f.get(30, TimeUnit.SECONDS).reason());
      }
      remotes.shutdownNow();
    }
  }

  @Test
  void restart_recoversAnUnfinishedMatch() throws Exception {
    String hostToken = Tokens.newToken();
    try (ConcertServer server = start(data, hostToken);
        RemoteBot host = RemoteBot.connect("127.0.0.1", server.tcpPort(), Duration.ofSeconds(5))) {
      List<ServerMessage> pushed = new ArrayList<>();
      Duration wait = Duration.ofSeconds(10);
      host.reply(host.send(ClientMessage.newBuilder().setHello(Hello.newBuilder()
          .setProtocolVersion(1).setHostToken(hostToken))), wait, pushed);
      host.reply(host.send(ClientMessage.newBuilder().setCreateMatch(CreateMatch.newBuilder()
          .setConfig(MatchConfig.newBuilder().setScenarioId("vienna-1815").setSeed(1))
          .setWorlds(2))), wait, pushed);
    }
    try (ConcertServer again = start(data, hostToken)) {
      assertEquals(2, again.recoveredMatches(), "both worlds come back");
      assertTrue(again.tcpPort() > 0);
    }
  }

  @Test
  void hostAndBotTokensMadeByTheHost_workAfterARestart() throws Exception {
    String hostToken = Tokens.newToken();
    Duration wait = Duration.ofSeconds(10);
    List<ServerMessage> pushed = new ArrayList<>();
    String assistant;
    String bot;
    try (ConcertServer server = start(data, hostToken);
        RemoteBot host = RemoteBot.connect("127.0.0.1", server.tcpPort(), Duration.ofSeconds(5))) {
      host.reply(host.send(ClientMessage.newBuilder().setHello(Hello.newBuilder()
          .setProtocolVersion(1).setHostToken(hostToken))), wait, pushed);
      assistant = host.reply(host.send(ClientMessage.newBuilder().setHostAction(HostAction
          .newBuilder().setNewHostToken(org.concert.protocol.v1.Empty.getDefaultInstance()))),
          wait, pushed).getHostActionDone().getToken();
      bot = host.reply(host.send(ClientMessage.newBuilder().setHostAction(HostAction
          .newBuilder().setNewBotToken(org.concert.protocol.v1.Empty.getDefaultInstance()))),
          wait, pushed).getHostActionDone().getToken();
    }
    try (ConcertServer again = start(data, null);
        RemoteBot ta = RemoteBot.connect("127.0.0.1", again.tcpPort(), Duration.ofSeconds(5));
        RemoteBot b = RemoteBot.connect("127.0.0.1", again.tcpPort(), Duration.ofSeconds(5))) {
      assertEquals(org.concert.protocol.v1.Role.ROLE_HOST, ta.reply(ta.send(ClientMessage
          .newBuilder().setHello(Hello.newBuilder().setProtocolVersion(1)
              .setHostToken(assistant))), wait, pushed).getWelcome().getRole());
      assertTrue(b.reply(b.send(ClientMessage.newBuilder().setHello(Hello.newBuilder()
          .setProtocolVersion(1).setBotToken(bot))), wait, pushed).hasWelcome());
    }
  }
}
