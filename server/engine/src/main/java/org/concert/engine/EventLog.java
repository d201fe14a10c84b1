package org.concert.engine;

import java.util.ArrayList;
import java.util.List;
import org.concert.protocol.v1.Audience;
import org.concert.protocol.v1.Event;

/**
 * The events of one act of the engine, each stamped with its turn and audience. The audience
 * is decided here, where the event is made, so that no caller can forget it.
 */
final class EventLog {
  private static final Audience EVERYONE = Audience.newBuilder().setEveryone(true).build();

  private final Board board;
  private final int turn;
  private final List<Event> events = new ArrayList<>();

  EventLog(Board board, int turn) {
    this.board = board;
    this.turn = turn;
  }

  /** A public event. */
  void everyone(Event.Builder e) {
    events.add(stamp(e).setAudience(EVERYONE).build());
  }

  /** The log's turn, unless the event names its own (a turn that starts). */
  private Event.Builder stamp(Event.Builder e) {
    return e.getTurn() == 0 ? e.setTurn(turn) : e;
  }

  /** An event for the powers marked in the mask. */
  void to(boolean[] powers, Event.Builder e) {
    Audience.Builder a = Audience.newBuilder();
    for (int i = 0; i < powers.length; i++) {
      if (powers[i]) {
        a.addPowers(board.powerId(i));
      }
    }
    events.add(stamp(e).setAudience(a).build());
  }

  /** An event for the listed powers (indices). */
  void to(Event.Builder e, int... powers) {
    boolean[] mask = new boolean[board.powers()];
    for (int p : powers) {
      mask[p] = true;
    }
    to(mask, e);
  }

  /**
   * An event about a province: the powers involved see it, and so does every power that sees
   * the province (all of them under TRANSPARENT).
   */
  void seen(boolean[][] visibility, int province, Event.Builder e, int... involved) {
    boolean[] mask = new boolean[board.powers()];
    for (int p : involved) {
      if (p >= 0 && p < mask.length) {
        mask[p] = true;
      }
    }
    for (int i = 0; i < mask.length; i++) {
      if (visibility[i][province]) {
        mask[i] = true;
      }
    }
    to(mask, e);
  }

  List<Event> events() {
    return List.copyOf(events);
  }

  /** True when the power may see the event. */
  static boolean visibleTo(Event e, String power) {
    return e.getAudience().getEveryone() || e.getAudience().getPowersList().contains(power);
  }
}
