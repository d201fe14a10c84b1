package org.concert.engine;

import java.util.ArrayList;
import java.util.List;
import org.concert.protocol.v1.Build;
import org.concert.protocol.v1.Clause;
import org.concert.protocol.v1.FortBuild;
import org.concert.protocol.v1.MilitaryOrder;
import org.concert.protocol.v1.Move;
import org.concert.protocol.v1.Orders;
import org.concert.protocol.v1.Problem;
import org.concert.protocol.v1.ProblemCode;
import org.concert.protocol.v1.SubsidyOrder;
import org.concert.protocol.v1.Support;
import org.concert.protocol.v1.Treaty;

/**
 * Checks one power's orders against the state and the rules, collecting every problem with the
 * path of the offending field. A set with any problem is refused whole; a clean set becomes
 * {@link PlannedOrders}.
 */
final class OrderValidator {
  private final GameState s;
  private final Board board;
  private final Relations relations;
  private final int power;
  private final List<Problem> problems = new ArrayList<>();

  private OrderValidator(GameState s, Relations relations, int power) {
    this.s = s;
    this.board = s.board;
    this.relations = relations;
    this.power = power;
  }

  /** The outcome: problems, or a plan when there are none. */
  record Result(List<Problem> problems, PlannedOrders plan) {
    Result {
      problems = List.copyOf(problems);
    }

    boolean valid() {
      return problems.isEmpty();
    }
  }

  static Result validate(GameState s, Relations relations, int power, Orders orders) {
    return new OrderValidator(s, relations, power).run(orders);
  }

  private void problem(ProblemCode code, String field, String message) {
    problems.add(Problem.newBuilder().setCode(code).setField(field).setMessage(message).build());
  }

  private Result run(Orders orders) {
    PlannedOrders plan = new PlannedOrders(power, board.powers(), false, false);
    if (s.finished) {
      problem(ProblemCode.PROBLEM_CODE_MATCH_FINISHED, "", "the match is over");
      return new Result(problems, null);
    }
    if (!s.alive[power]) {
      problem(ProblemCode.PROBLEM_CODE_POWER_ELIMINATED, "",
          board.powerId(power) + " has been eliminated and gives no orders");
      return new Result(problems, null);
    }
    if (orders.getTurn() != s.turn) {
      problem(ProblemCode.PROBLEM_CODE_WRONG_TURN, "turn",
          "orders are for turn " + orders.getTurn() + " but turn " + s.turn + " is open");
    }
    economy(orders, plan);
    military(orders, plan);
    powers(orders.getStandAsideList(), "stand_aside", plan.standAside, false);
    powers(orders.getDeclareWarList(), "declare_war", plan.declareWar, true);
    if (s.rules.binding()) {
      binding(plan);
    }
    return new Result(problems, problems.isEmpty() ? plan : null);
  }

  /** Strength each province's stack stands down this turn (disbands come before moves). */
  private int[] disbanding;

