package org.concert.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.concert.protocol.v1.ClaimSeat;
import org.concert.protocol.v1.ClientMessage;
import org.concert.protocol.v1.CreateMatch;
import org.concert.protocol.v1.DiplomacyAction;
import org.concert.protocol.v1.ErrorCode;
import org.concert.protocol.v1.Hello;
import org.concert.protocol.v1.HostAction;
import org.concert.protocol.v1.JoinMatch;
import org.concert.protocol.v1.MatchConfig;
import org.concert.protocol.v1.Move;
import org.concert.protocol.v1.MilitaryOrder;
import org.concert.protocol.v1.Orders;
import org.concert.protocol.v1.ProposalTerms;
import org.concert.protocol.v1.Ready;
import org.concert.protocol.v1.Role;
import org.concert.protocol.v1.MatchSummary;
import org.concert.protocol.v1.Problem;
import org.concert.protocol.v1.ServerMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The core without sockets: sessions, lobby and match rooms over an in-memory ledger. */
class LobbyTest {
  /** A journal in memory that acknowledges on another thread, as a real store does. */
  static final class MemoryLedger implements Ledger {
    final ConcurrentHashMap<String, List<byte[]>> records = new ConcurrentHashMap<>();
    final ConcurrentHashMap<String, byte[]> configs = new ConcurrentHashMap<>();
    final ConcurrentHashMap<String, String> codes = new ConcurrentHashMap<>();
    final java.util.Set<String> finished = ConcurrentHashMap.newKeySet();
    final ExecutorService writer = Executors.newSingleThreadExecutor();
    /** While closed, writes wait: commands are accepted but not yet durable. */
    volatile java.util.concurrent.CountDownLatch gate = new java.util.concurrent.CountDownLatch(0);

    @Override
    public CompletableFuture<Void> append(String matchId, long version, byte[] record) {
      java.util.concurrent.CountDownLatch g = gate;
      return CompletableFuture.runAsync(() -> {
        try {
          g.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        records.computeIfAbsent(matchId, k -> new ArrayList<>()).add(record);
      }, writer);
    }

    @Override
    public void finished(String matchId) {
      finished.add(matchId);
    }

    @Override
    public void created(String matchId, String code, byte[] config, String title) {
      configs.put(matchId, config);
      codes.put(matchId, code);
    }

    @Override
    public void snapshot(String matchId, long version, byte[] state) {}
  }

  /** A client as the core sees it: what it was sent, in order. */
  static final class Client implements Outbound {
    final LinkedBlockingQueue<ServerMessage> inbox = new LinkedBlockingQueue<>();
    final List<ServerMessage> seen = new ArrayList<>();
    volatile String closed;
    Conversation conversation;
    long next = 1;

    @Override
    public void send(ServerMessage message) {
      inbox.add(message);
    }

    @Override
    public void close(String reason) {
      closed = reason;
    }

    @Override
    public String remoteAddress() {
      return "127.0.0.1";
    }

    long ask(ClientMessage.Builder m) {
      long id = next++;
      conversation.receive(m.setRequestId(id).build());
      return id;
    }

    ServerMessage await(Predicate<ServerMessage> p) throws InterruptedException {
      for (ServerMessage m : seen) {
        if (p.test(m)) {
          seen.remove(m);
          return m;
        }
      }
      long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
      while (System.nanoTime() < end) {
        ServerMessage m = inbox.poll(100, TimeUnit.MILLISECONDS);
        if (m == null) {
          continue;
        }
        if (p.test(m)) {
          return m;
        }
        seen.add(m);
      }
      throw new AssertionError("no such message; got " + seen);
    }

    ServerMessage reply(long id) throws InterruptedException {
      return await(m -> m.getRequestId() == id);
    }
  }

  ExecutorService pool;
  ScheduledExecutorService timer;
  Lobby lobby;
  MemoryLedger ledger;

  @BeforeEach
  void start() {
    pool = Executors.newFixedThreadPool(2);
    timer = Executors.newSingleThreadScheduledExecutor();
    ledger = new MemoryLedger();
    lobby = new Lobby(ledger, InstantSource.system(), timer, pool);
  }

  @AfterEach
  void stop() {
    pool.shutdownNow();
    timer.shutdownNow();
    ledger.writer.shutdownNow();
  }

  Client connect() {
    Client c = new Client();
    c.conversation = lobby.connect(c);
    return c;
  }

  ServerMessage hello(Client c, Hello.Builder h) throws InterruptedException {
    return c.reply(c.ask(ClientMessage.newBuilder().setHello(h.setProtocolVersion(1))));
  }

  @Test
  void aTurnOfAClassGame_endToEnd() throws Exception {
    Client host = connect();
    assertEquals(Role.ROLE_HOST, hello(host, Hello.newBuilder().setHostToken(lobby.newToken(true)))
        .getWelcome().getRole());
    ServerMessage created = host.reply(host.ask(ClientMessage.newBuilder().setCreateMatch(
        CreateMatch.newBuilder().setConfig(MatchConfig.newBuilder().setScenarioId("tutorial")
            .setSeed(7)))));
    var match = created.getMatchCreated().getMatches(0);
    assertEquals(5, match.getCode().length());

    Client[] players = new Client[3];
    String[] tokens = new String[3];
    for (int i = 0; i < 3; i++) {
      players[i] = connect();
      hello(players[i], Hello.newBuilder());
      ServerMessage offer = players[i].reply(players[i].ask(ClientMessage.newBuilder()
          .setJoinMatch(JoinMatch.newBuilder().setCode(match.getCode().toLowerCase()))));
      String power = offer.getJoinOffer().getMatch().getSeats(i).getPower();
      ServerMessage granted = players[i].reply(players[i].ask(ClientMessage.newBuilder()
          .setClaimSeat(ClaimSeat.newBuilder().setMatchId(match.getMatchId()).setPower(power)
              .setDisplayName("student " + i))));
      assertEquals(power, granted.getSeatGranted().getPower());
      tokens[i] = granted.getSeatGranted().getSeatToken();
    }
    // A taken seat is refused.
    Client late = connect();
    hello(late, Hello.newBuilder());
    ServerMessage taken = late.reply(late.ask(ClientMessage.newBuilder().setClaimSeat(
        ClaimSeat.newBuilder().setMatchId(match.getMatchId()).setPower("NOR"))));
    assertEquals(ErrorCode.ERROR_CODE_SEAT_TAKEN, taken.getError().getCode());

    // Orders before the start are refused; then the host starts.
    ServerMessage early = players[0].reply(players[0].ask(ClientMessage.newBuilder()
        .setOrders(Orders.newBuilder().setTurn(1))));
    assertEquals(ErrorCode.ERROR_CODE_WRONG_PHASE, early.getError().getCode());
    host.reply(host.ask(ClientMessage.newBuilder().setHostAction(HostAction.newBuilder()
        .setMatchId(match.getMatchId()).setStart(org.concert.protocol.v1.Empty.getDefaultInstance()))));

    // Invalid orders come back with every problem; valid ones are acknowledged.
    ServerMessage bad = players[0].reply(players[0].ask(ClientMessage.newBuilder().setOrders(
        Orders.newBuilder().setTurn(1).addMilitary(MilitaryOrder.newBuilder().setMove(
            Move.newBuilder().setFrom("nowhere").setTo("elsewhere").setStrength(1))))));
    assertTrue(bad.getOrderRejection().getProblemsCount() >= 2, bad.toString());
    assertTrue(players[0].reply(players[0].ask(ClientMessage.newBuilder()
        .setOrders(Orders.newBuilder().setTurn(1)))).hasAck());

    // A proposal: the proposer gets its id, the other party the event, the third nothing.
    String me = "NOR";
    String partner = "WES";
    ServerMessage ack = players[0].reply(players[0].ask(ClientMessage.newBuilder().setDiplomacy(
        DiplomacyAction.newBuilder().setPropose(ProposalTerms.newBuilder().addParties(me)
            .addParties(partner).addClauses(org.concert.protocol.v1.Clause.newBuilder()
                .setNonAggression(org.concert.protocol.v1.NonAggression.getDefaultInstance()))))));
    String proposal = ack.getAck().getId();
    assertTrue(proposal.startsWith("p"), ack.toString());
    ServerMessage made = players[1].await(m -> m.hasEvent() && m.getEvent().hasProposalMade());
    assertEquals(proposal, made.getEvent().getProposalMade().getProposal().getId());
    assertTrue(made.getVersion() > 0 && made.getEvent().getVersion() == made.getVersion());

    // Everyone ready: the turn resolves and each player gets its result and a new view.
    for (Client p : players) {
      assertTrue(p.reply(p.ask(ClientMessage.newBuilder().setReady(Ready.newBuilder()
          .setReady(true)))).hasAck());
    }
    for (Client p : players) {
      ServerMessage result = p.await(ServerMessage::hasTurnResult);
      assertEquals(1, result.getTurnResult().getTurn());
      assertEquals("", result.getTurnResult().getStateHash(), "players get no state hash");
      p.await(m -> m.hasView() && m.getView().getTurn() == 2);
    }
    assertFalse(players[2].seen.stream().anyMatch(m -> m.hasEvent()
        && m.getEvent().hasProposalMade()), "the third power saw another's proposal");
    // The host gets the true result: every power's score and the state hash, and only that one.
    ServerMessage truth = host.await(ServerMessage::hasTurnResult);
    assertEquals(64, truth.getTurnResult().getStateHash().length());
    assertEquals(3, truth.getTurnResult().getScoresCount());
    assertEquals(lobby.byId(match.getMatchId()).state().hash(),
        truth.getTurnResult().getStateHash());

    // A refresh on another device: the seat token resumes the seat and sends what was missed.
    long versionBefore = made.getVersion();
    Client again = connect();
    ServerMessage welcome = hello(again, Hello.newBuilder().setSeatToken(tokens[1])
        .setLastEventVersion(versionBefore));
    assertEquals(partner, welcome.getWelcome().getPower());
    ServerMessage missed = again.await(ServerMessage::hasTurnResult);
    assertTrue(missed.getVersion() > versionBefore);
    again.await(m -> m.hasView() && m.getView().getTurn() == 2);
  }

