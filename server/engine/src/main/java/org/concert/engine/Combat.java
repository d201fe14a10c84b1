package org.concert.engine;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.concert.protocol.v1.Battle;
import org.concert.protocol.v1.Event;
import org.concert.protocol.v1.ProvinceCaptured;
import org.concert.protocol.v1.Retreated;
import org.concert.protocol.v1.StackDestroyed;
import org.concert.protocol.v1.StackMoved;

/**
 * Step 4 of a turn: movement and combat. Moving strength leaves its origin undefended; two
 * hostile moves between the same two provinces clash head-on first; then every contested
 * province is fought over at once. The strongest attacker takes a province when it is strictly
 * stronger than the defence and than every other attacker; otherwise nobody moves in. Beaten
 * defenders retreat to an adjacent own province or are lost; bounced attackers go back where
 * they came from, or retreat if that was taken.
 */
final class Combat {
  /** Called for a power and a province. */
  interface Hook {
    void at(int power, int province);
  }

  /** Called when a power takes a province from its previous owner (a code, or -1). */
  interface Capture {
    void taken(int power, int province, int previousOwner);
  }

  /** One move after clamping to the strength actually there. */
  private static final class Mv {
    final int power;
    final int from;
    final int to;
    int strength;
    int support;
    boolean peaceful;
    boolean bounced;
    double eff;

    Mv(int power, int from, int to, int strength) {
      this.power = power;
      this.from = from;
      this.to = to;
      this.strength = strength;
    }
  }

  /** Strength that ends somewhere other than where it stood: an arrival, return or retreat. */
  private record Transfer(int power, int from, int to, int strength) {}

  private final GameState s;
  private final Board b;
  private final Rules r;
  private final Relations rel;
  private final PlannedOrders[] plans;
  private final EventLog log;
  private final boolean[][] seen;
  private final boolean[][] autoSupport;
  private final Capture captured;
  private final Hook enteredDmz;
  private final int np;
  private final int nq;
  private final List<Mv> moves = new ArrayList<>();
  private int[][] staying;
  private double[] holdSupport;
  private final List<Transfer> arrivals = new ArrayList<>();
  private final List<Transfer> returns = new ArrayList<>();
  private final List<Transfer> retreats = new ArrayList<>();

  Combat(GameState s, Relations rel, PlannedOrders[] plans, EventLog log, boolean[][] seen,
      boolean[][] autoSupport, Capture captured, Hook enteredDmz) {
    this.s = s;
    this.b = s.board;
    this.r = s.rules;
    this.rel = rel;
    this.plans = plans;
    this.log = log;
    this.seen = seen;
    this.autoSupport = autoSupport;
    this.captured = captured;
    this.enteredDmz = enteredDmz;
    this.np = b.powers();
    this.nq = b.provinces();
  }

  void run() {
    collectMoves();
    collectSupports();
    for (Mv m : moves) {
      m.eff = attackStrength(m);
    }
    headOn();
    for (int q = 0; q < nq; q++) {
      province(q);
    }
    apply();
    claimUnowned();
  }

  private void collectMoves() {
    int[][] leaving = new int[np][nq];
    for (int i = 0; i < np; i++) {
      if (!s.alive[i]) {
        continue;
      }
      for (PlannedOrders.Move m : plans[i].moves) {
        int available = s.stacks[i][m.from()] - leaving[i][m.from()];
        int strength = Math.min(m.strength(), available);
        if (strength <= 0) {
          continue;
        }
        leaving[i][m.from()] += strength;
        Mv mv = new Mv(i, m.from(), m.to(), strength);
        mv.peaceful = Attacks.peaceful(s, rel, i, m.to());
        moves.add(mv);
        enteredDmz.at(i, m.to());
      }
    }
    staying = new int[np][nq];
    for (int i = 0; i < np; i++) {
      for (int q = 0; q < nq; q++) {
        staying[i][q] = s.stacks[i][q] - leaving[i][q];
      }
    }
  }

