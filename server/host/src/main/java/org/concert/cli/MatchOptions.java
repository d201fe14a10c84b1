package org.concert.cli;

import java.time.Duration;
import org.concert.arena.HeadlessMatch;
import org.concert.maps.Scenarios;
import org.concert.protocol.v1.Scenario;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** The options a headless match and a tournament share: map, seed, rounds and budget. */
final class MatchOptions {
  @Option(names = "--map", paramLabel = "NAME", defaultValue = "vienna-1815",
      description = "The scenario: a shipped one (see `concert maps list`) or symmetric-N"
          + " (default: ${DEFAULT-VALUE}).")
  String map;

  @Option(names = "--seed", paramLabel = "N", defaultValue = "1",
      description = "The match seed; the same seed and bots give the same match"
          + " (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--rounds", paramLabel = "N", defaultValue = "2",
      description = "Diplomacy rounds a turn: proposals are made in the first and answered in"
          + " the next (1 to 10, default: ${DEFAULT-VALUE}).")
  int rounds;

  @Option(names = "--budget-ms", paramLabel = "MS", defaultValue = "1000",
      description = "Time a bot has for each decision, in milliseconds; a bot that runs over"
          + " gives nothing that round (default: ${DEFAULT-VALUE}).")
  long budgetMs;

  /** The bots named by --bots, or a usage error naming what is wrong. */
  static java.util.List<org.concert.arena.BotSpec> bots(CommandSpec spec, String list) {
    try {
      return org.concert.arena.BotSpec.parseList(list);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), "--bots: " + e.getMessage());
    }
  }

  Scenario scenario(CommandSpec spec) {
    try {
      return Scenarios.load(map);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), "--map: " + e.getMessage());
    }
  }

  HeadlessMatch.Options options(CommandSpec spec, boolean journal) {
    try {
      return new HeadlessMatch.Options(rounds, Duration.ofMillis(budgetMs), journal);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
  }
}
