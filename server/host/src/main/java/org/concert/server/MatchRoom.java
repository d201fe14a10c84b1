package org.concert.server;

import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.logging.log4j.CloseableThreadContext;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.concert.engine.Engine;
import org.concert.engine.GameState;
import org.concert.engine.Resolution;
import org.concert.protocol.v1.Ack;
import org.concert.protocol.v1.Chat;
import org.concert.protocol.v1.ChatChannel;
import org.concert.protocol.v1.ClaimSeat;
import org.concert.protocol.v1.DiplomacyAction;
import org.concert.protocol.v1.Error;
import org.concert.protocol.v1.ErrorCode;
import org.concert.protocol.v1.Event;
import org.concert.protocol.v1.HostAction;
import org.concert.protocol.v1.HostActionDone;
import org.concert.protocol.v1.JournalEntry;
import org.concert.protocol.v1.MatchConfig;
import org.concert.protocol.v1.MatchPhase;
import org.concert.protocol.v1.MatchStart;
import org.concert.protocol.v1.MatchSummary;
import org.concert.protocol.v1.OrderRejection;
import org.concert.protocol.v1.Orders;
import org.concert.protocol.v1.PowerAct;
import org.concert.protocol.v1.Press;
import org.concert.protocol.v1.Problem;
import org.concert.protocol.v1.ReadyChange;
import org.concert.protocol.v1.Role;
import org.concert.protocol.v1.Scenario;
import org.concert.protocol.v1.SeatChange;
import org.concert.protocol.v1.SeatGranted;
import org.concert.protocol.v1.SeatInfo;
import org.concert.protocol.v1.ServerMessage;
import org.concert.protocol.v1.SubmittedOrders;
import org.concert.protocol.v1.TurnClock;
import org.concert.protocol.v1.TurnResolved;

/**
 * One match on the server: its state, seats, clock and audience, owned by one serial executor
 * (every method below runs on it). Each accepted command is written to the ledger; the
 * acknowledgement and what the command caused are sent only once the write is durable. Every
 * record and every pushed message takes the next number of the match's event version, in one
 * order, so a client that resumes with its last version gets exactly what it missed.
 */
final class MatchRoom {
  private static final Logger LOG = LogManager.getLogger(MatchRoom.class);

  /** A power's seat. */
  static final class Seat {
    final String power;
    String displayName = "";
    String tokenHash = "";
    String bot = "";
    final Set<Session> sessions = new LinkedHashSet<>();
    long lastSeenMs;

    Seat(String power) {
      this.power = power;
    }
  }

  final String id;
  final String code;
  final MatchConfig config;
  final Scenario scenario;
  final SerialExecutor executor;
  private final Ledger ledger;
  private final InstantSource clock;
  private final ScheduledExecutorService timer;
  private final Map<String, Seat> seats = new LinkedHashMap<>();
  private final Set<Session> audience = new LinkedHashSet<>();
  private final List<Delivery> deliveries = new ArrayList<>();
  private final Map<String, Orders> orders = new LinkedHashMap<>();
  private final Set<String> ready = new LinkedHashSet<>();
  private GameState state;
  private long version;
  private MatchPhase phase = MatchPhase.MATCH_PHASE_LOBBY;
  private long deadlineMs;
  private long remainingMs;
  private int timerGeneration;
  private boolean broken;

  MatchRoom(String id, String code, MatchConfig config, Scenario scenario, Ledger ledger,
      InstantSource clock, ScheduledExecutorService timer, java.util.concurrent.Executor pool) {
    this.id = id;
    this.code = code;
    this.config = config;
    this.scenario = scenario;
    this.ledger = ledger;
    this.clock = clock;
    this.timer = timer;
    this.executor = new SerialExecutor(pool);
    this.state = Engine.start(scenario, config.getRules(), config.getSeed());
    for (var p : scenario.getPowersList()) {
      seats.put(p.getId(), new Seat(p.getId()));
    }
  }

  /** The first record of a new match. Runs on the executor. */
  void create(Runnable durable) {
    persist(JournalEntry.newBuilder().setStart(MatchStart.newBuilder()
        .setScenarioId(scenario.getId()).setRules(config.getRules()).setSeed(config.getSeed())
        .setScenarioHash(Engine.scenarioHash(scenario))), List.of(), durable);
  }