  private void collectSupports() {
    holdSupport = new double[nq];
    boolean[][] supporting = new boolean[np][nq];
    for (int i = 0; i < np; i++) {
      if (!s.alive[i]) {
        continue;
      }
      for (PlannedOrders.Support sp : plans[i].supports) {
        int strength = staying[i][sp.from()];
        if (strength <= 0) {
          continue;
        }
        supporting[i][sp.from()] = true;
        if (sp.attackFrom() < 0) {
          holdSupport[sp.target()] += strength;
        } else {
          for (Mv m : moves) {
            if (m.from == sp.attackFrom() && m.to == sp.target()) {
              m.support += strength;
            }
          }
        }
      }
    }
    // A triggered ally's idle stacks next to the attacked provinces support their defence.
    for (int z = 0; z < np; z++) {
      for (int y = 0; y < np; y++) {
        if (!autoSupport[z][y]) {
          continue;
        }
        for (int q = 0; q < nq; q++) {
          if (s.owner[q] != y || !attackedByNonAlly(q, y)) {
            continue;
          }
          for (int p : b.links(q)) {
            if (staying[z][p] > 0 && !supporting[z][p]) {
              supporting[z][p] = true;
              holdSupport[q] += staying[z][p];
            }
          }
        }
      }
    }
  }

  private boolean attackedByNonAlly(int q, int defender) {
    for (Mv m : moves) {
      if (m.to == q && !m.peaceful && m.power != defender) {
        return true;
      }
    }
    return false;
  }

  private double attackStrength(Mv m) {
    double sea = b.sea(m.from, m.to) ? r.seaFactor() : 1.0;
    return (m.strength + m.support) * r.theta() * sea * friction(m.power, m.to);
  }

  private double friction(int side, int province) {
    if (r.frictionPercent() == 0) {
      return 1.0;
    }
    double u = Rng.of(s.seed, Rng.Purpose.FRICTION, s.turn, side, province).nextSigned();
    return 1.0 + u * r.frictionPercent() / 100.0;
  }

  private int casualties(double opposing, double ownMultiplier, int cap) {
    return (int) Math.min(cap, Math.round(r.casualtyRate() * opposing / ownMultiplier));
  }

  private void headOn() {
    for (int x = 0; x < moves.size(); x++) {
      Mv a = moves.get(x);
      for (int y = x + 1; y < moves.size(); y++) {
        Mv c = moves.get(y);
        if (a.bounced || c.bounced || a.to != c.from || a.from != c.to || a.power == c.power
            || rel.allied[a.power][c.power]) {
          continue;
        }
        int lossA = casualties(c.eff, r.theta(), a.strength);
        int lossC = casualties(a.eff, r.theta(), c.strength);
        Battle.Builder battle = Battle.newBuilder().setProvince(b.provinceId(a.to)).setHeadOn(true)
            .addSides(side(a, lossA)).addSides(side(c, lossC));
        Mv winner = a.eff > c.eff ? a : c.eff > a.eff ? c : null;
        a.strength -= lossA;
        c.strength -= lossC;
        for (Mv m : new Mv[] {a, c}) {
          if (m != winner || m.strength <= 0) {
            m.bounced = true;
          }
          m.eff = attackStrength(m);
        }
        if (winner != null) {
          battle.setWinner(b.powerId(winner.power));
        }
        log.seen(seen, a.to, Event.newBuilder().setBattle(battle), a.power, c.power);
        // Survivors of a lost clash go home at the end.
        for (Mv m : new Mv[] {a, c}) {
          if (m.bounced && m.strength > 0) {
            returns.add(new Transfer(m.power, m.to, m.from, m.strength));
          }
        }
      }
    }
  }

  private Battle.Side.Builder side(Mv m, int loss) {
    return Battle.Side.newBuilder().setPower(b.powerId(m.power)).setStrength(m.strength)
        .setSupport(m.support).setEffective(m.eff).setCasualties(loss)
        .setFrom(b.provinceId(m.from));
  }