  @Test
  void recovery_aRestartedServerHasTheSameMatchAndSeats() throws Exception {
    Client host = connect();
    String hostToken = lobby.newToken(true);
    hello(host, Hello.newBuilder().setHostToken(hostToken));
    var match = host.reply(host.ask(ClientMessage.newBuilder().setCreateMatch(CreateMatch
        .newBuilder().setConfig(MatchConfig.newBuilder().setScenarioId("tutorial").setSeed(3)
            .setTurnSeconds(600))))).getMatchCreated().getMatches(0);
    Client p = connect();
    hello(p, Hello.newBuilder());
    String token = p.reply(p.ask(ClientMessage.newBuilder().setClaimSeat(ClaimSeat.newBuilder()
        .setMatchId(match.getMatchId()).setPower("NOR").setDisplayName("Ada"))))
        .getSeatGranted().getSeatToken();
    host.reply(host.ask(ClientMessage.newBuilder().setHostAction(HostAction.newBuilder()
        .setMatchId(match.getMatchId()).setStart(org.concert.protocol.v1.Empty.getDefaultInstance()))));
    p.reply(p.ask(ClientMessage.newBuilder().setDiplomacy(DiplomacyAction.newBuilder()
        .setPropose(ProposalTerms.newBuilder().addParties("NOR").addParties("EAS")
            .addClauses(org.concert.protocol.v1.Clause.newBuilder().setNonAggression(
                org.concert.protocol.v1.NonAggression.getDefaultInstance()))))));
    host.reply(host.ask(ClientMessage.newBuilder().setHostAction(HostAction.newBuilder()
        .setMatchId(match.getMatchId()).setEndPhase(org.concert.protocol.v1.Empty.getDefaultInstance()))));
    p.await(m -> m.hasView() && m.getView().getTurn() == 2);
    Client watcher = connect();
    hello(watcher, Hello.newBuilder());
    String observerToken = watcher.reply(watcher.ask(ClientMessage.newBuilder().setClaimSeat(
        ClaimSeat.newBuilder().setMatchId(match.getMatchId()).setRole(Role.ROLE_OBSERVER)
            .setDisplayName("TA")))).getSeatGranted().getSeatToken();
    MatchRoom before = lobby.byId(match.getMatchId());
    String hash = before.state().hash();
    long version = before.version();

    // A new server over the same journal.
    Lobby restarted = new Lobby(ledger, InstantSource.system(), timer, pool);
    List<org.concert.protocol.v1.JournalEntry> records = new ArrayList<>();
    for (byte[] r : ledger.records.get(match.getMatchId())) {
      records.add(org.concert.protocol.v1.JournalEntry.parseFrom(r));
    }
    MatchRoom after = restarted.recover(match.getMatchId(), ledger.codes.get(match.getMatchId()),
        MatchConfig.parseFrom(ledger.configs.get(match.getMatchId())), records);
    assertEquals(hash, after.state().hash());
    assertTrue(after.version() == version || after.version() == version + 1, // + ClockResumed
        "recovered to version " + after.version() + ", not " + version);
    assertEquals(org.concert.protocol.v1.MatchPhase.MATCH_PHASE_DIPLOMACY, after.phase());
    Client back = new Client();
    back.conversation = restarted.connect(back);
    ServerMessage welcome = back.reply(back.ask(ClientMessage.newBuilder().setHello(
        Hello.newBuilder().setProtocolVersion(1).setSeatToken(token).setLastEventVersion(0))));
    assertEquals("NOR", welcome.getWelcome().getPower());
    back.await(ServerMessage::hasTurnResult); // history replays to a returning client
    ServerMessage clock = back.await(ServerMessage::hasClock);
    assertTrue(clock.getClock().getDeadlineEpochMs() > System.currentTimeMillis() + 590_000,
        "the turn keeps its time: " + clock);
    // An observer's place survives the restart too.
    Client watching = new Client();
    watching.conversation = restarted.connect(watching);
    ServerMessage observer = watching.reply(watching.ask(ClientMessage.newBuilder().setHello(
        Hello.newBuilder().setProtocolVersion(1).setSeatToken(observerToken))));
    assertEquals(Role.ROLE_OBSERVER, observer.getWelcome().getRole(), observer.toString());
    assertEquals("TA", observer.getWelcome().getDisplayName());
    watching.await(m -> m.hasView() && m.getView().getTurn() == 2);
  }

  @Test
  void twoStopsInOneTurn_theDeadlineMovesByBothDowntimes() throws Exception {
    long t0 = 1_000_000_000_000L;
    java.util.concurrent.atomic.AtomicLong now = new java.util.concurrent.atomic.AtomicLong(t0);
    InstantSource clock = () -> java.time.Instant.ofEpochMilli(now.get());
    lobby = new Lobby(ledger, clock, timer, pool);
    Hosted h = hostTutorial(MatchConfig.newBuilder().setTurnSeconds(600));
    String id = h.match().getMatchId();
    hostDoes(h, HostAction.newBuilder().setStart(org.concert.protocol.v1.Empty.getDefaultInstance()));
    assertEquals(t0 + 600_000, lobby.byId(id).clock().getDeadlineEpochMs());

    now.addAndGet(100_000); // down for 100 s: the turn keeps its 600 s
    assertEquals(t0 + 700_000, restartAndAwaitClock(clock, id, 1));
    now.addAndGet(50_000); // down again, 50 s after the restart, with nothing said meanwhile
    assertEquals(t0 + 750_000, restartAndAwaitClock(clock, id, 2),
        "the second restart forgot the first one's downtime");
  }

