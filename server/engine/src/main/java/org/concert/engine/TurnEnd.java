package org.concert.engine;

import java.util.ArrayList;
import java.util.List;
import org.concert.protocol.v1.AllianceEdge;
import org.concert.protocol.v1.AllianceKind;
import org.concert.protocol.v1.Behaviour;
import org.concert.protocol.v1.BehaviourLabel;
import org.concert.protocol.v1.Clause;
import org.concert.protocol.v1.EndReason;
import org.concert.protocol.v1.Event;
import org.concert.protocol.v1.HegemonyWarning;
import org.concert.protocol.v1.MatchEnded;
import org.concert.protocol.v1.PowerEliminated;
import org.concert.protocol.v1.PowerMetrics;
import org.concert.protocol.v1.PowerShare;
import org.concert.protocol.v1.Proposal;
import org.concert.protocol.v1.ProposalClosed;
import org.concert.protocol.v1.ProposalStatus;
import org.concert.protocol.v1.Treaty;
import org.concert.protocol.v1.TreatyEnded;
import org.concert.protocol.v1.TreatyStatus;
import org.concert.protocol.v1.TurnMetrics;
import org.concert.protocol.v1.TurnStarted;
import org.concert.protocol.v1.War;

/**
 * Steps 6 and 7 of a turn: elimination, power shares, hegemony, the end of the match, threat
 * and security, the turn's debrief metrics, and the opening of the next turn.
 */
final class TurnEnd {
  /** Military growth, in percent, that counts as arming for the buck-passing label. */
  static final int ARMING_PERCENT = 10;

  /** Expansion points a seized province adds; they fade by a quarter each turn. */
  static final int EXPANSION_POINTS = 100;

  record Outcome(List<PowerShare> shares) {}

  private final GameState s;
  private final Board b;
  private final EventLog log;
  private final int[] income;
  private final List<BehaviourLabel> labels;
  private final int honoured;
  private final int broken;
  private final int np;

  TurnEnd(GameState s, EventLog log, int[] income, List<BehaviourLabel> labels, int honoured,
      int broken) {
    this.s = s;
    this.b = s.board;
    this.log = log;
    this.income = income;
    this.labels = new ArrayList<>(labels);
    this.honoured = honoured;
    this.broken = broken;
    this.np = b.powers();
  }

  Outcome run() {
    eliminate();
    double[] shares = Shares.of(s);
    List<PowerShare> shareList = new ArrayList<>();
    int hegemon = -1;
    for (int i = 0; i < np; i++) {
      shareList.add(PowerShare.newBuilder().setPower(b.powerId(i)).setShare(shares[i]).build());
      if (!s.alive[i]) {
        continue;
      }
      // A hegemon stands out: it must hold the share and be strictly the largest power (two
      // equal halves of a bipolar world are parity, not hegemony).
      boolean largest = true;
      for (int j = 0; j < np; j++) {
        if (j != i && s.alive[j] && shares[j] >= shares[i]) {
          largest = false;
        }
      }
      if (!largest) {
        s.hegemonyStreak[i] = 0;
        continue;
      }
      if (shares[i] >= s.rules.hegemonyWarning()) {
        log.everyone(Event.newBuilder().setHegemonyWarning(
            HegemonyWarning.newBuilder().setPower(b.powerId(i)).setShare(shares[i])));
      }
      s.hegemonyStreak[i] = shares[i] >= s.rules.hegemonyVictory() ? s.hegemonyStreak[i] + 1 : 0;
      if (s.hegemonyStreak[i] >= s.rules.hegemonyVictoryTurns()) {
        hegemon = i;
      }
    }
    boolean anyWar = false;
    for (int i = 0; i < np; i++) {
      if (!s.alive[i]) {
        continue;
      }
      boolean atWar = false;
      for (int j = 0; j < np; j++) {
        if (j != i && s.alive[j] && s.warSince[i][j] != 0) {
          atWar = true;
        }
      }
      anyWar |= atWar;
      if (!atWar) {
        s.peaceTurns[i]++;
      }
    }
    if (!anyWar) {
      s.peacefulTurns++;
    }
    int living = 0;
    int last = -1;
    for (int i = 0; i < np; i++) {
      if (s.alive[i]) {
        living++;
        last = i;
      }
    }
    if (hegemon >= 0) {
      finish(EndReason.END_REASON_HEGEMONY, b.powerId(hegemon));
    } else if (living <= 1) {
      finish(EndReason.END_REASON_LAST_POWER, last >= 0 ? b.powerId(last) : "");
    } else if (s.turn >= s.rules.turns()) {
      finish(EndReason.END_REASON_TURN_LIMIT, "");
    }
    expireProposals();
    int resolved = s.turn;
    if (!s.finished) {
      s.turn++;
      endTreaties();
      for (int i = 0; i < np; i++) {
        s.expansion[i] = s.expansion[i] * 3 / 4;
      }
    }
    Relations rel = Relations.of(s);
    // Security as each power will see it at the start of the next turn (the state is final
    // from here on: what is computed now is what its views will show).
    Threats[] threats = new Threats[np];
    for (int i = 0; i < np; i++) {
      if (s.alive[i]) {
        threats[i] = s.threats(i);
        s.security[i] = threats[i].security;
        s.securitySum[i] += threats[i].security;
      } else {
        s.security[i] = 0;
      }
    }
    s.history.add(metrics(resolved, shares, rel, threats));
    for (int i = 0; i < np; i++) {
      s.proposalsThisTurn[i] = 0;
    }
    if (!s.finished) {
      log.everyone(Event.newBuilder().setTurn(s.turn)
          .setTurnStarted(TurnStarted.newBuilder().setYear(s.year())));
    }
    return new Outcome(shareList);
  }