  private void economy(Orders orders, PlannedOrders plan) {
    var e = orders.getEconomy();
    disbanding = new int[board.provinces()];
    for (int i = 0; i < e.getDisbandsCount(); i++) {
      var d = e.getDisbands(i);
      String f = "economy.disbands[" + i + "]";
      int q = ownStack(d.getProvince(), f + ".province");
      if (d.getStrength() <= 0) {
        problem(ProblemCode.PROBLEM_CODE_STRENGTH_NOT_POSITIVE, f + ".strength",
            "disband in " + d.getProvince() + ": strength must be at least 1, not "
                + d.getStrength());
      } else if (q >= 0) {
        disbanding[q] += d.getStrength();
        if (disbanding[q] > s.stacks[power][q]) {
          problem(ProblemCode.PROBLEM_CODE_STRENGTH_EXCEEDS_STACK, f + ".strength",
              "disbanding " + disbanding[q] + " in " + d.getProvince() + " but the stack there has "
                  + s.stacks[power][q]);
        } else {
          plan.disbands.add(new PlannedOrders.Disband(q, d.getStrength()));
        }
      }
    }
    int[] fortAdded = new int[board.provinces()];
    for (int i = 0; i < e.getBuildsCount(); i++) {
      Build b = e.getBuilds(i);
      String f = "economy.builds[" + i + "]";
      int q = province(b.getProvince(), f + ".province");
      if (b.getStrength() <= 0) {
        problem(ProblemCode.PROBLEM_CODE_STRENGTH_NOT_POSITIVE, f + ".strength",
            "build in " + b.getProvince() + ": strength must be at least 1, not " + b.getStrength());
      }
      if (q < 0) {
        continue;
      }
      if (!board.isHome(power, q)) {
        problem(ProblemCode.PROBLEM_CODE_NOT_HOME_PROVINCE, f + ".province",
            "armies are raised only in home provinces; " + b.getProvince() + " is not one of "
                + board.powerId(power) + "'s");
      } else if (s.owner[q] != power) {
        problem(ProblemCode.PROBLEM_CODE_NOT_OWN_PROVINCE, f + ".province",
            b.getProvince() + " is held by " + ownerName(q) + ", not " + board.powerId(power));
      } else if (occupiedByOther(q)) {
        problem(ProblemCode.PROBLEM_CODE_PROVINCE_OCCUPIED, f + ".province",
            b.getProvince() + " is occupied by an enemy army");
      } else if (b.getStrength() > 0) {
        plan.builds.add(new PlannedOrders.Build(q, b.getStrength()));
      }
    }
    for (int i = 0; i < e.getFortsCount(); i++) {
      FortBuild fb = e.getForts(i);
      String f = "economy.forts[" + i + "]";
      int q = province(fb.getProvince(), f + ".province");
      if (fb.getLevels() <= 0) {
        problem(ProblemCode.PROBLEM_CODE_AMOUNT_NOT_POSITIVE, f + ".levels",
            "fort in " + fb.getProvince() + ": levels must be at least 1, not " + fb.getLevels());
        continue;
      }
      if (q < 0) {
        continue;
      }
      if (s.owner[q] != power) {
        problem(ProblemCode.PROBLEM_CODE_NOT_OWN_PROVINCE, f + ".province",
            "forts are built only in own provinces; " + fb.getProvince() + " is held by "
                + ownerName(q));
        continue;
      }
      fortAdded[q] += fb.getLevels();
      if (s.fort[q] + fortAdded[q] > s.rules.fortMax()) {
        problem(ProblemCode.PROBLEM_CODE_FORT_AT_MAXIMUM, f + ".levels",
            "the fort in " + fb.getProvince() + " is at level " + s.fort[q] + "; at most "
                + s.rules.fortMax() + " levels are allowed");
        continue;
      }
      plan.forts.add(new PlannedOrders.Fort(q, fb.getLevels()));
    }
    if (e.getInvest() < 0) {
      problem(ProblemCode.PROBLEM_CODE_AMOUNT_NOT_POSITIVE, "economy.invest",
          "investment cannot be negative (" + e.getInvest() + ")");
    } else {
      plan.invest = e.getInvest();
    }
    for (int i = 0; i < e.getSubsidiesCount(); i++) {
      SubsidyOrder so = e.getSubsidies(i);
      String f = "economy.subsidies[" + i + "]";
      int to = otherPower(so.getTo(), f + ".to", true);
      if (so.getGold() <= 0) {
        problem(ProblemCode.PROBLEM_CODE_AMOUNT_NOT_POSITIVE, f + ".gold",
            "subsidy to " + so.getTo() + ": gold must be at least 1, not " + so.getGold());
      } else if (to >= 0) {
        plan.subsidies.add(new PlannedOrders.Subsidy(to, so.getGold()));
      }
    }
    long cost = (long) plan.spending(s.rules);
    if (cost > s.treasury[power]) {
      problem(ProblemCode.PROBLEM_CODE_INSUFFICIENT_GOLD, "economy",
          "spending " + cost + " gold but the treasury holds " + s.treasury[power]);
    }
  }

