package org.concert.engine;

import java.util.List;
import org.concert.protocol.v1.Event;
import org.concert.protocol.v1.PowerShare;

/**
 * What resolving one turn produced: the next state, every event (each with its audience), and
 * the power shares after the turn.
 */
public record Resolution(GameState state, List<Event> events, List<PowerShare> shares) {
  public Resolution {
    events = List.copyOf(events);
    shares = List.copyOf(shares);
  }
}