  GameState state() {
    return state;
  }

  long version() {
    return version;
  }

  MatchPhase phase() {
    return phase;
  }

  // ---- summaries ---------------------------------------------------------------------------

  MatchSummary summary() {
    MatchSummary.Builder b = MatchSummary.newBuilder().setMatchId(id).setCode(code)
        .setTitle(config.getTitle()).setScenarioId(scenario.getId()).setPhase(phase)
        .setTurn(state.turn());
    long now = clock.millis();
    for (Seat s : seats.values()) {
      SeatInfo.Builder i = SeatInfo.newBuilder().setPower(s.power).setBot(s.bot)
          .setConnected(!s.sessions.isEmpty()).setSubmitted(orders.containsKey(s.power))
          .setReady(ready.contains(s.power))
          .setIdleSeconds(s.lastSeenMs == 0 ? 0 : (int) ((now - s.lastSeenMs) / 1000));
      if (!s.displayName.isEmpty()) {
        i.addPlayers(s.displayName);
      }
      b.addSeats(i);
    }
    return b.build();
  }

  TurnClock clock() {
    TurnClock.Builder c = TurnClock.newBuilder().setMatchId(id).setTurn(state.turn())
        .setPhase(phase).setServerEpochMs(clock.millis()).addAllReady(ready);
    if (phase == MatchPhase.MATCH_PHASE_DIPLOMACY && deadlineMs > 0) {
      c.setDeadlineEpochMs(deadlineMs);
    }
    if (phase == MatchPhase.MATCH_PHASE_PAUSED) {
      c.setRemainingMs(remainingMs);
    }
    return c.build();
  }

  // ---- sessions ----------------------------------------------------------------------------

  /** A session joins the audience; it is sent what it missed after `lastVersion`, then a view. */
  void attach(Session s, long lastVersion) {
    audience.add(s);
    Viewer v = s.viewer();
    if (v.player()) {
      Seat seat = seats.get(v.power());
      seat.sessions.add(s);
      seat.lastSeenMs = clock.millis();
    }
    for (Delivery d : deliveries) {
      if (d.version() > lastVersion && d.visibleTo(v, observersSeeAll())) {
        s.push(d.message());
      }
    }
    s.push(message(0).setView(view(v)).build());
    s.push(message(0).setClock(clock()).build());
  }

  void detach(Session s) {
    audience.remove(s);
    for (Seat seat : seats.values()) {
      seat.sessions.remove(s);
    }
  }

  private boolean observersSeeAll() {
    return config.getObserverSight() == org.concert.protocol.v1.ObserverSight.OBSERVER_SIGHT_FULL;
  }

  private org.concert.protocol.v1.PowerView view(Viewer v) {
    if (v.host() || (v.role() == Role.ROLE_OBSERVER && observersSeeAll())) {
      return Engine.hostView(state);
    }
    if (v.player()) {
      return Engine.view(state, v.power());
    }
    return Engine.observerView(state);
  }

  private ServerMessage.Builder message(long requestId) {
    return ServerMessage.newBuilder().setRequestId(requestId).setVersion(version).setMatchId(id);
  }

  private void reply(Session s, long requestId, ServerMessage.Builder m) {
    s.push(m.setRequestId(requestId).setVersion(version).setMatchId(id).build());
  }

  private void error(Session s, long requestId, ErrorCode code, String text, String field,
      List<Problem> problems) {
    reply(s, requestId, ServerMessage.newBuilder().setError(Error.newBuilder().setCode(code)
        .setMessage(text).setField(field).addAllProblems(problems)));
  }

  // ---- the journal -------------------------------------------------------------------------

  /**
   * Writes a record (taking the next version), numbers what it caused, and, once the record is
   * durable, pushes those messages and runs `after` (typically the acknowledgement).
   */
  private void persist(JournalEntry.Builder record, List<Delivery> caused, Runnable after) {
    long v = ++version;
    byte[] bytes = record.setVersion(v).setAtEpochMs(clock.millis()).build().toByteArray();
    List<Delivery> numbered = new ArrayList<>();
    for (Delivery d : caused) {
      long dv = ++version;
      ServerMessage m = d.message().toBuilder().setVersion(dv).setMatchId(id).build();
      if (m.hasEvent()) {
        m = m.toBuilder().setEvent(m.getEvent().toBuilder().setVersion(dv)).build();
      }
      numbered.add(new Delivery(dv, m, d.powers()));
    }
    deliveries.addAll(numbered);
    ledger.append(id, v, bytes).whenComplete((ok, failure) -> executor.execute(() -> {
      if (failure != null) {
        fail(failure);
        return;
      }
      for (Delivery d : numbered) {
        for (Session s : audience) {
          if (d.visibleTo(s.viewer(), observersSeeAll())) {
            s.push(d.message());
          }
        }
      }
      if (after != null) {
        after.run();
      }
    }));
  }

