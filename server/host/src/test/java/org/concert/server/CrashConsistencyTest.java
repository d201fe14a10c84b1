package org.concert.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.concert.bots.remote.RemoteBot;
import org.concert.protocol.v1.Chat;
import org.concert.protocol.v1.ChatChannel;
import org.concert.protocol.v1.ClaimSeat;
import org.concert.protocol.v1.ClientMessage;
import org.concert.protocol.v1.CreateMatch;
import org.concert.protocol.v1.Empty;
import org.concert.protocol.v1.FillWithBots;
import org.concert.protocol.v1.GetView;
import org.concert.protocol.v1.Hello;
import org.concert.protocol.v1.HostAction;
import org.concert.protocol.v1.JoinMatch;
import org.concert.protocol.v1.JournalEntry;
import org.concert.protocol.v1.MatchConfig;
import org.concert.protocol.v1.MatchPhase;
import org.concert.protocol.v1.Ready;
import org.concert.protocol.v1.Role;
import org.concert.protocol.v1.RulesConfig;
import org.concert.protocol.v1.ServerMessage;
import org.concert.protocol.v1.TurnClock;
import org.concert.server.store.MatchRecord;
import org.concert.server.store.MatchStore;
import org.concert.server.store.Recovered;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The crash experiment: a real {@code concert serve} process plays matches with built-in bots
 * and scripted players over TCP, and is killed with SIGKILL at random moments, then started
 * again on the same data folder, round after round. Afterwards it checks that no acknowledged
 * command was lost, that every journal reads back whole, that every state hash a client was told
 * is the one the journal records and a replay of the journal reproduces, that each turn's
 * deadline moved by the time the server was down, and that every player resumed its seat.
 *
 * <p>The suite runs 3 rounds; the full experiment is 20 (figures in {@code docs/reliability.md}):
 * {@code ./mvnw -pl server/host -am verify -Dtest=CrashConsistencyTest
 * -Dsurefire.failIfNoSpecifiedTests=false -Dconcert.crash.rounds=20}.
 */
class CrashConsistencyTest {
  private static final int ROUNDS = Integer.getInteger("concert.crash.rounds", 3);
  private static final long SEED = Long.getLong("concert.crash.seed", 1815);
  private static final int MATCHES = 4;
  private static final Duration WAIT = Duration.ofSeconds(10);
  /** How much later than the downtime a deadline may move: the last record precedes the kill. */
  private static final long DEADLINE_SLACK_MS = 1_000;

  @TempDir Path data;
  @TempDir Path logs;

  @Test
  void killedAtRandomMoments_losesNothingAcknowledged_andEveryMatchReplaysToItsHashes()
      throws Exception {
    SplittableRandom random = new SplittableRandom(SEED);
    String hostToken = Tokens.newToken();
    Server server = new Server(data, logs, hostToken);
    List<Player> players = new ArrayList<>();
    Observer host = new Observer(server, hostToken);
    ExecutorService threads = Executors.newCachedThreadPool();
    List<Long> downtimes = new ArrayList<>();
    try {
      server.start();
      for (Map.Entry<String, String> m : createMatches(server, hostToken).entrySet()) {
        players.add(new Player(server, m.getKey(), m.getValue()));
      }
      for (Player p : players) {
        p.claim(); // NOR; the other two seats are built-in bots
      }
      startMatches(server, hostToken, players);
      threads.submit(host);
      players.forEach(threads::submit);

      for (int round = 1; round <= ROUNDS; round++) {
        long up = 1_000 + random.nextInt(2_000);
        long down = 300 + random.nextInt(1_200);
        awaitTraffic(players, up);
        long killedAt = System.currentTimeMillis();
        server.kill();
        Thread.sleep(down); // the server stays down: the deadlines must move by this much
        long startedAt = System.currentTimeMillis();
        server.start();
        long readyAt = System.currentTimeMillis();
        downtimes.add(readyAt - killedAt);
        for (Player p : players) {
          p.expectDowntime(startedAt - killedAt, readyAt - killedAt);
        }
        System.out.printf("round %2d: up %4d ms, killed, down %4d ms, back after %4d ms"
            + " (start-up %d ms)%n", round, up, down, readyAt - killedAt, readyAt - startedAt);
      }
      awaitResumed(players, ROUNDS);
      awaitTraffic(players, 500);
    } finally {
      players.forEach(Player::stop);
      host.stop();
      threads.shutdownNow();
      assertTrue(threads.awaitTermination(20, TimeUnit.SECONDS), "clients did not stop");
      server.stop();
    }

    for (Player p : players) {
      assertEquals(List.of(), p.problems, p.matchId);
      assertEquals(ROUNDS, p.resumed.get(), p.matchId + ": resumed after every restart");
    }
    assertEquals(List.of(), host.problems);
    Report report = check(players, host);
    int deadlineChecks = players.stream().mapToInt(p -> p.deadlineChecks.get()).sum();
    System.out.printf("%d rounds: %d acknowledged commands, all %d found in the journals;"
            + " %d turns resolved, %d state hashes seen by the host all as journaled and"
            + " replayed; %d deadlines moved by the downtime; downtime %s ms%n",
        ROUNDS, report.acknowledged, report.acknowledged, report.turns, report.hashesSeen,
        deadlineChecks, downtimes);
    assertTrue(report.acknowledged > ROUNDS * 20L, "too little traffic: " + report.acknowledged);
    assertTrue(report.turns >= ROUNDS, "too few turns resolved: " + report.turns);
    assertTrue(report.hashesSeen > 0, "the host saw no turn result");
    assertTrue(deadlineChecks > 0, "no deadline was observed across a restart");
  }

