package org.concert.bench;

import com.google.protobuf.InvalidProtocolBufferException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.concert.protocol.v1.ChatChannel;
import org.concert.protocol.v1.Chat;
import org.concert.protocol.v1.ClaimSeat;
import org.concert.protocol.v1.Clause;
import org.concert.protocol.v1.ClientMessage;
import org.concert.protocol.v1.DiplomacyAction;
import org.concert.protocol.v1.Hello;
import org.concert.protocol.v1.JoinMatch;
import org.concert.protocol.v1.MatchPhase;
import org.concert.protocol.v1.NonAggression;
import org.concert.protocol.v1.ProposalTerms;
import org.concert.protocol.v1.Ready;
import org.concert.protocol.v1.Role;
import org.concert.protocol.v1.ServerMessage;

/**
 * One simulated player on one connection (its state is the channel's, touched only on its event
 * loop). Against the server it says hello, joins its match by code and claims its power's seat;
 * once the match has started and {@link #go} is called, it keeps {@code inFlight} commands
 * outstanding, sending the next as soon as one is answered, in a fixed cycle: a private chat, a
 * proposal of non-aggression to its neighbour, a public chat, and the withdrawal of its oldest
 * open proposal. When it has made its proposals for the turn and withdrawn them all, it says it
 * is ready, and proposes again once the server announces the next turn.
 *
 * <p>Against the echo server every frame comes back as it was sent: the same cycle runs, the
 * echoed command counts as its acknowledgement, and the acknowledged {@code Ready} stands for
 * the next turn.
 */
final class LoadClient extends SimpleChannelInboundHandler<ByteBuf> {
  /** Where the cycle of commands stands; the window is shared by every client of a run. */
  static final class Window {
    volatile long measureFrom;
    volatile long measureUntil;
    volatile boolean stopping;
  }

  private record Pending(long sentNanos, Tally.Kind kind) {}

  private static final String[] LINES = {
    "Our ambassador will call on yours tomorrow; we hope to settle the Saxon question quietly.",
    "The Tsar's armies are too close to the Vistula for anyone's comfort. Shall we talk?",
    "We propose that neither of us moves against the other while the Congress sits.",
    "A balance in the east is in everyone's interest, and we mean to keep our word on it.",
  };

  private final boolean echo;
  private final String code;
  private final String power;
  private final String neighbour;
  private final LoadSettings settings;
  private final Window window;
  private final Tally tally = new Tally();
  private final Map<Long, Pending> pending = new HashMap<>();
  private final ArrayDeque<String> open = new ArrayDeque<>();

  /** Completes once the seat is held and the match is in diplomacy (at once for the echo). */
  final CompletableFuture<Void> ready = new CompletableFuture<>();
  /** Completes once the client has stopped and every command it sent is answered. */
  final CompletableFuture<Void> drained = new CompletableFuture<>();

  private ChannelHandlerContext ctx;
  private long nextId;
  private long setupRequest;
  private String matchId = "";
  private boolean seated;
  private boolean running;
  private int step;
  private int turn;
  private int proposedThisTurn;
  private int proposalsInFlight;
  private boolean readySent;
  private boolean over;

  /**
   * @param echo true against the echo server (no set-up; echoed frames are the answers)
   * @param code the match's join code (unused against the echo)
   * @param power the seat to claim, e.g. "GBR"
   * @param neighbour the power this client writes to and proposes to
   */
  LoadClient(boolean echo, String code, String power, String neighbour, LoadSettings settings,
      Window window) {
    this.echo = echo;
    this.code = code;
    this.power = power;
    this.neighbour = neighbour;
    this.settings = settings;
    this.window = window;
  }

  @Override
  public void channelActive(ChannelHandlerContext context) {
    this.ctx = context;
    if (echo) {
      turn = 1;
      ready.complete(null);
    } else {
      setupRequest = send(ClientMessage.newBuilder().setHello(Hello.newBuilder()
          .setProtocolVersion(1).setClient("concert-load/0.1")));
      ctx.flush();
    }
    context.fireChannelActive();
  }

  @Override
  public void channelInactive(ChannelHandlerContext context) {
    if (!ready.isDone()) {
      ready.completeExceptionally(new IllegalStateException(power + ": connection closed"));
    }
    if (running && !drained.isDone()) {
      drained.completeExceptionally(new IllegalStateException(
          power + " in " + matchId + ": the connection closed with " + pending.size()
              + " commands unanswered"));
    }
    context.fireChannelInactive();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
    ready.completeExceptionally(cause);
    drained.completeExceptionally(cause);
    context.close();
  }

  /** Starts the traffic; call on the channel's event loop. */
  void go() {
    running = true;
    fill();
    ctx.flush();
  }

  /** What this client counted; call on the channel's event loop once it is done. */
  Tally tally() {
    tally.unanswered = pending.size();
    tally.turns = turn;
    return tally;
  }

  @Override
  protected void channelRead0(ChannelHandlerContext context, ByteBuf frame)
      throws InvalidProtocolBufferException {
    long now = System.nanoTime();
    if (echo) {
      ClientMessage m = ClientMessage.parseFrom(frame.nioBuffer());
      String created = m.hasDiplomacy() && m.getDiplomacy().hasPropose()
          ? "echo-" + m.getRequestId() : "";
      answered(now, m.getRequestId(), created, null);
      return;
    }
    ServerMessage m = ServerMessage.parseFrom(frame.nioBuffer());
    if (m.getRequestId() == 0) {
      pushed(m);
    } else if (m.getRequestId() == setupRequest) {
      setup(m);
    } else {
      answered(now, m.getRequestId(), m.hasAck() ? m.getAck().getId() : "",
          m.hasError() ? m.getError().getMessage() : m.hasAck() ? null
              : "not an acknowledgement: " + m.getBodyCase());
    }
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext context) {
    fill();
    context.flush();
    context.fireChannelReadComplete();
  }