  /** The records written so far, read on the ledger's writer thread, which appends them. */
  private List<byte[]> journalOf(String id) throws Exception {
    return ledger.writer.submit(() -> List.copyOf(ledger.records.get(id))).get(5, TimeUnit.SECONDS);
  }

  /** Recovers the match in a new lobby; waits for its n-th ClockResumed record; the deadline. */
  private long restartAndAwaitClock(InstantSource clock, String id, int resumed)
      throws Exception {
    List<org.concert.protocol.v1.JournalEntry> records = new ArrayList<>();
    for (byte[] r : journalOf(id)) {
      records.add(org.concert.protocol.v1.JournalEntry.parseFrom(r));
    }
    Lobby restarted = new Lobby(ledger, clock, timer, pool);
    MatchRoom room = restarted.recover(id, ledger.codes.get(id),
        MatchConfig.parseFrom(ledger.configs.get(id)), records);
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (journalOf(id).stream().filter(r -> {
      try {
        return org.concert.protocol.v1.JournalEntry.parseFrom(r).hasResumed();
      } catch (com.google.protobuf.InvalidProtocolBufferException e) {
        throw new AssertionError(e);
      }
    }).count() < resumed) {
      assertTrue(System.nanoTime() < end, "no ClockResumed record was written");
      Thread.onSpinWait();
    }
    var clockNow = new java.util.concurrent.CompletableFuture<Long>();
    room.executor.execute(() -> clockNow.complete(room.clock().getDeadlineEpochMs()));
    return clockNow.get(5, TimeUnit.SECONDS);
  }

  @Test
  void aSeat_actsOnlyForItsOwnPower_andNeverAsTheHost() throws Exception {
    Hosted h = hostTutorial();
    String id = h.match().getMatchId();
    Client nor = seated(id, "NOR", "Ada");
    seated(id, "WES", "Bo");
    seated(id, "EAS", "Cy");
    hostDoes(h, HostAction.newBuilder().setStart(org.concert.protocol.v1.Empty.getDefaultInstance()));
    var empty = org.concert.protocol.v1.Empty.getDefaultInstance();
    long before = lobby.byId(id).version();

    // Every host action, and creating a match, needs the host token.
    for (HostAction.Builder a : List.of(HostAction.newBuilder().setPause(empty),
        HostAction.newBuilder().setEndPhase(empty), HostAction.newBuilder().setEndMatch(empty),
        HostAction.newBuilder().setExtendMinutes(5), HostAction.newBuilder().setAnnounce("hi"),
        HostAction.newBuilder().setFillWithBots(org.concert.protocol.v1.FillWithBots.newBuilder()
            .addPowers("WES").setBot("hawk")),
        HostAction.newBuilder().setReassign(org.concert.protocol.v1.Reassign.newBuilder()
            .setPower("WES").setDisplayName("Mallory")),
        HostAction.newBuilder().setNewHostToken(empty),
        HostAction.newBuilder().setNewBotToken(empty))) {
      ServerMessage refused = nor.reply(nor.ask(ClientMessage.newBuilder()
          .setHostAction(a.setMatchId(id))));
      assertEquals(ErrorCode.ERROR_CODE_FORBIDDEN, refused.getError().getCode(), a.toString());
    }
    assertEquals(ErrorCode.ERROR_CODE_FORBIDDEN, nor.reply(nor.ask(ClientMessage.newBuilder()
        .setCreateMatch(CreateMatch.newBuilder().setConfig(MatchConfig.newBuilder()
            .setScenarioId("tutorial"))))).getError().getCode());

    // Another power's army cannot be ordered: the whole set is refused.
    var view = nor.reply(nor.ask(ClientMessage.newBuilder().setGetView(
        org.concert.protocol.v1.GetView.getDefaultInstance()))).getView();
    var wesStack = view.getProvincesList().stream()
        .filter(p -> p.getStacksList().stream().anyMatch(st -> st.getPower().equals("WES")))
        .findFirst().orElseThrow();
    ServerMessage order = nor.reply(nor.ask(ClientMessage.newBuilder().setOrders(Orders
        .newBuilder().setTurn(1).addMilitary(MilitaryOrder.newBuilder().setHold(
            org.concert.protocol.v1.Hold.newBuilder().setProvince(wesStack.getId()))))));
    assertTrue(order.hasOrderRejection(), order.toString());

    // A proposal it is no party to can be neither made nor signed by it.
    ServerMessage forOthers = nor.reply(nor.ask(ClientMessage.newBuilder().setDiplomacy(
        DiplomacyAction.newBuilder().setPropose(ProposalTerms.newBuilder().addParties("WES")
            .addParties("EAS").addClauses(org.concert.protocol.v1.Clause.newBuilder()
                .setNonAggression(org.concert.protocol.v1.NonAggression.getDefaultInstance()))))));
    assertTrue(forOthers.hasError(), forOthers.toString());

    // It speaks as itself whatever it claims to be.
    ServerMessage said = nor.reply(nor.ask(ClientMessage.newBuilder().setChat(
        org.concert.protocol.v1.Chat.newBuilder().setChannel(
            org.concert.protocol.v1.ChatChannel.CHAT_CHANNEL_PUBLIC).setText("from WES, truly")
            .setFrom("WES").setAuthor("Bo"))));
    assertTrue(said.hasAck(), said.toString());
    ServerMessage heard = h.host().await(m -> m.hasChat()
        && m.getChat().getText().equals("from WES, truly"));
    assertEquals("NOR", heard.getChat().getFrom());
    assertEquals("Ada", heard.getChat().getAuthor());
    assertEquals(before + 2, lobby.byId(id).version(), "only the chat was recorded");
  }

  @Test
  void observers_seeWhatTheHostAllows_andCannotAct() throws Exception {
    for (var sight : List.of(org.concert.protocol.v1.ObserverSight.OBSERVER_SIGHT_PUBLIC,
        org.concert.protocol.v1.ObserverSight.OBSERVER_SIGHT_FULL)) {
      Hosted h = hostTutorial(MatchConfig.newBuilder().setObserverSight(sight)
          .setRules(org.concert.protocol.v1.RulesConfig.newBuilder().setTransparency(
              org.concert.protocol.v1.Transparency.TRANSPARENCY_OPAQUE)));
      String id = h.match().getMatchId();
      seated(id, "NOR", "Ada");
      hostDoes(h, HostAction.newBuilder().setStart(
          org.concert.protocol.v1.Empty.getDefaultInstance()));
      Client watcher = connect();
      hello(watcher, Hello.newBuilder());
      watcher.reply(watcher.ask(ClientMessage.newBuilder().setClaimSeat(ClaimSeat.newBuilder()
          .setMatchId(id).setRole(Role.ROLE_OBSERVER).setDisplayName("TA"))));

      var seen = watcher.reply(watcher.ask(ClientMessage.newBuilder().setGetView(
          org.concert.protocol.v1.GetView.getDefaultInstance()))).getView();
      var state = lobby.byId(id).state();
      assertEquals(sight == org.concert.protocol.v1.ObserverSight.OBSERVER_SIGHT_FULL
          ? org.concert.engine.Engine.hostView(state)
          : org.concert.engine.Engine.observerView(state), seen, sight.toString());
      if (sight == org.concert.protocol.v1.ObserverSight.OBSERVER_SIGHT_PUBLIC) {
        assertFalse(seen.equals(org.concert.engine.Engine.hostView(state)),
            "a public observer saw everything");
        assertTrue(seen.getPowersList().stream().noneMatch(p -> p.hasTreasury()),
            "a public observer saw a treasury in an opaque world");
      }
      // A projector's place sees only what everyone sees, even where observers may see all,
      // and keeps to it when its token resumes.
      Client projector = connect();
      hello(projector, Hello.newBuilder());
      String projectorToken = projector.reply(projector.ask(ClientMessage.newBuilder()
          .setClaimSeat(ClaimSeat.newBuilder().setMatchId(id).setRole(Role.ROLE_OBSERVER)
              .setDisplayName("Projector").setPublicSight(true)))).getSeatGranted().getSeatToken();
      assertEquals(org.concert.engine.Engine.observerView(state), projector.reply(projector.ask(
          ClientMessage.newBuilder().setGetView(org.concert.protocol.v1.GetView
              .getDefaultInstance()))).getView(), "projector under " + sight);
      Client again = connect();
      hello(again, Hello.newBuilder().setSeatToken(projectorToken));
      assertEquals(org.concert.engine.Engine.observerView(state), again.reply(again.ask(
          ClientMessage.newBuilder().setGetView(org.concert.protocol.v1.GetView
              .getDefaultInstance()))).getView(), "resumed projector under " + sight);
      for (ClientMessage.Builder act : List.of(
          ClientMessage.newBuilder().setOrders(Orders.newBuilder().setTurn(1)),
          ClientMessage.newBuilder().setReady(Ready.newBuilder().setReady(true)),
          ClientMessage.newBuilder().setChat(org.concert.protocol.v1.Chat.newBuilder()
              .setChannel(org.concert.protocol.v1.ChatChannel.CHAT_CHANNEL_PUBLIC).setText("hi")),
          ClientMessage.newBuilder().setHostAction(HostAction.newBuilder().setMatchId(id)
              .setPause(org.concert.protocol.v1.Empty.getDefaultInstance())))) {
        ServerMessage refused = watcher.reply(watcher.ask(act));
        assertEquals(ErrorCode.ERROR_CODE_FORBIDDEN, refused.getError().getCode(),
            act.getBodyCase() + ": " + refused);
      }
    }
  }

