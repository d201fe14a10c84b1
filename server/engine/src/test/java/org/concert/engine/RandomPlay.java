package org.concert.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.concert.protocol.v1.Build;
import org.concert.protocol.v1.Clause;
import org.concert.protocol.v1.DiplomacyAction;
import org.concert.protocol.v1.Economy;
import org.concert.protocol.v1.FortBuild;
import org.concert.protocol.v1.Hold;
import org.concert.protocol.v1.Journal;
import org.concert.protocol.v1.JournalEntry;
import org.concert.protocol.v1.MatchStart;
import org.concert.protocol.v1.MilitaryOrder;
import org.concert.protocol.v1.Move;
import org.concert.protocol.v1.Orders;
import org.concert.protocol.v1.PowerAct;
import org.concert.protocol.v1.Proposal;
import org.concert.protocol.v1.ProposalStatus;
import org.concert.protocol.v1.ProposalTerms;
import org.concert.protocol.v1.RulesConfig;
import org.concert.protocol.v1.Scenario;
import org.concert.protocol.v1.SubmittedOrders;
import org.concert.protocol.v1.SubsidyOrder;
import org.concert.protocol.v1.Support;
import org.concert.protocol.v1.Treaty;
import org.concert.protocol.v1.TreatyStatus;
import org.concert.protocol.v1.TurnResolved;

/**
 * Plays whole random games for the property tests: mostly legal orders and diplomacy, with a
 * share of invalid ones (unknown ids, non-adjacent moves, overspending) that the engine must
 * refuse without harm. Everything derives from one seed, and every accepted command is written
 * to a journal.
 */
final class RandomPlay {
  /** Called after each resolution with the state before, the resolution and the orders used. */
  interface Observer {
    void turn(GameState before, Resolution resolution, List<Orders> orders);
  }

  /** Called after each accepted diplomatic act with the new state and the act's events. */
  interface ActObserver {
    void act(GameState after, List<org.concert.protocol.v1.Event> events);
  }

  private final SplittableRandom random;
  private final Board board;

  RandomPlay(long seed, Board board) {
    this.random = new SplittableRandom(seed);
    this.board = board;
  }

  /** Plays a game to its end (or `maxTurns`) and returns its journal. */
  static Journal play(Scenario scenario, RulesConfig rules, long seed, int maxTurns,
      Observer observer) {
    return play(scenario, rules, seed, maxTurns, observer, null);
  }

  static Journal play(Scenario scenario, RulesConfig rules, long seed, int maxTurns,
      Observer observer, ActObserver acts) {
    GameState s = Engine.start(scenario, rules, seed);
    RandomPlay play = new RandomPlay(seed * 31 + 7, s.board);
    Journal.Builder journal = Journal.newBuilder().addEntries(JournalEntry.newBuilder()
        .setStart(MatchStart.newBuilder().setScenarioId(scenario.getId()).setRules(rules)
            .setSeed(seed).setScenarioHash(Engine.scenarioHash(scenario))));
    while (!s.finished() && s.turn() <= maxTurns) {
      for (int round = 0; round < 3; round++) {
        for (int i = 0; i < s.board.powers(); i++) {
          if (!s.alive(i) || play.random.nextInt(3) != 0) {
            continue;
          }
          DiplomacyAction act = play.act(s, i);
          String before = freshHash(s);
          Engine.Outcome out = Engine.act(s, board(s).powerId(i), act);
          if (!freshHash(s).equals(before)) { // an act works on a copy, sharing what it leaves alone
            throw new AssertionError("an act changed the state it started from: " + act);
          }
          if (out.accepted()) {
            s = out.state();
            if (acts != null) {
              acts.act(s, out.events());
            }
            journal.addEntries(JournalEntry.newBuilder().setAct(
                PowerAct.newBuilder().setPower(board(s).powerId(i)).setAction(act)));
          } else if (out.state() != s) {
            throw new AssertionError("a refused act changed the state");
          }
        }
      }
      var orders = new java.util.LinkedHashMap<String, Orders>();
      List<Orders> given = new ArrayList<>();
      for (int i = 0; i < s.board.powers(); i++) {
        if (!s.alive(i) || play.random.nextInt(10) == 0) {
          continue; // a missed turn now and then
        }
        Orders o = play.orders(s, i);
        given.add(o);
        if (Engine.validate(s, board(s).powerId(i), o).isEmpty()) {
          orders.put(board(s).powerId(i), o);
          journal.addEntries(JournalEntry.newBuilder().setOrders(
              SubmittedOrders.newBuilder().setPower(board(s).powerId(i)).setOrders(o)));
        }
      }
      int turn = s.turn();
      String before = freshHash(s);
      Resolution r = Engine.resolve(s, orders);
      if (!freshHash(s).equals(before)) { // nor may a resolution change a state it shares arrays with
        throw new AssertionError("resolving turn " + turn + " changed the state it started from");
      }
      if (observer != null) {
        observer.turn(s, r, given);
      }
      s = r.state();
      journal.addEntries(JournalEntry.newBuilder().setResolved(
          TurnResolved.newBuilder().setTurn(turn).setStateHash(s.hash())));
    }
    return journal.build();
  }

