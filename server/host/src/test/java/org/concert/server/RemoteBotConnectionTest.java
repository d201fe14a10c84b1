package org.concert.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.concert.bots.MatchOutcome;
import org.concert.bots.reference.Balancer;
import org.concert.bots.remote.RemoteBot;
import org.concert.protocol.v1.ClaimSeat;
import org.concert.protocol.v1.ClientMessage;
import org.concert.protocol.v1.CreateMatch;
import org.concert.protocol.v1.Empty;
import org.concert.protocol.v1.EndReason;
import org.concert.protocol.v1.FillWithBots;
import org.concert.protocol.v1.GetView;
import org.concert.protocol.v1.Hello;
import org.concert.protocol.v1.HostAction;
import org.concert.protocol.v1.JoinMatch;
import org.concert.protocol.v1.JournalEntry;
import org.concert.protocol.v1.ListMatches;
import org.concert.protocol.v1.MatchConfig;
import org.concert.protocol.v1.MatchSummary;
import org.concert.protocol.v1.Role;
import org.concert.protocol.v1.RulesConfig;
import org.concert.protocol.v1.ServerMessage;
import org.concert.server.net.NetConfig;
import org.concert.server.store.MatchStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A remote bot's connection over a whole match, as a bot author meets it in a class game: turns
 * that wait minutes for people (longer than the server lets a silent connection live), and a
 * server that restarts in the middle. The bot must keep its seat through both and play on.
 */
class RemoteBotConnectionTest {
  private static final String HOST_TOKEN = "remote-bot-connection-host-token";
  private static final Duration WAIT = Duration.ofSeconds(10);

  @TempDir Path data;
  private final ExecutorService players = Executors.newCachedThreadPool();

  @AfterEach
  void stop() {
    players.shutdownNow();
  }

  private ConcertServer start(NetConfig net) throws InterruptedException {
    return ConcertServer.start(new ConcertServer.Options(net, data, null, HOST_TOKEN));
  }

  private static ServerMessage ask(RemoteBot c, ClientMessage.Builder m) throws Exception {
    return c.reply(c.send(m), WAIT, new ArrayList<>());
  }

  /** A tutorial match whose turns end only at their deadline, with a bot token for it. */
  private record Match(String id, String code, String botToken) {}

  private static Match create(RemoteBot host, int turns, int turnSeconds) throws Exception {
    ask(host, ClientMessage.newBuilder().setHello(Hello.newBuilder().setProtocolVersion(1)
        .setHostToken(HOST_TOKEN)));
    MatchSummary m = ask(host, ClientMessage.newBuilder().setCreateMatch(CreateMatch.newBuilder()
        .setConfig(MatchConfig.newBuilder().setScenarioId("tutorial").setSeed(11)
            .setTurnSeconds(turnSeconds).setRules(RulesConfig.newBuilder().setTurns(turns)))))
        .getMatchCreated().getMatches(0);
    String botToken = ask(host, ClientMessage.newBuilder().setHostAction(HostAction.newBuilder()
        .setNewBotToken(Empty.getDefaultInstance()))).getHostActionDone().getToken();
    return new Match(m.getMatchId(), m.getCode(), botToken);
  }

  /** Waits until someone holds `power`'s seat, as the host's list shows it. */
  private static void seated(RemoteBot host, String power) throws Exception {
    long end = System.nanoTime() + WAIT.toNanos();
    while (System.nanoTime() < end) {
      for (var seat : ask(host, ClientMessage.newBuilder().setListMatches(
          ListMatches.getDefaultInstance())).getMatchList().getMatches(0).getSeatsList()) {
        if (seat.getPower().equals(power) && seat.getPlayersCount() > 0) {
          return;
        }
      }
      Thread.sleep(20);
    }
    throw new AssertionError(power + "'s seat was never taken");
  }

  /** Fills the empty seats with built-in bots and starts the match. */
  private static void fillAndStart(RemoteBot host, Match match) throws Exception {
    ask(host, ClientMessage.newBuilder().setHostAction(HostAction.newBuilder()
        .setMatchId(match.id()).setFillWithBots(FillWithBots.newBuilder().setBot("defensive"))));
    ask(host, ClientMessage.newBuilder().setHostAction(HostAction.newBuilder()
        .setMatchId(match.id()).setStart(Empty.getDefaultInstance())));
  }

  /** The turns in which `power` gave orders, from the match's journal. */
  private Set<Integer> ordersGiven(String matchId, String power) throws Exception {
    Set<Integer> turns = new TreeSet<>();
    try (MatchStore store = MatchStore.open(null, data)) {
      int turn = 1;
      for (var e : store.replay(matchId).journal()) {
        JournalEntry j = JournalEntry.parseFrom(e.data());
        if (j.hasOrders() && j.getOrders().getPower().equals(power)) {
          turns.add(turn);
        }
        if (j.hasResolved()) {
          turn++;
        }
      }
    }
    return turns;
  }