  @Test
  void autoAdvanceOff_aTurnWaitsForTheHost_evenWhenEveryoneIsReady() throws Exception {
    Hosted h = hostTutorial();
    String id = h.match().getMatchId();
    Client[] players = {seated(id, "NOR", "Ada"), seated(id, "WES", "Bo"), seated(id, "EAS", "Cy")};
    hostDoes(h, HostAction.newBuilder().setStart(org.concert.protocol.v1.Empty.getDefaultInstance()));
    assertTrue(hostDoes(h, HostAction.newBuilder().setAutoAdvance(false)).hasHostActionDone());
    ServerMessage told = players[0].await(m -> m.hasClock() && m.getClock().getWaitsForHost());
    assertEquals(1, told.getClock().getTurn());

    for (Client p : players) {
      assertTrue(p.reply(p.ask(ClientMessage.newBuilder().setReady(Ready.newBuilder()
          .setReady(true)))).hasAck());
    }
    players[0].await(m -> m.hasClock() && m.getClock().getReadyCount() == 3);
    assertEquals(1, turnSeenBy(players[0]), "the turn ended without the host");

    // Turning it back on with everyone ready ends the turn at once.
    hostDoes(h, HostAction.newBuilder().setAutoAdvance(true));
    players[0].await(m -> m.hasView() && m.getView().getTurn() == 2);
    assertEquals(2, turnSeenBy(players[1]));
  }

  @Test
  void fillWithBots_aStudentPlaysAgainstBuiltInBots() throws Exception {
    Client host = connect();
    hello(host, Hello.newBuilder().setHostToken(lobby.newToken(true)));
    var match = host.reply(host.ask(ClientMessage.newBuilder().setCreateMatch(CreateMatch
        .newBuilder().setConfig(MatchConfig.newBuilder().setScenarioId("vienna-1815").setSeed(2)
            .setAutoStart(true).setRules(org.concert.protocol.v1.RulesConfig.newBuilder()
                .setTurns(3)))))).getMatchCreated().getMatches(0);
    Client student = connect();
    hello(student, Hello.newBuilder());
    student.reply(student.ask(ClientMessage.newBuilder().setClaimSeat(ClaimSeat.newBuilder()
        .setMatchId(match.getMatchId()).setPower("GBR").setDisplayName("Ada"))));
    ServerMessage bad = host.reply(host.ask(ClientMessage.newBuilder().setHostAction(
        HostAction.newBuilder().setMatchId(match.getMatchId()).setFillWithBots(
            org.concert.protocol.v1.FillWithBots.newBuilder().setBot("napoleon")))));
    assertEquals(ErrorCode.ERROR_CODE_INVALID, bad.getError().getCode());
    assertTrue(host.reply(host.ask(ClientMessage.newBuilder().setHostAction(HostAction
        .newBuilder().setMatchId(match.getMatchId()).setFillWithBots(
            org.concert.protocol.v1.FillWithBots.newBuilder().setBot("balancer"))))).hasHostActionDone());
    // Every other seat is a bot: the match starts, and only Britain is waited for.
    student.await(m -> m.hasView() && m.getView().getTurn() == 1
        && m.getView().getPowersCount() == 5);
    for (int turn = 1; turn <= 3; turn++) {
      student.reply(student.ask(ClientMessage.newBuilder().setReady(Ready.newBuilder()
          .setReady(true))));
      int t = turn;
      student.await(m -> m.hasTurnResult() && m.getTurnResult().getTurn() == t);
    }
    MatchRoom room = lobby.byId(match.getMatchId());
    assertTrue(room.state().finished(), "three turns played");
    long botOrders = ledger.records.get(match.getMatchId()).stream().map(b -> {
      try {
        return org.concert.protocol.v1.JournalEntry.parseFrom(b);
      } catch (Exception e) {
        throw new AssertionError(e);
      }
    }).filter(e -> e.hasOrders() && !e.getOrders().getPower().equals("GBR")).count();
    assertTrue(botOrders >= 4 * 3 - 2, "the bots gave orders: " + botOrders);
  }

  @Test
  void aSeatKeptForABotProgram_isRefusedToPeople_leftByFill_andTakenWithABotToken()
      throws Exception {
    Client host = connect();
    hello(host, Hello.newBuilder().setHostToken(lobby.newToken(true)));
    ServerMessage refused = host.reply(host.ask(ClientMessage.newBuilder().setCreateMatch(
        CreateMatch.newBuilder().setConfig(MatchConfig.newBuilder().setScenarioId("tutorial")
            .addBotSeats("NOR").addBotSeats("XYZ").addBotSeats("NOR")))));
    assertEquals(List.of("create_match.config.bot_seats[1]", "create_match.config.bot_seats[2]"),
        refused.getError().getProblemsList().stream().map(Problem::getField).toList(),
        refused.toString());
    var match = host.reply(host.ask(ClientMessage.newBuilder().setCreateMatch(CreateMatch
        .newBuilder().setConfig(MatchConfig.newBuilder().setScenarioId("tutorial")
            .addBotSeats("NOR"))))).getMatchCreated().getMatches(0);
    assertTrue(match.getSeats(0).getKeptForBot() && !match.getSeats(1).getKeptForBot(),
        match.toString());

    Client student = connect();
    hello(student, Hello.newBuilder());
    ServerMessage no = student.reply(student.ask(ClientMessage.newBuilder().setClaimSeat(
        ClaimSeat.newBuilder().setMatchId(match.getMatchId()).setPower("NOR")
            .setDisplayName("Ada"))));
    assertEquals(ErrorCode.ERROR_CODE_FORBIDDEN, no.getError().getCode());
    assertEquals("claim_seat.power", no.getError().getField());

    // Filling every free seat leaves the kept one for its program.
    host.reply(host.ask(ClientMessage.newBuilder().setHostAction(HostAction.newBuilder()
        .setMatchId(match.getMatchId()).setFillWithBots(
            org.concert.protocol.v1.FillWithBots.newBuilder().setBot("balancer")))));
    var seats = lobby.byId(match.getMatchId()).summary().getSeatsList();
    assertEquals("", seats.get(0).getBot());
    assertEquals("balancer", seats.get(1).getBot());

    Client program = connect();
    hello(program, Hello.newBuilder().setBotToken(lobby.newToken(false)));
    assertTrue(program.reply(program.ask(ClientMessage.newBuilder().setClaimSeat(
        ClaimSeat.newBuilder().setMatchId(match.getMatchId()).setPower("NOR")
            .setDisplayName("Metternich")))).hasSeatGranted());
  }

