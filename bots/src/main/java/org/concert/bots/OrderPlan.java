package org.concert.bots;

import java.util.HashMap;
import java.util.Map;
import org.concert.protocol.v1.Build;
import org.concert.protocol.v1.Disband;
import org.concert.protocol.v1.Economy;
import org.concert.protocol.v1.FortBuild;
import org.concert.protocol.v1.Hold;
import org.concert.protocol.v1.MilitaryOrder;
import org.concert.protocol.v1.Move;
import org.concert.protocol.v1.Orders;
import org.concert.protocol.v1.RulesConfig;
import org.concert.protocol.v1.SubsidyOrder;
import org.concert.protocol.v1.Support;

/**
 * Builds one turn's orders that the engine will accept: every method checks the rule it would
 * break (gold, home provinces, adjacency, strength left in a stack, fort levels) against the
 * situation and returns false, changing nothing, when the order is not possible. Treaty limits
 * under BINDING enforcement are the bot's own business.
 */
public final class OrderPlan {
  private final Situation s;
  private final RulesConfig rules;
  private final Orders.Builder orders;
  private final Economy.Builder economy = Economy.newBuilder();
  private final Map<String, Integer> committed = new HashMap<>();
  private final Map<String, Integer> fortsAdded = new HashMap<>();
  private final Map<String, Boolean> stayOrdered = new HashMap<>();
  private final Map<String, Boolean> moved = new HashMap<>();
  private int gold;

  public OrderPlan(Situation situation) {
    this.s = situation;
    this.rules = situation.view().getRules();
    this.orders = Orders.newBuilder().setTurn(situation.turn());
    this.gold = situation.treasury();
  }

  /** Gold not yet spent. */
  public int gold() {
    return gold;
  }

  /** Strength of the power's stack in a province not yet moved, disbanded or committed. */
  public int free(String province) {
    return s.stack(s.power(), province) - committed.getOrDefault(province, 0);
  }

  /** The cost of raising strength. */
  public int armyCost(int strength) {
    return strength * rules.getArmyCost();
  }

  /** True when armies may be raised in the province now. */
  public boolean canBuildIn(String province) {
    String me = s.power();
    if (!s.atlas().isHome(me, province) || !me.equals(s.owner(province))) {
      return false;
    }
    for (String enemy : s.enemies()) {
      if (s.stack(enemy, province) > 0) {
        return false;
      }
    }
    return true;
  }

  /** Raises strength in a home province the power holds, if the gold allows. */
  public boolean build(String province, int strength) {
    int cost = armyCost(strength);
    if (strength <= 0 || cost > gold || !canBuildIn(province)) {
      return false;
    }
    gold -= cost;
    economy.addBuilds(Build.newBuilder().setProvince(province).setStrength(strength));
    return true;
  }

  /** Adds a fort level to an owned province, if the gold and the fort limit allow. */
  public boolean fort(String province) {
    int level = s.fort(province) + fortsAdded.getOrDefault(province, 0);
    if (!s.power().equals(s.owner(province)) || rules.getFortCost() > gold
        || level >= rules.getFortMax()) {
      return false;
    }
    gold -= rules.getFortCost();
    fortsAdded.merge(province, 1, Integer::sum);
    economy.addForts(FortBuild.newBuilder().setProvince(province).setLevels(1));
    return true;
  }

  /** Invests gold in the economy. */
  public boolean invest(int amount) {
    if (amount <= 0 || amount > gold) {
      return false;
    }
    gold -= amount;
    economy.setInvest(economy.getInvest() + amount);
    return true;
  }

  /** Sends gold to another living power once. */
  public boolean subsidy(String to, int amount) {
    if (amount <= 0 || amount > gold || to.equals(s.power()) || !s.living().contains(to)) {
      return false;
    }
    gold -= amount;
    economy.addSubsidies(SubsidyOrder.newBuilder().setTo(to).setGold(amount));
    return true;
  }

  /** Stands strength down for good (it saves its upkeep this turn). */
  public boolean disband(String province, int strength) {
    if (strength <= 0 || strength > free(province)) {
      return false;
    }
    committed.merge(province, strength, Integer::sum);
    economy.addDisbands(Disband.newBuilder().setProvince(province).setStrength(strength));
    return true;
  }

  /** Sends strength from a stack to an adjacent province. */
  public boolean move(String from, String to, int strength) {
    if (strength <= 0 || strength > free(from) || !s.atlas().adjacent(from, to)
        || moved.containsKey(from + ">" + to)) {
      return false;
    }
    committed.merge(from, strength, Integer::sum);
    moved.put(from + ">" + to, true);
    orders.addMilitary(MilitaryOrder.newBuilder().setMove(
        Move.newBuilder().setFrom(from).setTo(to).setStrength(strength)));
    return true;
  }

  /**
   * Lends the stack's remaining strength to a move from {@code attackFrom} into {@code target}
   * (or to the defence of {@code target} when attackFrom is null). A stack supports once.
   */
  public boolean support(String from, String target, String attackFrom) {
    if (free(from) <= 0 || stayOrdered.containsKey(from) || !s.atlas().adjacent(from, target)
        || from.equals(attackFrom)) {
      return false;
    }
    if (attackFrom != null && (attackFrom.equals(target) || !s.atlas().adjacent(attackFrom, target))) {
      return false;
    }
    stayOrdered.put(from, true);
    Support.Builder sp = Support.newBuilder().setFrom(from).setTarget(target);
    if (attackFrom != null) {
      sp.setAttackFrom(attackFrom);
    }
    orders.addMilitary(MilitaryOrder.newBuilder().setSupport(sp));
    return true;
  }

  /** Holds a stack explicitly (the default for stacks without orders). */
  public boolean hold(String province) {
    if (free(province) <= 0 || stayOrdered.containsKey(province)) {
      return false;
    }
    stayOrdered.put(province, true);
    orders.addMilitary(MilitaryOrder.newBuilder().setHold(Hold.newBuilder().setProvince(province)));
    return true;
  }

  /** Declares war on another power this turn. */
  public boolean declareWar(String power) {
    if (power.equals(s.power()) || !s.living().contains(power) || s.atWar(s.power(), power)
        || orders.getDeclareWarList().contains(power)) {
      return false;
    }
    orders.addDeclareWar(power);
    return true;
  }

  /** Will not honour alliances with this power if they are triggered this turn. */
  public boolean standAside(String ally) {
    if (ally.equals(s.power()) || orders.getStandAsideList().contains(ally)
        || !s.atlas().powers().contains(ally)) {
      return false;
    }
    orders.addStandAside(ally);
    return true;
  }

  /** The orders. */
  public Orders orders() {
    return orders.clone().setEconomy(economy.clone()).build();
  }
}
