package org.concert.engine;

import java.util.ArrayList;
import java.util.List;
import org.concert.protocol.v1.Clause;
import org.concert.protocol.v1.Treaty;
import org.concert.protocol.v1.ViolationKind;

/**
 * Who is bound to whom by the treaties in force, as matrices over power indices. Built fresh
 * whenever treaties change; cheap for the handful of treaties a match holds.
 */
final class Relations {
  private final Board board;
  private final List<Treaty> inForce;
  /** A defensive or offensive alliance: military access, intent 0.3. */
  final boolean[][] allied;
  /** Any treaty whose clauses forbid one party attacking the other. */
  final boolean[][] pact;
  /** Non-aggression or peace (for the intent factor 0.6). */
  final boolean[][] nonAggression;
  /** Members of a common concert. */
  final boolean[][] concert;

  Relations(Board board, List<Treaty> inForce) {
    this.board = board;
    this.inForce = inForce;
    int p = board.powers();
    allied = new boolean[p][p];
    pact = new boolean[p][p];
    nonAggression = new boolean[p][p];
    concert = new boolean[p][p];
    for (Treaty t : inForce) {
      int[] parties = parties(t);
      for (Clause c : t.getTerms().getClausesList()) {
        boolean[][] m =
            switch (c.getKindCase()) {
              case DEFENSIVE_ALLIANCE, OFFENSIVE_ALLIANCE -> allied;
              case NON_AGGRESSION, PEACE, NEUTRALITY -> nonAggression;
              case CONCERT -> concert;
              default -> null;
            };
        if (m == null) {
          continue;
        }
        for (int a : parties) {
          for (int b : parties) {
            if (a != b) {
              m[a][b] = true;
              pact[a][b] = true;
            }
          }
        }
      }
    }
  }

  static Relations of(GameState s) {
    return new Relations(s.board, s.inForce());
  }

  int[] parties(Treaty t) {
    return t.getTerms().getPartiesList().stream().mapToInt(board::power).toArray();
  }

  List<Treaty> inForce() {
    return inForce;
  }

  /** A treaty broken, and how, if `attacker` attacks `victim`. */
  record Breach(Treaty treaty, ViolationKind kind) {}

  /** Every treaty in force that `attacker` attacking or declaring war on `victim` breaks. */
  List<Breach> breachesByAttack(int attacker, int victim) {
    List<Breach> out = new ArrayList<>();
    if (!pact[attacker][victim]) {
      return out;
    }
    for (Treaty t : inForce) {
      if (!isParty(t, attacker) || !isParty(t, victim)) {
        continue;
      }
      ViolationKind kind = null;
      for (Clause c : t.getTerms().getClausesList()) {
        ViolationKind k =
            switch (c.getKindCase()) {
              case CONCERT -> ViolationKind.VIOLATION_KIND_CONCERT;
              case NEUTRALITY -> ViolationKind.VIOLATION_KIND_NEUTRALITY;
              case NON_AGGRESSION, PEACE, DEFENSIVE_ALLIANCE, OFFENSIVE_ALLIANCE ->
                  ViolationKind.VIOLATION_KIND_AGGRESSION;
              default -> null;
            };
        if (k != null && (kind == null || k == ViolationKind.VIOLATION_KIND_CONCERT)) {
          kind = k;
        }
      }
      if (kind != null) {
        out.add(new Breach(t, kind));
      }
    }
    return out;
  }

  boolean isParty(Treaty t, int power) {
    return t.getTerms().getPartiesList().contains(board.powerId(power));
  }
}
