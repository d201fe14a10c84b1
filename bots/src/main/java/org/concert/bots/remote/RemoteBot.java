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
import java.util.List;
import java.util.concurrent.BlockingQueue;
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
 */
public final class RemoteBot implements AutoCloseable {
  /** Largest frame accepted, as the server's. */
  static final int MAX_FRAME = 64 * 1024;

  private final Socket socket;
  private final DataInputStream in;
  private final DataOutputStream out;
  private final AtomicLong requests = new AtomicLong();
  private final BlockingQueue<ServerMessage> inbox = new LinkedBlockingQueue<>();
  private final Thread reader;
  private volatile IOException failure;
  private volatile Consumer<ServerMessage> tap = m -> {};

  private RemoteBot(Socket socket) throws IOException {
    this.socket = socket;
    this.in = new DataInputStream(new BufferedInputStream(socket.getInputStream()));
    this.out = new DataOutputStream(new BufferedOutputStream(socket.getOutputStream()));
    this.reader = new Thread(this::read, "concert-remote-reader");
    this.reader.setDaemon(true);
    this.reader.start();
  }

  /** Connects to a server's TCP port. */
  public static RemoteBot connect(String host, int port, Duration timeout) throws IOException {
    Socket s = new Socket();
    s.connect(new InetSocketAddress(host, port), (int) timeout.toMillis());
    s.setTcpNoDelay(true);
    return new RemoteBot(s);
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
        inbox.add(m);
      }
    } catch (EOFException e) {
      failure = new IOException("the server closed the connection");
    } catch (IOException e) {
      failure = e;
    }
  }

  /**
   * Shows every message from the server to {@code tap} as it arrives, before anything else sees
   * it, on the reading thread: for logs, and for tests that check what a client was sent.
   */
  public RemoteBot tap(Consumer<ServerMessage> tap) {
    this.tap = java.util.Objects.requireNonNull(tap, "tap");
    return this;
  }

  /** Sends a request and returns its id. */
  public synchronized long send(ClientMessage.Builder m) throws IOException {
    long id = requests.incrementAndGet();
    byte[] bytes = m.setRequestId(id).build().toByteArray();
    out.writeInt(bytes.length);
    out.write(bytes);
    out.flush();
    return id;
  }

  /** The next message from the server, or null after `timeout`. */
  public ServerMessage next(Duration timeout) throws IOException, InterruptedException {
    ServerMessage m = inbox.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    if (m == null && failure != null && inbox.isEmpty()) {
      throw failure;
    }
    return m;
  }

  /** Waits for the reply to a request (pushed messages before it are kept for later). */
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
          throw new IOException("the server refused: " + m.getError().getMessage());
        }
        return m;
      }
      pushed.add(m);
    }
    throw new IOException("no reply to request " + requestId + " within " + timeout);
  }

  /**
   * Says hello with a bot token, joins the match with the code, takes the seat, and plays it to
   * the end with the bot. Returns the outcome.
   */
  public MatchOutcome play(String botToken, String code, String power, Bot bot, Duration budget)
      throws IOException, InterruptedException {
    Duration wait = Duration.ofSeconds(10);
    List<ServerMessage> pushed = new ArrayList<>();
    reply(send(ClientMessage.newBuilder().setHello(Hello.newBuilder().setProtocolVersion(1)
        .setClient("concert-bots/0.1").setBotToken(botToken))), wait, pushed);
    ServerMessage offer = reply(send(ClientMessage.newBuilder().setJoinMatch(
        JoinMatch.newBuilder().setCode(code).setRole(Role.ROLE_PLAYER))), wait, pushed);
    String matchId = offer.getJoinOffer().getMatch().getMatchId();
    String scenarioId = offer.getJoinOffer().getMatch().getScenarioId();
    reply(send(ClientMessage.newBuilder().setClaimSeat(ClaimSeat.newBuilder().setMatchId(matchId)
        .setPower(power).setRole(Role.ROLE_PLAYER).setDisplayName(bot.getClass().getSimpleName()))),
        wait, pushed);
    Atlas atlas = Atlas.of(Scenarios.load(scenarioId));
    PowerView view = null;
    List<Event> news = new ArrayList<>();
    int decidedTurn = 0;
    int round = 0;
    boolean open = false;
    long seed = matchId.hashCode() * 31L + power.hashCode();
    while (true) {
      ServerMessage m = !pushed.isEmpty() ? pushed.remove(0) : next(Duration.ofMinutes(30));
      if (m == null) {
        throw new IOException("the server went quiet");
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
      if (newTurn || answer) {
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
          long id = send(ClientMessage.newBuilder().setDiplomacy(a));
          try {
            reply(id, wait, pushed);
          } catch (IOException refused) {
            // A refused act is the bot's mistake, not the connection's: go on.
          }
        }
        if (d.orders() != null) {
          long id = send(ClientMessage.newBuilder().setOrders(d.orders().toBuilder()
              .setTurn(view.getTurn())));
          try {
            reply(id, wait, pushed); // an OrderRejection leaves the power holding
          } catch (IOException refused) {
            // The turn moved on or the match ended: nothing to do but go on.
          }
        }
        send(ClientMessage.newBuilder().setReady(Ready.newBuilder().setReady(true)
            .setTurn(view.getTurn())));
        if (newTurn) {
          decidedTurn = view.getTurn();
          round = 1;
        }
      }
    }
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
