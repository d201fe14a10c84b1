package org.concert.cli;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.concert.bots.remote.RemoteBot;
import org.concert.protocol.v1.ClientMessage;
import org.concert.protocol.v1.CreateMatch;
import org.concert.protocol.v1.Empty;
import org.concert.protocol.v1.FillWithBots;
import org.concert.protocol.v1.Hello;
import org.concert.protocol.v1.HostAction;
import org.concert.protocol.v1.MatchConfig;
import org.concert.protocol.v1.MatchSummary;
import org.concert.protocol.v1.MissedOrders;
import org.concert.protocol.v1.Press;
import org.concert.protocol.v1.ServerMessage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code concert create}: a host creates a match (or parallel worlds) on a running server from
 * the command line, and gets the join codes to put on the projector.
 */
@Command(name = "create", mixinStandardHelpOptions = true, modelTransformer = RulesFlags.class,
    description = {"Creates a match (or parallel worlds) on a running server and prints each"
        + " world's join code. Every rules knob is a flag, as in `concert play`; the server"
        + " checks them all and names any out of range.",
        "With --bots, the seats nobody should play are given to built-in bots; with"
            + " --bot-token, a token for remote bots (`concert bot`) is printed too, and"
            + " --bot-seats keeps seats for them."})
public final class CreateCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--server", paramLabel = "HOST:PORT", defaultValue = "127.0.0.1:7815",
      description = "The server's TCP port (default: ${DEFAULT-VALUE}).")
  String server;

  @Option(names = "--host-token", paramLabel = "TOKEN", required = true,
      description = "The host token `concert serve` printed.")
  String hostToken;

  @Option(names = "--map", paramLabel = "NAME", defaultValue = "vienna-1815",
      description = "The scenario (see `concert maps list`; default: ${DEFAULT-VALUE}).")
  String map;

  @Option(names = "--title", paramLabel = "TEXT", defaultValue = "",
      description = "A title, e.g. \"Seminar 3\".")
  String title;

  @Option(names = "--worlds", paramLabel = "N", defaultValue = "1",
      description = "Parallel worlds of the same setup, 1 to 20 (default: ${DEFAULT-VALUE}).")
  int worlds;

  @Option(names = "--turn-seconds", paramLabel = "S", defaultValue = "0",
      description = "Diplomacy time a turn; 0 for none: a turn ends when all are ready"
          + " (default: ${DEFAULT-VALUE}).")
  int turnSeconds;

  @Option(names = "--press", paramLabel = "KIND", defaultValue = "full",
      description = "Chat allowed: full, public-only or none (default: ${DEFAULT-VALUE}).")
  String press;

  @Option(names = "--missed-orders", paramLabel = "WHAT", defaultValue = "hold",
      description = "A seat without orders at the deadline: hold, or bot (a built-in bot gives"
          + " its orders) (default: ${DEFAULT-VALUE}).")
  String missedOrders;

  @Option(names = "--auto-start", description = "Start as soon as every seat is taken.")
  boolean autoStart;

  @Option(names = "--seed", paramLabel = "N", defaultValue = "0",
      description = "The match seed; 0 lets the server choose (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--bots", paramLabel = "POWER=BOT,...", split = ",",
      description = "Seats for built-in bots, e.g. PRU=balancer,RUS=hawk.")
  List<String> bots = new ArrayList<>();

  @Option(names = "--bot-token", description = "Also make and print a bot token.")
  boolean botToken;

  @Option(names = "--bot-seats", paramLabel = "POWER,...", split = ",",
      description = "Seats kept for bot programs (concert bot with a bot token), e.g. AUT,PRU:"
          + " people cannot take them.")
  List<String> botSeats = new ArrayList<>();

  @Override
  public Integer call() throws Exception {
    var address = BotCommand.address(spec, server);
    Press chat = switch (press) {
      case "full" -> Press.PRESS_FULL;
      case "public-only" -> Press.PRESS_PUBLIC_ONLY;
      case "none" -> Press.PRESS_NONE;
      default -> throw new ParameterException(spec.commandLine(),
          "--press is full, public-only or none, not \"" + press + "\"");
    };
    MissedOrders missed = switch (missedOrders) {
      case "hold" -> MissedOrders.MISSED_ORDERS_HOLD;
      case "bot" -> MissedOrders.MISSED_ORDERS_BOT;
      default -> throw new ParameterException(spec.commandLine(),
          "--missed-orders is hold or bot, not \"" + missedOrders + "\"");
    };
    for (String b : bots) {
      if (!b.matches("[A-Za-z0-9_-]+=.+")) {
        throw new ParameterException(spec.commandLine(),
            "--bots takes POWER=BOT pairs, e.g. PRU=balancer, not \"" + b + "\"");
      }
    }
    MatchConfig config = MatchConfig.newBuilder().setScenarioId(map).setTitle(title)
        .setTurnSeconds(turnSeconds).setPress(chat).setMissedOrders(missed)
        .setAutoStart(autoStart).setSeed(seed).setRules(RulesFlags.read(spec))
        .addAllBotSeats(botSeats).build();
    var out = spec.commandLine().getOut();
    Duration wait = Duration.ofSeconds(30);
    List<ServerMessage> pushed = new ArrayList<>();
    try (RemoteBot host = RemoteBot.connect(address.host(), address.port(), wait)) {
      host.reply(host.send(ClientMessage.newBuilder().setHello(Hello.newBuilder()
          .setProtocolVersion(1).setClient("concert-create").setHostToken(hostToken))),
          wait, pushed);
      List<MatchSummary> made = host.reply(host.send(ClientMessage.newBuilder().setCreateMatch(
          CreateMatch.newBuilder().setConfig(config).setWorlds(worlds))), wait, pushed)
          .getMatchCreated().getMatchesList();
      for (MatchSummary m : made) {
        for (String b : bots) {
          String[] pair = b.split("=", 2);
          host.reply(host.send(ClientMessage.newBuilder().setHostAction(HostAction.newBuilder()
              .setMatchId(m.getMatchId()).setFillWithBots(FillWithBots.newBuilder()
                  .addPowers(pair[0]).setBot(pair[1])))), wait, pushed);
        }
        out.printf("%s: code %s, match %s, seats %s%n", m.getTitle().isEmpty() ? map
            : m.getTitle(), m.getCode(), m.getMatchId(), String.join(" ",
            m.getSeatsList().stream().map(s -> s.getPower()).toList()));
      }
      if (botToken) {
        out.printf("bot token: %s%n", host.reply(host.send(ClientMessage.newBuilder()
            .setHostAction(HostAction.newBuilder().setNewBotToken(Empty.getDefaultInstance()))),
            wait, pushed).getHostActionDone().getToken());
      }
      return Concert.OK;
    } catch (IOException e) {
      spec.commandLine().getErr().println("concert create: " + e.getMessage());
      return Concert.FAILED;
    }
  }
}
