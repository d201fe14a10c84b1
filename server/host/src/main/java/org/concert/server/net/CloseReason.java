package org.concert.server.net;

/**
 * Why a connection ended. Each has a stable metric label and the sentence that logs (and, where the
 * client can still be told, its closing {@code Error}) carry.
 */
public enum CloseReason {
  /** The client closed, or the network dropped it. */
  PEER("peer", "closed by the client"),
  /** Nothing received for the configured idle timeout. */
  IDLE("idle", "idle"),
  /** The outbound queue passed its bound: the client stopped reading. */
  TOO_SLOW("too_slow", "too slow: stopped reading"),
  /** The client kept sending over its command rate after being told to slow down. */
  RATE_LIMITED("rate_limited", "rate limited"),
  /** A frame or WebSocket message over the size bound. */
  TOO_LARGE("too_large", "frame too large"),
  /** Bytes that do not parse as an envelope, or a broken WebSocket frame. */
  MALFORMED("malformed", "malformed"),
  /** The address already holds as many connections as it may. */
  TOO_MANY_CONNECTIONS("too_many_connections", "too many connections from this address"),
  /** The core closed the connection (its reason is logged). */
  SERVER("server", "closed by the server"),
  /** The server is shutting down. */
  SHUTDOWN("shutdown", "the server is shutting down"),
  /** The transport itself failed (an I/O error, or a bug). */
  ERROR("error", "transport error");

  private final String label;
  private final String sentence;

  CloseReason(String label, String sentence) {
    this.label = label;
    this.sentence = sentence;
  }

  /** The metric label: lower case, underscores. */
  public String label() {
    return label;
  }

  /** A short sentence for people. */
  public String sentence() {
    return sentence;
  }
}