  private void military(Orders orders, PlannedOrders plan) {
    int n = board.provinces();
    int[] moving = new int[n];
    boolean[] staysOrdered = new boolean[n];
    boolean[][] moveSeen = new boolean[n][];
    List<int[]> supportRefs = new ArrayList<>(); // {order index, from}
    for (int i = 0; i < orders.getMilitaryCount(); i++) {
      MilitaryOrder mo = orders.getMilitary(i);
      String f = "military[" + i + "]";
      switch (mo.getKindCase()) {
        case HOLD -> {
          int q = ownStack(mo.getHold().getProvince(), f + ".hold.province");
          if (q >= 0) {
            if (staysOrdered[q]) {
              problem(ProblemCode.PROBLEM_CODE_DUPLICATE_ORDER, f,
                  "the stack in " + board.provinceId(q) + " already has a hold or support order");
            }
            staysOrdered[q] = true;
          }
        }
        case MOVE -> {
          Move m = mo.getMove();
          int from = ownStack(m.getFrom(), f + ".move.from");
          int to = province(m.getTo(), f + ".move.to");
          if (m.getStrength() <= 0) {
            problem(ProblemCode.PROBLEM_CODE_STRENGTH_NOT_POSITIVE, f + ".move.strength",
                "move from " + m.getFrom() + " to " + m.getTo() + ": strength must be at least 1");
          }
          if (from < 0 || to < 0) {
            continue;
          }
          if (from == to || !board.adjacent(from, to)) {
            problem(ProblemCode.PROBLEM_CODE_NOT_ADJACENT, f + ".move.to",
                m.getTo() + " is not adjacent to " + m.getFrom());
            continue;
          }
          if (moveSeen[from] == null) {
            moveSeen[from] = new boolean[n];
          }
          if (moveSeen[from][to]) {
            problem(ProblemCode.PROBLEM_CODE_DUPLICATE_ORDER, f,
                "a second move from " + m.getFrom() + " to " + m.getTo());
            continue;
          }
          moveSeen[from][to] = true;
          if (m.getStrength() > 0) {
            moving[from] += m.getStrength();
            int available = s.stacks[power][from] - disbanding[from];
            if (moving[from] > available) {
              problem(ProblemCode.PROBLEM_CODE_STRENGTH_EXCEEDS_STACK, f + ".move.strength",
                  "moves from " + m.getFrom() + " send " + moving[from] + " but the stack there has "
                      + available + (disbanding[from] > 0 ? " after disbanding" : ""));
            }
            plan.moves.add(new PlannedOrders.Move(power, from, to, m.getStrength()));
          }
        }
        case SUPPORT -> {
          Support sp = mo.getSupport();
          int from = ownStack(sp.getFrom(), f + ".support.from");
          int target = province(sp.getTarget(), f + ".support.target");
          int attackFrom = -1;
          if (!sp.getAttackFrom().isEmpty()) {
            attackFrom = province(sp.getAttackFrom(), f + ".support.attack_from");
            if (attackFrom < 0) {
              continue;
            }
          }
          if (from < 0 || target < 0) {
            continue;
          }
          if (staysOrdered[from]) {
            problem(ProblemCode.PROBLEM_CODE_DUPLICATE_ORDER, f,
                "the stack in " + sp.getFrom() + " already has a hold or support order");
            continue;
          }
          staysOrdered[from] = true;
          if (from == target || !board.adjacent(from, target)) {
            problem(ProblemCode.PROBLEM_CODE_NOT_ADJACENT, f + ".support.target",
                "a stack in " + sp.getFrom() + " can only support next door; " + sp.getTarget()
                    + " is not adjacent");
            continue;
          }
          if (attackFrom >= 0 && (attackFrom == target || !board.adjacent(attackFrom, target))) {
            problem(ProblemCode.PROBLEM_CODE_SUPPORT_INVALID, f + ".support.attack_from",
                "no move from " + sp.getAttackFrom() + " can reach " + sp.getTarget());
            continue;
          }
          if (attackFrom == from) {
            problem(ProblemCode.PROBLEM_CODE_SUPPORT_INVALID, f + ".support.attack_from",
                "a stack cannot support its own move; move more strength instead");
            continue;
          }
          supportRefs.add(new int[] {i, from});
          plan.supports.add(new PlannedOrders.Support(power, from, target, attackFrom));
        }
        default -> problem(ProblemCode.PROBLEM_CODE_EMPTY, f, "an empty military order");
      }
    }
    for (int[] ref : supportRefs) {
      int from = ref[1];
      if (moving[from] + disbanding[from] >= s.stacks[power][from]) {
        problem(ProblemCode.PROBLEM_CODE_SUPPORT_INVALID, "military[" + ref[0] + "].support.from",
            "all of the stack in " + board.provinceId(from) + " moves; nothing is left to support");
      }
    }
  }

  private void powers(List<String> ids, String field, boolean[] mask, boolean war) {
    for (int i = 0; i < ids.size(); i++) {
      String f = field + "[" + i + "]";
      int other = otherPower(ids.get(i), f, war);
      if (other < 0) {
        continue;
      }
      if (war && s.warSince[power][other] != 0) {
        problem(ProblemCode.PROBLEM_CODE_ALREADY_AT_WAR, f,
            board.powerId(power) + " is already at war with " + ids.get(i));
        continue;
      }
      mask[other] = true;
    }
  }

