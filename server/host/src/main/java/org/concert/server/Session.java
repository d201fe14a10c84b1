package org.concert.server;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.concert.engine.Engine;
import org.concert.protocol.v1.ClientMessage;
import org.concert.protocol.v1.Error;
import org.concert.protocol.v1.ErrorCode;
import org.concert.protocol.v1.JoinOffer;
import org.concert.protocol.v1.MatchCreated;
import org.concert.protocol.v1.MatchList;
import org.concert.protocol.v1.Pong;
import org.concert.protocol.v1.Role;
import org.concert.protocol.v1.ServerMessage;
import org.concert.protocol.v1.Welcome;

/**
 * One connected client: its credential and the match it follows. Requests are checked here
 * (who may do what) and handed to the lobby or the match's own executor; nothing here blocks
 * the transport's thread.
 */
final class Session implements Conversation {
  private static final Logger LOG = LogManager.getLogger(Session.class);
  static final int PROTOCOL_VERSION = 1;

  private final Lobby lobby;
  private final Outbound out;
  private volatile Viewer viewer = Viewer.NOBODY;
  private volatile MatchRoom room;
  /** Every match a host follows (it names them in its requests); players follow one. */
  private final java.util.Set<MatchRoom> following =
      java.util.concurrent.ConcurrentHashMap.newKeySet();
  private volatile boolean hello;
  private volatile boolean bot;
  /** The hash of the seat token this connection plays by ("" if none). */
  private volatile String seatTokenHash = "";
  /** The hash of the bot token it said hello with ("" if none). */
  private volatile String botTokenHash = "";
  private volatile boolean gone;

  Session(Lobby lobby, Outbound out) {
    this.lobby = lobby;
    this.out = out;
  }

  String seatTokenHash() {
    return seatTokenHash;
  }

  Viewer viewer() {
    return viewer;
  }

  Lobby lobby() {
    return lobby;
  }

  boolean greeted() {
    return hello;
  }

  /** The seat's display name, learnt when a seat token resumes. */
  void named(String displayName) {
    viewer = viewer.named(displayName);
  }

  void push(ServerMessage m) {
    out.send(m);
  }

  void close(String reason) {
    out.close(reason);
  }

  private void error(long requestId, ErrorCode code, String message, String field) {
    out.send(ServerMessage.newBuilder().setRequestId(requestId).setError(Error.newBuilder()
        .setCode(code).setMessage(message).setField(field)).build());
  }