  private void province(int q) {
    List<Mv> in = new ArrayList<>();
    for (Mv m : moves) {
      if (m.to == q && !m.bounced && m.strength > 0) {
        in.add(m);
      }
    }
    if (in.isEmpty()) {
      return;
    }
    int owner = s.owner[q];
    boolean minor = owner != Board.NOBODY && b.isMinor(owner);
    int defenders = 0;
    for (int k = 0; k < np; k++) {
      defenders += staying[k][q];
    }
    boolean defenderSide = defenders > 0 || minor || (owner != Board.NOBODY && s.alive[owner]);
    List<Mv> joiners = new ArrayList<>();
    List<List<Mv>> groups = new ArrayList<>();
    for (Mv m : in) {
      if (m.peaceful && defenderSide) {
        joiners.add(m);
        continue;
      }
      // Allies attacking the same province fight as one side.
      List<Mv> group = null;
      for (List<Mv> g : groups) {
        int lead = g.get(0).power;
        if (lead == m.power || rel.allied[lead][m.power]) {
          group = g;
        }
      }
      if (group == null) {
        group = new ArrayList<>();
        groups.add(group);
      }
      group.add(m);
    }
    int defStrength = defenders + (minor ? s.garrison[q] : 0);
    for (Mv m : joiners) {
      defStrength += m.strength;
    }
    if (groups.isEmpty()) {
      for (Mv m : joiners) {
        arrivals.add(new Transfer(m.power, m.from, q, m.strength));
        log.seen(seen, q, Event.newBuilder().setStackMoved(StackMoved.newBuilder()
            .setPower(b.powerId(m.power)).setFrom(b.provinceId(m.from)).setTo(b.provinceId(q))
            .setStrength(m.strength)), m.power);
      }
      return;
    }
    double defMult = b.terrain(q) * r.fortMultiplier(s.fort[q]);
    double defEff = defStrength > 0
        ? (defStrength + holdSupport[q]) * defMult * friction(owner < 0 ? np + nq : owner, q)
        : 0.0;
    double[] eff = new double[groups.size()];
    int best = 0;
    for (int g = 0; g < groups.size(); g++) {
      for (Mv m : groups.get(g)) {
        eff[g] += m.eff;
      }
      if (eff[g] > eff[best]) {
        best = g;
      }
    }
    boolean unique = true;
    for (int g = 0; g < groups.size(); g++) {
      if (g != best && eff[g] >= eff[best]) {
        unique = false;
      }
    }
    boolean wins = unique && eff[best] > defEff;
    int leader = leader(groups.get(best)); // before casualties change the contributions

    Battle.Builder battle = Battle.newBuilder().setProvince(b.provinceId(q));
    int[] involved = new int[np + 1];
    int ni = 0;
    // Defender casualties, largest unit first.
    int defLoss = defStrength > 0 ? casualties(eff[best], defMult, defStrength) : 0;
    List<int[]> units = new ArrayList<>(); // {kind 0=stack 1=joiner 2=garrison, power/index, strength}
    for (int k = 0; k < np; k++) {
      if (staying[k][q] > 0) {
        units.add(new int[] {0, k, staying[k][q]});
      }
    }
    for (int j = 0; j < joiners.size(); j++) {
      units.add(new int[] {1, j, joiners.get(j).strength});
    }
    if (minor && s.garrison[q] > 0) {
      units.add(new int[] {2, owner, s.garrison[q]});
    }
    int[] lost = spread(units.stream().mapToInt(u -> u[2]).toArray(), defLoss);
    for (int u = 0; u < units.size(); u++) {
      int[] unit = units.get(u);
      int power = unit[0] == 1 ? joiners.get(unit[1]).power : unit[1];
      Battle.Side.Builder side = Battle.Side.newBuilder()
          .setPower(b.ownerId(power)).setDefending(true).setStrength(unit[2])
          .setCasualties(lost[u]).setEffective(defEff);
      if (u == 0) {
        side.setSupport((int) holdSupport[q]);
      }
      battle.addSides(side);
      if (unit[0] == 0) {
        staying[unit[1]][q] -= lost[u];
        involved[ni++] = unit[1];
      } else if (unit[0] == 1) {
        joiners.get(unit[1]).strength -= lost[u];
        involved[ni++] = power;
      } else {
        s.garrison[q] -= lost[u];
      }
    }
    if (units.isEmpty() && owner != Board.NOBODY && !minor) {
      battle.addSides(Battle.Side.newBuilder().setPower(b.ownerId(owner)).setDefending(true));
    }
    // Attacker casualties.
    for (int g = 0; g < groups.size(); g++) {
      double opposing = defEff;
      for (int h = 0; h < groups.size(); h++) {
        if (h != g) {
          opposing = Math.max(opposing, eff[h]);
        }
      }
      List<Mv> group = groups.get(g);
      group.sort(Comparator.comparingInt((Mv m) -> -m.strength));
      int total = 0;
      int support = 0;
      for (Mv m : group) {
        total += m.strength;
        support += m.support;
      }
      int loss = casualties(opposing, r.theta(), total);
      int[] split = spread(group.stream().mapToInt(m -> m.strength).toArray(), loss);
      for (int i = 0; i < group.size(); i++) {
        group.get(i).strength -= split[i];
      }
      Mv first = group.get(0);
      battle.addSides(Battle.Side.newBuilder().setPower(b.powerId(first.power))
          .setStrength(total).setSupport(support).setEffective(eff[g]).setCasualties(loss)
          .setFrom(b.provinceId(first.from)));
      if (ni < involved.length) {
        involved[ni++] = first.power;
      }
    }
    if (wins) {
      int w = leader;
      battle.setWinner(b.powerId(w));
      log.seen(seen, q, Event.newBuilder().setBattle(battle), java.util.Arrays.copyOf(involved, ni));
      for (int k = 0; k < np; k++) {
        if (staying[k][q] > 0) {
          retreats.add(new Transfer(k, q, -1, staying[k][q]));
          staying[k][q] = 0;
        }
      }
      for (Mv m : joiners) {
        if (m.strength > 0) {
          retreats.add(new Transfer(m.power, q, -1, m.strength));
        }
      }
      s.garrison[q] = 0;
      if (owner != w) {
        s.owner[q] = w;
        log.everyone(Event.newBuilder().setProvinceCaptured(ProvinceCaptured.newBuilder()
            .setProvince(b.provinceId(q)).setFrom(b.ownerId(owner)).setTo(b.powerId(w))));
        captured.taken(w, q, owner);
      }
      for (int g = 0; g < groups.size(); g++) {
        for (Mv m : groups.get(g)) {
          if (m.strength <= 0) {
            continue;
          }
          if (g == best) {
            arrivals.add(new Transfer(m.power, m.from, q, m.strength));
          } else {
            returns.add(new Transfer(m.power, q, m.from, m.strength));
          }
        }
      }
    } else {
      log.seen(seen, q, Event.newBuilder().setBattle(battle), java.util.Arrays.copyOf(involved, ni));
      for (Mv m : joiners) {
        if (m.strength > 0) {
          arrivals.add(new Transfer(m.power, m.from, q, m.strength));
        }
      }
      for (List<Mv> group : groups) {
        for (Mv m : group) {
          if (m.strength > 0) {
            returns.add(new Transfer(m.power, q, m.from, m.strength));
          }
        }
      }
    }
  }

