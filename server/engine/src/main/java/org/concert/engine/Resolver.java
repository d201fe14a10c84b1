package org.concert.engine;

import java.util.ArrayList;
import java.util.List;
import org.concert.protocol.v1.Behaviour;
import org.concert.protocol.v1.BehaviourLabel;
import org.concert.protocol.v1.Clause;
import org.concert.protocol.v1.CredibilityChanged;
import org.concert.protocol.v1.Disbanded;
import org.concert.protocol.v1.Event;
import org.concert.protocol.v1.FortBuilt;
import org.concert.protocol.v1.IncomeCollected;
import org.concert.protocol.v1.Invested;
import org.concert.protocol.v1.ArmyRaised;
import org.concert.protocol.v1.OrdersMissed;
import org.concert.protocol.v1.ProvinceCeded;
import org.concert.protocol.v1.Retreated;
import org.concert.protocol.v1.StackDestroyed;
import org.concert.protocol.v1.StoodAside;
import org.concert.protocol.v1.SubsidyPaid;
import org.concert.protocol.v1.Transparency;
import org.concert.protocol.v1.Treaty;
import org.concert.protocol.v1.TreatyEnded;
import org.concert.protocol.v1.TreatyHonoured;
import org.concert.protocol.v1.TreatyStatus;
import org.concert.protocol.v1.TreatyTriggered;
import org.concert.protocol.v1.TreatyViolated;
import org.concert.protocol.v1.UpkeepPaid;
import org.concert.protocol.v1.ViolationKind;
import org.concert.protocol.v1.WarCause;
import org.concert.protocol.v1.WarDeclared;

/**
 * Resolves one turn on a private copy of the state, in the rulebook's order: treaties,
 * economy, wars and triggers, movement and combat, violations, then (in {@link TurnEnd})
 * threat and security, power shares, hegemony, elimination and scores.
 */
final class Resolver {
  private final GameState s;
  private final Board b;
  private final Rules r;
  private final int np;
  private final int nq;
  private final EventLog log;
  private final PlannedOrders[] plans;
  private Relations rel;
  private final boolean[][] seen;
  private final List<Violation> violations = new ArrayList<>();
  private final List<BehaviourLabel> labels = new ArrayList<>();
  private final int[] income;
  private final int[] militaryAfterEconomy;
  private final boolean[][] autoSupport; // [ally][attacked power]
  private int honoured;
  private final java.util.Set<String> brokenThisTurn = new java.util.HashSet<>();

  /** A breach found during the turn, applied in step 5. */
  private record Violation(Treaty treaty, int breaker, ViolationKind kind) {}

  Resolver(GameState start, PlannedOrders[] plans) {
    this.s = start.copy();
    this.b = s.board;
    this.r = s.rules;
    this.np = b.powers();
    this.nq = b.provinces();
    this.log = new EventLog(b, s.turn);
    this.plans = plans;
    this.seen = Visibility.of(s);
    this.income = new int[np];
    this.militaryAfterEconomy = new int[np];
    this.autoSupport = new boolean[np][np];
  }

  Resolution run() {
    for (int i = 0; i < np; i++) {
      if (s.alive[i] && plans[i].missed) {
        log.everyone(Event.newBuilder().setOrdersMissed(
            OrdersMissed.newBuilder().setPower(b.powerId(i)).setRefused(plans[i].refused)));
      }
    }
    treaties();
    rel = Relations.of(s);
    economy();
    wars();
    new Combat(s, rel, plans, log, seen, autoSupport, this::captured, this::enteredDmz).run();
    violations();
    TurnEnd.Outcome end = new TurnEnd(s, log, income, labels, honoured, violations.size()).run();
    return new Resolution(s, log.events(), end.shares());
  }

  // ---- 1. Treaties -------------------------------------------------------------------------

  /** Cessions of treaties signed this turn take effect. */
  private void treaties() {
    for (Treaty tr : s.treaties) {
      if (tr.getStatus() == TreatyStatus.TREATY_STATUS_IN_FORCE && tr.getSignedTurn() == s.turn) {
        for (Clause c : tr.getTerms().getClausesList()) {
          if (c.hasCession()) {
            cede(tr, c.getCession().getProvince(), c.getCession().getFrom(), c.getCession().getTo());
          }
        }
      }
    }
  }

