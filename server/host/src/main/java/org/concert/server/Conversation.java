package org.concert.server;

import org.concert.protocol.v1.ClientMessage;

/**
 * One connection as the core sees it. The transport calls {@link #receive} for every decoded
 * envelope, in order, from its event loop; implementations must not block it.
 */
public interface Conversation {
  void receive(ClientMessage message);

  /** The connection is gone (closed by either side, or failed). */
  void closed();
}