  private void setup(ServerMessage m) {
    if (m.hasError()) {
      ready.completeExceptionally(new IllegalStateException(
          power + ": the server refused the set-up: " + m.getError().getMessage()));
      return;
    }
    if (m.hasWelcome()) {
      setupRequest = send(ClientMessage.newBuilder().setJoinMatch(JoinMatch.newBuilder()
          .setCode(code).setRole(Role.ROLE_PLAYER)));
    } else if (m.hasJoinOffer()) {
      matchId = m.getJoinOffer().getMatch().getMatchId();
      setupRequest = send(ClientMessage.newBuilder().setClaimSeat(ClaimSeat.newBuilder()
          .setMatchId(matchId).setPower(power).setRole(Role.ROLE_PLAYER)
          .setDisplayName("load " + power)));
    } else if (m.hasSeatGranted()) {
      seated = true;
      setupRequest = -1;
      if (turn > 0) {
        ready.complete(null);
      }
    }
    ctx.flush();
  }

  private void pushed(ServerMessage m) {
    if (!m.hasClock()) {
      return;
    }
    if (m.getClock().getPhase() != MatchPhase.MATCH_PHASE_DIPLOMACY) {
      over = m.getClock().getPhase() == MatchPhase.MATCH_PHASE_FINISHED;
      return;
    }
    if (m.getClock().getTurn() > turn) {
      newTurn(m.getClock().getTurn());
    }
    if (seated) {
      ready.complete(null);
    }
  }

  private void newTurn(int t) {
    turn = t;
    proposedThisTurn = 0;
    readySent = false;
  }

  private void answered(long now, long requestId, String created, String refusal) {
    Pending p = pending.remove(requestId);
    if (p == null) {
      return; // not one of the traffic's commands
    }
    if (refusal != null) {
      tally.refused++;
      if (tally.firstRefusal.isEmpty()) {
        tally.firstRefusal = p.kind() + ": " + refusal;
      }
    } else {
      tally.acknowledged++;
      if (now >= window.measureFrom && now < window.measureUntil) {
        tally.latency(now - p.sentNanos());
      }
    }
    if (p.kind() == Tally.Kind.PROPOSE) {
      proposalsInFlight--;
      if (refusal == null && !created.isEmpty()) {
        open.add(created);
      }
    } else if (p.kind() == Tally.Kind.READY && echo && refusal == null) {
      newTurn(turn + 1);
    }
    if (pending.isEmpty() && stopped()) {
      drained.complete(null);
    }
  }

  private boolean stopped() {
    return window.stopping || (settings.byCount()
        && tally.sentTotal() >= settings.commandsPerClient());
  }

  /** Sends commands until `inFlight` are outstanding (not flushed). */
  private void fill() {
    if (!running) {
      return;
    }
    while (pending.size() < settings.inFlight()) {
      if (!settings.byCount() && System.nanoTime() >= window.measureUntil) {
        window.stopping = true;
      }
      if (stopped()) {
        if (pending.isEmpty()) {
          drained.complete(null);
        }
        return;
      }
      sendNext();
    }
  }

  private void sendNext() {
    Tally.Kind kind = switch (step++ & 3) {
      case 0 -> Tally.Kind.PRIVATE_CHAT;
      case 1 -> mayPropose() ? Tally.Kind.PROPOSE
          : mayBeReady() ? Tally.Kind.READY : Tally.Kind.PRIVATE_CHAT;
      case 2 -> Tally.Kind.PUBLIC_CHAT;
      default -> !open.isEmpty() ? Tally.Kind.WITHDRAW
          : mayBeReady() ? Tally.Kind.READY : Tally.Kind.PRIVATE_CHAT;
    };
    ClientMessage.Builder m = ClientMessage.newBuilder();
    String line = LINES[step % LINES.length];
    switch (kind) {
      case PRIVATE_CHAT -> m.setChat(Chat.newBuilder().setChannel(ChatChannel.CHAT_CHANNEL_PRIVATE)
          .addTo(neighbour).setText(line));
      case PUBLIC_CHAT -> m.setChat(Chat.newBuilder().setChannel(ChatChannel.CHAT_CHANNEL_PUBLIC)
          .setText(line));
      case PROPOSE -> {
        proposedThisTurn++;
        proposalsInFlight++;
        m.setDiplomacy(DiplomacyAction.newBuilder().setPropose(ProposalTerms.newBuilder()
            .addAllParties(List.of(power, neighbour)).setDurationTurns(2)
            .addClauses(Clause.newBuilder().setNonAggression(NonAggression.getDefaultInstance()))));
      }
      case WITHDRAW -> m.setDiplomacy(DiplomacyAction.newBuilder().setWithdraw(open.poll()));
      case READY -> {
        readySent = true;
        m.setReady(Ready.newBuilder().setReady(true).setTurn(turn));
      }
      default -> throw new IllegalStateException("unknown kind " + kind);
    }
    long id = send(m);
    tally.sent[kind.ordinal()]++;
    pending.put(id, new Pending(System.nanoTime(), kind));
  }

  private boolean mayPropose() {
    return !over && !readySent && proposedThisTurn < settings.proposalsPerTurn();
  }

  private boolean mayBeReady() {
    return !over && !readySent && proposedThisTurn >= settings.proposalsPerTurn()
        && open.isEmpty() && proposalsInFlight == 0;
  }

  /** Writes a command with the next request id (not flushed); returns the id. */
  private long send(ClientMessage.Builder m) {
    long id = ++nextId;
    ctx.write(Unpooled.wrappedBuffer(m.setRequestId(id).build().toByteArray()));
    return id;
  }
}
