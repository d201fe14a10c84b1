package org.concert.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import org.concert.server.ConcertServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The load generator in a tiny configuration: it must drive real traffic through the real
 * server, every command acknowledged, and the echo run the same. No timing is asserted.
 */
class ServerLoadTest {
  @TempDir Path data;

  @Test
  void tinyRun_everyCommandOfEveryKindIsAcknowledged_andTheServerCountsThem() throws Exception {
    String token = "test-host-token-0123456789";
    LoadSettings settings = new LoadSettings(2, 5, 2, Duration.ZERO, Duration.ofSeconds(1), 0,
        3, 1);
    try (ConcertServer s = ConcertServer.start(new ConcertServer.Options(
        ServerFootprint.loopback(), data, null, token))) {
      long before = ServerLoad.metric(s.httpPort(), "concert_commands_total");
      long recordsBefore = ServerLoad.metric(s.httpPort(), "concert_records_total");
      long transactionsBefore = ServerLoad.metric(s.httpPort(), "concert_journal_transactions_total");
      LoadResult r = LoadGenerator.run(new LoadGenerator.Target("127.0.0.1", s.tcpPort(), token,
          "concert-"),
          settings);
      long counted = ServerLoad.metric(s.httpPort(), "concert_commands_total") - before;
      long records = ServerLoad.metric(s.httpPort(), "concert_records_total") - recordsBefore;
      long transactions = ServerLoad.metric(s.httpPort(), "concert_journal_transactions_total")
          - transactionsBefore;

      assertTrue(r.clean(), r.counts());
      assertEquals(r.sentTotal(), r.acknowledged(), r.counts());
      for (Tally.Kind k : Tally.Kind.values()) {
        assertTrue(r.sent()[k.ordinal()] > 0, "no " + k + " was sent: " + r.counts());
      }
      assertTrue(r.turns() >= 2, "every client said ready, so a turn resolved: " + r.counts());
      assertTrue(r.commands() > 0 && r.commands() <= r.acknowledged(), r.counts());
      // The server journaled every acknowledged command, plus 10 seats and 2 starts.
      assertEquals(r.acknowledged() + 10 + 2, counted, r.counts());
      // Every command and resolution is a record; records share the group commit's transactions.
      assertTrue(records >= counted && transactions >= 1 && transactions <= records,
          records + " records in " + transactions + " transactions");
    }
  }

  @Test
  void echoRun_sameClients_everyFrameComesBack() throws Exception {
    LoadSettings settings = new LoadSettings(2, 5, 4, Duration.ZERO, Duration.ofMillis(500), 0,
        3, 1);
    try (EchoServer echo = new EchoServer(1)) {
      LoadResult r = LoadGenerator.run(new LoadGenerator.Target("127.0.0.1", echo.port(), null,
          EchoServer.THREADS),
          settings);
      assertTrue(r.clean(), r.counts());
      assertTrue(r.commands() > 0, r.counts());
      assertTrue(r.sent()[Tally.Kind.WITHDRAW.ordinal()] > 0, r.counts());
      assertTrue(r.sent()[Tally.Kind.READY.ordinal()] > 0, r.counts());
    }
  }

  @Test
  void commandLine_byCount_printsTheFiguresAndTheCommandToReproduce() {
    StringWriter text = new StringWriter();
    String[] args = {"--matches", "1", "--commands", "20", "--runs", "1", "--data",
        data.toString()};
    int code = new picocli.CommandLine(new ServerLoad(args, new PrintWriter(text, true)))
        .execute(args);
    String out = text.toString();
    assertEquals(0, code, out);
    assertTrue(out.contains("reproduce: java -cp server/bench/target/benchmarks.jar"
        + " org.concert.bench.ServerLoad --matches 1 --commands 20"), out);
    assertTrue(out.contains("server/echo commands/s:"), out);
    assertTrue(out.contains("for 100 acknowledged traffic commands"), out);
  }
}