  private void tellAbout(Treaty tr, Event.Builder e) {
    if (!tr.getTerms().getSecret() || tr.getRevealed()) {
      log.everyone(e);
    } else {
      log.to(e, rel == null ? Relations.of(s).parties(tr) : rel.parties(tr));
    }
  }

  private void cede(Treaty tr, String provinceId, String fromId, String toId) {
    int q = b.province(provinceId);
    int from = b.power(fromId);
    int to = b.power(toId);
    if (q < 0 || from < 0 || to < 0 || s.owner[q] != from || !s.alive[to]) {
      return; // the province changed hands since signing: nothing to cede
    }
    s.owner[q] = to;
    log.everyone(Event.newBuilder().setProvinceCeded(ProvinceCeded.newBuilder()
        .setProvince(provinceId).setFrom(fromId).setTo(toId).setTreatyId(tr.getId())));
    int strength = s.stacks[from][q];
    if (strength > 0) {
      s.stacks[from][q] = 0;
      int dest = Combat.retreatTarget(s, Relations.of(s), from, q, -1);
      if (dest >= 0) {
        s.stacks[from][dest] += strength;
        log.seen(seen, q, Event.newBuilder().setRetreated(Retreated.newBuilder()
            .setPower(fromId).setFrom(provinceId).setTo(b.provinceId(dest)).setStrength(strength)),
            from);
      } else {
        log.seen(seen, q, Event.newBuilder().setStackDestroyed(StackDestroyed.newBuilder()
            .setPower(fromId).setProvince(provinceId).setStrength(strength)), from);
      }
    }
  }

  // ---- 2. Economy --------------------------------------------------------------------------

  private boolean transparent() {
    return r.transparency() == Transparency.TRANSPARENCY_TRANSPARENT;
  }

  /** Economic news goes to the power itself, and to everyone when all is transparent. */
  private void accounts(int power, Event.Builder e) {
    if (transparent()) {
      log.everyone(e);
    } else {
      log.to(e, power);
    }
  }