  @Test
  void aBotWaitingOnPeople_keepsItsConnection_pastTheServersIdleTimeout() throws Exception {
    // The server closes a connection that says nothing for two seconds; each turn waits six
    // for a person who has taken a seat and gone quiet.
    NetConfig net = NetConfig.defaults().withBindHost("127.0.0.1").withPorts(0, 0)
        .withIdleTimeout(Duration.ofSeconds(2));
    Match match;
    try (ConcertServer server = start(net);
        RemoteBot host = RemoteBot.connect("127.0.0.1", server.tcpPort(), WAIT)) {
      match = create(host, 2, 6);
      try (RemoteBot person = RemoteBot.connect("127.0.0.1", server.tcpPort(), WAIT)) {
        ask(person, ClientMessage.newBuilder().setHello(Hello.newBuilder().setProtocolVersion(1)));
        ask(person, ClientMessage.newBuilder().setJoinMatch(JoinMatch.newBuilder()
            .setCode(match.code()).setRole(Role.ROLE_PLAYER)));
        ask(person, ClientMessage.newBuilder().setClaimSeat(ClaimSeat.newBuilder()
            .setMatchId(match.id()).setPower("WES").setRole(Role.ROLE_PLAYER)
            .setDisplayName("Quiet")));
      }
      List<String> notices = new CopyOnWriteArrayList<>();
      // No interval given: the bot pings by the idle timeout the server's Welcome names.
      RemoteBot bot = RemoteBot.connect("127.0.0.1", server.tcpPort(), WAIT)
          .notices(notices::add);
      Future<MatchOutcome> played = players.submit(() -> {
        try (bot) {
          return bot.play(match.botToken(), match.code(), "NOR", new Balancer(),
              Duration.ofSeconds(1));
        }
      });
      seated(host, "NOR");
      fillAndStart(host, match);
      MatchOutcome o = played.get(60, TimeUnit.SECONDS);
      assertEquals(EndReason.END_REASON_TURN_LIMIT, o.reason());
      assertEquals(List.of(), notices, "the connection was never lost, so never resumed");
    }
    assertEquals(Set.of(1, 2), ordersGiven(match.id(), "NOR"), "the bot played both turns");
  }

  @Test
  void aBot_resumesItsSeat_whenTheServerRestartsInTheMiddleOfAMatch() throws Exception {
    NetConfig net = NetConfig.defaults().withBindHost("127.0.0.1")
        .withPorts(freePort(), freePort());
    List<String> notices = new CopyOnWriteArrayList<>();
    Match match;
    Future<MatchOutcome> played;
    try (ConcertServer server = start(net);
        RemoteBot host = RemoteBot.connect("127.0.0.1", server.tcpPort(), WAIT)) {
      match = create(host, 3, 2);
      ask(host, ClientMessage.newBuilder().setHostAction(HostAction.newBuilder()
          .setMatchId(match.id()).setAutoAdvance(false))); // every turn runs to its deadline
      RemoteBot bot = RemoteBot.connect("127.0.0.1", server.tcpPort(), WAIT)
          .resumeWithin(Duration.ofSeconds(30)).notices(notices::add);
      played = players.submit(() -> {
        try (bot) {
          return bot.play(match.botToken(), match.code(), "NOR", new Balancer(),
              Duration.ofSeconds(1));
        }
      });
      seated(host, "NOR");
      fillAndStart(host, match);
      // Once the bot is ready in the first turn, the server goes down.
      ask(host, ClientMessage.newBuilder().setGetView(GetView.newBuilder()
          .setMatchId(match.id()))); // the host follows the match's pushes from now on
      long end = System.nanoTime() + WAIT.toNanos();
      boolean ready = false;
      while (!ready && System.nanoTime() < end) {
        ServerMessage m = host.next(Duration.ofMillis(100));
        ready = m != null && m.hasClock() && m.getClock().getTurn() == 1
            && m.getClock().getReadyList().contains("NOR");
      }
      assertTrue(ready, "the bot never said it was ready in turn 1");
    }
    try (ConcertServer again = start(net)) {
      assertEquals(1, again.recoveredMatches());
      MatchOutcome o = played.get(60, TimeUnit.SECONDS);
      assertEquals(EndReason.END_REASON_TURN_LIMIT, o.reason());
    }
    assertEquals(Set.of(1, 2, 3), ordersGiven(match.id(), "NOR"),
        "the bot played on after the restart");
    assertTrue(notices.stream().anyMatch(n -> n.startsWith("resumed")), "notices: " + notices);
  }

  private static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
