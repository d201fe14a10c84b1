package org.concert.bots.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.concert.arena.BotSpec;
import org.concert.arena.HeadlessMatch;
import org.concert.bots.Atlas;
import org.concert.maps.Scenarios;
import org.concert.protocol.v1.RulesConfig;
import org.junit.jupiter.api.Test;

/** The example of docs/bots.md: it compiles (it is here), plays cleanly, and the doc shows it. */
class FirstBotTest {
  @Test
  void firstBot_playsAWholeMatchWithoutAFailureOrARefusedOrder() {
    var scenario = Scenarios.load("vienna-1815");
    var result = HeadlessMatch.play(scenario, Atlas.of(scenario), RulesConfig.getDefaultInstance(),
        5, BotSpec.parseList("class:" + FirstBot.class.getName() + ",hawk,defensive,balancer,random"),
        HeadlessMatch.Options.defaults(), null);
    var seat = result.seats().get(0);
    assertEquals(0, seat.failures(), "failures: " + seat);
    assertEquals(0, seat.refusedOrders(), "refused orders: " + seat);
    assertTrue(result.journal().getEntriesList().stream()
        .anyMatch(e -> e.hasOrders() && e.getOrders().getPower().equals("GBR")));
  }

  @Test
  void docs_showTheExampleAsItIs() throws Exception {
    Path root = Path.of("").toAbsolutePath();
    while (!Files.exists(root.resolve("docs/bots.md"))) {
      root = root.getParent();
    }
    String doc = Files.readString(root.resolve("docs/bots.md"), StandardCharsets.UTF_8);
    String code = Files.readString(root.resolve(
        "bots/src/test/java/org/concert/bots/example/FirstBot.java"), StandardCharsets.UTF_8);
    assertTrue(doc.contains(code.strip()), "docs/bots.md must show FirstBot.java verbatim");
  }
}