  /** A write failed: nothing more is acknowledged; every client is told and let go. */
  private void fail(Throwable failure) {
    if (broken) {
      return;
    }
    broken = true;
    LOG.error("match {} could not be written; it stops until the server restarts", id, failure);
    for (Session s : new ArrayList<>(audience)) {
      s.close("the server could not record the match; reconnect after a restart");
    }
  }

  private static List<Delivery> events(List<Event> events) {
    List<Delivery> out = new ArrayList<>();
    for (Event e : events) {
      Set<String> powers = e.getAudience().getEveryone() ? null
          : Set.copyOf(e.getAudience().getPowersList());
      out.add(new Delivery(0, ServerMessage.newBuilder().setEvent(e).build(), powers));
    }
    return out;
  }

  // ---- commands ----------------------------------------------------------------------------

  private boolean playing(Session s, long requestId) {
    if (broken) {
      error(s, requestId, ErrorCode.ERROR_CODE_INTERNAL, "the match is stopped", "", List.of());
      return false;
    }
    if (!s.viewer().player()) {
      error(s, requestId, ErrorCode.ERROR_CODE_FORBIDDEN, "only a player of a seat may do this",
          "", List.of());
      return false;
    }
    if (phase != MatchPhase.MATCH_PHASE_DIPLOMACY && phase != MatchPhase.MATCH_PHASE_PAUSED) {
      error(s, requestId, ErrorCode.ERROR_CODE_WRONG_PHASE,
          "the match is " + phase.name().replace("MATCH_PHASE_", "").toLowerCase(), "",
          List.of());
      return false;
    }
    seats.get(s.viewer().power()).lastSeenMs = clock.millis();
    return true;
  }

  void orders(Session s, long requestId, Orders o) {
    if (!playing(s, requestId)) {
      return;
    }
    String power = s.viewer().power();
    List<Problem> problems = Engine.validate(state, power, o);
    if (!problems.isEmpty()) {
      reply(s, requestId, ServerMessage.newBuilder().setOrderRejection(
          OrderRejection.newBuilder().setTurn(state.turn()).addAllProblems(problems)));
      return;
    }
    orders.put(power, o);
    persist(JournalEntry.newBuilder().setOrders(SubmittedOrders.newBuilder().setPower(power)
        .setOrders(o)), List.of(), () -> {
          reply(s, requestId, ServerMessage.newBuilder().setAck(Ack.getDefaultInstance()));
          pushClock();
        });
  }

  void diplomacy(Session s, long requestId, DiplomacyAction action) {
    if (!playing(s, requestId)) {
      return;
    }
    String power = s.viewer().power();
    Engine.Outcome out = Engine.act(state, power, action);
    if (!out.accepted()) {
      Problem first = out.problems().get(0);
      error(s, requestId, ErrorCode.ERROR_CODE_INVALID, first.getMessage(),
          "diplomacy." + first.getField(), out.problems());
      return;
    }
    state = out.state();
    persist(JournalEntry.newBuilder().setAct(PowerAct.newBuilder().setPower(power)
        .setAction(action)), events(out.events()), () -> reply(s, requestId,
            ServerMessage.newBuilder().setAck(Ack.newBuilder().setId(out.created()))));
  }