  /** A started tutorial match with the host and one seated student (NOR). */
  Client[] startedMatch() throws Exception {
    Client host = connect();
    hello(host, Hello.newBuilder().setHostToken(lobby.newToken(true)));
    var match = host.reply(host.ask(ClientMessage.newBuilder().setCreateMatch(CreateMatch
        .newBuilder().setConfig(MatchConfig.newBuilder().setScenarioId("tutorial").setSeed(1)
            .setPress(org.concert.protocol.v1.Press.PRESS_PUBLIC_ONLY))))).getMatchCreated()
        .getMatches(0);
    Client student = connect();
    hello(student, Hello.newBuilder());
    student.reply(student.ask(ClientMessage.newBuilder().setClaimSeat(ClaimSeat.newBuilder()
        .setMatchId(match.getMatchId()).setPower("NOR"))));
    host.reply(host.ask(ClientMessage.newBuilder().setHostAction(HostAction.newBuilder()
        .setMatchId(match.getMatchId()).setStart(org.concert.protocol.v1.Empty.getDefaultInstance()))));
    return new Client[] {host, student};
  }

  record Bad(String name, int who, ClientMessage.Builder message, ErrorCode code, String field) {}

  @Test
  void badCommands_getAStableCodeAndTheirField_andChangeNothing() throws Exception {
    Client[] c = startedMatch();
    String m = lobby.listing(Lobby.LISTING_BUDGET).getMatches(0).getMatchId();
    MatchRoom room = lobby.byId(m);
    List<Bad> cases = List.of(
        new Bad("private chat under public-only press", 1, ClientMessage.newBuilder().setChat(
            org.concert.protocol.v1.Chat.newBuilder().setChannel(
                org.concert.protocol.v1.ChatChannel.CHAT_CHANNEL_PRIVATE).addTo("WES").setText("hi")),
            ErrorCode.ERROR_CODE_PRESS_FORBIDDEN, "chat.channel"),
        new Bad("empty chat", 1, ClientMessage.newBuilder().setChat(org.concert.protocol.v1.Chat
            .newBuilder().setChannel(org.concert.protocol.v1.ChatChannel.CHAT_CHANNEL_PUBLIC)),
            ErrorCode.ERROR_CODE_INVALID, "chat.text"),
        new Bad("chat too long", 1, ClientMessage.newBuilder().setChat(org.concert.protocol.v1.Chat
            .newBuilder().setChannel(org.concert.protocol.v1.ChatChannel.CHAT_CHANNEL_PUBLIC)
            .setText("x".repeat(2001))), ErrorCode.ERROR_CODE_INVALID, "chat.text"),
        new Bad("a proposal without the proposer", 1, ClientMessage.newBuilder().setDiplomacy(
            DiplomacyAction.newBuilder().setPropose(ProposalTerms.newBuilder().addParties("WES")
                .addParties("EAS").addClauses(org.concert.protocol.v1.Clause.newBuilder()
                    .setNonAggression(org.concert.protocol.v1.NonAggression.getDefaultInstance())))),
            ErrorCode.ERROR_CODE_INVALID, "diplomacy.propose.parties"),
        new Bad("ready for another turn", 1, ClientMessage.newBuilder().setReady(Ready.newBuilder()
            .setReady(true).setTurn(7)), ErrorCode.ERROR_CODE_WRONG_PHASE, "ready.turn"),
        new Bad("a host action by a player", 1, ClientMessage.newBuilder().setHostAction(
            HostAction.newBuilder().setMatchId(m).setPause(org.concert.protocol.v1.Empty
                .getDefaultInstance())), ErrorCode.ERROR_CODE_FORBIDDEN, ""),
        new Bad("extend by nothing", 0, ClientMessage.newBuilder().setHostAction(HostAction
            .newBuilder().setMatchId(m).setExtendMinutes(0)), ErrorCode.ERROR_CODE_INVALID,
            "host_action"),
        new Bad("resume a running match", 0, ClientMessage.newBuilder().setHostAction(HostAction
            .newBuilder().setMatchId(m).setResume(org.concert.protocol.v1.Empty
                .getDefaultInstance())), ErrorCode.ERROR_CODE_WRONG_PHASE, "host_action"),
        new Bad("start twice", 0, ClientMessage.newBuilder().setHostAction(HostAction
            .newBuilder().setMatchId(m).setStart(org.concert.protocol.v1.Empty.getDefaultInstance())),
            ErrorCode.ERROR_CODE_WRONG_PHASE, "host_action"),
        new Bad("fill with an unknown bot", 0, ClientMessage.newBuilder().setHostAction(HostAction
            .newBuilder().setMatchId(m).setFillWithBots(org.concert.protocol.v1.FillWithBots
                .newBuilder().setBot("napoleon"))), ErrorCode.ERROR_CODE_INVALID, "host_action"),
        new Bad("claim an unknown seat", 1, ClientMessage.newBuilder().setClaimSeat(ClaimSeat
            .newBuilder().setMatchId(m).setPower("ATL")), ErrorCode.ERROR_CODE_NOT_FOUND,
            "claim_seat.power"),
        new Bad("join an unknown code", 1, ClientMessage.newBuilder().setJoinMatch(JoinMatch
            .newBuilder().setCode("ZZZZZ")), ErrorCode.ERROR_CODE_NOT_FOUND, "join_match.code"),
        new Bad("an empty message", 1, ClientMessage.newBuilder(), ErrorCode.ERROR_CODE_MALFORMED,
            "body"));
    String hash = room.state().hash();
    long version = room.version();
    for (Bad b : cases) {
      Client who = c[b.who()];
      ServerMessage reply = who.reply(who.ask(b.message()));
      assertTrue(reply.hasError(), b.name() + ": " + reply);
      assertEquals(b.code(), reply.getError().getCode(), b.name());
      assertEquals(b.field(), reply.getError().getField(), b.name());
      assertFalse(reply.getError().getMessage().isEmpty(), b.name());
    }
    CompletableFuture<long[]> after = new CompletableFuture<>();
    room.executor.execute(() -> after.complete(new long[] {room.version()}));
    assertEquals(version, after.get(5, TimeUnit.SECONDS)[0], "a refused command wrote nothing");
    assertEquals(hash, room.state().hash(), "a refused command changed nothing");
  }

  @Test
  void hello_notSaidInTime_closesTheConnection() throws Exception {
    lobby.helloWithin = java.time.Duration.ofMillis(50);
    Client silent = connect();
    Client polite = connect();
    hello(polite, Hello.newBuilder());
    // The timer runs its tasks in time order: once a later task has run, both checks have.
    var after = new java.util.concurrent.CountDownLatch(1);
    timer.schedule(after::countDown, 100, TimeUnit.MILLISECONDS);
    assertTrue(after.await(5, TimeUnit.SECONDS));
    assertTrue(silent.closed != null && silent.closed.contains("hello"), "closed: " + silent.closed);
    assertEquals(null, polite.closed, "a client that said hello stays");
  }

  @Test
  void credentials_wrongOnesAreRefused() throws Exception {
    Client c = connect();
    assertEquals(ErrorCode.ERROR_CODE_UNAUTHENTICATED, c.reply(c.ask(ClientMessage.newBuilder()
        .setListMatches(org.concert.protocol.v1.ListMatches.getDefaultInstance()))).getError().getCode());
    assertEquals(ErrorCode.ERROR_CODE_UNSUPPORTED_VERSION,
        c.reply(c.ask(ClientMessage.newBuilder().setHello(Hello.newBuilder().setProtocolVersion(2))))
            .getError().getCode());
    assertEquals(ErrorCode.ERROR_CODE_UNAUTHENTICATED, hello(c, Hello.newBuilder()
        .setHostToken("not-a-token")).getError().getCode());
    hello(c, Hello.newBuilder());
    assertEquals(ErrorCode.ERROR_CODE_FORBIDDEN, c.reply(c.ask(ClientMessage.newBuilder()
        .setCreateMatch(CreateMatch.getDefaultInstance()))).getError().getCode());
    assertEquals(ErrorCode.ERROR_CODE_FORBIDDEN, c.reply(c.ask(ClientMessage.newBuilder()
        .setHostAction(HostAction.newBuilder().setMatchId("m1")))).getError().getCode());
  }

