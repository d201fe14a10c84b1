package org.concert.server;

import org.concert.protocol.v1.ServerMessage;

/**
 * The way back to one connected client, given by its transport. Implementations are
 * thread-safe: match actors send from their own threads.
 */
public interface Outbound {
  /**
   * Queues a message for the client. Never blocks: a client that does not read is cut off by
   * its transport (with a reason) rather than holding memory.
   */
  void send(ServerMessage message);

  /** Closes the connection, telling the client why when the transport can. */
  void close(String reason);

  /** The client's address, for limits and logs (never a token). */
  String remoteAddress();
}