  /**
   * At the turn boundary, treaties whose renunciation notice has run or whose duration is
   * over stop binding: the view of the new turn shows exactly the treaties that bind it.
   */
  private void endTreaties() {
    for (int t = 0; t < s.treaties.size(); t++) {
      Treaty tr = s.treaties.get(t);
      if (tr.getStatus() != TreatyStatus.TREATY_STATUS_IN_FORCE) {
        continue;
      }
      TreatyStatus status = null;
      if (tr.getRenounceEffectiveTurn() != 0 && tr.getRenounceEffectiveTurn() <= s.turn) {
        status = TreatyStatus.TREATY_STATUS_RENOUNCED;
      } else if (tr.getLastTurn() != 0 && tr.getLastTurn() < s.turn) {
        status = TreatyStatus.TREATY_STATUS_EXPIRED;
      }
      if (status == null) {
        continue;
      }
      s.treaties.set(t, tr.toBuilder().setStatus(status).build());
      Event.Builder e = Event.newBuilder().setTreatyEnded(
          TreatyEnded.newBuilder().setTreatyId(tr.getId()).setStatus(status));
      if (Views.mayKnow(tr, "")) {
        log.everyone(e);
      } else {
        log.to(e, Relations.of(s).parties(tr));
      }
    }
  }

  private void finish(EndReason reason, String winner) {
    s.finished = true;
    s.endReason = reason;
    s.winner = winner;
    log.everyone(Event.newBuilder().setMatchEnded(
        MatchEnded.newBuilder().setReason(reason).setWinner(winner)));
  }