  @Override
  public void receive(ClientMessage m) {
    long rid = m.getRequestId();
    if (m.hasPing()) {
      out.send(ServerMessage.newBuilder().setRequestId(rid)
          .setPong(Pong.newBuilder().setNonce(m.getPing().getNonce())).build());
      return;
    }
    if (!hello && !m.hasHello()) {
      error(rid, ErrorCode.ERROR_CODE_UNAUTHENTICATED, "say hello first", "hello");
      return;
    }
    if (hello && m.hasHello()) {
      error(rid, ErrorCode.ERROR_CODE_INVALID, "this connection has said hello already; "
          + "open another to change who you are", "hello");
      return;
    }
    switch (m.getBodyCase()) {
      case HELLO -> hello(rid, m.getHello());
      case LIST_MATCHES -> out.send(ServerMessage.newBuilder().setRequestId(rid)
          .setMatchList(viewer.host() ? lobby.listing(Lobby.LISTING_BUDGET)
              : MatchList.newBuilder().addAllMatches(following.stream()
                  .map(MatchRoom::summary).toList()).build()).build());
      case CREATE_MATCH -> {
        if (!viewer.host()) {
          error(rid, ErrorCode.ERROR_CODE_FORBIDDEN, "creating a match needs the host token", "");
          return;
        }
        int worlds = m.getCreateMatch().getWorlds();
        if (worlds < 0 || worlds > 20) {
          error(rid, ErrorCode.ERROR_CODE_INVALID, "1 to 20 parallel worlds, not " + worlds,
              "create_match.worlds");
          return;
        }
        lobby.offLoop(() -> { // loading a scenario and writing the first records takes a while
          var problems = MatchConfigs.problems(m.getCreateMatch().getConfig());
          if (!problems.isEmpty()) { // refused whole: every problem, the first one named
            out.send(ServerMessage.newBuilder().setRequestId(rid).setError(Error.newBuilder()
                .setCode(ErrorCode.ERROR_CODE_INVALID).setMessage(problems.get(0).getMessage())
                .setField(problems.get(0).getField()).addAllProblems(problems)).build());
            return;
          }
          try {
            lobby.create(m.getCreateMatch(), created -> out.send(ServerMessage.newBuilder()
                .setRequestId(rid).setMatchCreated(MatchCreated.newBuilder()
                    .addAllMatches(created)).build()));
          } catch (IllegalArgumentException e) {
            error(rid, ErrorCode.ERROR_CODE_INVALID, e.getMessage(), "create_match.config");
          }
        });
      }
      case JOIN_MATCH -> {
        MatchRoom r = lobby.byCode(m.getJoinMatch().getCode());
        if (r == null) {
          error(rid, ErrorCode.ERROR_CODE_NOT_FOUND, "no match with code \""
              + m.getJoinMatch().getCode() + "\"", "join_match.code");
          return;
        }
        r.executor.execute(() -> out.send(ServerMessage.newBuilder().setRequestId(rid)
            .setMatchId(r.id).setJoinOffer(JoinOffer.newBuilder().setMatch(r.summary())).build()));
      }
      case CLAIM_SEAT -> {
        MatchRoom r = lobby.byId(m.getClaimSeat().getMatchId());
        if (r == null) {
          error(rid, ErrorCode.ERROR_CODE_NOT_FOUND, "no match \"" + m.getClaimSeat().getMatchId()
              + "\"", "claim_seat.match_id");
          return;
        }
        String token = Tokens.newToken();
        var claim = m.getClaimSeat();
        r.executor.execute(() -> r.claim(this, rid, claim, token));
      }
      case ORDERS -> inRoom(rid, r -> r.orders(this, rid, m.getOrders()));
      case DIPLOMACY -> inRoom(rid, r -> r.diplomacy(this, rid, m.getDiplomacy()));
      case CHAT -> inRoom(rid, r -> r.chat(this, rid, m.getChat()));
      case READY -> inRoom(rid, r -> r.ready(this, rid, m.getReady().getReady(),
          m.getReady().getTurn()));
      case GET_VIEW -> {
        if (viewer.host() && !m.getGetView().getMatchId().isEmpty()
            && !hostFollow(rid, m.getGetView().getMatchId(), "get_view.match_id")) {
          return;
        }
        inRoom(rid, r -> r.view(this, rid));
      }
      case GET_DEBRIEF -> inRoom(rid, r -> {
        if (!viewer.host() && !r.state().finished()) {
          r.executor.execute(() -> error(rid, ErrorCode.ERROR_CODE_FORBIDDEN,
              "the debrief opens when the match is over", ""));
          return;
        }
        out.send(ServerMessage.newBuilder().setRequestId(rid).setMatchId(r.id)
            .setDebrief(Engine.debrief(r.state())).build());
      });
      case HOST_ACTION -> {
        if (!viewer.host()) {
          error(rid, ErrorCode.ERROR_CODE_FORBIDDEN, "host actions need the host token", "");
          return;
        }
        var a = m.getHostAction();
        if (a.hasNewHostToken() || a.hasNewBotToken()) {
          lobby.offLoop(() -> {
            String token = lobby.newToken(a.hasNewHostToken());
            out.send(ServerMessage.newBuilder().setRequestId(rid).setHostActionDone(
                org.concert.protocol.v1.HostActionDone.newBuilder().setToken(token)).build());
          });
          return;
        }
        if (!a.getMatchId().isEmpty() && !hostFollow(rid, a.getMatchId(), "host_action.match_id")) {
          return;
        }
        inRoom(rid, r -> r.host(this, rid, a));
      }
      case ENTER_LADDER -> enterLadder(rid, m.getEnterLadder().getName().strip());
      default -> error(rid, ErrorCode.ERROR_CODE_MALFORMED, "an empty message", "body");
    }
  }

  private void hello(long rid, org.concert.protocol.v1.Hello h) {
    if (h.getProtocolVersion() != PROTOCOL_VERSION) {
      error(rid, ErrorCode.ERROR_CODE_UNSUPPORTED_VERSION, "this server speaks protocol version "
          + PROTOCOL_VERSION + ", not " + h.getProtocolVersion(), "hello.protocol_version");
      return;
    }
    Welcome.Builder w = Welcome.newBuilder().setProtocolVersion(PROTOCOL_VERSION)
        .setServer("concert/0.1").setIdleTimeoutMs(lobby.idleTimeoutMs());
    switch (h.getCredentialCase()) {
      case HOST_TOKEN -> {
        if (!lobby.isHost(Tokens.hash(h.getHostToken()))) {
          error(rid, ErrorCode.ERROR_CODE_UNAUTHENTICATED, "unknown host token", "hello.host_token");
          return;
        }
        viewer = new Viewer(Role.ROLE_HOST, "", "host");
        w.setRole(Role.ROLE_HOST);
      }
      case BOT_TOKEN -> {
        if (!lobby.isBot(Tokens.hash(h.getBotToken()))) {
          error(rid, ErrorCode.ERROR_CODE_UNAUTHENTICATED, "unknown bot token", "hello.bot_token");
          return;
        }
        bot = true;
        botTokenHash = Tokens.hash(h.getBotToken());
      }
      case SEAT_TOKEN -> {
        Lobby.Grant g = lobby.grant(Tokens.hash(h.getSeatToken()));
        if (g == null) {
          error(rid, ErrorCode.ERROR_CODE_UNAUTHENTICATED,
              "unknown seat token (the seat may have been reassigned)", "hello.seat_token");
          return;
        }
        MatchRoom r = lobby.byId(g.matchId());
        if (r == null) {
          error(rid, ErrorCode.ERROR_CODE_UNAUTHENTICATED, "the match of this seat token is over"
              + " and no longer held by the server", "hello.seat_token");
          return;
        }
        seatTokenHash = Tokens.hash(h.getSeatToken());
        Viewer v = g.power().isEmpty()
            ? new Viewer(Role.ROLE_OBSERVER, "", "", r.publicSight(seatTokenHash))
            : new Viewer(Role.ROLE_PLAYER, g.power(), "");
        w.setRole(v.role()).setMatchId(r.id).setPower(v.power());
        hello = true;
        // The welcome goes out from the match, with the seat holder's name, before the history.
        follow(r, v, h.getLastEventVersion(), () -> out.send(ServerMessage.newBuilder()
            .setRequestId(rid).setWelcome(w.setDisplayName(r.nameOf(v.power(), seatTokenHash)))
            .build()));
        return;
      }
      default -> {
      }
    }
    hello = true;
    out.send(ServerMessage.newBuilder().setRequestId(rid).setWelcome(w).build());
  }

