package org.concert.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.WriterAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.layout.PatternLayout;
import org.concert.bots.MatchOutcome;
import org.concert.bots.reference.RandomBot;
import org.concert.bots.remote.RemoteBot;
import org.concert.engine.Engine;
import org.concert.engine.GameState;
import org.concert.protocol.v1.Chat;
import org.concert.protocol.v1.ChatChannel;
import org.concert.protocol.v1.ClaimSeat;
import org.concert.protocol.v1.Clause;
import org.concert.protocol.v1.ClientMessage;
import org.concert.protocol.v1.CreateMatch;
import org.concert.protocol.v1.DiplomacyAction;
import org.concert.protocol.v1.Empty;
import org.concert.protocol.v1.Event;
import org.concert.protocol.v1.Hello;
import org.concert.protocol.v1.HostAction;
import org.concert.protocol.v1.JournalEntry;
import org.concert.protocol.v1.MatchConfig;
import org.concert.protocol.v1.MatchSummary;
import org.concert.protocol.v1.NonAggression;
import org.concert.protocol.v1.ObserverSight;
import org.concert.protocol.v1.ProposalTerms;
import org.concert.protocol.v1.Role;
import org.concert.protocol.v1.RulesConfig;
import org.concert.protocol.v1.ServerMessage;
import org.concert.protocol.v1.Treaty;
import org.concert.server.net.NetConfig;
import org.concert.server.store.MatchStore;
import org.concert.server.store.Recovered;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fog of war as a security boundary, checked over the wire: random matches of remote random
 * bots run through the real server (TCP, SQLite store), with a scripted cabinet member on every
 * power sending private and group messages and proposing secret treaties, and an observer
 * watching. Every message each client was sent is then checked against what the rules let that
 * client see:
 *
 * <ul>
 *   <li>every view is one the engine's fog gives that viewer at some point of the match (the
 *       engine's own tests check those views against the rules, hidden arms included);
 *   <li>every event's audience includes the client (an observer with public sight: everyone),
 *       and a player is never told who else heard an event, in a push or in a turn result;
 *   <li>no private or group message reaches anyone but its sender and recipients: each carries a
 *       unique marker, searched for in the bytes of every message to everyone else;
 *   <li>no secret treaty's terms reach a power not party to it before it is revealed;
 *   <li>only the host and full-sight observers get state hashes;
 *   <li>and no token appears in the server's log, at any level.
 * </ul>
 *
 * <p>The suite plays 4 matches; {@code -Dconcert.fog.matches=200} plays more.
 */
class FogOverTheWireTest {
  private static final int MATCHES = Integer.getInteger("concert.fog.matches", 4);
  private static final Duration WAIT = Duration.ofSeconds(10);

  @TempDir Path data;

  /** What one client was sent, and who it is. */
  static final class Client {
    final String matchId;
    final String power; // "" for an observer
    final boolean fullSight;
    final List<ServerMessage> received = new CopyOnWriteArrayList<>();

    Client(String matchId, String power, boolean fullSight) {
      this.matchId = matchId;
      this.power = power;
      this.fullSight = fullSight;
    }

    boolean observer() {
      return power.isEmpty();
    }

    /** May this client read a message between these powers? */
    boolean mayRead(Set<String> between) {
      return fullSight || between.contains(power);
    }
  }

  /** A private or group message: its marker text and the powers who may read it. */
  record Secret(String matchId, String text, Set<String> between) {}