  void chat(Session s, long requestId, Chat c) {
    Viewer v = s.viewer();
    if (!v.player() && !v.host()) {
      error(s, requestId, ErrorCode.ERROR_CODE_FORBIDDEN, "observers do not chat", "", List.of());
      return;
    }
    Press press = config.getPress() == Press.PRESS_UNSPECIFIED ? Press.PRESS_FULL
        : config.getPress();
    if (press == Press.PRESS_NONE || (press == Press.PRESS_PUBLIC_ONLY
        && c.getChannel() != ChatChannel.CHAT_CHANNEL_PUBLIC)) {
      error(s, requestId, ErrorCode.ERROR_CODE_PRESS_FORBIDDEN,
          "this match allows " + (press == Press.PRESS_NONE ? "no chat" : "public chat only"),
          "chat.channel", List.of());
      return;
    }
    if (c.getText().isBlank() || c.getText().length() > 2000) {
      error(s, requestId, ErrorCode.ERROR_CODE_INVALID,
          "a message has 1 to 2,000 characters", "chat.text", List.of());
      return;
    }
    Set<String> to = null;
    if (c.getChannel() != ChatChannel.CHAT_CHANNEL_PUBLIC) {
      if (c.getChannel() == ChatChannel.CHAT_CHANNEL_UNSPECIFIED
          || (c.getChannel() == ChatChannel.CHAT_CHANNEL_PRIVATE && c.getToCount() != 1)
          || c.getToCount() == 0) {
        error(s, requestId, ErrorCode.ERROR_CODE_INVALID,
            "a private message has one recipient, a group message one or more", "chat.to",
            List.of());
        return;
      }
      for (int i = 0; i < c.getToCount(); i++) {
        if (!seats.containsKey(c.getTo(i))) {
          error(s, requestId, ErrorCode.ERROR_CODE_INVALID, "no power \"" + c.getTo(i) + "\"",
              "chat.to[" + i + "]", List.of());
          return;
        }
      }
      Set<String> recipients = new LinkedHashSet<>(c.getToList());
      if (v.player()) {
        recipients.add(v.power());
      }
      to = recipients;
    }
    Chat sent = c.toBuilder().setFrom(v.player() ? v.power() : "").setTurn(state.turn())
        .setAuthor(v.displayName()).setSentEpochMs(clock.millis())
        .setId(id + "-c" + (version + 1)).build();
    persist(JournalEntry.newBuilder().setChat(sent),
        List.of(new Delivery(0, ServerMessage.newBuilder().setChat(sent).build(), to)),
        () -> reply(s, requestId, ServerMessage.newBuilder().setAck(Ack.getDefaultInstance())));
  }

  void ready(Session s, long requestId, boolean isReady) {
    if (!playing(s, requestId)) {
      return;
    }
    String power = s.viewer().power();
    if (isReady) {
      ready.add(power);
    } else {
      ready.remove(power);
    }
    persist(JournalEntry.newBuilder().setReady(ReadyChange.newBuilder().setPower(power)
        .setReady(isReady)), List.of(), () -> {
          reply(s, requestId, ServerMessage.newBuilder().setAck(Ack.getDefaultInstance()));
          pushClock();
          if (phase == MatchPhase.MATCH_PHASE_DIPLOMACY && allReady()) {
            resolve();
          }
        });
  }

  void view(Session s, long requestId) {
    reply(s, requestId, ServerMessage.newBuilder().setView(view(s.viewer())));
  }

  /** Takes a free seat; returns the token through the reply. */
  void claim(Session s, long requestId, ClaimSeat c, String token) {
    if (c.getRole() == Role.ROLE_OBSERVER) {
      reply(s, requestId, ServerMessage.newBuilder().setSeatGranted(SeatGranted.newBuilder()
          .setMatchId(id).setRole(Role.ROLE_OBSERVER).setSeatToken(token)));
      return;
    }
    Seat seat = seats.get(c.getPower());
    if (seat == null) {
      error(s, requestId, ErrorCode.ERROR_CODE_NOT_FOUND, "no seat \"" + c.getPower() + "\" in "
          + scenario.getId(), "claim_seat.power", List.of());
      return;
    }
    if (!seat.tokenHash.isEmpty() || !seat.bot.isEmpty()) {
      error(s, requestId, ErrorCode.ERROR_CODE_SEAT_TAKEN, seat.power + " is taken"
          + (seat.displayName.isEmpty() ? "" : " by " + seat.displayName), "claim_seat.power",
          List.of());
      return;
    }
    String name = c.getDisplayName().isBlank() ? seat.power : c.getDisplayName().strip();
    if (name.length() > 40) {
      error(s, requestId, ErrorCode.ERROR_CODE_INVALID, "a display name has at most 40 characters",
          "claim_seat.display_name", List.of());
      return;
    }
    seat.displayName = name;
    seat.tokenHash = Tokens.hash(token);
    persist(JournalEntry.newBuilder().setSeat(SeatChange.newBuilder().setPower(seat.power)
        .setDisplayName(name).setTokenHash(seat.tokenHash).setRole(Role.ROLE_PLAYER)),
        List.of(), () -> {
          reply(s, requestId, ServerMessage.newBuilder().setSeatGranted(SeatGranted.newBuilder()
              .setMatchId(id).setPower(seat.power).setRole(Role.ROLE_PLAYER).setSeatToken(token)));
          if (config.getAutoStart() && phase == MatchPhase.MATCH_PHASE_LOBBY && allSeated()) {
            start();
          }
        });
  }

