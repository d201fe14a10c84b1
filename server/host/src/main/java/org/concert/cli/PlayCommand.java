package org.concert.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.concert.arena.BotSpec;
import org.concert.arena.HeadlessMatch;
import org.concert.arena.ReplayFiles;
import org.concert.bots.Atlas;
import org.concert.engine.Engine;
import org.concert.engine.GameState;
import org.concert.engine.Resolution;
import org.concert.protocol.v1.Event;
import org.concert.protocol.v1.PowerShare;
import org.concert.protocol.v1.Scenario;
import org.concert.protocol.v1.Score;
import org.concert.protocol.v1.TreatyStatus;
import org.concert.protocol.v1.War;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code concert play}: one headless match between bots, a line a turn, a table at the end. */
@Command(name = "play", mixinStandardHelpOptions = true, modelTransformer = RulesFlags.class,
    description = {
      "Plays one match between bots on this machine and prints a line a turn: the year, the"
          + " wars, the treaties in force and every power's share of power; then the scores.",
      "Bots: balancer, bandwagoner, buckpasser, hawk, defensive, richardson[:k=,a=,g=],"
          + " reciprocator, concert, random; or class:NAME, or jar:PATH:CLASS."})
public final class PlayCommand implements java.util.concurrent.Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin MatchOptions match;

  @Option(names = "--bots", paramLabel = "LIST", required = true,
      description = "One bot per seat, in seat order, separated by commas.")
  String bots;

  @Option(names = "--replay", paramLabel = "FILE",
      description = "Write the match journal here (text if the name ends in .textproto)"
          + " for `concert replay` and `concert report`.")
  Path replay;

  @Option(names = {"-q", "--quiet"}, description = "Print only the final table.")
  boolean quiet;

  @Override
  public Integer call() throws IOException {
    Scenario scenario = match.scenario(spec);
    List<BotSpec> specs = MatchOptions.bots(spec, bots);
    if (specs.size() != scenario.getPowersCount()) {
      throw new ParameterException(spec.commandLine(), "--bots: " + scenario.getId() + " has "
          + scenario.getPowersCount() + " seats (" + powers(scenario) + ") but " + specs.size()
          + " bots were named");
    }
    PrintWriter out = spec.commandLine().getOut();
    out.printf("%s, seed %d: %s%n", scenario.getName(), match.seed, seating(scenario, specs));
    HeadlessMatch.Result result = HeadlessMatch.play(scenario, Atlas.of(scenario),
        RulesFlags.read(spec), match.seed, specs, match.options(spec, replay != null),
        quiet ? null : (before, r) -> out.println(line(before, r)));
    table(out, scenario, specs, result);
    if (replay != null) {
      ReplayFiles.write(replay, result.journal());
      out.printf("replay written to %s (final state hash %s)%n", replay, result.state().hash());
    }
    out.flush();
    return Concert.OK;
  }

  private static String powers(Scenario s) {
    List<String> out = new ArrayList<>();
    s.getPowersList().forEach(p -> out.add(p.getId()));
    return String.join(", ", out);
  }

  private static String seating(Scenario s, List<BotSpec> specs) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < specs.size(); i++) {
      out.add(s.getPowers(i).getId() + "=" + specs.get(i).name());
    }
    return String.join(" ", out);
  }

  /** One line for one resolved turn. */
  static String line(GameState before, Resolution r) {
    GameState after = r.state();
    StringBuilder sb = new StringBuilder();
    sb.append(before.year()).append("  ");
    List<String> wars = new ArrayList<>();
    for (War w : after.toProto().getWarsList()) {
      wars.add(w.getA() + "-" + w.getB());
    }
    sb.append(wars.isEmpty() ? "at peace" : "war " + String.join(" ", wars));
    long treaties = after.treaties().stream()
        .filter(t -> t.getStatus() == TreatyStatus.TREATY_STATUS_IN_FORCE).count();
    sb.append(" | treaties ").append(treaties).append(" |");
    for (PowerShare p : r.shares()) {
      sb.append(' ').append(p.getPower()).append(' ')
          .append(String.format(Locale.ROOT, "%2.0f%%", p.getShare() * 100));
    }
    int captures = 0;
    for (Event e : r.events()) {
      if (e.hasProvinceCaptured()) {
        captures++;
      }
      if (e.hasHegemonyWarning()) {
        sb.append(" | hegemony warning: ").append(e.getHegemonyWarning().getPower());
      }
      if (e.hasPowerEliminated()) {
        sb.append(" | ").append(e.getPowerEliminated().getPower()).append(" eliminated");
      }
    }
    if (captures > 0) {
      sb.append(" | ").append(captures).append(captures == 1 ? " province" : " provinces")
          .append(" changed hands");
    }
    return sb.toString();
  }

  private static void table(PrintWriter out, Scenario scenario, List<BotSpec> specs,
      HeadlessMatch.Result result) {
    GameState s = result.state();
    out.println();
    out.printf("%-6s %-14s %-6s %9s %8s %6s %6s %5s %8s%n", "POWER", "BOT", "ALIVE",
        "PROVINCES", "MILITARY", "SHARE", "SCORE", "RANK", "FAILURES");
    var view = Engine.hostView(s);
    for (int i = 0; i < specs.size(); i++) {
      Score score = result.scores().get(i);
      var info = view.getPowers(i);
      out.printf(Locale.ROOT, "%-6s %-14s %-6s %9d %8d %5.0f%% %6.1f %5d %8d%n",
          info.getId(), specs.get(i).name(), info.getAlive() ? "yes" : "no", info.getProvinces(),
          info.getMilitary(), score.getShare() * 100, score.getTotal(), score.getRank(),
          result.seats().get(i).failures());
    }
    out.println();
    String end = switch (s.endReason()) {
      case END_REASON_HEGEMONY -> s.winner() + " won as hegemon";
      case END_REASON_LAST_POWER -> s.winner() + " is the last power standing";
      default -> "no hegemon: the balance held";
    };
    out.printf("%s after %d turns (%s scoring).%n", end, s.turnsPlayed(),
        RulesFlags.shortName(s.rules().getRealism().getDescriptorForType(),
            s.rules().getRealism().getValueDescriptor()));
  }
}
