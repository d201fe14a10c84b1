package org.concert.cli;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.concert.arena.BotSpec;
import org.concert.bots.MatchOutcome;
import org.concert.bots.remote.RemoteBot;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code concert bot}: plays one seat of a live match on a server with a bot, the same bot
 * class that runs in {@code concert play}, over the server's TCP port.
 */
@Command(name = "bot", mixinStandardHelpOptions = true,
    description = "Plays one seat of a match on a server with a bot, to the end of the match:"
        + " a built-in bot by name, or yours (class:NAME on the class path, jar:FILE:NAME)."
        + " The host gives the bot token and the join code. The connection is kept alive"
        + " through long turns, and a lost one (a restart of the server) is resumed with the"
        + " seat's token for up to five minutes.")
public final class BotCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--server", paramLabel = "HOST:PORT", defaultValue = "127.0.0.1:7815",
      description = "The server's TCP port for bots (default: ${DEFAULT-VALUE}).")
  String server;

  @Option(names = "--token", paramLabel = "BOT-TOKEN", required = true,
      description = "A bot token from the host.")
  String token;

  @Option(names = "--code", paramLabel = "CODE",
      description = "The match's join code (not with --ladder).")
  String code;

  @Option(names = "--power", paramLabel = "POWER",
      description = "The seat to take, e.g. AUT (not with --ladder).")
  String power;

  @Option(names = "--ladder", paramLabel = "NAME",
      description = "Play the server's ladder under this name instead of one match: the server"
          + " seats the bot game after game, and rates it.")
  String ladder;

  @Option(names = "--games", paramLabel = "N", defaultValue = "10",
      description = "With --ladder: how many ladder games to play (default: ${DEFAULT-VALUE}).")
  int games;

  @Option(names = "--bot", paramLabel = "BOT", defaultValue = "balancer",
      description = "The bot (default: ${DEFAULT-VALUE}).")
  String bot;

  @Option(names = "--budget-ms", paramLabel = "MS", defaultValue = "1000",
      description = "Time the bot may think per decision (default: ${DEFAULT-VALUE}).")
  long budgetMs;

  /** A server's TCP address. */
  record Address(String host, int port) {}

  /** Reads --server's HOST:PORT, or fails with a usage error that says what is wrong. */
  static Address address(CommandSpec spec, String server) {
    int colon = server.lastIndexOf(':');
    int port;
    try {
      port = Integer.parseInt(server.substring(colon + 1));
    } catch (NumberFormatException | IndexOutOfBoundsException e) {
      port = -1;
    }
    if (colon <= 0 || port < 1 || port > 65_535) {
      throw new ParameterException(spec.commandLine(),
          "--server must be HOST:PORT with a port from 1 to 65535, e.g. 127.0.0.1:7815, not \""
              + server + "\"");
    }
    return new Address(server.substring(0, colon).replaceAll("^\\[|\\]$", ""), port);
  }

  private static String over(MatchOutcome o) {
    return "match over after turn %d: %s%s".formatted(o.turns(),
        o.reason().name().replace("END_REASON_", "").toLowerCase().replace('_', ' '),
        o.winner().isEmpty() ? "" : ", " + o.winner() + " won");
  }

  @Override
  public Integer call() throws Exception {
    Address address = address(spec, server);
    if (budgetMs < 1 || budgetMs > 60_000) {
      throw new ParameterException(spec.commandLine(),
          "--budget-ms must be between 1 and 60000, not " + budgetMs);
    }
    if (ladder == null && (code == null || power == null)) {
      throw new ParameterException(spec.commandLine(),
          "give the match's --code and the --power to play, or --ladder NAME");
    }
    if (ladder != null && (code != null || power != null)) {
      throw new ParameterException(spec.commandLine(),
          "--ladder plays the server's ladder: it takes no --code or --power");
    }
    if (games < 1 || games > 100_000) {
      throw new ParameterException(spec.commandLine(),
          "--games must be between 1 and 100000, not " + games);
    }
    BotSpec chosen;
    try {
      chosen = BotSpec.parse(bot);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), "--bot: " + e.getMessage());
    }
    var out = spec.commandLine().getOut();
    try (RemoteBot client = RemoteBot.connect(address.host(), address.port(),
        Duration.ofSeconds(10)).notices(notice -> {
          out.println(notice); // a lost connection, and the seat resumed
          out.flush();
        })) {
      if (ladder != null) {
        out.printf("%s plays the ladder of %s as \"%s\", %d game(s)%n", chosen, server, ladder,
            games);
        out.flush();
        client.ladder(token, ladder, chosen.create(), Duration.ofMillis(budgetMs), games, o -> {
          out.println(over(o));
          out.flush();
        });
        return Concert.OK;
      }
      out.printf("%s plays %s in match %s on %s%n", chosen, power, code, server);
      out.flush();
      MatchOutcome o = client.play(token, code, power, chosen.create(),
          Duration.ofMillis(budgetMs));
      out.println(over(o));
      return Concert.OK;
    } catch (IOException e) {
      spec.commandLine().getErr().println("concert bot: " + e.getMessage());
      return Concert.FAILED;
    }
  }
}
