package org.concert.bench;

import java.util.LinkedHashMap;
import java.util.Map;
import org.concert.engine.Board;
import org.concert.engine.Engine;
import org.concert.engine.GameState;
import org.concert.protocol.v1.Build;
import org.concert.protocol.v1.Economy;
import org.concert.protocol.v1.FortBuild;
import org.concert.protocol.v1.MilitaryOrder;
import org.concert.protocol.v1.Move;
import org.concert.protocol.v1.Orders;
import org.concert.protocol.v1.Support;

/**
 * A full set of orders for every power: every stack sends half its strength to a neighbour and
 * the rest supports, each power raises an army, builds a fort and invests. Every set is checked
 * valid, so the benchmark measures resolution, not refusal.
 */
final class FullOrders {
  private FullOrders() {}

  static Map<String, Orders> of(GameState s) {
    Board b = s.board();
    Map<String, Orders> all = new LinkedHashMap<>();
    for (int i = 0; i < b.powers(); i++) {
      if (!s.alive(i)) {
        continue;
      }
      String me = b.powerId(i);
      Orders.Builder o = Orders.newBuilder().setTurn(s.turn());
      var view = Engine.view(s, me);
      Economy.Builder e = Economy.newBuilder();
      int budget = s.treasury(i);
      for (String home : view.getSelf().getHomeList()) {
        if (s.ownerOf(b.province(home)).equals(me) && budget >= 20) {
          e.addBuilds(Build.newBuilder().setProvince(home).setStrength(1));
          budget -= 10;
          break;
        }
      }
      String capital = view.getSelf().getCapital();
      if (s.ownerOf(b.province(capital)).equals(me) && s.fort(b.province(capital)) < 3
          && budget >= 40) {
        e.addForts(FortBuild.newBuilder().setProvince(capital).setLevels(1));
        budget -= 30;
      }
      e.setInvest(Math.max(0, budget / 4));
      o.setEconomy(e);
      for (int q = 0; q < b.provinces(); q++) {
        int strength = s.stack(i, q);
        if (strength <= 0) {
          continue;
        }
        int target = neighbour(b, q, i);
        if (target < 0) {
          continue;
        }
        int send = Math.max(1, strength / 2);
        o.addMilitary(MilitaryOrder.newBuilder().setMove(Move.newBuilder()
            .setFrom(b.provinceId(q)).setTo(b.provinceId(target)).setStrength(send)));
        if (send < strength) {
          o.addMilitary(MilitaryOrder.newBuilder().setSupport(Support.newBuilder()
              .setFrom(b.provinceId(q)).setTarget(b.provinceId(target))));
        }
      }
      Orders orders = o.build();
      var problems = Engine.validate(s, me, orders);
      if (!problems.isEmpty()) {
        throw new IllegalStateException("benchmark orders of " + me + " refused: " + problems);
      }
      all.put(me, orders);
    }
    return all;
  }

  /** The neighbour of q another power owns, else any neighbour; deterministic. */
  private static int neighbour(Board b, int q, int power) {
    int[] next = b.neighbours(q);
    return next.length == 0 ? -1 : next[(q + power) % next.length];
  }
}
