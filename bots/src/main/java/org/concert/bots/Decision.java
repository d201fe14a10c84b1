package org.concert.bots;

import java.util.List;
import org.concert.protocol.v1.Chat;
import org.concert.protocol.v1.DiplomacyAction;
import org.concert.protocol.v1.Orders;

/**
 * What a bot does in one round: its orders for the turn (null to keep those it gave before,
 * or to hold), its diplomatic acts, and any chat.
 */
public record Decision(Orders orders, List<DiplomacyAction> diplomacy, List<Chat> chat) {
  public Decision {
    diplomacy = List.copyOf(diplomacy);
    chat = List.copyOf(chat);
  }

  /** Nothing: keep earlier orders, no diplomacy. */
  public static Decision none() {
    return new Decision(null, List.of(), List.of());
  }

  /** These orders and nothing else. */
  public static Decision of(Orders orders) {
    return new Decision(orders, List.of(), List.of());
  }

  /** These orders and diplomatic acts. */
  public static Decision of(Orders orders, List<DiplomacyAction> diplomacy) {
    return new Decision(orders, diplomacy, List.of());
  }
}
