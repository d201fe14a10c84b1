package org.concert.arena;

import com.pocketcombats.openskill.Adjudicator;
import com.pocketcombats.openskill.RatingModelConfig;
import com.pocketcombats.openskill.data.RatingAdjustment;
import com.pocketcombats.openskill.data.SimplePlayerResult;
import com.pocketcombats.openskill.data.SimpleTeamResult;
import com.pocketcombats.openskill.data.TeamResult;
import com.pocketcombats.openskill.model.PlackettLuce;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Multiplayer skill ratings (Weng–Lin, the Plackett–Luce model of OpenSkill): each game is a
 * free-for-all ranked by score, each seat a team of one. A bot that holds several seats in one
 * game moves by the mean of its seats' updates. Games must be fed in a fixed order for the
 * ratings to be reproducible.
 */
public final class Ratings {
  /** A rating: mean and uncertainty. */
  public record Rating(double mu, double sigma) {
    /** A conservative estimate, mu - 3 sigma (what leaderboards sort by). */
    public double ordinal() {
      return mu - 3 * sigma;
    }

    /** The 95% interval of the skill. */
    public double low() {
      return mu - 1.96 * sigma;
    }

    public double high() {
      return mu + 1.96 * sigma;
    }
  }

  static final double MU = 25.0;
  static final double SIGMA = MU / 3;

  private final RatingModelConfig config = RatingModelConfig.builder().build();
  private final Adjudicator<Integer> adjudicator = new Adjudicator<>(config, new PlackettLuce(config));
  private final Map<String, Rating> ratings = new LinkedHashMap<>();

  public Rating of(String bot) {
    return ratings.getOrDefault(bot, new Rating(MU, SIGMA));
  }

  Map<String, Rating> all() {
    return ratings;
  }

  /** Sets a bot's rating, e.g. as a server's ladder kept it. */
  public void put(String bot, Rating rating) {
    ratings.put(bot, rating);
  }

  /** Updates the ratings with one game: bots by seat, and each seat's rank (1 is best). */
  public void game(List<String> bots, List<Integer> ranks) {
    List<TeamResult<Integer>> teams = new ArrayList<>();
    for (int seat = 0; seat < bots.size(); seat++) {
      Rating r = of(bots.get(seat));
      teams.add(new SimpleTeamResult<>(r.mu(), r.sigma(), ranks.get(seat),
          List.of(new SimplePlayerResult<>(seat, r.mu(), r.sigma()))));
    }
    List<RatingAdjustment<Integer>> adjusted = adjudicator.rate(teams);
    Map<String, double[]> sums = new LinkedHashMap<>(); // mu, sigma, count
    for (RatingAdjustment<Integer> a : adjusted) {
      String bot = bots.get(a.playerId());
      double[] sum = sums.computeIfAbsent(bot, k -> new double[3]);
      sum[0] += a.mu();
      sum[1] += a.sigma();
      sum[2]++;
    }
    for (Map.Entry<String, double[]> e : sums.entrySet()) {
      double[] v = e.getValue();
      ratings.put(e.getKey(), new Rating(v[0] / v[2], v[1] / v[2]));
    }
  }
}
