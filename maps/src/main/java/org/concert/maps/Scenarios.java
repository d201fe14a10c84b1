package org.concert.maps;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.concert.protocol.v1.PowerDef;
import org.concert.protocol.v1.Scenario;
import org.concert.protocol.v1.ScenarioSummary;

/**
 * The catalogue of scenarios a match can start from: the shipped files and the generated
 * symmetric maps.
 *
 * <p>Shipped scenarios live as class-path resources {@code org/concert/maps/scenarios/ID.textproto};
 * generated ones are {@code symmetric-2} to {@code symmetric-8}. Every scenario is parsed (or
 * generated) once and kept: scenarios are immutable, so the same instance is handed to every
 * caller. A shipped file that fails validation is a bug in this module and throws.
 */
public final class Scenarios {

  /** The shipped scenarios, in the order the lobby lists them. */
  private static final List<String> SHIPPED =
      List.of("tutorial", "vienna-1815", "europe-1914", "bipolar-1947");

  private static final String RESOURCE_DIR = "scenarios/";

  private static final ConcurrentMap<String, Scenario> CACHE = new ConcurrentHashMap<>();

  private Scenarios() {}

  /** The ids of the shipped scenario files, in lobby order. */
  public static List<String> shipped() {
    return SHIPPED;
  }

  /** Every id {@link #load} accepts: the shipped scenarios, then symmetric-2 to symmetric-8. */
  public static List<String> ids() {
    List<String> ids = new ArrayList<>(SHIPPED);
    for (int n = ScenarioValidator.MIN_POWERS; n <= ScenarioValidator.MAX_POWERS; n++) {
      ids.add(SymmetricMaps.ID_PREFIX + n);
    }
    return List.copyOf(ids);
  }

  /** The catalogue entry of every scenario, in the order of {@link #ids()}. */
  public static List<ScenarioSummary> list() {
    return ids().stream().map(id -> summarize(load(id))).toList();
  }

  /**
   * The scenario with the given id.
   *
   * @throws IllegalArgumentException when no scenario has that id
   * @throws IllegalStateException when a shipped file is broken (a bug in this module)
   */
  public static Scenario load(String id) {
    Objects.requireNonNull(id, "id");
    if (!SHIPPED.contains(id) && !SymmetricMaps.isGeneratedId(id)) {
      throw new IllegalArgumentException("unknown scenario \"" + id + "\"; the scenarios are "
          + String.join(", ", SHIPPED) + " and " + SymmetricMaps.ID_PREFIX + "N for N = "
          + ScenarioValidator.MIN_POWERS + " to " + ScenarioValidator.MAX_POWERS);
    }
    return CACHE.computeIfAbsent(id, Scenarios::read);
  }

  /** The catalogue entry of a scenario. */
  public static ScenarioSummary summarize(Scenario scenario) {
    ScenarioSummary.Builder summary = ScenarioSummary.newBuilder()
        .setId(scenario.getId())
        .setName(scenario.getName())
        .setDescription(scenario.getDescription())
        .setProvinces(scenario.getProvincesCount());
    for (PowerDef power : scenario.getPowersList()) {
      summary.addPowers(ScenarioSummary.PowerSummary.newBuilder()
          .setId(power.getId()).setName(power.getName()).setColor(power.getColor()));
    }
    return summary.build();
  }

  private static Scenario read(String id) {
    int powers = SymmetricMaps.powersOf(id);
    if (powers > 0) {
      return SymmetricMaps.generate(powers);
    }
    String resource = RESOURCE_DIR + id + ScenarioFiles.EXTENSION;
    String text;
    try (InputStream in = Scenarios.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("shipped scenario " + id + " is missing: no resource " + resource);
      }
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read shipped scenario " + resource, e);
    }
    Scenario scenario = ScenarioFiles.parse(resource, text).orThrow();
    if (!scenario.getId().equals(id)) {
      throw new IllegalStateException(
          "shipped file " + resource + " declares id \"" + scenario.getId() + "\", not \"" + id + "\"");
    }
    return scenario;
  }
}
