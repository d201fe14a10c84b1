package org.concert.server;

/** The server core as the transports see it: a new connection gets a conversation. */
public interface Endpoint {
  Conversation connect(Outbound outbound);
}