  // ---- a class game's edge cases -----------------------------------------------------------

  /** A host with a new tutorial match (three seats), and its summary. */
  record Hosted(Client host, org.concert.protocol.v1.MatchSummary match) {}

  Hosted hostTutorial() throws InterruptedException {
    return hostTutorial(MatchConfig.newBuilder());
  }

  Hosted hostTutorial(MatchConfig.Builder config) throws InterruptedException {
    Client host = connect();
    hello(host, Hello.newBuilder().setHostToken(lobby.newToken(true)));
    var match = host.reply(host.ask(ClientMessage.newBuilder().setCreateMatch(CreateMatch
        .newBuilder().setConfig(config.setScenarioId("tutorial").setSeed(11)))))
        .getMatchCreated().getMatches(0);
    return new Hosted(host, match);
  }

  Client seated(String matchId, String power, String name) throws InterruptedException {
    Client c = connect();
    hello(c, Hello.newBuilder());
    ServerMessage granted = c.reply(c.ask(ClientMessage.newBuilder().setClaimSeat(ClaimSeat
        .newBuilder().setMatchId(matchId).setPower(power).setDisplayName(name))));
    assertEquals(power, granted.getSeatGranted().getPower(), granted.toString());
    return c;
  }

  /** Takes a seat on a connection of its own and returns the seat token. */
  String seatToken(String matchId, String power, String name) throws InterruptedException {
    Client c = connect();
    hello(c, Hello.newBuilder());
    return c.reply(c.ask(ClientMessage.newBuilder().setClaimSeat(ClaimSeat.newBuilder()
        .setMatchId(matchId).setPower(power).setDisplayName(name)))).getSeatGranted()
        .getSeatToken();
  }

  ServerMessage hostDoes(Hosted h, HostAction.Builder a) throws InterruptedException {
    return h.host().reply(h.host().ask(ClientMessage.newBuilder().setHostAction(
        a.setMatchId(h.match().getMatchId()))));
  }

  int turnSeenBy(Client c) throws InterruptedException {
    return c.reply(c.ask(ClientMessage.newBuilder().setGetView(
        org.concert.protocol.v1.GetView.getDefaultInstance()))).getView().getTurn();
  }

  @Test
  void aSecondHello_isRefused_andTheConnectionKeepsWhoItIs() throws Exception {
    Hosted h = hostTutorial();
    ServerMessage again = hello(h.host(), Hello.newBuilder());
    assertEquals(ErrorCode.ERROR_CODE_INVALID, again.getError().getCode());
    assertEquals("hello", again.getError().getField());
    assertTrue(hostDoes(h, HostAction.newBuilder().setAnnounce("still the host"))
        .hasHostActionDone(), "the host lost its role");
  }

  @Test
  void aHostNamingAnUnknownMatch_getsNotFound_notItsLastMatch() throws Exception {
    Hosted h = hostTutorial();
    ServerMessage reply = h.host().reply(h.host().ask(ClientMessage.newBuilder().setHostAction(
        HostAction.newBuilder().setMatchId("mnosuch").setStart(
            org.concert.protocol.v1.Empty.getDefaultInstance()))));
    assertEquals(ErrorCode.ERROR_CODE_NOT_FOUND, reply.getError().getCode());
    assertEquals("host_action.match_id", reply.getError().getField());
    ServerMessage listed = h.host().reply(h.host().ask(ClientMessage.newBuilder().setListMatches(
        org.concert.protocol.v1.ListMatches.getDefaultInstance())));
    assertEquals(org.concert.protocol.v1.MatchPhase.MATCH_PHASE_LOBBY,
        listed.getMatchList().getMatches(0).getPhase(), "the last named match was started");
  }

  @Test
  void listMatches_showsAStudentOnlyTheMatchItPlays() throws Exception {
    Hosted one = hostTutorial();
    Hosted other = hostTutorial();
    Client student = seated(one.match().getMatchId(), "NOR", "Ada");
    var list = student.reply(student.ask(ClientMessage.newBuilder().setListMatches(
        org.concert.protocol.v1.ListMatches.getDefaultInstance()))).getMatchList();
    assertEquals(List.of(one.match().getMatchId()),
        list.getMatchesList().stream().map(m -> m.getMatchId()).toList());
    var all = other.host().reply(other.host().ask(ClientMessage.newBuilder().setListMatches(
        org.concert.protocol.v1.ListMatches.getDefaultInstance()))).getMatchList();
    assertEquals(2, all.getMatchesCount(), "a host sees every match");
  }

  @Test
  void tooManyWorlds_namesTheField() throws Exception {
    Client host = connect();
    hello(host, Hello.newBuilder().setHostToken(lobby.newToken(true)));
    ServerMessage reply = host.reply(host.ask(ClientMessage.newBuilder().setCreateMatch(
        CreateMatch.newBuilder().setWorlds(21).setConfig(MatchConfig.newBuilder()
            .setScenarioId("tutorial")))));
    assertEquals(ErrorCode.ERROR_CODE_INVALID, reply.getError().getCode());
    assertEquals("create_match.worlds", reply.getError().getField());
    assertTrue(ledger.configs.isEmpty(), "a match was created anyway");
  }

  @Test
  void endingTheMatch_marksItFinished_andItsSeatsCannotBeClaimed_butItCanBeWatched()
      throws Exception {
    Hosted h = hostTutorial();
    String id = h.match().getMatchId();
    seated(id, "NOR", "Ada");
    hostDoes(h, HostAction.newBuilder().setStart(org.concert.protocol.v1.Empty.getDefaultInstance()));
    Client ada = seated(id, "WES", "Bo");
    assertTrue(hostDoes(h, HostAction.newBuilder().setEndMatch(
        org.concert.protocol.v1.Empty.getDefaultInstance())).hasHostActionDone());
    ServerMessage last = ada.await(ServerMessage::hasTurnResult);
    assertTrue(last.getTurnResult().getFinished());
    assertEquals(3, last.getTurnResult().getScoresCount(), "every power's final score");
    assertEquals(3, last.getTurnResult().getSharesCount());
    assertTrue(ledger.finished.contains(id), "the store was not told the match is over");
    Client late = connect();
    hello(late, Hello.newBuilder());
    ServerMessage refused = late.reply(late.ask(ClientMessage.newBuilder().setClaimSeat(
        ClaimSeat.newBuilder().setMatchId(id).setPower("WES"))));
    assertEquals(ErrorCode.ERROR_CODE_WRONG_PHASE, refused.getError().getCode());
    ServerMessage watch = late.reply(late.ask(ClientMessage.newBuilder().setClaimSeat(
        ClaimSeat.newBuilder().setMatchId(id).setRole(Role.ROLE_OBSERVER))));
    assertEquals(Role.ROLE_OBSERVER, watch.getSeatGranted().getRole());
  }

  @Test
  void aResumedSeat_speaksUnderTheSeatsName() throws Exception {
    Hosted h = hostTutorial();
    String id = h.match().getMatchId();
    String token = seatToken(id, "NOR", "Ada");
    Client wes = seated(id, "WES", "Bo");
    Client phone = connect();
    hello(phone, Hello.newBuilder().setSeatToken(token));
    ServerMessage said = phone.reply(phone.ask(ClientMessage.newBuilder().setChat(
        org.concert.protocol.v1.Chat.newBuilder().setChannel(
            org.concert.protocol.v1.ChatChannel.CHAT_CHANNEL_PUBLIC).setText("hello again"))));
    assertTrue(said.hasAck(), said.toString());
    ServerMessage chat = wes.await(m -> m.hasChat()
        && m.getChat().getText().equals("hello again"));
    assertEquals("Ada", chat.getChat().getAuthor());
    assertEquals("NOR", chat.getChat().getFrom());
  }

