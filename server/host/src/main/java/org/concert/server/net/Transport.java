package org.concert.server.net;

/** How a client reached the server, as metrics and logs name it. */
public enum Transport {
  /** Length-prefixed protobuf envelopes on the TCP port. */
  TCP("tcp"),
  /** A WebSocket on the HTTP port, in either subprotocol. */
  WEBSOCKET("websocket");

  private final String label;

  Transport(String label) {
    this.label = label;
  }

  /** The lower-case name used in metrics and logs. */
  public String label() {
    return label;
  }
}