  /** The seat a token hash holds, or null. */
  Seat seatOf(String tokenHash) {
    for (Seat s : seats.values()) {
      if (!s.tokenHash.isEmpty() && Tokens.same(s.tokenHash, tokenHash)) {
        return s;
      }
    }
    return null;
  }

  private boolean allSeated() {
    for (Seat s : seats.values()) {
      if (s.tokenHash.isEmpty() && s.bot.isEmpty()) {
        return false;
      }
    }
    return true;
  }

  private boolean allReady() {
    for (int i = 0; i < scenario.getPowersCount(); i++) {
      String p = scenario.getPowers(i).getId();
      if (state.alive(i) && !ready.contains(p) && seats.get(p).bot.isEmpty()) {
        return false;
      }
    }
    return true;
  }

  void host(Session s, long requestId, HostAction a) {
    if (!s.viewer().host()) {
      error(s, requestId, ErrorCode.ERROR_CODE_FORBIDDEN, "host actions need the host token", "",
          List.of());
      return;
    }
    Runnable done = () -> reply(s, requestId, ServerMessage.newBuilder().setHostActionDone(
        HostActionDone.newBuilder().setMatchId(id)));
    switch (a.getKindCase()) {
      case START -> {
        if (phase != MatchPhase.MATCH_PHASE_LOBBY) {
          error(s, requestId, ErrorCode.ERROR_CODE_WRONG_PHASE, "the match has started", "",
              List.of());
          return;
        }
        persist(JournalEntry.newBuilder().setHost(a), List.of(), () -> {
          done.run();
          start();
        });
      }
      case PAUSE -> {
        if (phase != MatchPhase.MATCH_PHASE_DIPLOMACY) {
          error(s, requestId, ErrorCode.ERROR_CODE_WRONG_PHASE, "nothing to pause", "", List.of());
          return;
        }
        remainingMs = deadlineMs == 0 ? 0 : Math.max(0, deadlineMs - clock.millis());
        phase = MatchPhase.MATCH_PHASE_PAUSED;
        timerGeneration++;
        persist(JournalEntry.newBuilder().setHost(a), List.of(), () -> {
          done.run();
          pushClock();
        });
      }
      case RESUME -> {
        if (phase != MatchPhase.MATCH_PHASE_PAUSED) {
          error(s, requestId, ErrorCode.ERROR_CODE_WRONG_PHASE, "the match is not paused", "",
              List.of());
          return;
        }
        phase = MatchPhase.MATCH_PHASE_DIPLOMACY;
        arm(remainingMs);
        persist(JournalEntry.newBuilder().setHost(a), List.of(), () -> {
          done.run();
          pushClock();
        });
      }
      case EXTEND_MINUTES -> {
        if (a.getExtendMinutes() <= 0 || a.getExtendMinutes() > 240) {
          error(s, requestId, ErrorCode.ERROR_CODE_INVALID, "extend by 1 to 240 minutes",
              "host_action.extend_minutes", List.of());
          return;
        }
        long more = a.getExtendMinutes() * 60_000L;
        if (phase == MatchPhase.MATCH_PHASE_PAUSED) {
          remainingMs += more;
        } else if (deadlineMs > 0) {
          arm(deadlineMs - clock.millis() + more);
        }
        persist(JournalEntry.newBuilder().setHost(a), List.of(), () -> {
          done.run();
          pushClock();
        });
      }
      case END_PHASE -> {
        if (phase != MatchPhase.MATCH_PHASE_DIPLOMACY && phase != MatchPhase.MATCH_PHASE_PAUSED) {
          error(s, requestId, ErrorCode.ERROR_CODE_WRONG_PHASE, "no turn is open", "", List.of());
          return;
        }
        persist(JournalEntry.newBuilder().setHost(a), List.of(), () -> {
          done.run();
          resolve();
        });
      }
      case ANNOUNCE, INJECT_EVENT -> {
        String text = a.hasAnnounce() ? a.getAnnounce() : a.getInjectEvent();
        if (text.isBlank() || text.length() > 2000) {
          error(s, requestId, ErrorCode.ERROR_CODE_INVALID, "1 to 2,000 characters",
              "host_action", List.of());
          return;
        }
        Event e = Event.newBuilder().setTurn(state.turn())
            .setAudience(org.concert.protocol.v1.Audience.newBuilder().setEveryone(true))
            .setAnnouncement(org.concert.protocol.v1.Announcement.newBuilder().setText(text)
                .setKind(a.hasAnnounce() ? org.concert.protocol.v1.AnnouncementKind.ANNOUNCEMENT_KIND_HOST
                    : org.concert.protocol.v1.AnnouncementKind.ANNOUNCEMENT_KIND_STORY)).build();
        persist(JournalEntry.newBuilder().setHost(a), events(List.of(e)), done);
      }
      case END_MATCH -> {
        if (state.finished()) {
          error(s, requestId, ErrorCode.ERROR_CODE_WRONG_PHASE, "the match is over", "",
              List.of());
          return;
        }
        Resolution end = Engine.endByHost(state);
        state = end.state();
        phase = MatchPhase.MATCH_PHASE_FINISHED;
        timerGeneration++;
        persist(JournalEntry.newBuilder().setHost(a), events(end.events()), done);
      }
      default -> error(s, requestId, ErrorCode.ERROR_CODE_INVALID,
          "this host action is not available here", "host_action", List.of());
    }
  }