  private void economy() {
    for (int i = 0; i < np; i++) {
      if (!s.alive[i]) {
        continue;
      }
      PlannedOrders plan = plans[i];
      int spend = plan.spending(r);
      if (spend > s.treasury[i]) {
        throw new IllegalStateException(b.powerId(i) + " spends " + spend + " of "
            + s.treasury[i] + ": orders must be validated against this state");
      }
      s.treasury[i] -= spend;
      Shares.Income in = Shares.breakdown(s, i);
      int net = in.net();
      income[i] = net;
      if (s.firstIncome[i] == 0) {
        s.firstIncome[i] = Math.max(1, in.gross());
      }
      s.treasury[i] += net;
      accounts(i, Event.newBuilder().setIncomeCollected(IncomeCollected.newBuilder()
          .setPower(b.powerId(i)).setProvinces(in.provinces()).setInvestment(in.investment())
          .setWarWeariness(in.weariness()).setNet(net)));
    }
    for (int i = 0; i < np; i++) {
      for (PlannedOrders.Subsidy sub : plans[i].subsidies) {
        s.treasury[sub.to()] += sub.gold();
        Event.Builder e = Event.newBuilder().setSubsidyPaid(SubsidyPaid.newBuilder()
            .setFrom(b.powerId(i)).setTo(b.powerId(sub.to())).setGold(sub.gold()));
        if (transparent()) {
          log.everyone(e);
        } else {
          log.to(e, i, sub.to());
        }
      }
    }
    for (Treaty t : rel.inForce()) {
      for (Clause c : t.getTerms().getClausesList()) {
        if (!c.hasSubsidy()) {
          continue;
        }
        int from = b.power(c.getSubsidy().getFrom());
        int to = b.power(c.getSubsidy().getTo());
        if (from < 0 || to < 0 || !s.alive[from] || !s.alive[to]) {
          continue;
        }
        int due = c.getSubsidy().getGoldPerTurn();
        int paid = Math.min(due, s.treasury[from]);
        s.treasury[from] -= paid;
        s.treasury[to] += paid;
        Event.Builder e = Event.newBuilder().setSubsidyPaid(SubsidyPaid.newBuilder()
            .setFrom(b.powerId(from)).setTo(b.powerId(to)).setGold(paid).setTreatyId(t.getId()));
        tellAbout(t, e);
        if (paid < due) {
          violations.add(new Violation(t, from, ViolationKind.VIOLATION_KIND_SUBSIDY));
        }
      }
    }
    for (int i = 0; i < np; i++) {
      if (!s.alive[i]) {
        continue;
      }
      for (PlannedOrders.Disband d : plans[i].disbands) {
        int cut = Math.min(d.strength(), s.stacks[i][d.province()]);
        s.stacks[i][d.province()] -= cut;
        log.seen(seen, d.province(), Event.newBuilder().setDisbanded(Disbanded.newBuilder()
            .setPower(b.powerId(i)).setProvince(b.provinceId(d.province())).setStrength(cut)
            .setVoluntary(true)), i);
      }
      upkeep(i);
    }
    for (int i = 0; i < np; i++) {
      if (!s.alive[i]) {
        continue;
      }
      PlannedOrders plan = plans[i];
      for (PlannedOrders.Build build : plan.builds) {
        s.stacks[i][build.province()] += build.strength();
        log.seen(seen, build.province(), Event.newBuilder().setArmyRaised(ArmyRaised.newBuilder()
            .setPower(b.powerId(i)).setProvince(b.provinceId(build.province()))
            .setStrength(build.strength())), i);
      }
      for (PlannedOrders.Fort f : plan.forts) {
        s.fort[f.province()] += f.levels();
        log.seen(seen, f.province(), Event.newBuilder().setFortBuilt(FortBuilt.newBuilder()
            .setPower(b.powerId(i)).setProvince(b.provinceId(f.province()))
            .setLevel(s.fort[f.province()])), i);
      }
      if (plan.invest > 0) {
        s.invested[i] += plan.invest;
        accounts(i, Event.newBuilder().setInvested(Invested.newBuilder()
            .setPower(b.powerId(i)).setGold(plan.invest).setTotal(s.invested[i])));
      }
      militaryAfterEconomy[i] = s.military(i);
    }
  }

  private void upkeep(int i) {
    int due = s.military(i) * r.upkeep();
    if (due == 0) {
      return;
    }
    int paid = Math.min(due, s.treasury[i]);
    s.treasury[i] -= paid;
    accounts(i, Event.newBuilder().setUpkeepPaid(
        UpkeepPaid.newBuilder().setPower(b.powerId(i)).setGold(paid)));
    if (paid == due) {
      return;
    }
    int shortfall = (due - paid + r.upkeep() - 1) / r.upkeep();
    while (shortfall > 0) {
      int largest = -1;
      for (int q = 0; q < nq; q++) {
        if (s.stacks[i][q] > 0 && (largest < 0 || s.stacks[i][q] > s.stacks[i][largest])) {
          largest = q;
        }
      }
      if (largest < 0) {
        break;
      }
      int cut = Math.min(shortfall, s.stacks[i][largest]);
      s.stacks[i][largest] -= cut;
      shortfall -= cut;
      log.seen(seen, largest, Event.newBuilder().setDisbanded(Disbanded.newBuilder()
          .setPower(b.powerId(i)).setProvince(b.provinceId(largest)).setStrength(cut)), i);
    }
  }

  // ---- 3. Wars and triggers ----------------------------------------------------------------

