package org.concert.arena;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.concert.bots.Atlas;
import org.concert.protocol.v1.EndReason;
import org.concert.protocol.v1.RulesConfig;
import org.concert.protocol.v1.Scenario;
import org.concert.protocol.v1.Score;

/**
 * Many matches between bots, with the seats rotated so that every bot plays every seat on the
 * same seeds: game g uses seed {@code seed + g / seats} and gives seat j the bot
 * {@code bots[(j + g) % bots]}. Matches run on a pool of threads; results are gathered by game
 * number and ratings fed in that order, so the outcome is the same whatever the thread count.
 */
public final class Tournament {
  /** What to play. */
  public record Config(Scenario scenario, RulesConfig rules, List<BotSpec> bots, int games,
      long seed, int threads, HeadlessMatch.Options options) {
    public Config {
      bots = List.copyOf(bots);
      if (games < 1) {
        throw new IllegalArgumentException("--games must be at least 1, not " + games);
      }
      if (threads < 1) {
        throw new IllegalArgumentException("--threads must be at least 1, not " + threads);
      }
      if (bots.isEmpty()) {
        throw new IllegalArgumentException("name at least one bot");
      }
    }
  }

  /** One game's result. */
  public record Game(int index, long seed, List<String> bots, List<Score> scores,
      List<HeadlessMatch.Seat> seats, EndReason reason, String winner, int turns) {}

  /** Per-bot figures. */
  public record BotLine(String bot, double mu, double sigma, double low, double high, int games,
      int wins, double winRate, double survival, double meanScore, int failures,
      int refusedOrders) {}

  /** Per-seat figures: is the map fair to every seat? */
  public record SeatLine(String power, int games, double winRate, double survival,
      double meanScore) {}

  /** Everything a tournament produced. */
  public record Outcome(Config config, List<Game> games, List<BotLine> bots, List<SeatLine> seats,
      long nanos) {
    public double gamesPerSecond() {
      return games.size() / (nanos / 1e9);
    }
  }

  /** Told as games finish. */
  public interface Progress {
    void update(int finished, int total);
  }

  private Tournament() {}

  public static Outcome run(Config config, Progress progress) {
    Atlas atlas = Atlas.of(config.scenario());
    int seats = config.scenario().getPowersCount();
    long start = System.nanoTime();
    List<Game> list = Matches.play(config.games(), config.threads(),
        index -> HeadlessMatch.prepare(config.scenario(), atlas, config.rules(),
            seedOf(config, seats, index), specs(config, seats, index), config.options(), null),
        (index, r) -> new Game(index, seedOf(config, seats, index),
            seating(config, seats, index), r.scores(), r.seats(), r.state().endReason(),
            r.state().winner(), r.state().turnsPlayed()),
        progress);
    long nanos = System.nanoTime() - start;
    return new Outcome(config, list, botLines(config, list), seatLines(config, list), nanos);
  }

  static long seedOf(Config config, int seats, int index) {
    return config.seed() + index / seats;
  }

  static List<BotSpec> specs(Config config, int seats, int index) {
    List<BotSpec> specs = new ArrayList<>();
    for (int j = 0; j < seats; j++) {
      specs.add(config.bots().get((j + index) % config.bots().size()));
    }
    return specs;
  }

  static List<String> seating(Config config, int seats, int index) {
    return specs(config, seats, index).stream().map(BotSpec::name).toList();
  }

  private static List<BotLine> botLines(Config config, List<Game> games) {
    Ratings ratings = new Ratings();
    Map<String, double[]> acc = new LinkedHashMap<>(); // games, wins, alive, score, failures, refused
    for (BotSpec spec : config.bots()) {
      acc.put(spec.name(), new double[6]);
    }
    for (Game g : games) {
      List<Integer> ranks = new ArrayList<>();
      for (int seat = 0; seat < g.bots().size(); seat++) {
        Score s = g.scores().get(seat);
        ranks.add(s.getRank());
        double[] a = acc.get(g.bots().get(seat));
        a[0]++;
        a[1] += s.getRank() == 1 ? 1 : 0;
        a[2] += s.getSurvival();
        a[3] += s.getTotal();
        a[4] += g.seats().get(seat).failures();
        a[5] += g.seats().get(seat).refusedOrders();
      }
      ratings.game(g.bots(), ranks);
    }
    List<BotLine> out = new ArrayList<>();
    for (Map.Entry<String, double[]> e : acc.entrySet()) {
      double[] a = e.getValue();
      Ratings.Rating r = ratings.of(e.getKey());
      double n = Math.max(1, a[0]);
      out.add(new BotLine(e.getKey(), r.mu(), r.sigma(), r.low(), r.high(), (int) a[0],
          (int) a[1], a[1] / n, a[2] / n, a[3] / n, (int) a[4], (int) a[5]));
    }
    out.sort(Comparator.comparingDouble((BotLine b) -> -(b.mu() - 3 * b.sigma())));
    return out;
  }

  private static List<SeatLine> seatLines(Config config, List<Game> games) {
    List<SeatLine> out = new ArrayList<>();
    for (int seat = 0; seat < config.scenario().getPowersCount(); seat++) {
      double wins = 0;
      double alive = 0;
      double score = 0;
      for (Game g : games) {
        Score s = g.scores().get(seat);
        wins += s.getRank() == 1 ? 1 : 0;
        alive += s.getSurvival();
        score += s.getTotal();
      }
      int n = games.size();
      out.add(new SeatLine(config.scenario().getPowers(seat).getId(), n, wins / n, alive / n,
          score / n));
    }
    return out;
  }
}