  /** The power of a side that contributes the most strength (the lowest seat on a tie). */
  private int leader(List<Mv> group) {
    int[] by = new int[np];
    for (Mv m : group) {
      by[m.power] += m.strength;
    }
    int best = group.get(0).power;
    for (int i = 0; i < np; i++) {
      if (by[i] > by[best] || (by[i] == by[best] && by[i] > 0 && i < best)) {
        best = i;
      }
    }
    return best;
  }

  /** Splits `total` losses over units in proportion to their size, largest first, capped. */
  static int[] spread(int[] sizes, int total) {
    int[] out = new int[sizes.length];
    int left = total;
    while (left > 0) {
      int pick = -1;
      for (int i = 0; i < sizes.length; i++) {
        int remaining = sizes[i] - out[i];
        if (remaining > 0 && (pick < 0 || remaining > sizes[pick] - out[pick])) {
          pick = i;
        }
      }
      if (pick < 0) {
        break;
      }
      out[pick]++;
      left--;
    }
    return out;
  }

  private void apply() {
    for (int i = 0; i < np; i++) {
      System.arraycopy(staying[i], 0, s.stacks[i], 0, nq);
    }
    for (Transfer t : arrivals) {
      s.stacks[t.power()][t.to()] += t.strength();
    }
    for (Transfer t : returns) {
      if (hostileAt(t.power(), t.to()) || !holdable(t.power(), t.to())) {
        retreats.add(new Transfer(t.power(), t.to(), t.from(), t.strength()));
      } else {
        s.stacks[t.power()][t.to()] += t.strength();
      }
    }
    for (Transfer t : retreats) {
      int dest = retreatTarget(s, rel, t.power(), t.from(), t.to());
      if (dest >= 0) {
        s.stacks[t.power()][dest] += t.strength();
        log.seen(seen, t.from(), Event.newBuilder().setRetreated(Retreated.newBuilder()
            .setPower(b.powerId(t.power())).setFrom(b.provinceId(t.from()))
            .setTo(b.provinceId(dest)).setStrength(t.strength())), t.power());
      } else {
        log.seen(seen, t.from(), Event.newBuilder().setStackDestroyed(StackDestroyed.newBuilder()
            .setPower(b.powerId(t.power())).setProvince(b.provinceId(t.from()))
            .setStrength(t.strength())), t.power());
      }
    }
  }