  private void eliminate() {
    for (int i = 0; i < np; i++) {
      if (!s.alive[i]) {
        continue;
      }
      boolean holdsHome = false;
      for (int q = 0; q < b.provinces(); q++) {
        if (b.isHome(i, q) && s.owner[q] == i) {
          holdsHome = true;
          break;
        }
      }
      if (holdsHome) {
        continue;
      }
      s.alive[i] = false;
      int cap = b.capital(i);
      log.everyone(Event.newBuilder().setPowerEliminated(PowerEliminated.newBuilder()
          .setPower(b.powerId(i)).setBy(b.ownerId(s.owner[cap]))));
      for (int q = 0; q < b.provinces(); q++) {
        s.stacks[i][q] = 0;
        if (s.owner[q] == i) {
          s.owner[q] = Board.NOBODY;
        }
      }
      for (int j = 0; j < np; j++) {
        s.warSince[i][j] = s.warSince[j][i] = 0;
      }
      String id = b.powerId(i);
      for (int t = 0; t < s.treaties.size(); t++) {
        Treaty tr = s.treaties.get(t);
        if (tr.getStatus() != TreatyStatus.TREATY_STATUS_IN_FORCE
            || !tr.getTerms().getPartiesList().contains(id)) {
          continue;
        }
        List<String> rest = new ArrayList<>(tr.getTerms().getPartiesList());
        rest.remove(id);
        boolean concert = tr.getTerms().getClausesList().stream().anyMatch(Clause::hasConcert);
        if (rest.size() >= (concert ? 3 : 2)) {
          // The survivors stay bound to each other.
          s.treaties.set(t, tr.toBuilder().setTerms(tr.getTerms().toBuilder().clearParties()
              .addAllParties(rest)).build());
          continue;
        }
        s.treaties.set(t, tr.toBuilder().setStatus(TreatyStatus.TREATY_STATUS_LAPSED).build());
        Event.Builder e = Event.newBuilder().setTreatyEnded(TreatyEnded.newBuilder()
            .setTreatyId(tr.getId()).setStatus(TreatyStatus.TREATY_STATUS_LAPSED));
        if (Views.mayKnow(tr, "")) {
          log.everyone(e);
        } else {
          log.to(e, Relations.of(s).parties(tr));
        }
      }
    }
  }

  private void expireProposals() {
    for (int k = 0; k < s.proposals.size(); k++) {
      Proposal p = s.proposals.get(k);
      if (p.getStatus() != ProposalStatus.PROPOSAL_STATUS_OPEN) {
        continue;
      }
      s.proposals.set(k, p.toBuilder().setStatus(ProposalStatus.PROPOSAL_STATUS_EXPIRED).build());
      log.to(Event.newBuilder().setProposalClosed(ProposalClosed.newBuilder()
          .setProposalId(p.getId()).setStatus(ProposalStatus.PROPOSAL_STATUS_EXPIRED)),
          p.getTerms().getPartiesList().stream().mapToInt(b::power).filter(x -> x >= 0).toArray());
    }
    // Closed proposals are history; keep the list short.
    s.proposals.removeIf(p -> p.getStatus() != ProposalStatus.PROPOSAL_STATUS_OPEN);
  }

  private TurnMetrics metrics(int turn, double[] shares, Relations rel, Threats[] threats) {
    TurnMetrics.Builder m = TurnMetrics.newBuilder().setTurn(turn)
        .setYear(b.scenario().getStartYear() + turn - 1)
        .setHonoured(honoured).setBroken(broken);
    double sumSq = 0;
    for (int i = 0; i < np; i++) {
      if (s.alive[i]) {
        sumSq += shares[i] * shares[i];
      }
    }
    m.setPolarity(sumSq == 0 ? 0 : 1.0 / sumSq);
    for (int i = 0; i < np; i++) {
      int forts = 0;
      for (int q = 0; q < b.provinces(); q++) {
        if (s.owner[q] == i) {
          forts += s.fort[q];
        }
      }
      PowerMetrics.Builder pm = PowerMetrics.newBuilder().setPower(b.powerId(i))
          .setMilitary(s.military(i)).setIncome(income[i]).setShare(shares[i])
          .setSecurity(s.security[i]).setCredibility(s.credibility[i]).setAlive(s.alive[i])
          .setTreasury(s.treasury[i]).setForts(forts);
      if (threats[i] != null && threats[i].main() >= 0) {
        int main = threats[i].main();
        pm.setMainThreat(b.powerId(main)).setMainThreatValue(threats[i].threat[main]);
      }
      m.addPowers(pm);
    }
    for (Treaty t : rel.inForce()) {
      int[] parties = rel.parties(t);
      for (Clause c : t.getTerms().getClausesList()) {
        AllianceKind kind = switch (c.getKindCase()) {
          case DEFENSIVE_ALLIANCE -> AllianceKind.ALLIANCE_KIND_DEFENSIVE;
          case OFFENSIVE_ALLIANCE -> AllianceKind.ALLIANCE_KIND_OFFENSIVE;
          case NON_AGGRESSION, PEACE -> AllianceKind.ALLIANCE_KIND_NON_AGGRESSION;
          case NEUTRALITY -> AllianceKind.ALLIANCE_KIND_NEUTRALITY;
          case CONCERT -> AllianceKind.ALLIANCE_KIND_CONCERT;
          default -> null;
        };
        if (kind == null) {
          continue;
        }
        for (int x = 0; x < parties.length; x++) {
          for (int y = x + 1; y < parties.length; y++) {
            m.addAlliances(AllianceEdge.newBuilder().setA(b.powerId(parties[x]))
                .setB(b.powerId(parties[y])).setKind(kind).setTreatyId(t.getId())
                .setSecret(t.getTerms().getSecret() && !t.getRevealed()));
          }
        }
      }
    }
    for (int a = 0; a < np; a++) {
      for (int c = a + 1; c < np; c++) {
        if (s.warSince[a][c] != 0) {
          m.addWars(War.newBuilder().setA(b.powerId(a)).setB(b.powerId(c))
              .setSince(s.warSince[a][c]));
        }
      }
    }
    alignmentLabels(turn, shares, rel, threats);
    m.addAllLabels(labels);
    return m.build();
  }

