package org.concert.server.net;

import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.concert.protocol.v1.Ack;
import org.concert.protocol.v1.ClientMessage;
import org.concert.protocol.v1.Pong;
import org.concert.protocol.v1.ServerMessage;
import org.concert.server.Conversation;
import org.concert.server.Endpoint;
import org.concert.server.Outbound;

/**
 * A stand-in for the core: answers {@code Ping} with {@code Pong} (stamped with a version and a
 * match id when given, as in the protocol's worked example), acknowledges everything else, records
 * what it receives, and lets a test push through any connection. A {@code GetView} for match
 * {@code "boom"} throws, as a broken core would.
 */
final class TestEndpoint implements Endpoint {

  final BlockingQueue<Session> sessions = new LinkedBlockingQueue<>();
  private final long version;
  private final String matchId;

  TestEndpoint() {
    this(0, "");
  }

  TestEndpoint(long version, String matchId) {
    this.version = version;
    this.matchId = matchId;
  }

  @Override
  public Conversation connect(Outbound outbound) {
    Session session = new Session(outbound);
    sessions.add(session);
    return session;
  }

  /** The next connection the core was told of, waiting at most a few seconds. */
  Session nextSession() throws InterruptedException {
    Session session = sessions.poll(5, TimeUnit.SECONDS);
    if (session == null) {
      throw new AssertionError("no connection reached the core within 5 s");
    }
    return session;
  }

  final class Session implements Conversation {
    final Outbound outbound;
    final BlockingQueue<ClientMessage> received = new LinkedBlockingQueue<>();
    final CountDownLatch closed = new CountDownLatch(1);

    Session(Outbound outbound) {
      this.outbound = outbound;
    }

    @Override
    public void receive(ClientMessage message) {
      received.add(message);
      if (message.hasGetView() && message.getGetView().getMatchId().equals("boom")) {
        throw new IllegalStateException("the core broke");
      }
      ServerMessage.Builder reply = ServerMessage.newBuilder().setRequestId(message.getRequestId());
      if (message.hasPing()) {
        reply.setVersion(version).setMatchId(matchId).setPong(Pong.newBuilder().setNonce(message.getPing().getNonce()));
      } else {
        reply.setAck(Ack.getDefaultInstance());
      }
      outbound.send(reply.build());
    }

    @Override
    public void closed() {
      closed.countDown();
    }

    boolean awaitClosed(Duration timeout) throws InterruptedException {
      return closed.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }
  }
}