  // ---- the clock ---------------------------------------------------------------------------

  private void start() {
    if (phase != MatchPhase.MATCH_PHASE_LOBBY) {
      return;
    }
    phase = MatchPhase.MATCH_PHASE_DIPLOMACY;
    arm(config.getTurnSeconds() * 1000L);
    pushViews();
    pushClock();
  }

  /** Sets the deadline `ms` from now (no deadline when the match has no turn length). */
  private void arm(long ms) {
    int generation = ++timerGeneration;
    if (config.getTurnSeconds() <= 0 && ms <= 0) {
      deadlineMs = 0;
      return;
    }
    deadlineMs = clock.millis() + Math.max(0, ms);
    timer.schedule(() -> executor.execute(() -> {
      if (generation == timerGeneration && phase == MatchPhase.MATCH_PHASE_DIPLOMACY) {
        resolve();
      }
    }), Math.max(0, ms), TimeUnit.MILLISECONDS);
  }

  /** Resolves the open turn, durably, and opens the next. */
  private void resolve() {
    if (state.finished() || broken) {
      return;
    }
    try (var ctx = CloseableThreadContext.put("match", id)) {
      int turn = state.turn();
      Resolution r = Engine.resolve(state, orders);
      state = r.state();
      orders.clear();
      ready.clear();
      timerGeneration++;
      List<Delivery> caused = events(r.events());
      for (Seat seat : seats.values()) {
        var result = Engine.result(r, seat.power);
        caused.add(new Delivery(0, ServerMessage.newBuilder().setTurnResult(result).build(),
            Set.of(seat.power)));
      }
      persist(JournalEntry.newBuilder().setResolved(TurnResolved.newBuilder().setTurn(turn)
          .setStateHash(state.hash())), caused, () -> {
            ledger.snapshot(id, version, state.toProto().toByteArray());
            if (state.finished()) {
              phase = MatchPhase.MATCH_PHASE_FINISHED;
            } else {
              arm(config.getTurnSeconds() * 1000L);
            }
            pushViews();
            pushClock();
          });
      LOG.info("match {} resolved turn {}", id, turn);
    }
  }

  private void pushViews() {
    for (Session s : audience) {
      s.push(message(0).setView(view(s.viewer())).build());
    }
  }

  private void pushClock() {
    ServerMessage m = message(0).setClock(clock()).build();
    for (Session s : audience) {
      s.push(m);
    }
  }
}
