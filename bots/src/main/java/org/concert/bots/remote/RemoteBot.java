package org.concert.bots.remote;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.concert.bots.Atlas;
import org.concert.bots.Bot;
import org.concert.bots.Decision;
import org.concert.bots.MatchInfo;
import org.concert.bots.MatchOutcome;
import org.concert.bots.Situation;
import org.concert.maps.Scenarios;
import org.concert.protocol.v1.ClaimSeat;
import org.concert.protocol.v1.ClientMessage;
import org.concert.protocol.v1.DiplomacyAction;
import org.concert.protocol.v1.Event;
import org.concert.protocol.v1.Hello;
import org.concert.protocol.v1.JoinMatch;
import org.concert.protocol.v1.MatchPhase;
import org.concert.protocol.v1.PowerView;
import org.concert.protocol.v1.Ready;
import org.concert.protocol.v1.Role;
import org.concert.protocol.v1.ServerMessage;

/**
 * Connects a bot to a server and plays one seat until the match ends. At the start of each
 * turn the bot decides once (proposals and orders); when a proposal reaches it during the turn
 * it decides again (answers, and final orders); each time it then says it is ready.
 *
 * <p>While it plays, the connection is kept alive and watched: a {@code Ping} goes out whenever
 * the bot has sent nothing for the keep-alive interval (a turn may wait minutes for people, far
 * longer than the server lets a silent connection live), and a server that answers nothing for
 * four intervals counts as gone. A connection that is lost, or a server that restarts, is
 * resumed with the seat token the server granted, from the last message the bot had: the seat
 * is the bot's until the match ends.
 */
public final class RemoteBot implements AutoCloseable {
  /** Largest frame accepted, as the server's. */
  static final int MAX_FRAME = 64 * 1024;
  /** How the bot introduces itself to the server. */
  static final String CLIENT = "concert-bots/0.1";

  private final String host;
  private final int port;
  private final Duration connectTimeout;
  private final AtomicLong requests = new AtomicLong();
  private final BlockingQueue<ServerMessage> inbox = new LinkedBlockingQueue<>();
  /** The links' "connection lost" markers, told apart from messages by identity. */
  private final Set<ServerMessage> markers =
      Collections.synchronizedSet(Collections.newSetFromMap(new IdentityHashMap<>()));
  /** The request ids of keep-alive pings, whose pongs nobody waits for. */
  private final Set<Long> keepAlivePings = ConcurrentHashMap.newKeySet();
  private volatile Link link;
  private volatile Consumer<ServerMessage> tap = m -> {};
  private volatile Consumer<String> notices = m -> {};
  private volatile Duration keepAlive = Duration.ofSeconds(15);
  /** Whether the keep-alive interval was chosen by the caller, not from the server's Welcome. */
  private volatile boolean keepAliveChosen;
  private volatile Duration resumeWithin = Duration.ofMinutes(5);
  private volatile long lastSentNanos = System.nanoTime();
  /** The highest message version received: where a resumed connection picks up. */
  private volatile long lastVersion;

  /**
   * One TCP connection and its reading thread. When the connection fails, the reader puts the
   * link's own marker in the inbox, so that whoever waits on it hears at once.
   */
  private final class Link {
    final Socket socket;
    final DataInputStream in;
    final DataOutputStream out;
    final ServerMessage lost;
    volatile IOException failure;

    Link(Socket socket) throws IOException {
      this.socket = socket;
      this.in = new DataInputStream(new BufferedInputStream(socket.getInputStream()));
      this.out = new DataOutputStream(new BufferedOutputStream(socket.getOutputStream()));
      this.lost = ServerMessage.newBuilder().build();
      markers.add(lost);
      Thread reader = new Thread(this::read, "concert-remote-reader");
      reader.setDaemon(true);
      reader.start();
    }

