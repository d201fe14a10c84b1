package org.concert.server;

import java.util.Set;
import org.concert.engine.Engine;
import org.concert.protocol.v1.ServerMessage;

/**
 * A message the match pushed, kept so that a client resuming with its last version gets exactly
 * what it missed, with who may receive it.
 */
record Delivery(long version, ServerMessage message, Set<String> powers, To to) {
  /** Who receives a delivery. */
  enum To {
    /** `powers` (everyone if null), the host and observers with full sight. */
    SHARED,
    /** The seat of the one power in `powers`, and nobody else: its own turn result. */
    SEAT,
    /** The host and observers with full sight: the true turn result. */
    OMNISCIENT,
    /** Observers with public sight: the turn result the public map allows. */
    PUBLIC
  }

  /** A message for `powers` (null: everyone), which the host and full-sight observers see too. */
  Delivery(long version, ServerMessage message, Set<String> powers) {
    this(version, message, powers, To.SHARED);
  }

  Delivery numbered(long v, ServerMessage m) {
    return new Delivery(v, m, powers, to);
  }

  boolean visibleTo(Viewer v, boolean observersSeeAll) {
    boolean omniscient = v.host() || (!v.player() && observersSeeAll);
    return switch (to) {
      case SEAT -> v.player() && powers.contains(v.power());
      case OMNISCIENT -> omniscient;
      case PUBLIC -> !v.player() && !omniscient;
      case SHARED -> powers == null || omniscient || (v.player() && powers.contains(v.power()));
    };
  }

  /**
   * The message as `v` receives it: a player sees itself alone in an event's audience, so a
   * shared secret does not tell who else shares it.
   */
  ServerMessage messageFor(Viewer v) {
    if (!v.player() || powers == null || powers.size() < 2 || !message.hasEvent()) {
      return message;
    }
    return message.toBuilder().setEvent(Engine.seenBy(message.getEvent(), v.power())).build();
  }
}
