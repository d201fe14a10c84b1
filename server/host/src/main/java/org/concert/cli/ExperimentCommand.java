package org.concert.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.concert.arena.Experiments;
import org.concert.arena.HeadlessMatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code concert experiment NAME}: does the game teach the theory? Figures per world. */
@Command(name = "experiment", mixinStandardHelpOptions = true,
    description = {
      "Plays the same bots in worlds that differ in one respect, over many seeds with the seats"
          + " rotated, and prints the mean figures of each world (see docs/experiments.md).",
      "Experiments: richardson, hegemony, offence, enforcement, transparency; or all."})
public final class ExperimentCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(paramLabel = "NAME", defaultValue = "all",
      description = "The experiment to run (default: ${DEFAULT-VALUE}).")
  String name;

  @Option(names = "--games", paramLabel = "N", defaultValue = "200",
      description = "Matches in each world (default: ${DEFAULT-VALUE}).")
  int games;

  @Option(names = "--seed", paramLabel = "N", defaultValue = "1",
      description = "The first seed (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--threads", paramLabel = "T",
      description = "Matches played at once (default: all cores).")
  Integer threads;

  @Override
  public Integer call() {
    if (games < 1) {
      throw new ParameterException(spec.commandLine(), "--games must be at least 1");
    }
    List<Experiments.Experiment> list;
    try {
      list = name.equals("all") ? Experiments.all() : List.of(Experiments.of(name));
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    int t = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
    PrintWriter out = spec.commandLine().getOut();
    for (Experiments.Experiment e : list) {
      out.printf("%n== %s: %s%n", e.name(), e.question());
      out.printf("   concert experiment %s --games %d --seed %d%n", e.name(), games, seed);
      out.flush();
      ProgressBar bar = new ProgressBar(spec.commandLine().getErr(), "games");
      List<Experiments.Figures> figures = Experiments.run(e, games, seed, t,
          new HeadlessMatch.Options(2, java.time.Duration.ofSeconds(5), false), bar::update);
      bar.finish();
      table(out, figures);
    }
    out.flush();
    return Concert.OK;
  }

  static void table(PrintWriter out, List<Experiments.Figures> figures) {
    List<String> metrics = new ArrayList<>(figures.get(0).values().keySet());
    out.printf("%-28s", "");
    for (Experiments.Figures f : figures) {
      out.printf(" %24s", shorten(f.label()));
    }
    out.println();
    for (String m : metrics) {
      out.printf("%-28s", m);
      for (Experiments.Figures f : figures) {
        Map<String, Double> v = f.values();
        out.printf(Locale.ROOT, " %24.3f", v.getOrDefault(m, Double.NaN));
      }
      out.println();
    }
  }

  private static String shorten(String s) {
    return s.length() <= 24 ? s : s.substring(0, 23) + "…";
  }
}