  /**
   * A province nobody owns passes to the only power standing in it after the fighting: an army
   * that holds ground claims it, whether it just arrived or was already there.
   */
  private void claimUnowned() {
    for (int q = 0; q < nq; q++) {
      if (s.owner[q] != Board.NOBODY) {
        continue;
      }
      int sole = -1;
      for (int k = 0; k < np; k++) {
        if (s.stacks[k][q] > 0) {
          sole = sole == -1 ? k : -2;
        }
      }
      if (sole >= 0) {
        s.owner[q] = sole;
        log.everyone(Event.newBuilder().setProvinceCaptured(ProvinceCaptured.newBuilder()
            .setProvince(b.provinceId(q)).setTo(b.powerId(sole))));
        captured.taken(sole, q, Board.NOBODY);
      }
    }
  }

  /** Whether a power's stack may stand in a province after the fighting: it is not enemy land. */
  private boolean holdable(int power, int q) {
    int o = s.owner[q];
    return o == Board.NOBODY || o == power || (!b.isMinor(o) && rel.allied[power][o]);
  }

  private boolean hostileAt(int power, int q) {
    for (int k = 0; k < np; k++) {
      if (s.stacks[k][q] > 0 && Attacks.hostile(s, power, k)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Where a beaten or displaced stack falls back: the adjacent own province holding the most
   * of its strength (the lowest-numbered on a tie) with no hostile army in it; -1 if none.
   */
  static int retreatTarget(GameState s, Relations rel, int power, int from, int exclude) {
    int best = -1;
    for (int q : s.board.links(from)) {
      if (q == exclude || s.owner[q] != power) {
        continue;
      }
      boolean hostile = false;
      for (int k = 0; k < s.board.powers(); k++) {
        if (s.stacks[k][q] > 0 && Attacks.hostile(s, power, k)) {
          hostile = true;
          break;
        }
      }
      if (!hostile && (best < 0 || s.stacks[power][q] > s.stacks[power][best])) {
        best = q;
      }
    }
    return best;
  }
}
