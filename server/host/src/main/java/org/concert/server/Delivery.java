package org.concert.server;

import java.util.Set;
import org.concert.protocol.v1.ServerMessage;

/**
 * A message the match pushed, kept so that a client resuming with its last version gets exactly
 * what it missed. `powers` null means everyone (observers included); otherwise those powers,
 * and always the host.
 */
record Delivery(long version, ServerMessage message, Set<String> powers) {
  boolean visibleTo(Viewer v, boolean observersSeeAll) {
    if (v.host() || powers == null) {
      return true;
    }
    if (v.player()) {
      return powers.contains(v.power());
    }
    return observersSeeAll;
  }

  /**
   * The message as `v` receives it: a player sees itself alone in an event's audience, so a
   * shared secret does not tell who else shares it.
   */
  ServerMessage messageFor(Viewer v) {
    if (!v.player() || powers == null || powers.size() < 2 || !message.hasEvent()) {
      return message;
    }
    var event = message.getEvent();
    return message.toBuilder().setEvent(event.toBuilder().setAudience(event.getAudience()
        .toBuilder().clearPowers().addPowers(v.power()))).build();
  }
}