  /**
   * This session holds a place in `r` now (a seat, or an observer's place with an empty power):
   * its token opens the place from now on, and the session follows the match. Runs on the
   * match's executor, before the grant is sent.
   */
  void seated(MatchRoom r, String tokenHash, Viewer v) {
    lobby.remember(tokenHash, r.id, v.player() ? v.power() : "");
    seatTokenHash = tokenHash;
    follow(r, v, 0, null);
  }

  /** Follows a match: attach on its executor (it sends the missed messages and a view). */
  private void follow(MatchRoom r, Viewer v, long lastVersion, Runnable first) {
    for (MatchRoom before : following) {
      if (before != r) {
        following.remove(before);
        before.executor.execute(() -> before.detach(this));
      }
    }
    viewer = v;
    room = r;
    if (following.add(r)) {
      r.executor.execute(() -> {
        if (first != null) {
          first.run();
        }
        r.attach(this, lastVersion);
      });
    }
  }

  /**
   * A host follows every match it names (a monitor of parallel worlds gets all their pushes);
   * its requests without a match id go to the one it named last.
   */
  private boolean hostFollow(long rid, String matchId, String field) {
    MatchRoom r = lobby.byId(matchId);
    if (r == null) {
      error(rid, ErrorCode.ERROR_CODE_NOT_FOUND, "no match \"" + matchId + "\"", field);
      return false;
    }
    room = r;
    if (following.add(r)) {
      r.executor.execute(() -> r.attach(this, Long.MAX_VALUE)); // now, not the history
    }
    return true;
  }

  private void inRoom(long rid, java.util.function.Consumer<MatchRoom> task) {
    MatchRoom r = room;
    if (r == null) {
      error(rid, ErrorCode.ERROR_CODE_NOT_FOUND, "join a match first", "");
      return;
    }
    r.executor.execute(() -> task.accept(r));
  }

  private void enterLadder(long rid, String name) {
    Ladder ladder = lobby.ladder;
    if (ladder == null) {
      error(rid, ErrorCode.ERROR_CODE_NOT_FOUND, "this server runs no ladder (concert serve"
          + " --ladder SCENARIO starts one)", "enter_ladder");
      return;
    }
    if (!bot) {
      error(rid, ErrorCode.ERROR_CODE_FORBIDDEN, "the ladder is for bot programs: say hello"
          + " with a bot token", "enter_ladder");
      return;
    }
    String problem = Ladder.nameProblem(name);
    if (problem == null) {
      problem = ladder.enter(this, name, botTokenHash);
      if (problem != null) {
        error(rid, ErrorCode.ERROR_CODE_FORBIDDEN, problem, "enter_ladder.name");
        return;
      }
    } else {
      error(rid, ErrorCode.ERROR_CODE_INVALID, problem, "enter_ladder.name");
      return;
    }
    out.send(ServerMessage.newBuilder().setRequestId(rid).setLadderEntered(
        org.concert.protocol.v1.LadderEntered.newBuilder().setScenarioId(ladder.scenarioId())
            .setWaiting(ladder.waiting())).build());
  }

  /** Whether the connection has closed. */
  boolean gone() {
    return gone;
  }

  @Override
  public void closed() {
    gone = true;
    Ladder ladder = lobby.ladder;
    if (ladder != null) {
      ladder.leave(this);
    }
    for (MatchRoom r : following) {
      r.executor.execute(() -> r.detach(this));
    }
    following.clear();
    LOG.debug("session closed ({})", out.remoteAddress());
  }

  boolean isBot() {
    return bot;
  }
}
