package org.concert.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.concert.bots.remote.RemoteBot;
import org.concert.protocol.v1.ClientMessage;
import org.concert.protocol.v1.CreateMatch;
import org.concert.protocol.v1.Empty;
import org.concert.protocol.v1.FillWithBots;
import org.concert.protocol.v1.Hello;
import org.concert.protocol.v1.HostAction;
import org.concert.protocol.v1.MatchConfig;
import org.concert.protocol.v1.RulesConfig;
import org.concert.protocol.v1.ServerMessage;
import org.concert.server.ConcertServer;
import org.concert.server.net.NetConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code concert bot} against a real server on loopback. */
class BotCommandTest {
  @TempDir Path data;

  record Run(int status, String out, String err) {}

  static Run concert(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    var cli = Concert.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int status = cli.execute(args);
    return new Run(status, out.toString(), err.toString());
  }

  @Test
  void aBotFromTheCommandLine_playsItsSeatToTheEnd() throws Exception {
    String hostToken = "host-token-for-the-bot-command-test";
    try (ConcertServer server = ConcertServer.start(new ConcertServer.Options(
            NetConfig.defaults().withBindHost("127.0.0.1").withPorts(0, 0), data, null, hostToken));
        RemoteBot host = RemoteBot.connect("127.0.0.1", server.tcpPort(), Duration.ofSeconds(5))) {
      List<ServerMessage> pushed = new ArrayList<>();
      Duration wait = Duration.ofSeconds(10);
      host.reply(host.send(ClientMessage.newBuilder().setHello(Hello.newBuilder()
          .setProtocolVersion(1).setHostToken(hostToken))), wait, pushed);
      var match = host.reply(host.send(ClientMessage.newBuilder().setCreateMatch(
          CreateMatch.newBuilder().setConfig(MatchConfig.newBuilder().setScenarioId("tutorial")
              .setSeed(21).setAutoStart(true).setRules(RulesConfig.newBuilder().setTurns(2))))),
          wait, pushed).getMatchCreated().getMatches(0);
      String botToken = host.reply(host.send(ClientMessage.newBuilder().setHostAction(
          HostAction.newBuilder().setNewBotToken(Empty.getDefaultInstance()))), wait, pushed)
          .getHostActionDone().getToken();
      host.reply(host.send(ClientMessage.newBuilder().setHostAction(HostAction.newBuilder()
          .setMatchId(match.getMatchId()).setFillWithBots(FillWithBots.newBuilder()
              .addPowers("WES").addPowers("EAS").setBot("hawk")))), wait, pushed);
      String where = "127.0.0.1:" + server.tcpPort();

      Run wrong = concert("bot", "--server", where, "--token", "not-a-token", "--code",
          match.getCode(), "--power", "NOR");
      assertEquals(Concert.FAILED, wrong.status());
      assertTrue(wrong.err().contains("unknown bot token"), wrong.err());

      Run run = concert("bot", "--server", where, "--token", botToken, "--code",
          match.getCode(), "--power", "NOR", "--bot", "defensive", "--budget-ms", "200");
      assertEquals(Concert.OK, run.status(), run.err());
      assertTrue(run.out().contains("defensive plays NOR in match " + match.getCode()), run.out());
      assertTrue(run.out().contains("match over after turn 2: turn limit"), run.out());
    }
  }

  @Test
  void badFlags_areRefusedBeforeConnecting() {
    Run port = concert("bot", "--server", "localhost", "--token", "t", "--code", "C",
        "--power", "NOR");
    assertEquals(2, port.status());
    assertTrue(port.err().contains("--server must be HOST:PORT"), port.err());
    Run bot = concert("bot", "--server", "127.0.0.1:1", "--token", "t", "--code", "C",
        "--power", "NOR", "--bot", "nosuchbot");
    assertEquals(2, bot.status());
    assertTrue(bot.err().contains("--bot:"), bot.err());
    Run neither = concert("bot", "--server", "127.0.0.1:1", "--token", "t");
    assertEquals(2, neither.status());
    assertTrue(neither.err().contains("--code and the --power to play, or --ladder NAME"),
        neither.err());
    Run both = concert("bot", "--server", "127.0.0.1:1", "--token", "t", "--ladder", "A",
        "--code", "C");
    assertEquals(2, both.status());
    assertTrue(both.err().contains("--ladder plays the server's ladder: it takes no --code"),
        both.err());
  }

  @Test
  void aHostCreatesWorldsFromTheCommandLine_andABotPlaysOne() throws Exception {
    String hostToken = "host-token-for-the-create-command-test";
    try (ConcertServer server = ConcertServer.start(new ConcertServer.Options(
        NetConfig.defaults().withBindHost("127.0.0.1").withPorts(0, 0), data, null, hostToken))) {
      String where = "127.0.0.1:" + server.tcpPort();
      Run tooMany = concert("create", "--server", where, "--host-token", hostToken, "--map",
          "tutorial", "--fort-max", "99");
      assertEquals(2, tooMany.status(), "a knob out of range is a usage error");
      assertTrue(tooMany.err().contains("--fort-max"), tooMany.err());
      Run unknown = concert("create", "--server", where, "--host-token", hostToken, "--map",
          "atlantis");
      assertEquals(Concert.FAILED, unknown.status());
      assertTrue(unknown.err().contains("no scenario \"atlantis\""), unknown.err());

      Run noSuchSeat = concert("create", "--server", where, "--host-token", hostToken,
          "--map", "tutorial", "--bot-seats", "XYZ");
      assertEquals(Concert.FAILED, noSuchSeat.status());
      assertTrue(noSuchSeat.err().contains("no power \"XYZ\" in tutorial"), noSuchSeat.err());

      // Northland is kept for the bot program: the bot token takes it.
      Run made = concert("create", "--server", where, "--host-token", hostToken, "--map",
          "tutorial", "--worlds", "2", "--title", "Seminar 3", "--turns", "2", "--auto-start",
          "--bots", "WES=hawk,EAS=defensive", "--bot-token", "--bot-seats", "NOR");
      assertEquals(Concert.OK, made.status(), made.err());
      var codes = java.util.regex.Pattern.compile("code (\\w+)").matcher(made.out()).results()
          .map(r -> r.group(1)).toList();
      assertEquals(2, codes.size(), made.out());
      assertTrue(made.out().contains("Seminar 3, world A"), made.out());
      var token = java.util.regex.Pattern.compile("bot token: (\\S+)").matcher(made.out())
          .results().map(r -> r.group(1)).findFirst().orElseThrow();

      Run run = concert("bot", "--server", where, "--token", token, "--code", codes.get(1),
          "--power", "NOR", "--bot", "balancer", "--budget-ms", "200");
      assertEquals(Concert.OK, run.status(), run.err());
      assertTrue(run.out().contains("match over after turn 2: turn limit"), run.out());
    }
  }
}