  @Test
  void readinessAndTheHostEndingThePhaseAtOnce_resolveTheTurnOnce() throws Exception {
    Hosted h = hostTutorial();
    String id = h.match().getMatchId();
    Client[] players = {seated(id, "NOR", "a"), seated(id, "WES", "b"), seated(id, "EAS", "c")};
    hostDoes(h, HostAction.newBuilder().setStart(org.concert.protocol.v1.Empty.getDefaultInstance()));
    for (int i = 0; i < 2; i++) {
      players[i].reply(players[i].ask(ClientMessage.newBuilder().setReady(Ready.newBuilder()
          .setReady(true))));
    }
    // Writes wait: the last player's readiness and the host's end of phase are both accepted
    // while turn 1 is open, and become durable one after the other.
    ledger.gate = new java.util.concurrent.CountDownLatch(1);
    long ready = players[2].ask(ClientMessage.newBuilder().setReady(Ready.newBuilder()
        .setReady(true)));
    long end = h.host().ask(ClientMessage.newBuilder().setHostAction(HostAction.newBuilder()
        .setMatchId(id).setEndPhase(org.concert.protocol.v1.Empty.getDefaultInstance())));
    assertEquals(1, turnSeenBy(players[0]), "both requests are in before anything is durable");
    ledger.gate.countDown();
    assertTrue(players[2].reply(ready).hasAck());
    assertTrue(h.host().reply(end).hasHostActionDone());
    assertEquals(2, turnSeenBy(players[0]), "turn 1 resolved twice, or not at all");
  }

  @Test
  void aResumeWhileWritesArePending_replaysOnlyWhatIsDurable_thenTheRest() throws Exception {
    Hosted h = hostTutorial();
    String id = h.match().getMatchId();
    String token = seatToken(id, "NOR", "Ada");
    ledger.gate = new java.util.concurrent.CountDownLatch(1);
    long announce = h.host().ask(ClientMessage.newBuilder().setHostAction(HostAction
        .newBuilder().setMatchId(id).setAnnounce("not yet durable")));
    Client phone = connect();
    ServerMessage welcome = hello(phone, Hello.newBuilder().setSeatToken(token));
    ServerMessage view = phone.await(ServerMessage::hasView);
    assertFalse(phone.seen.stream().anyMatch(m -> m.hasEvent()
        && m.getEvent().hasAnnouncement()), "a message was replayed before it was durable");
    long stamped = view.getVersion();
    ledger.gate.countDown();
    assertTrue(h.host().reply(announce).hasHostActionDone());
    ServerMessage pushed = phone.await(m -> m.hasEvent() && m.getEvent().hasAnnouncement());
    assertTrue(pushed.getVersion() > stamped, "the view claimed a version not yet durable");
    assertEquals(Role.ROLE_PLAYER, welcome.getWelcome().getRole());
  }

  @Test
  void aMatchWithRulesOutOfRange_isRefusedWhole_withEveryProblemLocated() throws Exception {
    Client host = connect();
    hello(host, Hello.newBuilder().setHostToken(lobby.newToken(true)));
    ServerMessage reply = host.reply(host.ask(ClientMessage.newBuilder().setCreateMatch(
        CreateMatch.newBuilder().setConfig(MatchConfig.newBuilder().setScenarioId("tutorial")
            .setTurnSeconds(-5).setRules(org.concert.protocol.v1.RulesConfig.newBuilder()
                .setFortMax(99).setFrictionPercent(20))))));
    var error = reply.getError();
    assertEquals(ErrorCode.ERROR_CODE_INVALID, error.getCode());
    assertEquals("create_match.config.rules.fort_max", error.getField());
    assertEquals(List.of("create_match.config.rules.fort_max", "create_match.config.turn_seconds"),
        error.getProblemsList().stream().map(p -> p.getField()).toList());
    assertTrue(error.getMessage().contains("99"), error.getMessage());
    assertTrue(ledger.configs.isEmpty(), "a match was created anyway");

    ServerMessage unknown = host.reply(host.ask(ClientMessage.newBuilder().setCreateMatch(
        CreateMatch.newBuilder().setConfig(MatchConfig.newBuilder().setScenarioId("atlantis")))));
    assertEquals("create_match.config.scenario_id", unknown.getError().getField());
    assertTrue(unknown.getError().getMessage().contains("vienna-1815"),
        "the refusal lists the scenarios there are");
    assertTrue(host.reply(host.ask(ClientMessage.newBuilder().setCreateMatch(CreateMatch
        .newBuilder().setConfig(MatchConfig.newBuilder().setScenarioId("tutorial")
            .setRules(org.concert.protocol.v1.RulesConfig.newBuilder().setFortMax(2))))))
        .hasMatchCreated(), "a value in range is taken");
  }

  @Test
  void aCabinet_sharesOnePower_eachMemberWithATokenAndANameOfTheirOwn() throws Exception {
    Hosted h = hostTutorial();
    String id = h.match().getMatchId();
    Client ada = seated(id, "NOR", "Ada");
    Client bo = connect();
    hello(bo, Hello.newBuilder());
    ServerMessage refused = bo.reply(bo.ask(ClientMessage.newBuilder().setClaimSeat(ClaimSeat
        .newBuilder().setMatchId(id).setPower("NOR").setDisplayName("Bo"))));
    assertEquals(ErrorCode.ERROR_CODE_SEAT_TAKEN, refused.getError().getCode());
    assertTrue(refused.getError().getMessage().contains("cabinet"), "the refusal says how to join");
    ServerMessage joined = bo.reply(bo.ask(ClientMessage.newBuilder().setClaimSeat(ClaimSeat
        .newBuilder().setMatchId(id).setPower("NOR").setDisplayName("Bo").setJoinCabinet(true))));
    assertEquals("NOR", joined.getSeatGranted().getPower());
    String boToken = joined.getSeatGranted().getSeatToken();

    var seat = bo.reply(bo.ask(ClientMessage.newBuilder().setListMatches(
        org.concert.protocol.v1.ListMatches.getDefaultInstance()))).getMatchList().getMatches(0)
        .getSeats(0);
    assertEquals(List.of("Ada", "Bo"), seat.getPlayersList());

    // Bo, back on another device, writes under Bo's name for NOR; Ada reads it.
    Client phone = connect();
    assertEquals("Bo", hello(phone, Hello.newBuilder().setSeatToken(boToken)).getWelcome()
        .getDisplayName());
    assertTrue(phone.reply(phone.ask(ClientMessage.newBuilder().setChat(
        org.concert.protocol.v1.Chat.newBuilder().setChannel(
            org.concert.protocol.v1.ChatChannel.CHAT_CHANNEL_PUBLIC).setText("our move?"))))
        .hasAck());
    ServerMessage chat = ada.await(m -> m.hasChat() && m.getChat().getText().equals("our move?"));
    assertEquals("Bo", chat.getChat().getAuthor());
    assertEquals("NOR", chat.getChat().getFrom());

    // Freeing the seat ends every member's token at once.
    hostDoes(h, HostAction.newBuilder().setReassign(org.concert.protocol.v1.Reassign.newBuilder()
        .setPower("NOR")));
    ServerMessage gone = hello(connect(), Hello.newBuilder().setSeatToken(boToken));
    assertEquals(ErrorCode.ERROR_CODE_UNAUTHENTICATED, gone.getError().getCode());
  }

  /** Replaces the lobby by one on a clock the test moves; returns the clock (epoch ms). */
  java.util.concurrent.atomic.AtomicLong lobbyOnAClock() {
    java.util.concurrent.atomic.AtomicLong now =
        new java.util.concurrent.atomic.AtomicLong(System.currentTimeMillis());
    lobby = new Lobby(ledger, () -> java.time.Instant.ofEpochMilli(now.get()), timer, pool);
    return now;
  }