  /** The state's hash computed now, not the one it keeps once asked. */
  private static String freshHash(GameState s) {
    return GameState.sha256(s.toProto());
  }

  private static Board board(GameState s) {
    return s.board;
  }

  private boolean chance(int percent) {
    return random.nextInt(100) < percent;
  }

  private String anyPower(int self) {
    if (chance(2)) {
      return "XX";
    }
    int p = random.nextInt(board.powers());
    return board.powerId(p == self ? (p + 1) % board.powers() : p);
  }

  private String anyProvince() {
    return chance(2) ? "nowhere" : board.provinceId(random.nextInt(board.provinces()));
  }

  Orders orders(GameState s, int i) {
    Orders.Builder o = Orders.newBuilder().setTurn(chance(1) ? s.turn() + 1 : s.turn());
    Economy.Builder e = Economy.newBuilder();
    int budget = s.treasury(i) * (chance(5) ? 3 : 1);
    List<Integer> homes = new ArrayList<>();
    List<Integer> owned = new ArrayList<>();
    for (int q = 0; q < board.provinces(); q++) {
      if (s.owner[q] == i) {
        owned.add(q);
        if (board.isHome(i, q)) {
          homes.add(q);
        }
      }
    }
    if (!homes.isEmpty() && chance(60)) {
      int strength = random.nextInt(1, Math.max(2, budget / s.rules.armyCost() / 2 + 1));
      int q = homes.get(random.nextInt(homes.size()));
      e.addBuilds(Build.newBuilder().setProvince(chance(3) ? anyProvince() : board.provinceId(q))
          .setStrength(chance(2) ? 0 : strength));
      budget -= strength * s.rules.armyCost();
    }
    if (!owned.isEmpty() && chance(20) && budget >= s.rules.fortCost()) {
      int q = owned.get(random.nextInt(owned.size()));
      e.addForts(FortBuild.newBuilder().setProvince(board.provinceId(q)).setLevels(1));
      budget -= s.rules.fortCost();
    }
    if (chance(25) && budget > 0) {
      int gold = random.nextInt(budget / 3 + 1);
      e.setInvest(chance(2) ? -1 : gold);
      budget -= gold;
    }
    if (chance(10) && budget > 0) {
      e.addSubsidies(SubsidyOrder.newBuilder().setTo(anyPower(i))
          .setGold(random.nextInt(1, budget / 4 + 2)));
    }
    if (chance(8)) {
      for (int q = 0; q < board.provinces(); q++) {
        if (s.stack(i, q) > 1 && chance(30)) {
          e.addDisbands(org.concert.protocol.v1.Disband.newBuilder()
              .setProvince(board.provinceId(q)).setStrength(1));
          break;
        }
      }
    }
    o.setEconomy(e);
    for (int q = 0; q < board.provinces(); q++) {
      int strength = s.stack(i, q);
      if (strength <= 0) {
        continue;
      }
      int[] next = board.neighbours(q);
      int roll = random.nextInt(100);
      if (roll < 45 && next.length > 0) {
        int to = next[random.nextInt(next.length)];
        int send = chance(60) ? strength : random.nextInt(1, strength + 1);
        o.addMilitary(MilitaryOrder.newBuilder().setMove(Move.newBuilder()
            .setFrom(board.provinceId(q))
            .setTo(chance(3) ? anyProvince() : board.provinceId(to))
            .setStrength(chance(2) ? strength + 1 : send)));
      } else if (roll < 65 && next.length > 0) {
        int target = next[random.nextInt(next.length)];
        Support.Builder sp = Support.newBuilder().setFrom(board.provinceId(q))
            .setTarget(board.provinceId(target));
        int[] around = board.neighbours(target);
        if (chance(50) && around.length > 0) {
          int from = around[random.nextInt(around.length)];
          if (from != q) {
            sp.setAttackFrom(board.provinceId(from));
          }
        }
        o.addMilitary(MilitaryOrder.newBuilder().setSupport(sp));
      } else if (roll < 75) {
        o.addMilitary(MilitaryOrder.newBuilder().setHold(Hold.newBuilder()
            .setProvince(board.provinceId(q))));
      }
    }
    if (chance(4)) {
      o.addDeclareWar(anyPower(i));
    }
    if (chance(8)) {
      o.addStandAside(anyPower(i));
    }
    return o.build();
  }