  /** Under BINDING enforcement, refuse every order that would break a treaty in force. */
  private void binding(PlannedOrders plan) {
    for (int i = 0; i < plan.moves.size(); i++) {
      PlannedOrders.Move m = plan.moves.get(i);
      boolean[] hit = Attacks.targets(s, relations, power, m.to());
      for (int v = 0; v < hit.length; v++) {
        if (hit[v]) {
          for (Relations.Breach b : relations.breachesByAttack(power, v)) {
            forbid(b.treaty(), "military", "the move from " + board.provinceId(m.from()) + " to "
                + board.provinceId(m.to()) + " attacks " + board.powerId(v));
          }
        }
      }
      for (Treaty t : relations.inForce()) {
        if (relations.isParty(t, power) && demilitarizes(t, m.to())) {
          forbid(t, "military", "the move into " + board.provinceId(m.to())
              + " enters a demilitarized province");
        }
      }
    }
    for (int v = 0; v < board.powers(); v++) {
      if (plan.declareWar[v]) {
        for (Relations.Breach b : relations.breachesByAttack(power, v)) {
          forbid(b.treaty(), "declare_war", "declaring war on " + board.powerId(v));
        }
      }
      if (plan.standAside[v] && relations.allied[power][v]) {
        for (Treaty t : relations.inForce()) {
          if (relations.isParty(t, power) && relations.isParty(t, v) && hasAlliance(t)) {
            forbid(t, "stand_aside", "standing aside from " + board.powerId(v));
          }
        }
      }
    }
    int disbanded = 0;
    for (PlannedOrders.Disband d : plan.disbands) {
      disbanded += d.strength();
    }
    int after = s.military(power) - disbanded + plan.built();
    for (Treaty t : relations.inForce()) {
      if (!relations.isParty(t, power) || plan.built() == 0) {
        continue; // only builds can be refused: a power above a cap may still stand down
      }
      for (Clause c : t.getTerms().getClausesList()) {
        if (c.hasArmsLimit() && after > c.getArmsLimit().getCap()) {
          forbid(t, "economy.builds", "the builds raise the army to " + after
              + ", above the cap of " + c.getArmsLimit().getCap());
        }
      }
    }
  }

  static boolean hasAlliance(Treaty t) {
    for (Clause c : t.getTerms().getClausesList()) {
      if (c.hasDefensiveAlliance() || c.hasOffensiveAlliance()) {
        return true;
      }
    }
    return false;
  }

  boolean demilitarizes(Treaty t, int province) {
    String id = board.provinceId(province);
    for (Clause c : t.getTerms().getClausesList()) {
      if (c.hasDemilitarized() && c.getDemilitarized().getProvincesList().contains(id)) {
        return true;
      }
    }
    return false;
  }

  private void forbid(Treaty t, String field, String what) {
    problem(ProblemCode.PROBLEM_CODE_TREATY_FORBIDS, field,
        what + ", which treaty " + t.getId() + " forbids (enforcement is BINDING)");
  }

  private int province(String id, String field) {
    int q = board.province(id);
    if (q < 0) {
      problem(ProblemCode.PROBLEM_CODE_UNKNOWN_PROVINCE, field,
          "unknown province \"" + id + "\"");
    }
    return q;
  }

  private int ownStack(String id, String field) {
    int q = province(id, field);
    if (q >= 0 && s.stacks[power][q] <= 0) {
      problem(ProblemCode.PROBLEM_CODE_NO_STACK, field,
          board.powerId(power) + " has no army in " + id);
      return -1;
    }
    return q;
  }

  private int otherPower(String id, String field, boolean mustLive) {
    int other = board.power(id);
    if (other < 0) {
      problem(ProblemCode.PROBLEM_CODE_UNKNOWN_POWER, field, "unknown power \"" + id + "\"");
      return -1;
    }
    if (other == power) {
      problem(ProblemCode.PROBLEM_CODE_SELF_TARGET, field,
          board.powerId(power) + " cannot name itself here");
      return -1;
    }
    if (mustLive && !s.alive[other]) {
      problem(ProblemCode.PROBLEM_CODE_POWER_ELIMINATED, field, id + " has been eliminated");
      return -1;
    }
    return other;
  }

  private boolean occupiedByOther(int q) {
    for (int k = 0; k < board.powers(); k++) {
      if (s.stacks[k][q] > 0 && Attacks.hostile(s, power, k)) {
        return true;
      }
    }
    return false;
  }

  private String ownerName(int q) {
    String o = board.ownerId(s.owner[q]);
    return o.isEmpty() ? "nobody" : o;
  }
}