  /**
   * Every attack and declaration is read against the wars as they stood at the start of the
   * turn, so that two powers attacking each other in the same turn are both aggressors,
   * whatever their seats: both break their pacts, and both sides' defensive allies are called.
   */
  private void wars() {
    boolean[][] atPeace = new boolean[np][np];
    for (int i = 0; i < np; i++) {
      for (int v = 0; v < np; v++) {
        atPeace[i][v] = i != v && s.warSince[i][v] == 0;
      }
    }
    WarCause[][] cause = new WarCause[np][np];
    for (int i = 0; i < np; i++) {
      if (!s.alive[i]) {
        continue;
      }
      for (int v = 0; v < np; v++) {
        if (plans[i].declareWar[v] && s.alive[v] && atPeace[i][v]) {
          cause[i][v] = WarCause.WAR_CAUSE_DECLARATION;
        }
      }
      for (PlannedOrders.Move m : plans[i].moves) {
        if (s.stacks[i][m.from()] <= 0) {
          continue; // the stack was disbanded for want of upkeep: no attack
        }
        boolean[] hit = Attacks.targets(s, rel, i, m.to());
        for (int v = 0; v < np; v++) {
          if (hit[v] && s.alive[v] && atPeace[i][v] && cause[i][v] == null) {
            cause[i][v] = WarCause.WAR_CAUSE_ATTACK;
          }
        }
      }
    }
    for (int i = 0; i < np; i++) {
      for (int v = 0; v < np; v++) {
        if (cause[i][v] != null) {
          outbreak(i, v, cause[i][v]);
        }
      }
    }
    offensiveAlliances();
  }

  /** `x` attacks `y` while at peace: war, breaches, and the defensive alliances of `y`. */
  private void outbreak(int x, int y, WarCause cause) {
    for (Relations.Breach breach : rel.breachesByAttack(x, y)) {
      violations.add(new Violation(breach.treaty(), x, breach.kind()));
    }
    if (!war(x, y, cause, "")) {
      // y attacked x in the same turn: the war exists; record who else struck.
      log.everyone(Event.newBuilder().setWarDeclared(WarDeclared.newBuilder()
          .setAggressor(b.powerId(x)).setTarget(b.powerId(y)).setCause(cause)));
    }
    for (Treaty t : rel.inForce()) {
      if (!hasDefensiveAlliance(t) || !rel.isParty(t, y) || rel.isParty(t, x)) {
        continue;
      }
      for (int z : rel.parties(t)) {
        if (z == y || z < 0 || !s.alive[z] || rel.pact[z][x]) {
          continue; // a power bound to both sides is not triggered
        }
        if (!called(t, z, y, x)) {
          continue;
        }
        autoSupport[z][y] = true;
        if (war(z, x, WarCause.WAR_CAUSE_DEFENSIVE_ALLIANCE, t.getId())) {
          labels.add(label(z, Behaviour.BEHAVIOUR_CHAIN_GANGING, x,
              b.powerId(z) + " went to war with " + b.powerId(x) + " because its alliance "
                  + t.getId() + " with " + b.powerId(y) + " was triggered"));
          honour(t, z); // only a new commitment earns credibility
        }
      }
    }
  }

  private void offensiveAlliances() {
    for (Treaty t : rel.inForce()) {
      for (Clause c : t.getTerms().getClausesList()) {
        if (!c.hasOffensiveAlliance()) {
          continue;
        }
        int target = b.power(c.getOffensiveAlliance().getTarget());
        if (target < 0 || !s.alive[target]) {
          continue;
        }
        int starter = -1;
        for (int p : rel.parties(t)) {
          if (p >= 0 && s.warSince[p][target] == s.turn) {
            starter = p;
            break;
          }
        }
        if (starter < 0) {
          continue;
        }
        for (int z : rel.parties(t)) {
          if (z < 0 || z == starter || !s.alive[z] || s.warSince[z][target] != 0
              || rel.pact[z][target]) {
            continue; // already at war, or bound to the target too
          }
          if (!called(t, z, starter, target)) {
            continue;
          }
          war(z, target, WarCause.WAR_CAUSE_OFFENSIVE_ALLIANCE, t.getId());
          labels.add(label(z, Behaviour.BEHAVIOUR_CHAIN_GANGING, target,
              b.powerId(z) + " joined " + b.powerId(starter) + "'s war on " + b.powerId(target)
                  + " under the offensive alliance " + t.getId()));
          honour(t, z);
        }
      }
    }
  }

