package org.concert.engine;

import org.concert.protocol.v1.PowerInfo;
import org.concert.protocol.v1.PowerView;
import org.concert.protocol.v1.Proposal;
import org.concert.protocol.v1.ProposalStatus;
import org.concert.protocol.v1.ProvinceInfo;
import org.concert.protocol.v1.SelfView;
import org.concert.protocol.v1.StackInfo;
import org.concert.protocol.v1.Threat;
import org.concert.protocol.v1.Transparency;
import org.concert.protocol.v1.Treaty;
import org.concert.protocol.v1.War;

/**
 * Builds what one power may see (fog is a rule, and a security boundary): its own accounts
 * exactly; others' stacks and forts only where it sees; others' totals as noisy estimates under
 * FOG; treasuries only under TRANSPARENT; public treaties and its own secret ones; proposals it
 * is party to. An observer sees the public map; the host (no power) sees everything.
 */
final class Views {
  private Views() {}

  /** The strength observer i believes power j has. */
  static int believedMilitary(GameState s, int i, int j, boolean[] visible) {
    int total = s.military(j);
    Transparency t = s.rules.transparency();
    if (i == j || t == Transparency.TRANSPARENCY_TRANSPARENT) {
      return total;
    }
    int seen = 0;
    for (int q = 0; q < s.board.provinces(); q++) {
      if (visible[q]) {
        seen += s.stacks[j][q];
      }
    }
    if (t == Transparency.TRANSPARENCY_OPAQUE) {
      return seen;
    }
    double u = Rng.of(s.seed, Rng.Purpose.FOG, s.turn, i, j).nextSigned();
    long estimate = Math.round(total * (1.0 + u * s.rules.fogNoisePercent() / 100.0));
    return (int) Math.max(seen, estimate);
  }

  /** The view of power i, or the omniscient view when i is -1, or the observers' when -2. */
  static PowerView of(GameState s, int i) {
    Board b = s.board;
    boolean omniscient = i == -1;
    boolean observer = i == -2;
    boolean[] visible;
    if (i >= 0) {
      visible = s.sight(i);
    } else {
      visible = new boolean[b.provinces()];
      java.util.Arrays.fill(visible, omniscient || Threats.transparent(s));
    }
    Relations rel = s.relations();
    PowerView.Builder v = PowerView.newBuilder()
        .setTurn(s.turn).setYear(s.year()).setLastTurn(s.rules.turns())
        .setPower(i >= 0 ? b.powerId(i) : "").setRules(s.rules.config())
        .setFinished(s.finished).setScenarioId(b.scenario().getId());
    Threats threats = i >= 0 && s.alive[i] ? s.threats(i) : null;
    for (int j = 0; j < b.powers(); j++) {
      int provinces = 0;
      int income = 0;
      for (int q = 0; q < b.provinces(); q++) {
        if (s.owner[q] == j) {
          provinces++;
          income += b.value(q);
        }
      }
      boolean exact = omniscient || j == i || Threats.transparent(s);
      int military;
      if (exact) {
        military = s.military(j);
      } else if (observer) {
        military = 0;
        for (int q = 0; q < b.provinces(); q++) {
          military += visible[q] ? s.stacks[j][q] : 0;
        }
      } else {
        military = threats != null ? threats.believed[j] : believedMilitary(s, i, j, visible);
      }
      PowerInfo.Builder info = PowerInfo.newBuilder()
          .setId(b.powerId(j)).setName(b.scenario().getPowers(j).getName())
          .setColor(b.scenario().getPowers(j).getColor()).setAlive(s.alive[j])
          .setCredibility(s.credibility[j]).setMilitary(military).setMilitaryExact(exact)
          .setProvinces(provinces).setProvinceIncome(income);
      if (exact) {
        info.setTreasury(s.treasury[j]);
      }
      v.addPowers(info);
    }
    for (int q = 0; q < b.provinces(); q++) {
      v.addProvinces(s.provinceInfo(q, visible[q]));
    }
    for (int a = 0; a < b.powers(); a++) {
      for (int c = a + 1; c < b.powers(); c++) {
        if (s.warSince[a][c] != 0) {
          v.addWars(War.newBuilder().setA(b.powerId(a)).setB(b.powerId(c))
              .setSince(s.warSince[a][c]));
        }
      }
    }
    String me = i >= 0 ? b.powerId(i) : "";
    for (Treaty t : s.treaties) {
      if (omniscient || mayKnow(t, me)) {
        v.addTreaties(t);
      }
    }
    if (i >= 0 || omniscient) {
      for (Proposal p : s.proposals) {
        if (p.getStatus() == ProposalStatus.PROPOSAL_STATUS_OPEN
            && (omniscient || p.getTerms().getPartiesList().contains(me))) {
          v.addProposals(p);
        }
      }
    }
    if (threats != null) {
      v.setSelf(self(s, i, threats));
    }
    return v.build();
  }

  /**
   * A province as a viewer sees it: its owner always; its fort and stacks only when the
   * viewer sees into it. It depends on nothing else about the viewer, so published states
   * build each variant once for all views.
   */
  static ProvinceInfo province(GameState s, int q, boolean visible) {
    Board b = s.board;
    ProvinceInfo.Builder p = ProvinceInfo.newBuilder()
        .setId(b.provinceId(q)).setOwner(b.ownerId(s.owner[q])).setVisible(visible);
    if (visible) {
      p.setFort(s.fort[q]);
      for (int k = 0; k < b.powers(); k++) {
        if (s.stacks[k][q] > 0) {
          p.addStacks(StackInfo.newBuilder().setPower(b.powerId(k)).setStrength(s.stacks[k][q]));
        }
      }
      if (s.garrison[q] > 0) {
        p.addStacks(StackInfo.newBuilder().setPower(b.ownerId(s.owner[q]))
            .setStrength(s.garrison[q]));
      }
    }
    return p.build();
  }

  /** A treaty is known to its parties, and to everyone once public or revealed. */
  static boolean mayKnow(Treaty t, String power) {
    return !t.getTerms().getSecret() || t.getRevealed()
        || (!power.isEmpty() && t.getTerms().getPartiesList().contains(power));
  }

  private static SelfView self(GameState s, int i, Threats threats) {
    Board b = s.board;
    int income = Shares.breakdown(s, i).net();
    SelfView.Builder self = SelfView.newBuilder()
        .setTreasury(s.treasury[i]).setIncome(income)
        .setUpkeep(s.military(i) * s.rules.upkeep()).setInvested(s.invested[i])
        .setCredibility(s.credibility[i]).setMilitary(s.military(i))
        .setSecurity(threats.security).setDefence(threats.defence)
        .setCapital(b.provinceId(b.capital(i)));
    for (int q = 0; q < b.provinces(); q++) {
      if (b.isHome(i, q)) {
        self.addHome(b.provinceId(q));
      }
    }
    for (int j = 0; j < b.powers(); j++) {
      if (j != i && s.alive[j]) {
        self.addThreats(Threat.newBuilder().setPower(b.powerId(j))
            .setThreat(threats.threat[j]).setIntent(threats.intent[j])
            .setStrength(threats.believed[j]));
      }
    }
    return self.build();
  }
}