  // --- the checks, on the stopped server's data folder ---

  record Report(long acknowledged, long turns, long hashesSeen) {}

  private Report check(List<Player> players, Observer host) throws Exception {
    long acknowledged = 0;
    long turns = 0;
    long hashesSeen = 0;
    ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try (MatchStore store = MatchStore.open(null, data)) {
      Lobby offline = new Lobby(new LobbyTest.MemoryLedger(), InstantSource.system(), timer, pool);
      for (Player p : players) {
        Recovered r = store.replay(p.matchId);
        assertEquals(List.of(), r.problems(), p.matchId + ": the journal reads back whole");
        List<JournalEntry> records = new ArrayList<>();
        Set<String> chats = new java.util.HashSet<>();
        Map<Integer, String> resolved = new LinkedHashMap<>();
        for (Recovered.Entry e : r.journal()) {
          JournalEntry entry = JournalEntry.parseFrom(e.data());
          records.add(entry);
          if (entry.hasChat()) {
            chats.add(entry.getChat().getText());
          }
          if (entry.hasResolved()) {
            resolved.put(entry.getResolved().getTurn(), entry.getResolved().getStateHash());
          }
        }
        for (String text : p.acknowledged) {
          assertTrue(chats.contains(text), p.matchId + ": acknowledged chat lost: " + text);
        }
        acknowledged += p.acknowledged.size();
        turns += resolved.size();

        Map<Integer, String> seen = host.hashes.getOrDefault(p.matchId, Map.of());
        for (Map.Entry<Integer, String> h : seen.entrySet()) {
          assertEquals(resolved.get(h.getKey()), h.getValue(),
              p.matchId + ": the host was told another state at turn " + h.getKey());
        }
        hashesSeen += seen.size();

        MatchRecord m = r.match();
        // The same apply as the server's, which throws if a turn replays to another hash than
        // its record holds; diplomacy after the last resolution moves the state on from it.
        MatchRoom room = offline.recover(
            m.matchId(), m.joinCode(), MatchConfig.parseFrom(m.config()), records);
        int lastTurn = resolved.keySet().stream().mapToInt(Integer::intValue).max().orElseThrow();
        assertTrue(room.state().turn() > lastTurn, p.matchId + ": replay stopped early");
      }
    } finally {
      timer.shutdownNow();
      pool.shutdownNow();
    }
    return new Report(acknowledged, turns, hashesSeen);
  }

  // --- setting up ---

