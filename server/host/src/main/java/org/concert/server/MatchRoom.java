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
    /** Cabinet members beside the holder: display name by token hash. */
    final Map<String, String> cabinet = new LinkedHashMap<>();
    final Set<Session> sessions = new LinkedHashSet<>();
    long lastSeenMs;

    Seat(String power) {
      this.power = power;
    }

    /** Every token hash that opens this seat: the holder's and the cabinet's. */
    List<String> tokenHashes() {
      List<String> all = new ArrayList<>();
      if (!tokenHash.isEmpty()) {
        all.add(tokenHash);
      }
      all.addAll(cabinet.keySet());
      return all;
    }

    /** The name of whoever holds `hash` (the holder or a cabinet member). */
    String nameOf(String hash) {
      for (Map.Entry<String, String> m : cabinet.entrySet()) {
        if (Tokens.same(m.getKey(), hash)) {
          return m.getValue();
        }
      }
      return displayName;
    }
  }

  /** The longest display name a seat or an observer's place may carry. */
  static final int LONGEST_NAME = 40;

  /** The most people who may share one seat, holder included. */
  static final int LARGEST_CABINET = 8;

  final String id;
  final String code;
  final MatchConfig config;
  final Scenario scenario;
  final SerialExecutor executor;
  private final Ledger ledger;
  private final InstantSource clock;
  private final ScheduledExecutorService timer;
  private final Map<String, Seat> seats = new LinkedHashMap<>();
  /** Observers' places: display name by token hash (journaled, so they survive a restart). */
  private final Map<String, String> observers = new LinkedHashMap<>();
  /** The observers' places (token hashes) that see only what everyone sees. */
  private final Set<String> publicObservers = new java.util.HashSet<>();
  private final Set<Session> audience = new LinkedHashSet<>();
  private final List<Delivery> deliveries = new ArrayList<>();
  private final Map<String, Orders> orders = new LinkedHashMap<>();
  private final Set<String> ready = new LinkedHashSet<>();
  private GameState state;
  private long version;
  /** The last version whose record is durable: what replies carry and resumes replay up to. */
  private long durableVersion;
  /** Records written so far: the store's sequence numbers, 1, 2, 3... */
  private long records;
  private MatchPhase phase = MatchPhase.MATCH_PHASE_LOBBY;
  private long deadlineMs;
  private long remainingMs;
  private int timerGeneration;
  private boolean broken;
  /** Whether a turn ends as soon as every living power is ready (the host may turn it off). */
  private boolean autoAdvance = true;

  private final CoreMetrics metrics;

  /**
   * A diplomatic act just checked against the state, about to be journaled: writing it applies
   * this outcome instead of computing the same act on the same state a second time.
   */
  private record CheckedAct(GameState from, String power, DiplomacyAction action,
      Engine.Outcome outcome) {
    boolean isFor(GameState state, PowerAct act) {
      return from == state && power.equals(act.getPower())
          && (action == act.getAction() || action.equals(act.getAction()));
    }
  }

  private CheckedAct checkedAct;
  /** When the match last wrote a record: the order of the host's list of matches. */
  private volatile long lastActivityMs;

  long lastActivityMs() {
    return lastActivityMs;
  }

  MatchRoom(String id, String code, MatchConfig config, Scenario scenario, Ledger ledger,
      InstantSource clock, ScheduledExecutorService timer, java.util.concurrent.Executor pool,
      CoreMetrics metrics) {
    this.metrics = metrics;
    this.id = id;
    this.code = code;
    this.config = config;
    this.scenario = scenario;
    this.ledger = ledger;
    this.clock = clock;
    this.timer = timer;
    this.executor = new SerialExecutor(pool, id);
    this.state = Engine.start(scenario, config.getRules(), config.getSeed());
    for (var p : scenario.getPowersList()) {
      seats.put(p.getId(), new Seat(p.getId()));
    }
  }

  /** The first record of a new match. Runs on the executor. */
  void create(Runnable durable) {
    persist(startRecord(), durable);
  }

  JournalEntry.Builder startRecord() {
    return JournalEntry.newBuilder().setStart(MatchStart.newBuilder()
        .setScenarioId(scenario.getId()).setRules(config.getRules()).setSeed(config.getSeed())
        .setScenarioHash(Engine.scenarioHash(scenario)));
  }

  GameState state() {
    return state;
  }

  /** Every message the match has pushed, in version order (for exports). */
  List<Delivery> history() {
    return List.copyOf(deliveries);
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
        .setWorldGroup(config.getWorldGroup())
        .setTurn(state.turn());
    long now = clock.millis();
    for (Seat s : seats.values()) {
      SeatInfo.Builder i = SeatInfo.newBuilder().setPower(s.power).setBot(s.bot)
          .setConnected(!s.sessions.isEmpty()).setSubmitted(orders.containsKey(s.power))
          .setReady(ready.contains(s.power)).setKeptForBot(keptForBot(s.power))
          .setIdleSeconds(s.lastSeenMs == 0 ? 0 : (int) ((now - s.lastSeenMs) / 1000));
      if (!s.displayName.isEmpty()) {
        i.addPlayers(s.displayName);
      }
      i.addAllPlayers(s.cabinet.values());
      b.addSeats(i);
    }
    return b.build();
  }

  TurnClock clock() {
    TurnClock.Builder c = TurnClock.newBuilder().setMatchId(id).setTurn(state.turn())
        .setPhase(phase).setServerEpochMs(clock.millis()).addAllReady(ready)
        .setWaitsForHost(!autoAdvance);
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
    if (v.player() && v.displayName().isEmpty()) { // a seat token resumed: its holder's name
      s.named(nameOf(v.power(), s.seatTokenHash()));
    }
    for (Delivery d : deliveries) {
      if (d.version() > durableVersion) {
        break; // pushed to this session too once durable
      }
      if (d.version() > lastVersion && d.visibleTo(v, observersSeeAll(v))) {
        s.push(d.messageFor(v));
      }
    }
    s.push(message(0).setView(view(v)).build());
    s.push(message(0).setClock(clock()).build());
  }

  /** The name of whoever a seat token of `power` belongs to ("" for an observer's place). */
  String nameOf(String power, String tokenHash) {
    Seat seat = seats.get(power);
    if (seat == null) {
      String name = observers.get(tokenHash);
      return name == null ? "" : name;
    }
    return seat.nameOf(tokenHash);
  }

  void detach(Session s) {
    audience.remove(s);
    for (Seat seat : seats.values()) {
      seat.sessions.remove(s);
    }
  }

  /** Whether an observer like `v` sees everything: the host allows it, and `v` did not decline. */
  private boolean observersSeeAll(Viewer v) {
    return config.getObserverSight() == org.concert.protocol.v1.ObserverSight.OBSERVER_SIGHT_FULL
        && !v.publicSight();
  }

  /** Whether the observer's place of this token sees only what everyone sees. */
  boolean publicSight(String tokenHash) {
    return publicObservers.contains(tokenHash);
  }

  private org.concert.protocol.v1.PowerView view(Viewer v) {
    if (v.host() || (v.role() == Role.ROLE_OBSERVER && observersSeeAll(v))) {
      return Engine.hostView(state);
    }
    if (v.player()) {
      return Engine.view(state, v.power());
    }
    return Engine.observerView(state);
  }

  private ServerMessage.Builder message(long requestId) {
    return ServerMessage.newBuilder().setRequestId(requestId).setVersion(durableVersion)
        .setMatchId(id);
  }

  private void reply(Session s, long requestId, ServerMessage.Builder m) {
    s.push(m.setRequestId(requestId).setVersion(durableVersion).setMatchId(id).build());
  }

  private void error(Session s, long requestId, ErrorCode code, String text, String field,
      List<Problem> problems) {
    reply(s, requestId, ServerMessage.newBuilder().setError(Error.newBuilder().setCode(code)
        .setMessage(text).setField(field).addAllProblems(problems)));
  }

  // ---- the journal -------------------------------------------------------------------------

  /**
   * Applies a record to the match and writes it, taking the next version for the record and
   * one for each message it caused; once the record is durable, pushes those messages and runs
   * `after` (typically the acknowledgement). Recovery applies the same records the same way,
   * so versions and state come out identical.
   */
  private void persist(JournalEntry.Builder record, Runnable after) {
    JournalEntry entry = record.setVersion(version + 1).setAtEpochMs(clock.millis()).build();
    List<Delivery> numbered = apply(entry);
    long upTo = version;
    if (entry.hasResolved()) { // the record carries the state it led to, for audits and replays
      entry = entry.toBuilder().setResolved(entry.getResolved().toBuilder()
          .setStateHash(state.hash())).build();
    }
    long written = System.nanoTime();
    boolean command = !entry.hasResolved() && !entry.hasStart();
    ledger.append(id, records, entry.toByteArray()).whenComplete((ok, failure) ->
        executor.execute(() -> {
          if (failure != null) {
            fail(failure);
            return;
          }
          durableVersion = Math.max(durableVersion, upTo);
          metrics.durable(System.nanoTime() - written);
          if (command) {
            metrics.accepted();
          }
          for (Delivery d : numbered) {
            for (Session s : audience) {
              if (d.visibleTo(s.viewer(), observersSeeAll(s.viewer()))) {
                s.push(d.messageFor(s.viewer()));
              }
            }
          }
          if (after != null) {
            after.run();
          }
        }));
  }

  /** Numbers the messages a record caused and keeps them for clients that resume. */
  private List<Delivery> number(List<Delivery> caused) {
    List<Delivery> numbered = new ArrayList<>(caused.size());
    for (Delivery d : caused) {
      long dv = ++version;
      ServerMessage.Builder m = d.message().toBuilder().setVersion(dv).setMatchId(id);
      if (m.hasEvent()) {
        m.getEventBuilder().setVersion(dv);
      }
      numbered.add(d.numbered(dv, m.build()));
    }
    deliveries.addAll(numbered);
    return numbered;
  }

  /**
   * What a record does to the match: the state, seats, readiness, clock and phase it changes,
   * and the messages it causes (numbered). The single place where the journal is interpreted.
   */
  List<Delivery> apply(JournalEntry e) {
    if (e.getVersion() != version + 1) {
      throw new IllegalStateException("match " + id + ": record " + e.getVersion()
          + " follows version " + version);
    }
    version = e.getVersion();
    records++; // the store numbers records 1, 2, 3...; messages take event versions between
    long at = e.getAtEpochMs();
    lastActivityMs = at;
    List<Delivery> caused = new ArrayList<>();
    switch (e.getKindCase()) {
      case START -> {
        // The match was created from this configuration; nothing changes.
      }
      case ORDERS -> orders.put(e.getOrders().getPower(), e.getOrders().getOrders());
      case ACT -> {
        CheckedAct checked = checkedAct;
        checkedAct = null;
        Engine.Outcome out = checked != null && checked.isFor(state, e.getAct())
            ? checked.outcome()
            : Engine.act(state, e.getAct().getPower(), e.getAct().getAction());
        if (!out.accepted()) {
          throw new IllegalStateException("match " + id + ": journaled act refused: "
              + out.problems());
        }
        state = out.state();
        caused.addAll(events(out.events()));
      }
      case CHAT -> {
        Chat c = e.getChat();
        Set<String> to = null;
        if (c.getChannel() != ChatChannel.CHAT_CHANNEL_PUBLIC) {
          Set<String> recipients = new LinkedHashSet<>(c.getToList());
          if (!c.getFrom().isEmpty()) {
            recipients.add(c.getFrom());
          }
          to = recipients;
        }
        caused.add(new Delivery(0, ServerMessage.newBuilder().setChat(c).build(), to));
      }
      case SEAT -> {
        if (e.getSeat().getRole() == Role.ROLE_OBSERVER) {
          observers.put(e.getSeat().getTokenHash(), e.getSeat().getDisplayName());
          if (e.getSeat().getPublicSight()) {
            publicObservers.add(e.getSeat().getTokenHash());
          }
          break;
        }
        Seat seat = seats.get(e.getSeat().getPower());
        if (e.getSeat().getCabinet()) {
          seat.cabinet.put(e.getSeat().getTokenHash(), e.getSeat().getDisplayName());
        } else {
          seat.displayName = e.getSeat().getDisplayName();
          seat.tokenHash = e.getSeat().getTokenHash();
          seat.bot = e.getSeat().getBot();
          seat.cabinet.clear();
        }
      }
      case READY -> {
        if (e.getReady().getReady()) {
          ready.add(e.getReady().getPower());
        } else {
          ready.remove(e.getReady().getPower());
        }
      }
      case HOST -> caused.addAll(hostRecord(e.getHost(), at));
      case RESUMED -> {
        if (phase == MatchPhase.MATCH_PHASE_DIPLOMACY && deadlineMs > 0) {
          deadlineMs += e.getResumed().getDownMs();
        }
      }
      case RESOLVED -> {
        caused.addAll(resolved(at));
        String hash = e.getResolved().getStateHash();
        if (!hash.isEmpty() && !hash.equals(state.hash())) {
          throw new IllegalStateException("match " + id + ": turn " + e.getResolved().getTurn()
              + " replays to another state than was recorded");
        }
      }
      default -> throw new IllegalStateException("match " + id + ": unknown record " + e);
    }
    return number(caused);
  }

  private List<Delivery> hostRecord(HostAction a, long at) {
    switch (a.getKindCase()) {
      case START -> {
        phase = MatchPhase.MATCH_PHASE_DIPLOMACY;
        deadlineMs = config.getTurnSeconds() > 0 ? at + config.getTurnSeconds() * 1000L : 0;
      }
      case PAUSE -> {
        remainingMs = deadlineMs == 0 ? 0 : Math.max(0, deadlineMs - at);
        phase = MatchPhase.MATCH_PHASE_PAUSED;
      }
      case RESUME -> {
        phase = MatchPhase.MATCH_PHASE_DIPLOMACY;
        deadlineMs = remainingMs > 0 ? at + remainingMs : 0;
      }
      case EXTEND_MINUTES -> {
        long more = a.getExtendMinutes() * 60_000L;
        if (phase == MatchPhase.MATCH_PHASE_PAUSED) {
          remainingMs += more;
        } else if (deadlineMs > 0) {
          deadlineMs += more;
        }
      }
      case END_PHASE -> {
        // The resolution follows as a record of its own.
      }
      case AUTO_ADVANCE -> autoAdvance = a.getAutoAdvance();
      case ANNOUNCE, INJECT_EVENT -> {
        String text = a.hasAnnounce() ? a.getAnnounce() : a.getInjectEvent();
        Event ev = Event.newBuilder().setTurn(state.turn())
            .setAudience(org.concert.protocol.v1.Audience.newBuilder().setEveryone(true))
            .setAnnouncement(org.concert.protocol.v1.Announcement.newBuilder().setText(text)
                .setKind(a.hasAnnounce()
                    ? org.concert.protocol.v1.AnnouncementKind.ANNOUNCEMENT_KIND_HOST
                    : org.concert.protocol.v1.AnnouncementKind.ANNOUNCEMENT_KIND_STORY)).build();
        return events(List.of(ev));
      }
      case END_MATCH -> {
        Resolution end = Engine.endByHost(state);
        state = end.state();
        phase = MatchPhase.MATCH_PHASE_FINISHED;
        deadlineMs = 0;
        return outcome(end);
      }
      default -> {
      }
    }
    return List.of();
  }

  /** Resolves the open turn (a RESOLVED record, or the host ending the phase). */
  private List<Delivery> resolved(long at) {
    Resolution r = Engine.resolve(state, orders);
    state = r.state();
    orders.clear();
    ready.clear();
    List<Delivery> caused = outcome(r);
    if (state.finished()) {
      phase = MatchPhase.MATCH_PHASE_FINISHED;
      deadlineMs = 0;
    } else {
      phase = MatchPhase.MATCH_PHASE_DIPLOMACY;
      deadlineMs = config.getTurnSeconds() > 0 ? at + config.getTurnSeconds() * 1000L : 0;
    }
    return caused;
  }

  /**
   * What a resolution tells: its events, then the turn result each recipient may know: each
   * seat's own, the true one (with the state hash) for the host and full-sight observers, and
   * the public one for other observers.
   */
  private List<Delivery> outcome(Resolution r) {
    List<Delivery> caused = events(r.events());
    for (String p : seats.keySet()) {
      caused.add(new Delivery(0, ServerMessage.newBuilder()
          .setTurnResult(Engine.result(r, p)).build(), Set.of(p), Delivery.To.SEAT));
    }
    caused.add(new Delivery(0, ServerMessage.newBuilder().setTurnResult(Engine.result(r, null))
        .build(), null, Delivery.To.OMNISCIENT));
    caused.add(new Delivery(0, ServerMessage.newBuilder().setTurnResult(Engine.result(r, ""))
        .build(), null, Delivery.To.PUBLIC));
    return caused;
  }

  /**
   * After recovery: the clock stood still while the server was down, so the open turn keeps the
   * time it had left when the last record was written. The move is journaled (a {@code
   * ClockResumed} record), so that the next recovery replays it instead of forgetting it.
   */
  void resumeClock(long lastRecordMs) {
    durableVersion = version; // every record recovered was durable
    if (phase == MatchPhase.MATCH_PHASE_DIPLOMACY && deadlineMs > 0) {
      long down = Math.max(0, clock.millis() - lastRecordMs);
      MatchPhase before = phase;
      persist(JournalEntry.newBuilder().setResumed(
          org.concert.protocol.v1.ClockResumed.newBuilder().setDownMs(down)),
          () -> afterClockChange(before)); // arms the timer, tells everyone, lets bots decide
      return;
    }
    playBots(0); // bots that had not decided when the server stopped do so now
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
    persist(JournalEntry.newBuilder().setOrders(SubmittedOrders.newBuilder().setPower(power)
        .setOrders(o)), () -> {
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
    checkedAct = new CheckedAct(state, power, action, out);
    persist(JournalEntry.newBuilder().setAct(PowerAct.newBuilder().setPower(power)
        .setAction(action)), () -> {
          reply(s, requestId, ServerMessage.newBuilder().setAck(Ack.newBuilder()
              .setId(out.created())));
          recheckOrders();
          playBots(1);
        });
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
        if (!state.finished() && !state.alive(state.board().power(c.getTo(i)))) {
          error(s, requestId, ErrorCode.ERROR_CODE_INVALID, c.getTo(i) + " is out of the game",
              "chat.to[" + i + "]", List.of());
          return;
        }
      }
    }
    Chat sent = c.toBuilder().setFrom(v.player() ? v.power() : "").setTurn(state.turn())
        .setAuthor(v.displayName()).setSentEpochMs(clock.millis())
        .setId(id + "-c" + (version + 1)).build();
    persist(JournalEntry.newBuilder().setChat(sent),
        () -> reply(s, requestId, ServerMessage.newBuilder().setAck(Ack.getDefaultInstance())));
  }

  void ready(Session s, long requestId, boolean isReady, int turn) {
    if (!playing(s, requestId)) {
      return;
    }
    if (turn != 0 && turn != state.turn()) {
      error(s, requestId, ErrorCode.ERROR_CODE_WRONG_PHASE, "ready for turn " + turn
          + " but turn " + state.turn() + " is open", "ready.turn", List.of());
      return;
    }
    String power = s.viewer().power();
    int open = state.turn();
    persist(JournalEntry.newBuilder().setReady(ReadyChange.newBuilder().setPower(power)
        .setReady(isReady)), () -> {
          reply(s, requestId, ServerMessage.newBuilder().setAck(Ack.getDefaultInstance()));
          pushClock();
          if (readyToAdvance()) {
            resolve(open);
          }
        });
  }

  void view(Session s, long requestId) {
    reply(s, requestId, ServerMessage.newBuilder().setView(view(s.viewer())));
  }

  /** Takes a free seat; returns the token through the reply. */
  void claim(Session s, long requestId, ClaimSeat c, String token) {
    if (c.getDisplayName().strip().length() > LONGEST_NAME) {
      error(s, requestId, ErrorCode.ERROR_CODE_INVALID, "a display name has at most "
          + LONGEST_NAME + " characters", "claim_seat.display_name", List.of());
      return;
    }
    if (c.getRole() == Role.ROLE_OBSERVER) { // a finished match may still be watched
      String name = c.getDisplayName().strip();
      persist(JournalEntry.newBuilder().setSeat(SeatChange.newBuilder().setRole(
          Role.ROLE_OBSERVER).setDisplayName(name).setTokenHash(Tokens.hash(token))
          .setPublicSight(c.getPublicSight())), () -> {
            s.seated(this, Tokens.hash(token),
                new Viewer(Role.ROLE_OBSERVER, "", name, c.getPublicSight()));
            reply(s, requestId, ServerMessage.newBuilder().setSeatGranted(SeatGranted
                .newBuilder().setMatchId(id).setRole(Role.ROLE_OBSERVER).setSeatToken(token)));
          });
      return;
    }
    if (phase == MatchPhase.MATCH_PHASE_FINISHED) {
      error(s, requestId, ErrorCode.ERROR_CODE_WRONG_PHASE, "the match is over",
          "claim_seat.match_id", List.of());
      return;
    }
    Seat seat = seats.get(c.getPower());
    if (seat == null) {
      error(s, requestId, ErrorCode.ERROR_CODE_NOT_FOUND, "no seat \"" + c.getPower() + "\" in "
          + scenario.getId(), "claim_seat.power", List.of());
      return;
    }
    boolean cabinet = c.getJoinCabinet() && !seat.tokenHash.isEmpty();
    if (keptForBot(seat.power) && !s.isBot()) {
      error(s, requestId, ErrorCode.ERROR_CODE_FORBIDDEN, seat.power + " is kept for a bot"
          + " program: only a connection with a bot token may take it", "claim_seat.power",
          List.of());
      return;
    }
    if (!seat.bot.isEmpty() || (!seat.tokenHash.isEmpty() && !cabinet)) {
      error(s, requestId, ErrorCode.ERROR_CODE_SEAT_TAKEN, seat.power + " is taken"
          + (seat.displayName.isEmpty() ? "" : " by " + seat.displayName)
          + (seat.bot.isEmpty() ? "; ask to join its cabinet (join_cabinet) to play it too" : ""),
          "claim_seat.power", List.of());
      return;
    }
    if (cabinet && seat.cabinet.size() + 1 >= LARGEST_CABINET) {
      error(s, requestId, ErrorCode.ERROR_CODE_SEAT_TAKEN, seat.power + "'s cabinet is full ("
          + LARGEST_CABINET + " people)", "claim_seat.join_cabinet", List.of());
      return;
    }
    String name = c.getDisplayName().isBlank() ? seat.power : c.getDisplayName().strip();
    persist(JournalEntry.newBuilder().setSeat(SeatChange.newBuilder().setPower(seat.power)
        .setDisplayName(name).setTokenHash(Tokens.hash(token)).setRole(Role.ROLE_PLAYER)
        .setCabinet(cabinet)), () -> {
          s.seated(this, Tokens.hash(token), new Viewer(Role.ROLE_PLAYER, seat.power, name));
          reply(s, requestId, ServerMessage.newBuilder().setSeatGranted(SeatGranted.newBuilder()
              .setMatchId(id).setPower(seat.power).setRole(Role.ROLE_PLAYER).setSeatToken(token)));
          if (config.getAutoStart() && phase == MatchPhase.MATCH_PHASE_LOBBY && allSeated()) {
            start();
          }
        });
  }

  /** Whether the host kept this seat for a bot program (MatchConfig.bot_seats). */
  private boolean keptForBot(String power) {
    return config.getBotSeatsList().contains(power);
  }

  private boolean allSeated() {
    for (Seat s : seats.values()) {
      if (s.tokenHash.isEmpty() && s.bot.isEmpty()) {
        return false;
      }
    }
    return true;
  }

  /** A turn open, auto-advance on, and every living power ready: the turn ends now. */
  private boolean readyToAdvance() {
    return phase == MatchPhase.MATCH_PHASE_DIPLOMACY && autoAdvance && allReady();
  }

  private boolean allReady() {
    for (int i = 0; i < scenario.getPowersCount(); i++) {
      String p = scenario.getPowers(i).getId();
      if (state.alive(i) && !ready.contains(p)) {
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
    String problem = switch (a.getKindCase()) {
      case START -> phase == MatchPhase.MATCH_PHASE_LOBBY ? null : "the match has started";
      case PAUSE -> phase == MatchPhase.MATCH_PHASE_DIPLOMACY ? null : "nothing to pause";
      case RESUME -> phase == MatchPhase.MATCH_PHASE_PAUSED ? null : "the match is not paused";
      case EXTEND_MINUTES -> a.getExtendMinutes() > 0 && a.getExtendMinutes() <= 240 ? null
          : "extend by 1 to 240 minutes";
      case END_PHASE -> phase == MatchPhase.MATCH_PHASE_DIPLOMACY
          || phase == MatchPhase.MATCH_PHASE_PAUSED ? null : "no turn is open";
      case ANNOUNCE -> a.getAnnounce().isBlank() || a.getAnnounce().length() > 2000
          ? "an announcement has 1 to 2,000 characters" : null;
      case INJECT_EVENT -> a.getInjectEvent().isBlank() || a.getInjectEvent().length() > 2000
          ? "an event has 1 to 2,000 characters" : null;
      case END_MATCH -> state.finished() ? "the match is over" : null;
      case AUTO_ADVANCE -> state.finished() ? "the match is over" : null;
      case FILL_WITH_BOTS -> fillProblem(a.getFillWithBots());
      case REASSIGN -> seats.containsKey(a.getReassign().getPower()) ? null
          : "no seat \"" + a.getReassign().getPower() + "\"";
      default -> "this host action is not available on this server yet";
    };
    if (problem != null) {
      boolean phaseProblem = switch (a.getKindCase()) {
        case START, PAUSE, RESUME, END_PHASE, END_MATCH -> true;
        default -> false;
      };
      error(s, requestId, phaseProblem ? ErrorCode.ERROR_CODE_WRONG_PHASE
          : ErrorCode.ERROR_CODE_INVALID, problem, "host_action", List.of());
      return;
    }
    if (a.hasFillWithBots()) {
      for (String p : a.getFillWithBots().getPowersList()) {
        Seat seat = seats.get(p); // a named seat's players (if any) lose it
        seat.tokenHashes().forEach(s.lobby()::forget);
        for (Session old : new ArrayList<>(seat.sessions)) {
          old.close("the host gave your seat to a built-in bot");
        }
        seat.sessions.clear();
      }
      fill(a.getFillWithBots(), () -> reply(s, requestId, ServerMessage.newBuilder()
          .setHostActionDone(HostActionDone.newBuilder().setMatchId(id))));
      return;
    }
    if (a.hasReassign()) {
      reassign(s, requestId, a.getReassign());
      return;
    }
    MatchPhase before = phase;
    int open = state.turn();
    persist(JournalEntry.newBuilder().setHost(a), () -> {
      if (a.hasEndMatch()) {
        ledger.finished(id);
      }
      reply(s, requestId, ServerMessage.newBuilder().setHostActionDone(
          HostActionDone.newBuilder().setMatchId(id)));
      afterClockChange(before);
      if (a.hasEndPhase() || (a.hasAutoAdvance() && readyToAdvance())) {
        resolve(open);
      }
    });
  }

  /**
   * After a diplomatic act: under binding enforcement a treaty just signed may forbid orders a
   * seat gave before. Each such seat is told at once, by an `OrderRejection` with no request,
   * so that it can give orders again; until then its old orders stand as given (and count for
   * nothing where the treaty forbids them).
   */
  private void recheckOrders() {
    if (state.rules().getEnforcement() != org.concert.protocol.v1.Enforcement.ENFORCEMENT_BINDING) {
      return;
    }
    for (Map.Entry<String, Orders> given : orders.entrySet()) {
      List<Problem> problems = Engine.validate(state, given.getKey(), given.getValue());
      if (problems.isEmpty()) {
        continue;
      }
      ServerMessage m = message(0).setOrderRejection(OrderRejection.newBuilder()
          .setTurn(state.turn()).addAllProblems(problems)).build();
      for (Session s : seats.get(given.getKey()).sessions) {
        s.push(m);
      }
    }
  }

  // ---- built-in bots -----------------------------------------------------------------------

  /** At the deadline, a built-in bot gives orders for every player who gave none. */
  private void autopilot() {
    if (atlas == null) {
      atlas = org.concert.bots.Atlas.of(scenario);
    }
    for (Seat seat : seats.values()) {
      int p = state.board().power(seat.power);
      if (!seat.bot.isEmpty() || orders.containsKey(seat.power) || !state.alive(p)) {
        continue;
      }
      try {
        var d = org.concert.arena.BotSpec.parse(DEFAULT_BOT).create().decide(
            new org.concert.bots.Situation(Engine.view(state, seat.power), atlas, List.of(), 1,
                2, java.time.Duration.ofMillis(200), config.getSeed() * 31 + p));
        if (d.orders() != null) {
          Orders o = d.orders().toBuilder().setTurn(state.turn()).build();
          if (Engine.validate(state, seat.power, o).isEmpty()) {
            persist(JournalEntry.newBuilder().setOrders(SubmittedOrders.newBuilder()
                .setPower(seat.power).setOrders(o)), null);
          }
        }
      } catch (RuntimeException e) {
        LOG.warn("autopilot for {} in match {} failed: {}", seat.power, id, e.toString());
      }
    }
  }

  /** The bot a seat filled without naming one gets. */
  static final String DEFAULT_BOT = "defensive";

  private String fillProblem(org.concert.protocol.v1.FillWithBots f) {
    String bot = f.getBot().isEmpty() ? DEFAULT_BOT : f.getBot();
    if (!org.concert.arena.BotSpec.referenceNamesInOrder().contains(bot.split(":")[0])) {
      return "no built-in bot \"" + bot + "\"; there are "
          + String.join(", ", org.concert.arena.BotSpec.referenceNamesInOrder());
    }
    try {
      org.concert.arena.BotSpec.parse(bot).create();
    } catch (RuntimeException e) {
      return "bot \"" + bot + "\": " + e.getMessage();
    }
    for (String p : f.getPowersList()) {
      if (!seats.containsKey(p)) {
        return "no seat \"" + p + "\"";
      }
    }
    return null;
  }

  /**
   * Gives seats to a built-in bot: the named ones, or every seat nobody holds (also a seat
   * whose player dropped out, when the host names it). The players' tokens stop working.
   */
  private void fill(org.concert.protocol.v1.FillWithBots f, Runnable done) {
    String bot = f.getBot().isEmpty() ? DEFAULT_BOT : f.getBot();
    List<String> powers = new ArrayList<>();
    for (Seat seat : seats.values()) {
      boolean named = f.getPowersList().contains(seat.power);
      boolean free = seat.tokenHash.isEmpty() && seat.bot.isEmpty() && !keptForBot(seat.power);
      if (named || (f.getPowersCount() == 0 && free)) {
        powers.add(seat.power);
      }
    }
    if (powers.isEmpty()) {
      done.run();
      return;
    }
    for (int i = 0; i < powers.size(); i++) {
      boolean last = i == powers.size() - 1;
      persist(JournalEntry.newBuilder().setSeat(SeatChange.newBuilder().setPower(powers.get(i))
          .setDisplayName(bot).setBot(bot).setRole(Role.ROLE_PLAYER)), last ? () -> {
            done.run();
            pushClock();
            if (config.getAutoStart() && phase == MatchPhase.MATCH_PHASE_LOBBY && allSeated()) {
              start();
            } else if (phase == MatchPhase.MATCH_PHASE_DIPLOMACY) {
              playBots(0);
            }
          } : null);
    }
  }

  /** Gives one seat to a built-in bot (the ladder's free seats). Runs on the executor. */
  void giveToBot(String power, String bot) {
    fill(org.concert.protocol.v1.FillWithBots.newBuilder().addPowers(power).setBot(bot).build(),
        () -> { });
  }

  /** Gives a seat to someone else (a fresh token, sent to the host) or frees it. */
  private void reassign(Session s, long requestId, org.concert.protocol.v1.Reassign r) {
    String name = r.getDisplayName().strip();
    String token = name.isEmpty() ? "" : Tokens.newToken();
    List<String> previous = seats.get(r.getPower()).tokenHashes();
    persist(JournalEntry.newBuilder().setSeat(SeatChange.newBuilder().setPower(r.getPower())
        .setDisplayName(name).setTokenHash(token.isEmpty() ? "" : Tokens.hash(token))
        .setRole(Role.ROLE_PLAYER)), () -> {
          Seat seat = seats.get(r.getPower());
          previous.forEach(s.lobby()::forget);
          for (Session old : new ArrayList<>(seat.sessions)) {
            old.close("your seat was given to someone else by the host");
          }
          seat.sessions.clear();
          if (!token.isEmpty()) {
            s.lobby().remember(Tokens.hash(token), id, r.getPower());
          }
          reply(s, requestId, ServerMessage.newBuilder().setHostActionDone(HostActionDone
              .newBuilder().setMatchId(id).setSeatToken(token)));
          pushClock();
        });
  }

  private final Map<String, org.concert.bots.Bot> bots = new LinkedHashMap<>();
  private org.concert.bots.Atlas atlas;

  /**
   * Lets the built-in bots of the match decide: at the start of a turn (round 0), and again
   * (round 1) when a proposal reaches one of them. What they decide is journaled like any
   * player's orders and acts, so recovery does not run them again.
   */
  private void playBots(int round) {
    if (phase != MatchPhase.MATCH_PHASE_DIPLOMACY || state.finished() || broken) {
      return;
    }
    if (atlas == null) {
      atlas = org.concert.bots.Atlas.of(scenario);
    }
    for (Seat seat : seats.values()) {
      int p = state.board().power(seat.power);
      if (seat.bot.isEmpty() || !state.alive(p) || (round == 0 && ready.contains(seat.power))) {
        continue; // a bot that is ready has decided this turn
      }
      org.concert.bots.Bot bot = bots.computeIfAbsent(seat.power + "/" + seat.bot,
          k -> org.concert.arena.BotSpec.parse(seat.bot).create());
      var view = Engine.view(state, seat.power);
      if (round == 1 && view.getProposalsList().stream().noneMatch(
          pr -> !pr.getSignedList().contains(seat.power))) {
        continue; // nothing to answer
      }
      org.concert.bots.Decision d;
      try {
        // At the turn's start a bot proposes and gives orders at once (a one-round turn);
        // answering later, it is in the last round of two: answers and final orders.
        d = bot.decide(new org.concert.bots.Situation(view, atlas, List.of(), round,
            round == 0 ? 1 : 2, java.time.Duration.ofMillis(200), config.getSeed() * 31 + p));
      } catch (RuntimeException e) {
        LOG.warn("built-in bot {} of match {} failed: {}", seat.bot, id, e.toString());
        continue;
      }
      for (DiplomacyAction act : d.diplomacy()) {
        Engine.Outcome out = Engine.act(state, seat.power, act);
        if (out.accepted()) {
          checkedAct = new CheckedAct(state, seat.power, act, out);
          persist(JournalEntry.newBuilder().setAct(PowerAct.newBuilder().setPower(seat.power)
              .setAction(act)), this::recheckOrders);
        }
      }
      if (d.orders() != null) {
        Orders o = d.orders().toBuilder().setTurn(state.turn()).build();
        if (Engine.validate(state, seat.power, o).isEmpty()) {
          persist(JournalEntry.newBuilder().setOrders(SubmittedOrders.newBuilder()
              .setPower(seat.power).setOrders(o)), null);
        }
      }
      if (!ready.contains(seat.power)) {
        persist(JournalEntry.newBuilder().setReady(ReadyChange.newBuilder().setPower(seat.power)
            .setReady(true)), null);
      }
    }
    if (readyToAdvance()) {
      resolve(state.turn());
    }
  }

  // ---- the clock ---------------------------------------------------------------------------

  /** Starts the match when every seat is taken and the host asked for that. */
  private void start() {
    if (phase == MatchPhase.MATCH_PHASE_LOBBY) {
      MatchPhase before = phase;
      persist(JournalEntry.newBuilder().setHost(HostAction.newBuilder().setMatchId(id)
          .setStart(org.concert.protocol.v1.Empty.getDefaultInstance())),
          () -> afterClockChange(before));
    }
  }

  /** After a record changed the phase or the deadline: re-arm the timer, tell everyone. */
  private void afterClockChange(MatchPhase before) {
    timerGeneration++;
    if (phase == MatchPhase.MATCH_PHASE_DIPLOMACY && deadlineMs > 0) {
      arm(deadlineMs - clock.millis());
    }
    if (before != phase || phase == MatchPhase.MATCH_PHASE_FINISHED) {
      pushViews();
    }
    pushClock();
    if (phase == MatchPhase.MATCH_PHASE_DIPLOMACY && before != MatchPhase.MATCH_PHASE_PAUSED) {
      playBots(0);
    }
  }

  /** Resolves the open turn `ms` from now, unless the clock changes first. */
  private void arm(long ms) {
    int generation = ++timerGeneration;
    int turn = state.turn();
    timer.schedule(() -> executor.execute(() -> {
      if (generation == timerGeneration && phase == MatchPhase.MATCH_PHASE_DIPLOMACY) {
        resolve(turn);
      }
    }), Math.max(0, ms), TimeUnit.MILLISECONDS);
  }

  /** Resolves the open turn, durably, and opens the next. */
  private void resolve(int turn) {
    if (state.finished() || broken || state.turn() != turn) {
      return; // that turn is already resolved (the timer, readiness and the host can race)
    }
    {
      if (config.getMissedOrders() == org.concert.protocol.v1.MissedOrders.MISSED_ORDERS_BOT) {
        autopilot();
      }
      MatchPhase before = phase;
      persist(JournalEntry.newBuilder().setResolved(TurnResolved.newBuilder().setTurn(turn)),
          () -> {
            ledger.snapshot(id, version, state.toProto().toByteArray());
            afterClockChange(before);
            pushViews();
            if (state.finished()) {
              ledger.finished(id);
            }
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