  @Test
  void randomMatchesThroughTheServer_noClientIsSentWhatTheRulesHideFromIt() throws Exception {
    StringWriter log = new StringWriter();
    Runnable stopCapture = captureEveryLogLine(log);
    SplittableRandom random = new SplittableRandom(1648);
    List<Client> clients = new CopyOnWriteArrayList<>();
    List<Secret> secrets = new CopyOnWriteArrayList<>();
    Set<String> tokens = ConcurrentHashMap.newKeySet();
    Map<String, MatchConfig> configs = new HashMap<>();
    String hostToken = Tokens.newToken();
    tokens.add(hostToken);
    ExecutorService threads = Executors.newCachedThreadPool();
    try (ConcertServer server = ConcertServer.start(new ConcertServer.Options(
            NetConfig.defaults().withBindHost("127.0.0.1").withPorts(0, 0), data, null,
            hostToken));
        RemoteBot host = RemoteBot.connect("127.0.0.1", server.tcpPort(), WAIT)) {
      List<ServerMessage> pushed = new ArrayList<>();
      host.reply(host.send(ClientMessage.newBuilder().setHello(Hello.newBuilder()
          .setProtocolVersion(1).setHostToken(hostToken))), WAIT, pushed);
      String botToken = host.reply(host.send(ClientMessage.newBuilder().setHostAction(
          HostAction.newBuilder().setNewBotToken(Empty.getDefaultInstance()))), WAIT, pushed)
          .getHostActionDone().getToken();
      tokens.add(botToken);

      for (int i = 0; i < MATCHES; i++) {
        MatchConfig config = MatchConfig.newBuilder()
            .setScenarioId(i % 2 == 0 ? "tutorial" : "vienna-1815")
            .setSeed(random.nextLong()).setAutoStart(true)
            .setObserverSight(random.nextBoolean() ? ObserverSight.OBSERVER_SIGHT_PUBLIC
                : ObserverSight.OBSERVER_SIGHT_FULL)
            .setRules(RulesConfig.newBuilder().setTurns(3 + random.nextInt(4))).build();
        MatchSummary match = host.reply(host.send(ClientMessage.newBuilder().setCreateMatch(
            CreateMatch.newBuilder().setConfig(config))), WAIT, pushed)
            .getMatchCreated().getMatches(0);
        configs.put(match.getMatchId(), config);
        play(server.tcpPort(), match, config, botToken, random.nextLong(), threads, clients,
            secrets, tokens);
      }
    } finally {
      threads.shutdownNow();
      assertTrue(threads.awaitTermination(20, TimeUnit.SECONDS), "clients did not stop");
    }

    Map<String, Map<String, Set<ByteString>>> views = legitimateViews(configs.keySet());
    long checked = 0;
    for (Client c : clients) {
      Set<ByteString> allowed = views.get(c.matchId).get(c.observer()
          ? (c.fullSight ? "host" : "observer") : c.power);
      for (ServerMessage m : c.received) {
        check(c, m, allowed, secrets);
        checked++;
      }
    }
    long privateMessages = secrets.size();
    assertTrue(privateMessages >= MATCHES, "too few private messages: " + privateMessages);
    assertTrue(clients.stream().anyMatch(c -> !c.observer() && c.received.stream()
        .anyMatch(m -> m.hasChat() && m.getChat().getChannel() != ChatChannel.CHAT_CHANNEL_PUBLIC
            && !m.getChat().getFrom().equals(c.power))), "no private message was delivered");

    LogManager.getLogger(FogOverTheWireTest.class).info("fog check done");
    stopCapture.run();
    String logged = log.toString();
    assertTrue(logged.contains("Opened the match store"), "the log was not captured");
    for (ServerMessage m : clients.stream().flatMap(c -> c.received.stream()).toList()) {
      if (m.hasSeatGranted()) {
        tokens.add(m.getSeatGranted().getSeatToken());
      }
    }
    for (String token : tokens) {
      assertTrue(!logged.contains(token), "a token was logged: " + token);
    }
    System.out.printf("%d matches, %d clients, %d messages checked, %d private messages with"
        + " markers, %d tokens never logged (%d log lines)%n", MATCHES, clients.size(), checked,
        privateMessages, tokens.size(), logged.lines().count());
  }

  // --- one match ---