  /**
   * An alliance calls ally `z` to the side of `partner` against `enemy`: the treaty is
   * revealed and the call told to all. Returns false when z ordered standAside(partner): it
   * stays out, and the abandonment is a breach.
   */
  private boolean called(Treaty t, int z, int partner, int enemy) {
    reveal(t);
    log.everyone(Event.newBuilder().setTreatyTriggered(TreatyTriggered.newBuilder()
        .setTreatyId(t.getId()).setAlly(b.powerId(z)).setAttacked(b.powerId(partner))
        .setEnemy(b.powerId(enemy))));
    if (!plans[z].standAside[partner]) {
      return true;
    }
    log.everyone(Event.newBuilder().setStoodAside(StoodAside.newBuilder()
        .setPower(b.powerId(z)).setAlly(b.powerId(partner)).setTreatyId(t.getId())));
    violations.add(new Violation(t, z, ViolationKind.VIOLATION_KIND_ABANDONMENT));
    return false;
  }

  private static boolean hasDefensiveAlliance(Treaty t) {
    for (Clause c : t.getTerms().getClausesList()) {
      if (c.hasDefensiveAlliance()) {
        return true;
      }
    }
    return false;
  }

  /** Starts a war if there is none; true when it is new. */
  private boolean war(int a, int c, WarCause cause, String treatyId) {
    if (s.warSince[a][c] != 0) {
      return false;
    }
    s.warSince[a][c] = s.warSince[c][a] = s.turn;
    // An ally called in by a defensive alliance, or a concert member turning on a breaker,
    // did not start the war: the other side did.
    boolean defending = cause == WarCause.WAR_CAUSE_DEFENSIVE_ALLIANCE
        || cause == WarCause.WAR_CAUSE_CONCERT;
    s.warBlame[a][c] = s.warBlame[c][a] = defending ? c : a;
    log.everyone(Event.newBuilder().setWarDeclared(WarDeclared.newBuilder()
        .setAggressor(b.powerId(a)).setTarget(b.powerId(c)).setCause(cause)
        .setTreatyId(treatyId)));
    return true;
  }

  private void honour(Treaty t, int z) {
    honoured++;
    log.everyone(Event.newBuilder().setTreatyHonoured(
        TreatyHonoured.newBuilder().setTreatyId(t.getId()).setPower(b.powerId(z))));
    if (!r.cheapTalk()) {
      credibility(z, r.rewardHonour(), t.getId());
    }
  }

  private void credibility(int power, int delta, String treatyId) {
    int before = s.credibility[power];
    s.credibility[power] = Math.max(0, Math.min(100, before + delta));
    int applied = s.credibility[power] - before;
    if (applied != 0) {
      log.everyone(Event.newBuilder().setCredibilityChanged(CredibilityChanged.newBuilder()
          .setPower(b.powerId(power)).setDelta(applied).setCredibility(s.credibility[power])
          .setTreatyId(treatyId)));
    }
  }

  private void reveal(Treaty t) {
    int idx = s.treaties.indexOf(t);
    if (idx >= 0 && t.getTerms().getSecret() && !t.getRevealed()) {
      s.treaties.set(idx, t.toBuilder().setRevealed(true).build());
    }
  }

  private BehaviourLabel label(int power, Behaviour behaviour, int other, String detail) {
    return BehaviourLabel.newBuilder().setPower(b.powerId(power)).setBehaviour(behaviour)
        .setOther(other >= 0 ? b.powerId(other) : "").setDetail(detail).build();
  }

  // ---- 4. Combat callbacks -----------------------------------------------------------------

  /**
   * A province changed owner by force. A concert member that seized it broke the concert,
   * unless it retook one of its own home provinces or took it from an outsider that started
   * the war between them.
   */
  private void captured(int power, int province, int previousOwner) {
    if (previousOwner == Board.NOBODY || b.isMinor(previousOwner)) {
      s.expansion[power] += TurnEnd.EXPANSION_POINTS; // expansion alarms the neighbours
    }
    if (b.isHome(power, province)) {
      return;
    }
    for (Treaty t : rel.inForce()) {
      if (!rel.isParty(t, power) || !hasClause(t, Clause.KindCase.CONCERT)) {
        continue;
      }
      // Self-defence: the outsider started the war it is losing ground in.
      boolean outsiderAtWar = previousOwner >= 0 && !b.isMinor(previousOwner)
          && !rel.isParty(t, previousOwner) && s.warSince[power][previousOwner] != 0
          && s.warBlame[power][previousOwner] == previousOwner;
      if (!outsiderAtWar) {
        violations.add(new Violation(t, power, ViolationKind.VIOLATION_KIND_CONCERT));
      }
    }
  }