  private static Map<String, String> createMatches(Server server, String hostToken)
      throws IOException, InterruptedException {
    Map<String, String> codes = new LinkedHashMap<>(); // match id → code
    try (RemoteBot host = RemoteBot.connect("127.0.0.1", server.tcpPort, WAIT)) {
      List<ServerMessage> pushed = new ArrayList<>();
      host.reply(host.send(ClientMessage.newBuilder().setHello(Hello.newBuilder()
          .setProtocolVersion(1).setHostToken(hostToken))), WAIT, pushed);
      for (int i = 0; i < MATCHES; i++) {
        ServerMessage created = host.reply(host.send(ClientMessage.newBuilder().setCreateMatch(
            CreateMatch.newBuilder().setConfig(MatchConfig.newBuilder().setScenarioId("tutorial")
                .setSeed(100 + i).setTurnSeconds(120).setTitle("crash " + i)
                .setRules(RulesConfig.newBuilder().setTurns(80))))), WAIT, pushed);
        var match = created.getMatchCreated().getMatches(0);
        codes.put(match.getMatchId(), match.getCode());
        host.reply(host.send(ClientMessage.newBuilder().setHostAction(HostAction.newBuilder()
            .setMatchId(match.getMatchId()).setFillWithBots(FillWithBots.newBuilder()
                .addPowers("WES").addPowers("EAS").setBot("balancer")))), WAIT, pushed);
      }
    }
    return codes;
  }

  private static void startMatches(Server server, String hostToken, List<Player> players)
      throws IOException, InterruptedException {
    try (RemoteBot host = RemoteBot.connect("127.0.0.1", server.tcpPort, WAIT)) {
      List<ServerMessage> pushed = new ArrayList<>();
      host.reply(host.send(ClientMessage.newBuilder().setHello(Hello.newBuilder()
          .setProtocolVersion(1).setHostToken(hostToken))), WAIT, pushed);
      for (Player p : players) {
        host.reply(host.send(ClientMessage.newBuilder().setHostAction(HostAction.newBuilder()
            .setMatchId(p.matchId).setStart(Empty.getDefaultInstance()))), WAIT, pushed);
      }
    }
  }

  /** Waits until every player has had {@code millis} of acknowledged traffic from now on. */
  private static void awaitTraffic(List<Player> players, long millis) throws InterruptedException {
    List<Integer> before = players.stream().map(p -> p.acknowledged.size()).toList();
    Thread.sleep(millis); // the server runs under load for this long before it is killed
    long deadline = System.nanoTime() + WAIT.toNanos();
    for (int i = 0; i < players.size(); i++) {
      Player p = players.get(i);
      while (p.acknowledged.size() <= before.get(i)) {
        assertTrue(System.nanoTime() < deadline, p.matchId + " made no progress: " + p.problems);
        Thread.sleep(20);
      }
    }
  }

