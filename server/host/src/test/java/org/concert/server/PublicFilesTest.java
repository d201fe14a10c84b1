package org.concert.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.util.JsonFormat;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.concert.maps.Scenarios;
import org.concert.protocol.v1.Scenario;
import org.concert.server.net.Downloads.Answer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The web client's public files: scenarios, the rules knobs, QR codes of join links. */
class PublicFilesTest {
  static String body(Answer a) {
    return new String(a.body(), StandardCharsets.UTF_8);
  }

  @Test
  void scenario_isTheShippedScenarioAsJson() throws Exception {
    Answer a = PublicFiles.get("scenario/vienna-1815.json").orElseThrow();
    assertEquals(200, a.status());
    assertTrue(a.contentType().startsWith("application/json"), a.contentType());
    Scenario.Builder parsed = Scenario.newBuilder();
    JsonFormat.parser().merge(body(a), parsed);
    assertEquals(Scenarios.load("vienna-1815"), parsed.build());
  }

  @Test
  void unknownScenario_is404_andOtherPathsAreNotPublic() {
    assertEquals(404, PublicFiles.get("scenario/atlantis.json").orElseThrow().status());
    assertTrue(PublicFiles.get("export/m1.zip").isEmpty());
    assertTrue(PublicFiles.get("scenario/../../etc/passwd.json").isEmpty());
  }

  @Test
  void scenarios_listsEveryScenario() {
    String list = body(PublicFiles.get("scenarios.json").orElseThrow());
    for (String id : Scenarios.ids()) {
      assertTrue(list.contains("\"id\": \"" + id + "\""), id + " in " + list);
    }
  }

  @Test
  void rules_listEveryKnobWithItsRangeOrValues() {
    String rules = body(PublicFiles.get("rules.json").orElseThrow());
    assertTrue(rules.startsWith("[{\"name\":\"turns\""), rules);
    assertTrue(rules.contains("{\"name\":\"offenseDefense\",\"values\":["), rules);
    assertTrue(rules.contains("\"OFFENSE_DEFENSE_OFFENSE_DOMINANT\""), rules);
    assertTrue(rules.contains("{\"name\":\"fortMax\",\"min\":0,\"max\":5,"), rules);
    assertEquals(org.concert.protocol.v1.RulesConfig.getDescriptor().getFields().size(),
        rules.split("\\{\"name\":").length - 1, "one entry per knob");
  }

  @Test
  void qr_ofAJoinLink_isAnSvgOfDarkModules() {
    String link = "http://127.0.0.1:8080/#/join/K7QPM";
    Answer a = PublicFiles.get("qr/" + Base64.getUrlEncoder().withoutPadding()
        .encodeToString(link.getBytes(StandardCharsets.UTF_8)) + ".svg").orElseThrow();
    assertEquals(200, a.status());
    assertEquals("image/svg+xml", a.contentType());
    String svg = body(a);
    // Version 3 (29 modules) with a margin of 4 on each side: 37 × 37.
    assertTrue(svg.contains("viewBox=\"0 0 37 37\""), svg);
    assertTrue(svg.split("h1v1h-1z").length > 200, "a QR code is about half dark modules");
  }

  @ParameterizedTest
  @ValueSource(strings = {"qr/!!!.svg", "qr/" + "QUFB" + "QUFB" + "QUFB" + ".svg"})
  void qr_ofBadOrEmptyText_isRefusedOrMade(String path) {
    Answer a = PublicFiles.get(path).orElse(null);
    if (path.contains("!")) {
      assertTrue(a == null, "not a QR path at all");
    } else {
      assertEquals(200, a.status(), body(a));
    }
  }

  @Test
  void qr_ofTooLongAText_isRefusedWithTheReason() {
    String text = "x".repeat(PublicFiles.LONGEST_QR_TEXT + 1);
    Answer a = PublicFiles.get("qr/" + Base64.getUrlEncoder().withoutPadding()
        .encodeToString(text.getBytes(StandardCharsets.UTF_8)) + ".svg").orElseThrow();
    assertEquals(400, a.status());
    assertTrue(body(a).contains("1 to 256 characters"), body(a));
  }
}
