package org.concert.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.EnumDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.OneofDescriptor;
import com.google.protobuf.Message;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Delayed;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.concert.maps.Scenarios;
import org.concert.protocol.v1.ClaimSeat;
import org.concert.protocol.v1.ClientMessage;
import org.concert.protocol.v1.CreateMatch;
import org.concert.protocol.v1.Empty;
import org.concert.protocol.v1.ErrorCode;
import org.concert.protocol.v1.Hello;
import org.concert.protocol.v1.HostAction;
import org.concert.protocol.v1.JournalEntry;
import org.concert.protocol.v1.MatchConfig;
import org.concert.protocol.v1.MatchSummary;
import org.concert.protocol.v1.Scenario;
import org.concert.protocol.v1.ServerMessage;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzzes the command handlers: a lobby with one match of the tutorial scenario and four
 * connections (the first greeted with the host token; the others, as the input's first byte
 * says, not yet greeted, seated, or seated in a started match), then a script of steps read from
 * the input: a well-typed {@code ClientMessage} of any kind from any connection, the clock moving on
 * (deadlines, hello timeouts), or a connection dropping and another taking its place.
 *
 * <p>Everything runs on the test's thread: the pool runs tasks at once, the journal is durable
 * at once, and timers fire only when the script moves the clock. So after each step every effect
 * of it is visible, and the properties are checked exactly:
 *
 * <ul>
 *   <li>nothing throws;
 *   <li>every request is answered exactly once, with its request id (a task of a match that
 *       throws is caught and logged by its executor, and shows up here as a request never
 *       answered);
 *   <li>every message sent is well-formed: a body, a known request id or 0, at most one frame's
 *       size, and an error with a code, a sentence and a field path (never the client's text);
 *   <li>each match's journal replays on a fresh lobby to the same state hash, version and phase.
 * </ul>
 *
 * <p>Messages are built from the input by walking their protobuf descriptors, so every command
 * kind and field is reached, and new fields are fuzzed as soon as the protocol gains them.
 * Strings are drawn from a dictionary of the names that matter (the scenario's powers and
 * provinces, the match's id and join code, tokens and proposal ids handed out so far) plus some
 * awkward ones; numbers from small and extreme values.
 */
class MatchFuzzTest {

  /** Longer than any input takes, even on a loaded machine; past it, the input hangs. */
  private static final int HANG_SECONDS = 30;

  private static final int STEPS = 48;
  private static final int CLIENTS = 4;
  private static final int MAX_FRAME = 64 * 1024;
  /** Field paths in errors: lower-case names, dots and indexes. */
  private static final Pattern FIELD = Pattern.compile("[a-z0-9_.\\[\\]]*");
  private static final Scenario TUTORIAL = Scenarios.load("tutorial");

  @Timeout(HANG_SECONDS) // a hang is a finding: Jazzer takes this as its per-input timeout
  @FuzzTest
  void commands_anyFromAnyConnection_areAnsweredOnceAndReplayToTheSameState(byte[] input) {
    new Run(new Input(input)).play();
  }

  /** One run of a script over a fresh lobby. */
  private static final class Run {
    final Input in;
    final FakeClock clock = new FakeClock();
    final FakeTimer timer = new FakeTimer(clock);
    final SyncLedger ledger = new SyncLedger();
    final Lobby lobby = new Lobby(ledger, clock, timer, Runnable::run);
    final Words words = new Words();
    final Client[] clients = new Client[CLIENTS];
    final List<String> matchIds = new ArrayList<>();

    Run(Input in) {
      this.in = in;
    }

    void play() {
      // A ladder, so that EnterLadder meets its queue (games are started by the server's timer,
      // which this test does not run: the queue and its refusals are what is fuzzed here).
      lobby.ladder = new Ladder("tutorial", lobby, clock, key -> null, (key, value) -> { });
      String hostToken = lobby.newToken(true);
      String botToken = lobby.newToken(false);
      words.add(hostToken);
      words.add(botToken);
      for (int i = 0; i < CLIENTS; i++) {
        clients[i] = connect();
      }
      ask(clients[0], ClientMessage.newBuilder().setHello(Hello.newBuilder().setProtocolVersion(1)
          .setHostToken(hostToken)).build());
      ask(clients[0], ClientMessage.newBuilder().setCreateMatch(CreateMatch.newBuilder().setConfig(
          MatchConfig.newBuilder().setScenarioId("tutorial").setSeed(7).setTurnSeconds(60))).build());
      assertEquals(1, matchIds.size(), "the host's match was created");
      // The first byte says how far the match gets before the script: 0 a bare lobby, 1 every
      // other connection seated, 2 seated and started (so that turn commands go deep).
      int setup = in.below(3);
      for (int i = 1; setup >= 1 && i < CLIENTS && i <= TUTORIAL.getPowersCount(); i++) {
        ask(clients[i], ClientMessage.newBuilder().setHello(Hello.newBuilder().setProtocolVersion(1))
            .build());
        ask(clients[i], ClientMessage.newBuilder().setClaimSeat(ClaimSeat.newBuilder()
            .setMatchId(matchIds.get(0)).setPower(TUTORIAL.getPowers(i - 1).getId())
            .setDisplayName("player " + i)).build());
      }
      if (setup == 2) {
        ask(clients[0], ClientMessage.newBuilder().setHostAction(HostAction.newBuilder()
            .setMatchId(matchIds.get(0)).setStart(Empty.getDefaultInstance())).build());
      }

      for (int step = 0; step < STEPS && in.more(); step++) {
        int what = in.below(16);
        if (what == 12) {
          long[] by = {1_000, 61_000, 3_600_000, 25 * 3_600_000L};
          clock.advance(by[in.below(by.length)]);
          timer.runDue();
          dropClosed();
        } else if (what == 13) {
          int k = in.below(CLIENTS);
          clients[k].conversation.closed();
          clients[k] = connect();
        } else {
          Client c = clients[in.below(CLIENTS)];
          ask(c, new Maker(in, words).command());
          dropClosed();
        }
      }
      for (String id : matchIds) {
        replays(id);
      }
      for (Client c : clients) {
        c.conversation.closed();
      }
    }

    Client connect() {
      Client c = new Client(this);
      c.conversation = lobby.connect(c);
      return c;
    }

    /** Sends a request and checks it was answered exactly once, unless its connection closed. */
    void ask(Client c, ClientMessage m) {
      long id = c.next++;
      c.asked.add(id);
      c.conversation.receive(m.toBuilder().setRequestId(id).build());
      if (c.closed == null) {
        int answers = c.answers.getOrDefault(id, 0);
        assertEquals(1, answers, () -> "answers to a " + m.getBodyCase() + " request: " + m);
      }
    }

    /** A connection the server closed goes away, as the transport would have it. */
    void dropClosed() {
      for (int i = 0; i < CLIENTS; i++) {
        if (clients[i].closed != null) {
          clients[i].conversation.closed();
          clients[i] = connect();
        }
      }
    }

    /** Everything the server sends passes here. */
    void received(Client c, ServerMessage m) {
      assertNotEquals(ServerMessage.BodyCase.BODY_NOT_SET, m.getBodyCase(), m::toString);
      assertTrue(m.getRequestId() == 0 || c.asked.contains(m.getRequestId()),
          () -> "a reply to a request never made: " + m);
      assertTrue(m.getSerializedSize() <= MAX_FRAME, () -> m.getBodyCase() + " over the frame bound");
      if (m.getRequestId() != 0) {
        c.answers.merge(m.getRequestId(), 1, Integer::sum);
      }
      if (m.hasError()) {
        var e = m.getError();
        assertNotEquals(ErrorCode.ERROR_CODE_UNSPECIFIED, e.getCode(), m::toString);
        assertFalse(e.getMessage().isBlank(), m::toString);
        assertTrue(FIELD.matcher(e.getField()).matches(), () -> "field path: " + e.getField());
        for (var p : e.getProblemsList()) {
          assertTrue(FIELD.matcher(p.getField()).matches(), () -> "problem field path: " + p);
        }
      }
      // What the server hands out becomes a word the script can use.
      if (m.hasMatchCreated()) {
        for (MatchSummary s : m.getMatchCreated().getMatchesList()) {
          matchIds.add(s.getMatchId());
          words.add(s.getMatchId());
          words.add(s.getCode());
          words.add(s.getCode().toLowerCase());
        }
      }
      if (m.hasSeatGranted()) {
        words.add(m.getSeatGranted().getSeatToken());
      }
      if (m.hasHostActionDone()) {
        words.add(m.getHostActionDone().getToken());
        words.add(m.getHostActionDone().getSeatToken());
      }
      if (m.hasAck()) {
        words.add(m.getAck().getId());
      }
    }

    /** The journal of a match, replayed by a fresh lobby, gives the same match. */
    void replays(String id) {
      MatchRoom live = lobby.byId(id);
      if (live == null) {
        return; // finished and let go
      }
      List<JournalEntry> records = new ArrayList<>();
      for (byte[] r : ledger.records.getOrDefault(id, List.of())) {
        try {
          records.add(JournalEntry.parseFrom(r));
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
          throw new AssertionError("an unreadable journal record of " + id, e);
        }
      }
      List<Runnable> parked = new ArrayList<>(); // the replayed match's clock is never resumed
      Lobby restarted = new Lobby(new SyncLedger(), clock, new FakeTimer(clock), parked::add);
      MatchRoom replayed = restarted.recover(id, live.code, live.config, records);
      assertEquals(live.state().hash(), replayed.state().hash(), "state hash after replay");
      assertEquals(live.version(), replayed.version(), "version after replay");
      assertEquals(live.phase(), replayed.phase(), "phase after replay");
    }
  }

  /** A connection as the core sees it. */
  private static final class Client implements Outbound {
    final Run run;
    final Set<Long> asked = new LinkedHashSet<>();
    final Map<Long, Integer> answers = new HashMap<>();
    Conversation conversation;
    String closed;
    long next = 1;

    Client(Run run) {
      this.run = run;
    }

    @Override
    public void send(ServerMessage message) {
      if (closed == null) {
        run.received(this, message);
      }
    }

    @Override
    public void close(String reason) {
      if (closed == null) {
        assertFalse(reason == null || reason.isBlank(), "a close says why");
        closed = reason;
      }
    }

    @Override
    public String remoteAddress() {
      return "127.0.0.1";
    }
  }

  /** The fuzzer's bytes, read front to back; past the end every read is 0. */
  static final class Input {
    private final byte[] data;
    private int at;

    Input(byte[] data) {
      this.data = data;
    }

    boolean more() {
      return at < data.length;
    }

    int below(int n) {
      return at < data.length ? (data[at++] & 0xff) % n : 0;
    }

    boolean bit() {
      return below(2) == 1;
    }

    long raw(int bytes) {
      long v = 0;
      for (int i = 0; i < bytes; i++) {
        v = v << 8 | (at < data.length ? data[at++] & 0xff : 0);
      }
      return v;
    }
  }

  /** The strings worth trying: fixed ones, then what the server has handed out. */
  static final class Words {
    private final List<String> all = new ArrayList<>();

    Words() {
      all.add("");
      TUTORIAL.getPowersList().forEach(p -> all.add(p.getId()));
      TUTORIAL.getProvincesList().forEach(p -> all.add(p.getId()));
      TUTORIAL.getMinorsList().forEach(m -> all.add(m.getId()));
      all.addAll(List.of("tutorial", "vienna-1815", "symmetric-3", "atlantis", "defensive",
          "random", "hawk:aggression=2", "napoleon", "class:java.lang.Object", "Ada", "Ada ",
          " ", "x".repeat(41), "é".repeat(40), "\u0000", "\uD83C\uDDEA\uD83C\uDDFA", "a\nb",
          "<script>", "p1", "t1", "1", "-1", "MATCH", "ZZZZZ", "y".repeat(2_000)));
    }

    void add(String word) {
      if (!word.isEmpty() && !all.contains(word)) {
        all.add(word);
      }
    }

    String pick(Input in) {
      return all.get((in.below(256) << 8 | in.below(256)) % all.size());
    }
  }

  /** Builds a well-typed message by walking its descriptor, choosing from the input. */
  static final class Maker {
    private static final int[] INTS = {0, 1, 2, 3, -1, 5, 10, 20, 21, 40, 100, 1000,
        Integer.MAX_VALUE, Integer.MIN_VALUE};
    private static final int DEEPEST = 4;
    private final Input in;
    private final Words words;

    Maker(Input in, Words words) {
      this.in = in;
      this.words = words;
    }

    /** A request of any kind (request id aside). */
    ClientMessage command() {
      ClientMessage.Builder b = ClientMessage.newBuilder();
      OneofDescriptor body = ClientMessage.getDescriptor().getOneofs().get(0);
      FieldDescriptor kind = body.getFields().get(in.below(body.getFieldCount()));
      Message.Builder inner = b.newBuilderForField(kind);
      fill(inner, 1);
      b.setField(kind, inner.build());
      if (b.hasHello() && in.below(8) != 0) {
        b.setHello(b.getHello().toBuilder().setProtocolVersion(1)); // mostly the right version
      }
      if (b.hasCreateMatch() && b.getCreateMatch().getConfig().getSeed() == 0) {
        // Seed 0 asks the server for a random one: a finding must replay the same way.
        b.setCreateMatch(b.getCreateMatch().toBuilder().setConfig(
            b.getCreateMatch().getConfig().toBuilder().setSeed(1)));
      }
      return b.build();
    }

    private void fill(Message.Builder b, int depth) {
      Descriptor type = b.getDescriptorForType();
      for (OneofDescriptor oneof : type.getRealOneofs()) {
        int pick = in.below(oneof.getFieldCount() + 1);
        if (pick < oneof.getFieldCount()) {
          FieldDescriptor f = oneof.getField(pick);
          b.setField(f, value(b, f, depth));
        }
      }
      for (FieldDescriptor f : type.getFields()) {
        if (f.getRealContainingOneof() != null || !in.bit()) {
          continue;
        }
        if (f.isRepeated()) {
          for (int n = 1 + in.below(4); n > 0; n--) {
            b.addRepeatedField(f, value(b, f, depth));
          }
        } else {
          b.setField(f, value(b, f, depth));
        }
      }
    }

    private Object value(Message.Builder parent, FieldDescriptor f, int depth) {
      return switch (f.getJavaType()) {
        case INT -> in.below(4) == 0 ? (int) in.raw(4) : INTS[in.below(INTS.length)];
        case LONG -> in.below(4) == 0 ? in.raw(8) : (long) INTS[in.below(INTS.length)];
        case BOOLEAN -> in.bit();
        case FLOAT -> (float) INTS[in.below(INTS.length)];
        case DOUBLE -> (double) INTS[in.below(INTS.length)];
        case STRING -> words.pick(in);
        case BYTE_STRING -> com.google.protobuf.ByteString.copyFromUtf8(words.pick(in));
        case ENUM -> {
          EnumDescriptor e = f.getEnumType();
          int pick = in.below(e.getValues().size() + 1);
          yield pick < e.getValues().size() ? e.getValues().get(pick)
              : e.findValueByNumberCreatingIfUnknown(99); // a number this version does not know
        }
        case MESSAGE -> {
          Message.Builder child = parent.newBuilderForField(f);
          if (depth < DEEPEST) {
            fill(child, depth + 1);
          }
          yield child.build();
        }
      };
    }
  }

  /** A journal in memory, durable at once; checks that records are numbered 1, 2, 3... */
  static final class SyncLedger implements Ledger {
    final Map<String, List<byte[]>> records = new HashMap<>();

    @Override
    public CompletableFuture<Void> append(String matchId, long sequence, byte[] record) {
      List<byte[]> journal = records.computeIfAbsent(matchId, k -> new ArrayList<>());
      assertEquals(journal.size() + 1, sequence, "records of " + matchId + " are numbered in order");
      journal.add(record);
      return CompletableFuture.completedFuture(null);
    }

    @Override
    public void snapshot(String matchId, long version, byte[] state) {}
  }

  /** A clock that moves only when the script says so. */
  static final class FakeClock implements InstantSource {
    private long millis = 1_800_000_000_000L;

    void advance(long by) {
      millis += by;
    }

    @Override
    public long millis() {
      return millis;
    }

    @Override
    public Instant instant() {
      return Instant.ofEpochMilli(millis);
    }
  }

  /** Timers that fire when the fake clock has passed them and {@link #runDue} is called. */
  static final class FakeTimer extends java.util.concurrent.AbstractExecutorService
      implements ScheduledExecutorService {
    private final FakeClock clock;
    private final PriorityQueue<Task> tasks = new PriorityQueue<>(
        java.util.Comparator.comparingLong((Task t) -> t.due).thenComparingLong(t -> t.order));
    private long scheduled;

    FakeTimer(FakeClock clock) {
      this.clock = clock;
    }

    void runDue() {
      while (!tasks.isEmpty() && tasks.peek().due <= clock.millis()) {
        Task t = tasks.poll();
        if (!t.cancelled) {
          t.work.run();
        }
      }
    }

    @Override
    public ScheduledFuture<?> schedule(Runnable work, long delay, TimeUnit unit) {
      Task t = new Task(clock.millis() + unit.toMillis(delay), scheduled++, work);
      tasks.add(t);
      return t;
    }

    @Override
    public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
      throw new UnsupportedOperationException("not used by the core");
    }

    @Override
    public ScheduledFuture<?> scheduleAtFixedRate(Runnable r, long initial, long period, TimeUnit unit) {
      throw new UnsupportedOperationException("not used by the core");
    }

    @Override
    public ScheduledFuture<?> scheduleWithFixedDelay(Runnable r, long initial, long delay, TimeUnit unit) {
      throw new UnsupportedOperationException("not used by the core");
    }

    @Override
    public void execute(Runnable command) {
      schedule(command, 0, TimeUnit.MILLISECONDS);
    }

    @Override
    public void shutdown() {}

    @Override
    public List<Runnable> shutdownNow() {
      return List.of();
    }

    @Override
    public boolean isShutdown() {
      return false;
    }

    @Override
    public boolean isTerminated() {
      return false;
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) {
      return true;
    }

    private static final class Task implements ScheduledFuture<Object> {
      final long due;
      final long order;
      final Runnable work;
      boolean cancelled;

      Task(long due, long order, Runnable work) {
        this.due = due;
        this.order = order;
        this.work = work;
      }

      @Override
      public long getDelay(TimeUnit unit) {
        return unit.convert(due, TimeUnit.MILLISECONDS);
      }

      @Override
      public int compareTo(Delayed o) {
        return Long.compare(getDelay(TimeUnit.MILLISECONDS), o.getDelay(TimeUnit.MILLISECONDS));
      }

      @Override
      public boolean cancel(boolean interrupt) {
        cancelled = true;
        return true;
      }

      @Override
      public boolean isCancelled() {
        return cancelled;
      }

      @Override
      public boolean isDone() {
        return cancelled;
      }

      @Override
      public Object get() {
        return null;
      }

      @Override
      public Object get(long timeout, TimeUnit unit) {
        return null;
      }
    }
  }
}