  DiplomacyAction act(GameState s, int i) {
    String me = board.powerId(i);
    int roll = random.nextInt(100);
    List<Proposal> mine = new ArrayList<>();
    for (Proposal p : s.proposals()) {
      if (p.getStatus() == ProposalStatus.PROPOSAL_STATUS_OPEN
          && p.getTerms().getPartiesList().contains(me)) {
        mine.add(p);
      }
    }
    if (roll < 45 && !mine.isEmpty()) {
      Proposal p = mine.get(random.nextInt(mine.size()));
      int how = random.nextInt(10);
      if (how < 7) {
        return DiplomacyAction.newBuilder().setAccept(p.getId()).build();
      } else if (how < 9) {
        return DiplomacyAction.newBuilder().setReject(p.getId()).build();
      }
      return DiplomacyAction.newBuilder().setWithdraw(p.getId()).build();
    }
    if (roll < 55) {
      List<Treaty> inForce = new ArrayList<>();
      for (Treaty t : s.treaties()) {
        if (t.getStatus() == TreatyStatus.TREATY_STATUS_IN_FORCE
            && t.getTerms().getPartiesList().contains(me)) {
          inForce.add(t);
        }
      }
      if (!inForce.isEmpty()) {
        return DiplomacyAction.newBuilder()
            .setRenounce(inForce.get(random.nextInt(inForce.size())).getId()).build();
      }
    }
    ProposalTerms.Builder t = ProposalTerms.newBuilder().addParties(me);
    int extra = 1 + random.nextInt(Math.min(3, board.powers() - 1));
    for (int k = 0; k < extra; k++) {
      String other = anyPower(i);
      if (!t.getPartiesList().contains(other)) {
        t.addParties(other);
      }
    }
    t.setDurationTurns(random.nextInt(0, 6)).setSecret(chance(30));
    int clauses = 1 + random.nextInt(2);
    for (int k = 0; k < clauses; k++) {
      t.addClauses(clause(s, t.getPartiesList(), i));
    }
    return DiplomacyAction.newBuilder().setPropose(t).build();
  }

  private Clause clause(GameState s, List<String> parties, int i) {
    String a = parties.get(random.nextInt(parties.size()));
    String b = parties.get(random.nextInt(parties.size()));
    return switch (random.nextInt(10)) {
      case 0, 1 -> Clause.newBuilder().setDefensiveAlliance(
          org.concert.protocol.v1.DefensiveAlliance.getDefaultInstance()).build();
      case 2 -> Clause.newBuilder().setOffensiveAlliance(
          org.concert.protocol.v1.OffensiveAlliance.newBuilder().setTarget(anyPower(i))).build();
      case 3, 4 -> Clause.newBuilder().setNonAggression(
          org.concert.protocol.v1.NonAggression.getDefaultInstance()).build();
      case 5 -> Clause.newBuilder().setArmsLimit(org.concert.protocol.v1.ArmsLimit.newBuilder()
          .setCap(random.nextInt(5, 60))).build();
      case 6 -> Clause.newBuilder().setDemilitarized(org.concert.protocol.v1.Demilitarized
          .newBuilder().addProvinces(anyProvince())).build();
      case 7 -> Clause.newBuilder().setSubsidy(org.concert.protocol.v1.Subsidy.newBuilder()
          .setFrom(a).setTo(b).setGoldPerTurn(random.nextInt(1, 15))).build();
      case 8 -> Clause.newBuilder().setConcert(
          org.concert.protocol.v1.Concert.getDefaultInstance()).build();
      default -> random.nextBoolean()
          ? Clause.newBuilder().setPeace(org.concert.protocol.v1.Peace.getDefaultInstance()).build()
          : Clause.newBuilder().setCession(org.concert.protocol.v1.Cession.newBuilder()
              .setProvince(anyProvince()).setFrom(a).setTo(b)).build();
    };
  }
}