    private void read() {
      try {
        while (true) {
          int length = in.readInt();
          if (length < 0 || length > MAX_FRAME) {
            throw new IOException("the server sent a frame of " + length + " bytes");
          }
          byte[] frame = new byte[length];
          in.readFully(frame);
          ServerMessage m = ServerMessage.parseFrom(frame);
          tap.accept(m);
          if (m.hasPong() && keepAlivePings.remove(m.getRequestId())) {
            continue; // a keep-alive's answer: the connection lives, nothing else to it
          }
          inbox.add(m);
        }
      } catch (EOFException e) {
        failure = new IOException("the server closed the connection");
      } catch (java.net.SocketTimeoutException e) {
        failure = new IOException("the server has said nothing for "
            + readTimeoutMillis() / 1000.0 + " s");
      } catch (IOException e) {
        failure = e;
      }
      inbox.add(lost);
    }
  }

  private RemoteBot(String host, int port, Duration connectTimeout) throws IOException {
    this.host = host;
    this.port = port;
    this.connectTimeout = connectTimeout;
    this.link = open();
  }

  private Link open() throws IOException {
    Socket s = new Socket();
    s.connect(new InetSocketAddress(host, port), (int) connectTimeout.toMillis());
    s.setTcpNoDelay(true);
    return new Link(s);
  }

  /** Connects to a server's TCP port. */
  public static RemoteBot connect(String host, int port, Duration timeout) throws IOException {
    return new RemoteBot(host, port, timeout);
  }

  /**
   * Shows every message from the server to {@code tap} as it arrives, before anything else sees
   * it, on the reading thread: for logs, and for tests that check what a client was sent.
   */
  public RemoteBot tap(Consumer<ServerMessage> tap) {
    this.tap = java.util.Objects.requireNonNull(tap, "tap");
    return this;
  }

  /** Tells {@code notices} when the connection is lost and when it is resumed, in a sentence. */
  public RemoteBot notices(Consumer<String> notices) {
    this.notices = java.util.Objects.requireNonNull(notices, "notices");
    return this;
  }

  /**
   * While playing, sends a {@code Ping} whenever nothing was sent for this long, and gives the
   * server up after four times as long without a word. By default a quarter of the idle timeout
   * the server's {@code Welcome} names (15 s of the default 60 s), or 15 s if it names none.
   */
  public RemoteBot keepAlive(Duration interval) {
    if (interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException("the keep-alive interval must be positive, was "
          + interval);
    }
    this.keepAlive = interval;
    this.keepAliveChosen = true;
    return this;
  }

  /** How long to keep trying to resume a lost connection before giving up (default 5 min). */
  public RemoteBot resumeWithin(Duration within) {
    this.resumeWithin = java.util.Objects.requireNonNull(within, "within");
    return this;
  }

  private long readTimeoutMillis() {
    return keepAlive.toMillis() * 4;
  }

  /** Sends a request and returns its id. */
  public long send(ClientMessage.Builder m) throws IOException {
    return send(m, false);
  }

  /**
   * Sends one frame on the current connection; a keep-alive's id is noted first, so that the
   * reader knows its pong for nobody's answer.
   */
  private synchronized long send(ClientMessage.Builder m, boolean keepAlive) throws IOException {
    long id = requests.incrementAndGet();
    if (keepAlive) {
      keepAlivePings.add(id);
    }
    byte[] bytes = m.setRequestId(id).build().toByteArray();
    Link l = link;
    l.out.writeInt(bytes.length);
    l.out.write(bytes);
    l.out.flush();
    lastSentNanos = System.nanoTime();
    return id;
  }

  /**
   * The next message from the server, or null after `timeout`.
   *
   * @throws IOException as soon as the connection is lost (after what it delivered)
   */
  public ServerMessage next(Duration timeout) throws IOException, InterruptedException {
    long end = System.nanoTime() + timeout.toNanos();
    while (true) {
      Link l = link;
      if (l.failure != null && inbox.isEmpty()) {
        throw l.failure;
      }
      ServerMessage m = inbox.poll(Math.max(0, end - System.nanoTime()), TimeUnit.NANOSECONDS);
      if (m == null) {
        return null;
      }
      if (markers.contains(m)) {
        if (m == l.lost) {
          throw l.failure;
        }
        continue; // an earlier connection's marker: that one was replaced already
      }
      if (m.getVersion() > lastVersion) {
        lastVersion = m.getVersion();
      }
      return m;
    }
  }

