package org.concert.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.concert.arena.BotSpec;
import org.concert.arena.Tournament;
import org.concert.protocol.v1.Scenario;
import org.concert.server.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code concert tournament}: many matches, rotated seats, ratings with confidence. */
@Command(name = "tournament", mixinStandardHelpOptions = true,
    modelTransformer = RulesFlags.class,
    description = {
      "Plays many matches between bots with the seats rotated (every bot plays every seat on"
          + " the same seeds) and rates them: OpenSkill (Plackett-Luce) ratings with 95%%"
          + " intervals, wins, survival and score per bot, and per seat.",
      "Results do not depend on --threads."})
public final class TournamentCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin MatchOptions match;

  @Option(names = "--bots", paramLabel = "LIST", required = true,
      description = "The bots taking part, separated by commas; with fewer bots than seats"
          + " they take several seats, with more they rotate through them.")
  String bots;

  @Option(names = "--games", paramLabel = "N", defaultValue = "100",
      description = "Matches to play (default: ${DEFAULT-VALUE}).")
  int games;

  @Option(names = "--threads", paramLabel = "T",
      description = "Matches played at once (default: all cores).")
  Integer threads;

  @Option(names = "--out", paramLabel = "DIR",
      description = "Also write bots.csv, seats.csv, games.csv and results.json here.")
  Path out;

  @Override
  public Integer call() throws IOException {
    Scenario scenario = match.scenario(spec);
    List<BotSpec> specs = MatchOptions.bots(spec, bots);
    int t = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
    Tournament.Config config;
    try {
      config = new Tournament.Config(scenario, RulesFlags.read(spec), specs, games, match.seed,
          t, match.options(spec, false));
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    PrintWriter o = spec.commandLine().getOut();
    o.printf("%s: %d games of %s, %d thread%s%n", scenario.getName(), games, bots, t,
        t == 1 ? "" : "s");
    o.flush();
    ProgressBar bar = new ProgressBar(spec.commandLine().getErr(), "games");
    Tournament.Outcome outcome = Tournament.run(config, bar::update);
    bar.finish();
    print(o, outcome);
    if (out != null) {
      write(out, outcome);
      o.printf("results written to %s%n", out);
    }
    o.flush();
    return Concert.OK;
  }

  static void print(PrintWriter o, Tournament.Outcome r) {
    o.println();
    o.printf("%-22s %21s %6s %6s %9s %7s %8s%n", "BOT", "RATING (95% CI)", "GAMES", "WIN%",
        "SURVIVAL", "SCORE", "FAILURES");
    for (Tournament.BotLine b : r.bots()) {
      o.printf(Locale.ROOT, "%-22s %6.1f (%5.1f-%5.1f) %6d %5.1f%% %8.1f%% %7.1f %8d%n",
          b.bot(), b.mu(), b.low(), b.high(), b.games(), b.winRate() * 100, b.survival() * 100,
          b.meanScore(), b.failures());
    }
    o.println();
    o.printf("%-6s %6s %6s %9s %7s%n", "SEAT", "GAMES", "WIN%", "SURVIVAL", "SCORE");
    for (Tournament.SeatLine s : r.seats()) {
      o.printf(Locale.ROOT, "%-6s %6d %5.1f%% %8.1f%% %7.1f%n", s.power(), s.games(),
          s.winRate() * 100, s.survival() * 100, s.meanScore());
    }
    o.println();
    o.printf(Locale.ROOT, "%d games in %.2f s: %.0f games/s%n", r.games().size(),
        r.nanos() / 1e9, r.gamesPerSecond());
  }

  static void write(Path dir, Tournament.Outcome r) throws IOException {
    Files.createDirectories(dir);
    StringBuilder bots = new StringBuilder(
        "bot,mu,sigma,low95,high95,games,wins,win_rate,survival,mean_score,failures,refused_orders\n");
    for (Tournament.BotLine b : r.bots()) {
      bots.append(String.format(Locale.ROOT, "%s,%.4f,%.4f,%.4f,%.4f,%d,%d,%.4f,%.4f,%.4f,%d,%d%n",
          csv(b.bot()), b.mu(), b.sigma(), b.low(), b.high(), b.games(), b.wins(), b.winRate(),
          b.survival(), b.meanScore(), b.failures(), b.refusedOrders()));
    }
    Files.writeString(dir.resolve("bots.csv"), bots, StandardCharsets.UTF_8);
    StringBuilder seats = new StringBuilder("seat,games,win_rate,survival,mean_score\n");
    for (Tournament.SeatLine s : r.seats()) {
      seats.append(String.format(Locale.ROOT, "%s,%d,%.4f,%.4f,%.4f%n", s.power(), s.games(),
          s.winRate(), s.survival(), s.meanScore()));
    }
    Files.writeString(dir.resolve("seats.csv"), seats, StandardCharsets.UTF_8);
    StringBuilder games = new StringBuilder("game,seed,seat,power,bot,score,rank,alive,failures,"
        + "end_reason,winner,turns\n");
    for (Tournament.Game g : r.games()) {
      for (int i = 0; i < g.bots().size(); i++) {
        var sc = g.scores().get(i);
        games.append(String.format(Locale.ROOT, "%d,%d,%d,%s,%s,%.4f,%d,%s,%d,%s,%s,%d%n",
            g.index(), g.seed(), i, sc.getPower(), csv(g.bots().get(i)), sc.getTotal(),
            sc.getRank(), sc.getSurvival() > 0, g.seats().get(i).failures(),
            g.reason().name(), g.winner(), g.turns()));
      }
    }
    Files.writeString(dir.resolve("games.csv"), games, StandardCharsets.UTF_8);
    StringBuilder json = new StringBuilder();
    json.append("{\n  \"scenario\": \"").append(r.config().scenario().getId())
        .append("\",\n  \"games\": ").append(r.games().size())
        .append(",\n  \"seed\": ").append(r.config().seed())
        .append(",\n  \"bots\": [\n");
    for (int i = 0; i < r.bots().size(); i++) {
      Tournament.BotLine b = r.bots().get(i);
      json.append(String.format(Locale.ROOT, "    {\"bot\": %s, \"mu\": %.4f, \"sigma\": %.4f,"
          + " \"low95\": %.4f, \"high95\": %.4f, \"games\": %d, \"wins\": %d,"
          + " \"survival\": %.4f, \"meanScore\": %.4f, \"failures\": %d}%s%n",
          Json.string(b.bot()), b.mu(), b.sigma(), b.low(), b.high(), b.games(), b.wins(),
          b.survival(), b.meanScore(), b.failures(), i + 1 < r.bots().size() ? "," : ""));
    }
    json.append("  ],\n  \"seats\": [\n");
    for (int i = 0; i < r.seats().size(); i++) {
      Tournament.SeatLine s = r.seats().get(i);
      json.append(String.format(Locale.ROOT, "    {\"seat\": \"%s\", \"games\": %d,"
          + " \"winRate\": %.4f, \"survival\": %.4f, \"meanScore\": %.4f}%s%n", s.power(),
          s.games(), s.winRate(), s.survival(), s.meanScore(),
          i + 1 < r.seats().size() ? "," : ""));
    }
    json.append("  ]\n}\n");
    Files.writeString(dir.resolve("results.json"), json, StandardCharsets.UTF_8);
  }

  private static String csv(String s) {
    return s.contains(",") || s.contains("\"") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
  }

}