  private static void awaitResumed(List<Player> players, int times) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    for (Player p : players) {
      while (p.resumed.get() < times) {
        assertTrue(System.nanoTime() < deadline, p.matchId + " did not resume: " + p.problems);
        Thread.sleep(20);
      }
    }
  }

  // --- the server process ---

  /** {@code concert serve} in a child JVM on fixed loopback ports, so clients find it again. */
  static final class Server {
    final Path data;
    final Path logs;
    final String hostToken;
    final int tcpPort = freePort();
    final int httpPort = freePort();
    private Process process;
    private int lives;

    Server(Path data, Path logs, String hostToken) {
      this.data = data;
      this.logs = logs;
      this.hostToken = hostToken;
    }

    void start() throws IOException, InterruptedException {
      Path java = Path.of(System.getProperty("java.home"), "bin", "java");
      Path log = logs.resolve("server-" + (++lives) + ".log");
      process = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
          "org.concert.cli.Concert", "serve", "--data", data.toString(),
          "--bind", "127.0.0.1", "--tcp-port", String.valueOf(tcpPort),
          "--http-port", String.valueOf(httpPort), "--host-token", hostToken)
          .redirectErrorStream(true).redirectOutput(log.toFile()).start();
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (true) { // poll the port until the server accepts, or say why it did not
        try (Socket s = new Socket()) {
          s.connect(new InetSocketAddress("127.0.0.1", tcpPort), 200);
          return;
        } catch (IOException notYet) {
          if (!process.isAlive() || System.nanoTime() > deadline) {
            throw new IOException("the server did not start (exit "
                + (process.isAlive() ? "none" : process.exitValue()) + "):\n"
                + Files.readString(log));
          }
          Thread.sleep(20);
        }
      }
    }

    /** SIGKILL: no shutdown hook runs, nothing is flushed. */
    void kill() throws InterruptedException {
      process.destroyForcibly();
      process.waitFor();
    }

    /** SIGTERM, as an operator stops it. */
    void stop() throws InterruptedException {
      if (process != null && process.isAlive()) {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
          process.destroyForcibly().waitFor();
        }
      }
    }

    private static int freePort() {
      try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
        return s.getLocalPort();
      } catch (IOException e) {
        throw new IllegalStateException("no free loopback port", e);
      }
    }
  }

  // --- the clients ---

  /**
   * A scripted player on NOR: public chat at a steady pace and "ready" now and then, so turns
   * resolve; each chat counts as acknowledged only once its reply came. When the connection
   * drops it reconnects with its seat token until the server is back.
   */
  static final class Player implements Runnable {
    final Server server;
    final String matchId;
    final String code;
    final List<String> acknowledged = new java.util.concurrent.CopyOnWriteArrayList<>();
    final List<String> problems = new java.util.concurrent.CopyOnWriteArrayList<>();
    final AtomicInteger resumed = new AtomicInteger();
    final AtomicInteger deadlineChecks = new AtomicInteger();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private volatile String seatToken;
    private volatile TurnClock lastClock;
    private volatile long[] downtime; // {least, most} milliseconds of the last outage
    private int sent;

    Player(Server server, String matchId, String code) {
      this.server = server;
      this.matchId = matchId;
      this.code = code;
    }

    void claim() throws IOException, InterruptedException {
      try (RemoteBot c = RemoteBot.connect("127.0.0.1", server.tcpPort, WAIT)) {
        List<ServerMessage> pushed = new ArrayList<>();
        c.reply(c.send(ClientMessage.newBuilder().setHello(Hello.newBuilder()
            .setProtocolVersion(1))), WAIT, pushed);
        c.reply(c.send(ClientMessage.newBuilder().setJoinMatch(JoinMatch.newBuilder()
            .setCode(code).setRole(Role.ROLE_PLAYER))), WAIT, pushed);
        seatToken = c.reply(c.send(ClientMessage.newBuilder().setClaimSeat(ClaimSeat.newBuilder()
            .setMatchId(matchId).setPower("NOR").setRole(Role.ROLE_PLAYER)
            .setDisplayName("Scripted"))), WAIT, pushed).getSeatGranted().getSeatToken();
      }
    }

    void expectDowntime(long least, long most) {
      downtime = new long[] {least, most};
    }

    void stop() {
      running.set(false);
    }

    @Override
    public void run() {
      boolean first = true;
      while (running.get()) {
        try (RemoteBot c = RemoteBot.connect("127.0.0.1", server.tcpPort, WAIT)) {
          List<ServerMessage> pushed = new ArrayList<>();
          ServerMessage welcome = c.reply(c.send(ClientMessage.newBuilder().setHello(
              Hello.newBuilder().setProtocolVersion(1).setSeatToken(seatToken))), WAIT, pushed);
          if (!welcome.getWelcome().getMatchId().equals(matchId)
              || !welcome.getWelcome().getPower().equals("NOR")) {
            problems.add("resumed as another seat: " + welcome);
          }
          if (!first) {
            resumed.incrementAndGet();
          }
          TurnClock before = lastClock;
          first = false;
          play(c, pushed, before);
        } catch (IOException e) {
          pause(20); // the server is down: try again until it is back
        } catch (InterruptedException e) {
          return;
        }
      }
    }

    private void play(RemoteBot c, List<ServerMessage> pushed, TurnClock before)
        throws IOException, InterruptedException {
      boolean checked = before == null;
      while (running.get()) {
        String text = matchId + " chat " + (++sent);
        long id = c.send(ClientMessage.newBuilder().setChat(Chat.newBuilder()
            .setChannel(ChatChannel.CHAT_CHANNEL_PUBLIC).setText(text)));
        c.reply(id, WAIT, pushed);
        acknowledged.add(text);
        if (sent % 40 == 0) {
          int turn = c.reply(c.send(ClientMessage.newBuilder().setGetView(
              GetView.newBuilder().setMatchId(matchId))), WAIT, pushed).getView().getTurn();
          c.reply(c.send(ClientMessage.newBuilder().setReady(Ready.newBuilder()
              .setReady(true).setTurn(turn))), WAIT, pushed);
        }
        for (ServerMessage m : pushed) {
          if (m.hasClock()) {
            if (!checked) {
              checkDeadline(before, m.getClock());
              checked = true;
            }
            lastClock = m.getClock();
          }
        }
        pushed.clear();
        Thread.sleep(15); // well under the per-connection command rate
      }
    }

    /** The first clock after a restart: the same turn's deadline moved by the downtime. */
    private void checkDeadline(TurnClock before, TurnClock after) {
      long[] down = downtime;
      if (down == null || before.getTurn() != after.getTurn()
          || before.getPhase() != MatchPhase.MATCH_PHASE_DIPLOMACY
          || after.getPhase() != MatchPhase.MATCH_PHASE_DIPLOMACY) {
        return; // a turn resolved across the outage: nothing to compare
      }
      long moved = after.getDeadlineEpochMs() - before.getDeadlineEpochMs();
      if (moved < down[0] - 250 || moved > down[1] + DEADLINE_SLACK_MS) {
        problems.add("turn %d's deadline moved %d ms for a downtime of %d..%d ms".formatted(
            after.getTurn(), moved, down[0], down[1]));
      }
      deadlineChecks.incrementAndGet();
    }

    private static void pause(long millis) {
      try {
        Thread.sleep(millis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** The host following every match, keeping each turn's state hash from the true results. */
  static final class Observer implements Runnable {
    final Server server;
    final String hostToken;
    final Map<String, Map<Integer, String>> hashes = new ConcurrentHashMap<>();
    final List<String> problems = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Set<String> matches = ConcurrentHashMap.newKeySet();

    Observer(Server server, String hostToken) {
      this.server = server;
      this.hostToken = hostToken;
    }

    void stop() {
      running.set(false);
    }

    @Override
    public void run() {
      while (running.get()) {
        try (RemoteBot c = RemoteBot.connect("127.0.0.1", server.tcpPort, WAIT)) {
          List<ServerMessage> pushed = new ArrayList<>();
          c.reply(c.send(ClientMessage.newBuilder().setHello(Hello.newBuilder()
              .setProtocolVersion(1).setHostToken(hostToken))), WAIT, pushed);
          ServerMessage list = c.reply(c.send(ClientMessage.newBuilder().setListMatches(
              org.concert.protocol.v1.ListMatches.getDefaultInstance())), WAIT, pushed);
          list.getMatchList().getMatchesList().forEach(s -> matches.add(s.getMatchId()));
          for (String id : matches) { // naming a match follows it
            c.reply(c.send(ClientMessage.newBuilder().setGetView(
                GetView.newBuilder().setMatchId(id))), WAIT, pushed);
          }
          while (running.get()) {
            for (ServerMessage m : pushed) {
              keep(m);
            }
            pushed.clear();
            ServerMessage m = c.next(Duration.ofMillis(100));
            if (m != null) {
              keep(m);
            }
          }
        } catch (IOException e) {
          Player.pause(20);
        } catch (InterruptedException e) {
          return;
        }
      }
    }

    private void keep(ServerMessage m) {
      if (!m.hasTurnResult() || m.getTurnResult().getStateHash().isEmpty()) {
        return;
      }
      String earlier = hashes.computeIfAbsent(m.getMatchId(), k -> new ConcurrentHashMap<>())
          .putIfAbsent(m.getTurnResult().getTurn(), m.getTurnResult().getStateHash());
      if (earlier != null && !earlier.equals(m.getTurnResult().getStateHash())) {
        problems.add("%s turn %d: told %s, then %s".formatted(m.getMatchId(),
            m.getTurnResult().getTurn(), earlier, m.getTurnResult().getStateHash()));
      }
    }
  }
}