  /** The server answered a request with an error: the request was wrong, not the connection. */
  public static final class Refused extends IOException {
    private final transient org.concert.protocol.v1.Error error;

    Refused(org.concert.protocol.v1.Error error) {
      super("the server refused: " + error.getMessage());
      this.error = error;
    }

    /** The server's error, with its code and field. */
    public org.concert.protocol.v1.Error error() {
      return error;
    }
  }

  /**
   * Waits for the reply to a request (pushed messages before it are kept for later).
   *
   * @throws Refused when the server answers with an error
   * @throws IOException when the connection is lost, or no reply comes within `timeout`
   */
  public ServerMessage reply(long requestId, Duration timeout, List<ServerMessage> pushed)
      throws IOException, InterruptedException {
    long end = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < end) {
      ServerMessage m = next(Duration.ofMillis(100));
      if (m == null) {
        continue;
      }
      if (m.getRequestId() == requestId) {
        if (m.hasError()) {
          throw new Refused(m.getError());
        }
        return m;
      }
      pushed.add(m);
    }
    throw new IOException("no reply to request " + requestId + " within " + timeout);
  }

  /**
   * Says hello with a bot token, joins the match with the code, takes the seat, and plays it to
   * the end with the bot, resuming the seat if the connection is lost. Returns the outcome.
   *
   * @throws Refused if the server refuses the token, the code or the seat
   * @throws IOException if the connection is lost and cannot be resumed in time
   */
  public MatchOutcome play(String botToken, String code, String power, Bot bot, Duration budget)
      throws IOException, InterruptedException {
    Duration wait = Duration.ofSeconds(10);
    List<ServerMessage> pushed = new ArrayList<>();
    helloAsBot(botToken, pushed);
    ServerMessage offer = reply(send(ClientMessage.newBuilder().setJoinMatch(
        JoinMatch.newBuilder().setCode(code).setRole(Role.ROLE_PLAYER))), wait, pushed);
    String matchId = offer.getJoinOffer().getMatch().getMatchId();
    String scenarioId = offer.getJoinOffer().getMatch().getScenarioId();
    String seatToken = reply(send(ClientMessage.newBuilder().setClaimSeat(ClaimSeat.newBuilder()
        .setMatchId(matchId).setPower(power).setRole(Role.ROLE_PLAYER)
        .setDisplayName(bot.getClass().getSimpleName()))), wait, pushed)
        .getSeatGranted().getSeatToken();
    return playSeat(matchId, scenarioId, power, seatToken, bot, budget, pushed);
  }

  /** Says hello with a bot token, and keeps alive by the idle timeout the Welcome names. */
  private void helloAsBot(String botToken, List<ServerMessage> pushed)
      throws IOException, InterruptedException {
    ServerMessage welcome = reply(send(ClientMessage.newBuilder().setHello(Hello.newBuilder()
        .setProtocolVersion(1).setClient(CLIENT).setBotToken(botToken))),
        Duration.ofSeconds(10), pushed);
    long idleMillis = welcome.getWelcome().getIdleTimeoutMs();
    if (!keepAliveChosen && idleMillis > 0) {
      keepAlive = Duration.ofMillis(Math.max(50, idleMillis / 4));
    }
  }

  /**
   * Plays the server's ladder under `name`: enters it, waits to be seated, plays the game to
   * its end, and enters again, `games` times; `each` hears each game's outcome.
   *
   * @throws Refused if the server refuses the token or the name, or runs no ladder
   */
  public void ladder(String botToken, String name, Bot bot, Duration budget, int games,
      Consumer<MatchOutcome> each) throws IOException, InterruptedException {
    List<ServerMessage> pushed = new ArrayList<>();
    helloAsBot(botToken, pushed);
    for (int game = 0; game < games; game++) {
      String scenarioId = reply(send(ClientMessage.newBuilder().setEnterLadder(
          org.concert.protocol.v1.EnterLadder.newBuilder().setName(name))),
          Duration.ofSeconds(10), pushed).getLadderEntered().getScenarioId();
      notices.accept("waiting for a ladder game on " + scenarioId);
      org.concert.protocol.v1.SeatGranted seat = null;
      while (seat == null) { // what came before the seat is an earlier game's leftovers
        ServerMessage m = !pushed.isEmpty() ? pushed.remove(0) : next(Duration.ofMinutes(30));
        if (m == null) {
          throw new IOException("no ladder game within 30 minutes");
        }
        if (m.hasSeatGranted()) {
          seat = m.getSeatGranted();
        }
      }
      notices.accept("seated as " + seat.getPower() + " in ladder game " + seat.getMatchId());
      each.accept(playSeat(seat.getMatchId(), scenarioId, seat.getPower(), seat.getSeatToken(),
          bot, budget, pushed));
    }
  }

  /**
   * Plays a seat held by this connection to the end of its match, resuming it with
   * `seatToken` if the connection is lost.
   */
  private MatchOutcome playSeat(String matchId, String scenarioId, String power,
      String seatToken, Bot bot, Duration budget, List<ServerMessage> pushed)
      throws IOException, InterruptedException {
    Duration wait = Duration.ofSeconds(10);
    Atlas atlas = Atlas.of(Scenarios.load(scenarioId));
    PowerView view = null;
    List<Event> news = new ArrayList<>();
    int decidedTurn = 0;
    int round = 0;
    boolean open = false;
    long seed = matchId.hashCode() * 31L + power.hashCode();
    link.socket.setSoTimeout((int) readTimeoutMillis());
    ScheduledExecutorService keeper = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "concert-remote-keepalive");
      t.setDaemon(true);
      return t;
    });
    keeper.scheduleWithFixedDelay(this::keepAliveIfQuiet, keepAlive.toMillis() / 2,
        Math.max(1, keepAlive.toMillis() / 2), TimeUnit.MILLISECONDS);
    try {
      while (true) {
        try {
          ServerMessage m = !pushed.isEmpty() ? pushed.remove(0) : next(Duration.ofMinutes(30));
          if (m == null) {
            throw new IOException("the server went quiet");
          }
          if (!m.getMatchId().isEmpty() && !m.getMatchId().equals(matchId)) {
            continue; // the end of an earlier match this connection played
          }
          if (m.hasEvent()) {
            news.add(m.getEvent());
            if (m.getEvent().hasMatchEnded()) {
              return new MatchOutcome(m.getEvent().getMatchEnded().getReason(),
                  m.getEvent().getMatchEnded().getWinner(), List.of(), view == null ? 0
                      : view.getTurn());
            }
          }
          if (m.hasView()) {
            view = m.getView();
            if (decidedTurn == 0) {
              bot.matchStarted(new MatchInfo(matchId, scenarioId, power, atlas.powers(),
                  view.getRules(), atlas));
              decidedTurn = -1;
            }
          }
          if (m.hasClock()) {
            open = m.getClock().getPhase() == MatchPhase.MATCH_PHASE_DIPLOMACY;
          }
          boolean newTurn = open && view != null && view.getTurn() != decidedTurn;
          boolean answer = open && view != null && round == 1 && m.hasEvent()
              && m.getEvent().hasProposalMade()
              && !m.getEvent().getProposalMade().getProposal().getProposer().equals(power);
          if (!newTurn && !answer) {
            continue;
          }
          // Decide on the match as it is now: messages queued while waiting for replies may
          // be older than the turn the server is in.
          long viewRequest = send(ClientMessage.newBuilder().setGetView(
              org.concert.protocol.v1.GetView.newBuilder().setMatchId(matchId)));
          view = reply(viewRequest, wait, pushed).getView();
          if (view.getFinished()) {
            continue;
          }
          if (!newTurn && view.getTurn() != decidedTurn) {
            newTurn = true; // the proposal was of a turn already over: this is a new turn
          }
          // A new turn is a one-round decision (proposals and orders at once); answering a
          // proposal later is the last round of two (answers and final orders).
          Situation s = newTurn ? new Situation(view, atlas, news, 0, 1, budget, seed)
              : new Situation(view, atlas, news, 1, 2, budget, seed);
          news = new ArrayList<>();
          Decision d = bot.decide(s);
          for (DiplomacyAction a : d.diplomacy()) {
            try {
              reply(send(ClientMessage.newBuilder().setDiplomacy(a)), wait, pushed);
            } catch (Refused refused) {
              // A refused act is the bot's mistake, not the connection's: go on.
            }
          }
          if (d.orders() != null) {
            try { // an OrderRejection leaves the power holding
              reply(send(ClientMessage.newBuilder().setOrders(d.orders().toBuilder()
                  .setTurn(view.getTurn()))), wait, pushed);
            } catch (Refused refused) {
              // The turn moved on or the match ended: nothing to do but go on.
            }
          }
          send(ClientMessage.newBuilder().setReady(Ready.newBuilder().setReady(true)
              .setTurn(view.getTurn())));
          if (newTurn) {
            decidedTurn = view.getTurn();
            round = 1;
          }
        } catch (Refused refused) {
          throw refused;
        } catch (IOException lost) {
          // The turn's decision is made again if it did not get through: orders replace the
          // whole set, so sending them twice is harmless.
          resume(seatToken, pushed, lost);
        }
      }
    } finally {
      keeper.shutdownNow();
    }
  }

  /** Sends a {@code Ping} if nothing was sent for the keep-alive interval. */
  private void keepAliveIfQuiet() {
    if (System.nanoTime() - lastSentNanos < keepAlive.toNanos()) {
      return;
    }
    try {
      send(ClientMessage.newBuilder().setPing(org.concert.protocol.v1.Ping.getDefaultInstance()),
          true);
    } catch (IOException e) {
      // The reader hears of a dead connection too, and the player resumes it.
    }
  }

  /**
   * Opens a new connection and resumes the seat with its token from the last message received,
   * trying again with growing pauses until {@link #resumeWithin} has passed. The server then
   * sends what was missed, a view and the clock.
   */
  private void resume(String seatToken, List<ServerMessage> pushed, IOException cause)
      throws IOException, InterruptedException {
    notices.accept("lost the connection (" + cause.getMessage() + "); resuming the seat");
    long started = System.nanoTime();
    long end = started + resumeWithin.toNanos();
    long pauseMillis = 200;
    IOException last = cause;
    while (true) {
      try {
        link.socket.close();
      } catch (IOException alreadyGone) {
        // closing what is already broken
      }
      try {
        Link l = open();
        l.socket.setSoTimeout((int) readTimeoutMillis());
        synchronized (this) {
          link = l;
        }
        reply(send(ClientMessage.newBuilder().setHello(Hello.newBuilder().setProtocolVersion(1)
            .setClient(CLIENT).setSeatToken(seatToken).setLastEventVersion(lastVersion))),
            Duration.ofSeconds(10), pushed);
        notices.accept("resumed the seat after %.1f s".formatted(
            (System.nanoTime() - started) / 1e9));
        return;
      } catch (Refused refused) {
        throw refused; // the seat is gone (reassigned, or the match is over and let go)
      } catch (IOException e) {
        last = e;
      }
      long left = (end - System.nanoTime()) / 1_000_000;
      if (left <= 0) {
        throw new IOException("lost the connection and could not resume the seat within "
            + resumeWithin.toSeconds() + " s: " + last.getMessage(), last);
      }
      Thread.sleep(Math.min(pauseMillis, left));
      pauseMillis = Math.min(pauseMillis * 2, 5_000);
    }
  }

  @Override
  public void close() throws IOException {
    link.socket.close();
  }
}