  private static void play(int port, MatchSummary match, MatchConfig config, String botToken,
      long seed, ExecutorService threads, List<Client> clients, List<Secret> secrets,
      Set<String> tokens) throws Exception {
    String id = match.getMatchId();
    List<String> powers = match.getSeatsList().stream().map(s -> s.getPower()).toList();
    boolean fullSight = config.getObserverSight() == ObserverSight.OBSERVER_SIGHT_FULL;

    Client watcher = new Client(id, "", fullSight);
    clients.add(watcher);
    RemoteBot observer = RemoteBot.connect("127.0.0.1", port, WAIT).tap(watcher.received::add);
    List<ServerMessage> pushed = new ArrayList<>();
    observer.reply(observer.send(ClientMessage.newBuilder().setHello(Hello.newBuilder()
        .setProtocolVersion(1))), WAIT, pushed);
    observer.reply(observer.send(ClientMessage.newBuilder().setClaimSeat(ClaimSeat.newBuilder()
        .setMatchId(id).setRole(Role.ROLE_OBSERVER).setDisplayName("Watcher"))), WAIT, pushed);

    List<Future<MatchOutcome>> bots = new ArrayList<>();
    Map<String, java.util.concurrent.CountDownLatch> seated = new HashMap<>();
    for (String power : powers) {
      Client seat = new Client(id, power, false);
      clients.add(seat);
      var held = new java.util.concurrent.CountDownLatch(1);
      seated.put(power, held);
      bots.add(threads.submit(() -> {
        try (RemoteBot bot = RemoteBot.connect("127.0.0.1", port, WAIT).tap(m -> {
          seat.received.add(m);
          if (m.hasSeatGranted()) {
            held.countDown();
          }
        })) {
          return bot.play(botToken, match.getCode(), power, new RandomBot(), Duration.ofSeconds(1));
        }
      }));
    }
    AtomicBoolean over = new AtomicBoolean();
    List<Future<?>> cabinets = new ArrayList<>();
    for (int i = 0; i < powers.size(); i++) {
      String power = powers.get(i);
      Client member = new Client(id, power, false);
      clients.add(member);
      SplittableRandom random = new SplittableRandom(seed + i);
      cabinets.add(threads.submit(() -> {
        assertTrue(seated.get(power).await(30, TimeUnit.SECONDS), power + "'s bot sat not down");
        conspire(port, id, power, powers, member, random, over, secrets);
        return null;
      }));
    }
    for (Future<MatchOutcome> bot : bots) {
      bot.get(120, TimeUnit.SECONDS);
    }
    over.set(true);
    for (Future<?> cabinet : cabinets) {
      cabinet.get(30, TimeUnit.SECONDS);
    }
    observer.close();
  }

  /**
   * A cabinet member of {@code power}: once the bot holds the seat, sends private and group
   * messages with unique markers and proposes secret non-aggression pacts, until the match ends.
   */
  private static void conspire(int port, String matchId, String power, List<String> powers,
      Client member, SplittableRandom random, AtomicBoolean over, List<Secret> secrets)
      throws IOException, InterruptedException {
    try (RemoteBot c = RemoteBot.connect("127.0.0.1", port, WAIT).tap(member.received::add)) {
      List<ServerMessage> pushed = new ArrayList<>();
      c.reply(c.send(ClientMessage.newBuilder().setHello(Hello.newBuilder()
          .setProtocolVersion(1))), WAIT, pushed);
      try {
        c.reply(c.send(ClientMessage.newBuilder().setClaimSeat(ClaimSeat.newBuilder()
            .setMatchId(matchId).setPower(power).setJoinCabinet(true)
            .setDisplayName("Minister of " + power))), WAIT, pushed);
      } catch (IOException refused) {
        if (refused.getMessage().contains("over")) {
          return; // a short match can end before its ministers arrive
        }
        throw refused;
      }
      List<String> others = powers.stream().filter(p -> !p.equals(power)).toList();
      int n = 0;
      while (!over.get()) {
        String to = others.get(random.nextInt(others.size()));
        ClientMessage.Builder m;
        Set<String> between = new HashSet<>(Set.of(power, to));
        switch (random.nextInt(3)) {
          case 0 -> m = ClientMessage.newBuilder().setChat(Chat.newBuilder()
              .setChannel(ChatChannel.CHAT_CHANNEL_PRIVATE).addTo(to)
              .setText(marker(matchId, power, ++n)));
          case 1 -> {
            String also = others.get(random.nextInt(others.size()));
            between.add(also);
            m = ClientMessage.newBuilder().setChat(Chat.newBuilder()
                .setChannel(ChatChannel.CHAT_CHANNEL_GROUP).addAllTo(Set.copyOf(between))
                .setGroup("cabal").setText(marker(matchId, power, ++n)));
            if (between.size() > 2) {
              m.getChatBuilder().clearTo().addTo(to).addTo(also);
            } else {
              m.getChatBuilder().clearTo().addTo(to);
            }
          }
          default -> m = ClientMessage.newBuilder().setDiplomacy(DiplomacyAction.newBuilder()
              .setPropose(ProposalTerms.newBuilder().addParties(power).addParties(to)
                  .setSecret(true).setDurationTurns(3).addClauses(Clause.newBuilder()
                      .setNonAggression(NonAggression.getDefaultInstance()))));
        }
        try {
          c.reply(c.send(m), WAIT, pushed);
          if (m.hasChat()) {
            secrets.add(new Secret(matchId, m.getChat().getText(), between));
          }
        } catch (IOException refused) {
          // between turns, or the match is over: go on until the bots say it is
        }
        Thread.sleep(5);
      }
    }
  }