  /** A party's army tried to enter a province one of its treaties demilitarized. */
  private void enteredDmz(int power, int province) {
    String id = b.provinceId(province);
    for (Treaty t : rel.inForce()) {
      if (!rel.isParty(t, power)) {
        continue;
      }
      for (Clause c : t.getTerms().getClausesList()) {
        if (c.hasDemilitarized() && c.getDemilitarized().getProvincesList().contains(id)) {
          violations.add(new Violation(t, power, ViolationKind.VIOLATION_KIND_DEMILITARIZED));
        }
      }
    }
  }

  private static boolean hasClause(Treaty t, Clause.KindCase kind) {
    for (Clause c : t.getTerms().getClausesList()) {
      if (c.getKindCase() == kind) {
        return true;
      }
    }
    return false;
  }

  // ---- 5. Violations and credibility -------------------------------------------------------

  private void violations() {
    for (Treaty t : rel.inForce()) {
      for (Clause c : t.getTerms().getClausesList()) {
        if (!c.hasArmsLimit()) {
          continue;
        }
        for (int p : rel.parties(t)) {
          if (p >= 0 && s.alive[p] && militaryAfterEconomy[p] > c.getArmsLimit().getCap()) {
            violations.add(new Violation(t, p, ViolationKind.VIOLATION_KIND_ARMS_LIMIT));
          }
        }
      }
    }
    java.util.Set<String> punished = new java.util.HashSet<>();
    for (Violation v : violations) {
      int idx = indexOf(v.treaty().getId());
      Treaty current = s.treaties.get(idx);
      if (!punished.add(current.getId() + "/" + v.breaker())) {
        continue; // one penalty per breaker and treaty
      }
      boolean first = current.getStatus() == TreatyStatus.TREATY_STATUS_IN_FORCE;
      if (!first && !brokenThisTurn.contains(current.getId())) {
        continue; // broken in an earlier turn: void already
      }
      if (first) {
        brokenThisTurn.add(current.getId());
        s.treaties.set(idx, current.toBuilder().setStatus(TreatyStatus.TREATY_STATUS_BROKEN)
            .setRevealed(current.getTerms().getSecret()).build());
      }
      TreatyViolated.Builder tv = TreatyViolated.newBuilder().setTreatyId(current.getId())
          .setBreaker(b.powerId(v.breaker())).setKind(v.kind());
      if (current.getTerms().getSecret()) {
        tv.setTerms(current.getTerms());
      }
      log.everyone(Event.newBuilder().setTreatyViolated(tv));
      if (first) {
        log.everyone(Event.newBuilder().setTreatyEnded(TreatyEnded.newBuilder()
            .setTreatyId(current.getId()).setStatus(TreatyStatus.TREATY_STATUS_BROKEN)));
      }
      if (!r.cheapTalk()) {
        credibility(v.breaker(), -penalty(v.kind()), current.getId());
      }
      if (v.kind() == ViolationKind.VIOLATION_KIND_CONCERT) {
        for (int m : rel.parties(current)) {
          if (m >= 0 && m != v.breaker() && s.alive[m]) {
            war(m, v.breaker(), WarCause.WAR_CAUSE_CONCERT, current.getId());
          }
        }
      }
    }
  }

  private int penalty(ViolationKind kind) {
    return switch (kind) {
      case VIOLATION_KIND_AGGRESSION, VIOLATION_KIND_NEUTRALITY -> r.penaltyNonAggression();
      case VIOLATION_KIND_ABANDONMENT -> r.penaltyAbandon();
      case VIOLATION_KIND_CONCERT -> r.penaltyConcert();
      default -> r.penaltyArmsLimit();
    };
  }

  private int indexOf(String treatyId) {
    for (int i = 0; i < s.treaties.size(); i++) {
      if (s.treaties.get(i).getId().equals(treatyId)) {
        return i;
      }
    }
    throw new IllegalStateException("treaty " + treatyId + " vanished during resolution");
  }
}
