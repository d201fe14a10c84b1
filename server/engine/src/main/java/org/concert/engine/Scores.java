package org.concert.engine;

import java.util.ArrayList;
import java.util.List;
import org.concert.protocol.v1.EndReason;
import org.concert.protocol.v1.Realism;
import org.concert.protocol.v1.Score;

/**
 * Scores by the realism preset, each component in [0, 1] and the total out of 100:
 * DEFENSIVE 40 survival + 40 mean security + 20 income growth; OFFENSIVE 30 survival + 70 final
 * power share; CONCERT 40 survival + 30 income growth + 30 share of turns at peace. Income
 * growth is final over first income, halved and capped at 1 (doubling scores full marks). A
 * hegemon that wins scores 100 and every other power half its total.
 */
final class Scores {
  private Scores() {}

  static List<Score> of(GameState s) {
    return of(s, Shares.of(s));
  }

  /** Scores computed with the given power shares (true ones, or a viewer's perceived ones). */
  static List<Score> of(GameState s, double[] shares) {
    Board b = s.board;
    int np = b.powers();
    int played = Math.max(1, s.history.size());
    double[] total = new double[np];
    List<Score.Builder> out = new ArrayList<>();
    for (int i = 0; i < np; i++) {
      double survival = s.alive[i] ? 1 : 0;
      double security = s.securitySum[i] / played;
      double growth = !s.alive[i] || s.firstIncome[i] == 0 ? 0
          : Math.min(1.0, Shares.income(s, i) / (double) s.firstIncome[i] / 2.0);
      double peace = s.peaceTurns[i] / (double) played;
      double t = switch (s.rules.realism() == Realism.REALISM_UNSPECIFIED
          ? Realism.REALISM_DEFENSIVE : s.rules.realism()) {
        case REALISM_OFFENSIVE -> 30 * survival + 70 * shares[i];
        case REALISM_CONCERT -> 40 * survival + 30 * growth + 30 * peace;
        default -> 40 * survival + 40 * security + 20 * growth;
      };
      if (s.endReason == EndReason.END_REASON_HEGEMONY) {
        t = b.powerId(i).equals(s.winner) ? 100 : t / 2;
      }
      total[i] = t;
      out.add(Score.newBuilder().setPower(b.powerId(i)).setTotal(t).setSurvival(survival)
          .setSecurity(security).setIncomeGrowth(growth).setShare(shares[i]).setPeace(peace));
    }
    List<Score> scores = new ArrayList<>();
    for (int i = 0; i < np; i++) {
      int rank = 1;
      for (int j = 0; j < np; j++) {
        if (total[j] > total[i]) {
          rank++;
        }
      }
      scores.add(out.get(i).setRank(rank).build());
    }
    return scores;
  }
}