  private static String marker(String matchId, String power, int n) {
    return "SECRET-%s-%s-%d-%08x".formatted(matchId, power, n, (matchId + power + n).hashCode());
  }

  // --- the rules' side: every view each viewer may be given at some point ---

  private Map<String, Map<String, Set<ByteString>>> legitimateViews(Set<String> matchIds)
      throws Exception {
    Map<String, Map<String, Set<ByteString>>> all = new HashMap<>();
    ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try (MatchStore store = MatchStore.open(null, data)) {
      Lobby offline = new Lobby(new LobbyTest.MemoryLedger(), InstantSource.system(), timer, pool);
      for (String id : matchIds) {
        Recovered r = store.replay(id);
        assertEquals(List.of(), r.problems());
        MatchRoom room = offline.recover(id, r.match().joinCode(),
            MatchConfig.parseFrom(r.match().config()), List.of());
        Map<String, Set<ByteString>> views = new HashMap<>();
        var replayed = new java.util.concurrent.CompletableFuture<Void>();
        room.executor.execute(() -> { // the match's own thread, as the server applies records
          try {
            record(room.state(), views);
            for (Recovered.Entry e : r.journal()) {
              room.apply(JournalEntry.parseFrom(e.data()));
              record(room.state(), views);
            }
            replayed.complete(null);
          } catch (Exception | AssertionError e) {
            replayed.completeExceptionally(e);
          }
        });
        replayed.get(60, TimeUnit.SECONDS);
        all.put(id, views);
      }
    } finally {
      timer.shutdownNow();
      pool.shutdownNow();
    }
    return all;
  }

  private static void record(GameState state, Map<String, Set<ByteString>> views) {
    if (state == null) {
      return; // before the start record
    }
    for (int p = 0; p < state.board().powers(); p++) {
      String power = state.board().powerId(p);
      views.computeIfAbsent(power, k -> new HashSet<>())
          .add(Engine.view(state, power).toByteString());
    }
    views.computeIfAbsent("observer", k -> new HashSet<>())
        .add(Engine.observerView(state).toByteString());
    views.computeIfAbsent("host", k -> new HashSet<>())
        .add(Engine.hostView(state).toByteString());
  }

  // --- the client's side ---