  @Test
  void theHostsList_putsTheMostRecentlyActiveFirst_andSaysHowManyDidNotFit() throws Exception {
    java.util.concurrent.atomic.AtomicLong now = lobbyOnAClock();
    Hosted first = hostTutorial();
    now.addAndGet(1_000);
    Hosted second = hostTutorial();
    now.addAndGet(1_000);
    Hosted third = hostTutorial();
    now.addAndGet(1_000);
    seated(first.match().getMatchId(), "NOR", "Ada"); // the oldest match is the latest active
    var all = lobby.listing(Lobby.LISTING_BUDGET);
    assertEquals(List.of(first.match().getMatchId(), third.match().getMatchId(),
        second.match().getMatchId()),
        all.getMatchesList().stream().map(MatchSummary::getMatchId).toList());
    assertEquals(0, all.getMore());
    // Room for two (a seat's figures may have moved by a byte since), not for the third.
    int thirdSize = all.getMatches(2).getSerializedSize();
    assertTrue(thirdSize > 32, "a summary is larger than the slack: " + thirdSize);
    int two = all.getMatches(0).getSerializedSize() + all.getMatches(1).getSerializedSize() + 8
        + 16;
    var some = lobby.listing(two);
    assertEquals(2, some.getMatchesCount());
    assertEquals(1, some.getMore(), "the least recently active one did not fit");
    assertTrue(all.toByteArray().length <= Lobby.LISTING_BUDGET + 16);
  }

  @Test
  void aFinishedMatch_isLetGoADayAfterItWasLastLookedAt_anUnfinishedOneNever() throws Exception {
    java.util.concurrent.atomic.AtomicLong now = lobbyOnAClock();
    Hosted ended = hostTutorial();
    Hosted running = hostTutorial();
    String endedId = ended.match().getMatchId();
    hostDoes(ended, HostAction.newBuilder().setEndMatch(
        org.concert.protocol.v1.Empty.getDefaultInstance()));
    long hour = 3_600_000L;

    now.addAndGet(23 * hour);
    assertTrue(lobby.byId(endedId) != null, "let go before its day was up");
    now.addAndGet(23 * hour); // looked at an hour before: kept another day from then
    lobby.cleanUp();
    assertTrue(lobby.byId(endedId) != null, "a look did not keep it");

    now.addAndGet(25 * hour);
    lobby.cleanUp();
    assertEquals(null, lobby.byId(endedId));
    assertEquals(null, lobby.byCode(ended.match().getCode()));
    assertTrue(lobby.byId(running.match().getMatchId()) != null, "an unfinished match was let go");
    assertTrue(ledger.records.containsKey(endedId), "the journal stays in the store");
  }

  @Test
  void parallelWorlds_areMatchesOfTheirOwn_inOneGroup() throws Exception {
    Client host = connect();
    hello(host, Hello.newBuilder().setHostToken(lobby.newToken(true)));
    var worlds = host.reply(host.ask(ClientMessage.newBuilder().setCreateMatch(CreateMatch
        .newBuilder().setWorlds(3).setConfig(MatchConfig.newBuilder().setScenarioId("tutorial")
            .setTitle("Seminar 3").setWorldGroup("mine"))))).getMatchCreated().getMatchesList();
    assertEquals(3, worlds.size());
    assertEquals(3, worlds.stream().map(w -> w.getCode()).distinct().count());
    assertEquals(List.of("Seminar 3, world A", "Seminar 3, world B", "Seminar 3, world C"),
        worlds.stream().map(w -> w.getTitle()).sorted().toList());
    String group = worlds.get(0).getWorldGroup();
    assertTrue(worlds.stream().anyMatch(w -> w.getMatchId().equals(group)), group);
    assertTrue(worlds.stream().allMatch(w -> w.getWorldGroup().equals(group)));
    var seeds = worlds.stream().map(w -> lobby.byId(w.getMatchId()).config.getSeed()).distinct()
        .toList();
    assertEquals(1, seeds.size(), "the worlds share a seed");
  }

  @Test
  void underBindingTreaties_ordersATreatyNowForbids_areRejectedAtOnce() throws Exception {
    Client host = connect();
    hello(host, Hello.newBuilder().setHostToken(lobby.newToken(true)));
    var match = host.reply(host.ask(ClientMessage.newBuilder().setCreateMatch(CreateMatch
        .newBuilder().setConfig(MatchConfig.newBuilder().setScenarioId("tutorial").setSeed(4)
            .setRules(org.concert.protocol.v1.RulesConfig.newBuilder().setEnforcement(
                org.concert.protocol.v1.Enforcement.ENFORCEMENT_BINDING))))))
        .getMatchCreated().getMatches(0);
    Hosted h = new Hosted(host, match);
    String id = match.getMatchId();
    Client nor = seated(id, "NOR", "Ada");
    Client wes = seated(id, "WES", "Bo");
    hostDoes(h, HostAction.newBuilder().setStart(org.concert.protocol.v1.Empty.getDefaultInstance()));
    // Northland declares war on Westland and marches into the Marsh...
    assertTrue(nor.reply(nor.ask(ClientMessage.newBuilder().setOrders(Orders.newBuilder()
        .setTurn(1).addDeclareWar("WES").addMilitary(MilitaryOrder.newBuilder().setMove(
            Move.newBuilder().setFrom("pines").setTo("marsh").setStrength(2)))))).hasAck());
    // ...then signs a non-aggression pact with it, which binds.
    String proposal = nor.reply(nor.ask(ClientMessage.newBuilder().setDiplomacy(
        DiplomacyAction.newBuilder().setPropose(ProposalTerms.newBuilder().addParties("NOR")
            .addParties("WES").addClauses(org.concert.protocol.v1.Clause.newBuilder()
                .setNonAggression(org.concert.protocol.v1.NonAggression.getDefaultInstance()))))))
        .getAck().getId();
    assertTrue(wes.reply(wes.ask(ClientMessage.newBuilder().setDiplomacy(DiplomacyAction
        .newBuilder().setAccept(proposal)))).hasAck());
    ServerMessage rejected = nor.await(m -> m.hasOrderRejection() && m.getRequestId() == 0);
    assertTrue(rejected.getOrderRejection().getProblemsList().stream().anyMatch(p ->
        p.getCode() == org.concert.protocol.v1.ProblemCode.PROBLEM_CODE_TREATY_FORBIDS),
        rejected.toString());
    turnSeenBy(wes); // a round trip: whatever was pushed to Westland before is in `seen`
    assertFalse(wes.seen.stream().anyMatch(ServerMessage::hasOrderRejection),
        "Westland was told of Northland's orders");
  }

  @Test
  void aDisplayNameOverFortyCharacters_isRefused_forASeatAndAnObserverAlike() throws Exception {
    Hosted h = hostTutorial();
    Client c = connect();
    hello(c, Hello.newBuilder());
    String longName = "x".repeat(41);
    for (Role role : List.of(Role.ROLE_PLAYER, Role.ROLE_OBSERVER)) {
      ServerMessage refused = c.reply(c.ask(ClientMessage.newBuilder().setClaimSeat(ClaimSeat
          .newBuilder().setMatchId(h.match().getMatchId()).setPower("NOR").setRole(role)
          .setDisplayName(longName))));
      assertEquals(ErrorCode.ERROR_CODE_INVALID, refused.getError().getCode(), role.name());
      assertEquals("claim_seat.display_name", refused.getError().getField());
    }
    assertEquals(0, c.reply(c.ask(ClientMessage.newBuilder().setJoinMatch(JoinMatch.newBuilder()
        .setCode(h.match().getCode())))).getJoinOffer().getMatch().getSeats(0)
        .getPlayersCount(), "the seat was taken anyway");
  }
}