  /**
   * Balancing, bandwagoning and buck-passing. For each party of an alliance signed this turn,
   * the reference power is the one it perceives as most threatening (or, if none threatens it,
   * the strongest by power share): joining without it is balancing against it, joining with it
   * is bandwagoning. The strongest power itself gets neither label, and a concert is neither.
   * A power whose main threat others balanced against this turn, and which neither armed nor
   * allied, passed the buck.
   */
  private void alignmentLabels(int turn, double[] shares, Relations rel, Threats[] threats) {
    boolean[] allied = new boolean[np];
    boolean[] balancedAgainst = new boolean[np];
    int strongest = -1;
    for (int j = 0; j < np; j++) {
      if (s.alive[j] && (strongest < 0 || shares[j] > shares[strongest])) {
        strongest = j;
      }
    }
    for (Treaty t : s.treaties) {
      if (t.getSignedTurn() != turn || !isAlignment(t)) {
        continue;
      }
      int[] parties = rel.parties(t);
      for (int z : parties) {
        if (z < 0 || !s.alive[z]) {
          continue;
        }
        allied[z] = true;
        if (z == strongest) {
          continue;
        }
        int main = threats[z] != null ? threats[z].main() : -1;
        int reference = main >= 0 ? main : strongest;
        if (reference < 0) {
          continue;
        }
        boolean withIt = false;
        for (int p : parties) {
          withIt |= p == reference;
        }
        String why = reference == main ? "the power it feared most" : "the strongest power";
        if (withIt) {
          labels.add(label(z, Behaviour.BEHAVIOUR_BANDWAGONING, reference, b.powerId(z)
              + " aligned with " + b.powerId(reference) + ", " + why + ", in " + t.getId()));
        } else {
          balancedAgainst[reference] = true;
          labels.add(label(z, Behaviour.BEHAVIOUR_BALANCING, reference, b.powerId(z)
              + " joined " + t.getId() + " without " + b.powerId(reference) + ", " + why));
        }
      }
    }
    int previous = s.history.size() - 1;
    for (int z = 0; z < np; z++) {
      if (!s.alive[z] || allied[z] || threats[z] == null) {
        continue;
      }
      int main = threats[z].main();
      if (main < 0 || !balancedAgainst[main] || threats[z].security >= 0.5) {
        continue;
      }
      int before = previous >= 0 ? s.history.get(previous).getPowers(z).getMilitary() : 0;
      boolean armed = s.military(z) * 100 >= before * (100 + ARMING_PERCENT) && before > 0;
      if (!armed) {
        labels.add(label(z, Behaviour.BEHAVIOUR_BUCK_PASSING, main, b.powerId(z)
            + " felt threatened by " + b.powerId(main)
            + " but neither armed nor allied while others balanced"));
      }
    }
  }

  private static boolean isAlignment(Treaty t) {
    for (Clause c : t.getTerms().getClausesList()) {
      if (c.hasDefensiveAlliance() || c.hasOffensiveAlliance()) {
        return true;
      }
    }
    return false;
  }

  private BehaviourLabel label(int power, Behaviour behaviour, int other, String detail) {
    return BehaviourLabel.newBuilder().setPower(b.powerId(power)).setBehaviour(behaviour)
        .setOther(b.powerId(other)).setDetail(detail).build();
  }
}
