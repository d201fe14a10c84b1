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
}