  private static void check(Client c, ServerMessage m, Set<ByteString> views,
      List<Secret> secrets) {
    String who = (c.observer() ? "observer" : c.power) + " in " + c.matchId;
    if (m.hasView()) {
      assertTrue(views.contains(m.getView().toByteString()),
          who + " was sent a view the rules never give it: turn " + m.getView().getTurn());
    }
    List<Event> events = new ArrayList<>();
    if (m.hasEvent()) {
      events.add(m.getEvent());
    }
    if (m.hasTurnResult()) {
      events.addAll(m.getTurnResult().getEventsList());
      if (!c.fullSight) {
        assertEquals("", m.getTurnResult().getStateHash(), who + " was sent the state hash");
      }
    }
    for (Event e : events) {
      boolean mayHear = e.getAudience().getEveryone() || c.fullSight
          || (!c.observer() && e.getAudience().getPowersList().contains(c.power));
      assertTrue(mayHear, who + " was sent an event for " + e.getAudience() + ": " + e);
      // Nor who else heard it: a power that sees a province does not learn who else does.
      assertTrue(c.fullSight || c.observer() || e.getAudience().getEveryone()
          || e.getAudience().getPowersList().equals(List.of(c.power)),
          who + " was told who else heard an event: " + e.getAudience() + " in " + e);
    }
    if (m.hasChat() && m.getChat().getChannel() != ChatChannel.CHAT_CHANNEL_PUBLIC) {
      Set<String> between = new HashSet<>(m.getChat().getToList());
      between.add(m.getChat().getFrom());
      assertTrue(c.mayRead(between), who + " was sent a message between " + between);
    }
    String bytes = new String(m.toByteArray(), StandardCharsets.ISO_8859_1);
    for (Secret s : secrets) {
      if (s.matchId().equals(c.matchId) && !c.mayRead(s.between())
          && bytes.contains(s.text())) {
        throw new AssertionError(who + " was sent a message between " + s.between()
            + ": " + s.text());
      }
    }
    if (!c.fullSight && !m.hasView()) {
      secretTermsReachOnlyParties(m, false, who, c);
    }
  }

  /** Walks a message for secret treaty terms; outside a revealed treaty, the client is a party. */
  private static void secretTermsReachOnlyParties(Message m, boolean revealed, String who,
      Client c) {
    if (m instanceof ProposalTerms terms && terms.getSecret() && !revealed) {
      assertTrue(!c.observer() && terms.getPartiesList().contains(c.power),
          who + " was sent the terms of a secret treaty between " + terms.getPartiesList());
    }
    boolean inside = revealed || (m instanceof Treaty t && t.getRevealed())
        || (m instanceof Event e && (e.hasTreatyViolated() || e.hasTreatyTriggered()));
    for (Map.Entry<FieldDescriptor, Object> f : m.getAllFields().entrySet()) {
      if (f.getKey().getJavaType() != FieldDescriptor.JavaType.MESSAGE) {
        continue;
      }
      if (f.getKey().isRepeated()) {
        for (Object o : (List<?>) f.getValue()) {
          secretTermsReachOnlyParties((Message) o, inside, who, c);
        }
      } else {
        secretTermsReachOnlyParties((Message) f.getValue(), inside, who, c);
      }
    }
  }

  // --- the log ---

  /** Sends every log line, at every level, to {@code out}; returns how to stop. */
  private static Runnable captureEveryLogLine(StringWriter out) {
    LoggerContext context = (LoggerContext) LogManager.getContext(false);
    Configuration config = context.getConfiguration();
    WriterAppender appender = WriterAppender.newBuilder().setName("fog-test").setTarget(out)
        .setLayout(PatternLayout.newBuilder().withPattern("%level %c %X %m %throwable%n")
            .build()).build();
    appender.start();
    config.addAppender(appender);
    Map<LoggerConfig, Level> levels = new HashMap<>();
    List<LoggerConfig> loggers = new ArrayList<>(config.getLoggers().values());
    loggers.add(config.getRootLogger());
    for (LoggerConfig logger : new HashSet<>(loggers)) {
      levels.put(logger, logger.getLevel());
      if (!logger.getName().startsWith("io.netty")) { // Netty never sees a token in the clear
        logger.setLevel(Level.ALL);
      }
      logger.addAppender(appender, Level.ALL, null);
    }
    context.updateLoggers();
    return () -> {
      long end = System.nanoTime() + WAIT.toNanos(); // the loggers are asynchronous
      while (!out.toString().contains("fog check done") && System.nanoTime() < end) {
        Thread.onSpinWait();
      }
      levels.forEach((logger, level) -> {
        logger.removeAppender("fog-test");
        logger.setLevel(level);
      });
      context.updateLoggers();
      appender.stop();
    };
  }
}
