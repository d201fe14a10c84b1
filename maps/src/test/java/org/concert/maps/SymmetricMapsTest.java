package org.concert.maps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.concert.protocol.v1.PowerDef;
import org.concert.protocol.v1.ProvinceDef;
import org.concert.protocol.v1.Scenario;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SymmetricMapsTest {

  @ParameterizedTest
  @ValueSource(ints = {2, 3, 4, 5, 6, 7, 8})
  void generate_everyCount_validatesWithZeroProblems(int n) {
    Scenario s = SymmetricMaps.generate(n);
    assertEquals("symmetric-" + n, s.getId());
    assertEquals(n, s.getPowersCount());
    assertEquals(List.of(), ScenarioValidator.validate(s));
  }

  @ParameterizedTest
  @ValueSource(ints = {2, 5, 8})
  void generate_sameCount_givesTheSameScenario(int n) {
    assertEquals(SymmetricMaps.generate(n), SymmetricMaps.generate(n));
    assertEquals(SymmetricMaps.generate(n).toByteString(), Scenarios.load("symmetric-" + n).toByteString());
  }

  @ParameterizedTest
  @ValueSource(ints = {2, 3, 4, 5, 6, 7, 8})
  void generate_everySeat_hasEqualHomesDegreesAndDistances(int n) {
    Scenario s = SymmetricMaps.generate(n);
    Map<String, List<String>> next = Boards.neighbours(s);
    Map<String, Integer> fromCentre = Boards.distances(s, "centre");
    List<List<Integer>> profiles = new ArrayList<>();
    for (PowerDef power : s.getPowersList()) {
      List<Integer> profile = new ArrayList<>();
      int valueSum = 0;
      for (ProvinceDef p : s.getProvincesList()) {
        if (p.getOwner().equals(power.getId()) && p.getHome()) {
          valueSum += p.getValue();
          profile.add(p.getValue() * 10_000 + next.get(p.getId()).size() * 100 + fromCentre.get(p.getId()));
        }
      }
      profile.sort(null);
      profile.add(0, valueSum);
      profile.add(power.getTreasury());
      profile.add(s.getStacksList().stream().filter(t -> t.getPower().equals(power.getId()))
          .mapToInt(t -> t.getStrength()).sum());
      profiles.add(profile);
    }
    assertEquals(1, new HashSet<>(profiles).size(), "seats differ: " + profiles);
    assertEquals(3, profiles.get(0).size() - 3, "three home provinces a seat");
  }

  @ParameterizedTest
  @ValueSource(ints = {2, 3, 4, 5, 6, 7, 8})
  void generate_everySeat_seesTheSameRivalsAtTheSameDistances(int n) {
    Scenario s = SymmetricMaps.generate(n);
    Set<List<Integer>> seen = new HashSet<>();
    for (PowerDef power : s.getPowersList()) {
      Map<String, Integer> d = Boards.distances(s, power.getCapital());
      List<Integer> toRivals = new ArrayList<>();
      for (PowerDef rival : s.getPowersList()) {
        if (!rival.equals(power)) {
          toRivals.add(d.get(rival.getCapital()));
        }
      }
      toRivals.sort(null);
      seen.add(toRivals);
    }
    assertEquals(1, seen.size(), "capitals see their rivals differently: " + seen);
  }

  @Test
  void generate_countOutsideTwoToEight_throws() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SymmetricMaps.generate(1));
    assertTrue(e.getMessage().contains("2 to 8"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> SymmetricMaps.generate(9));
  }

  @Test
  void isGeneratedId_acceptsOnlyTwoToEight() {
    assertTrue(SymmetricMaps.isGeneratedId("symmetric-2"));
    assertTrue(SymmetricMaps.isGeneratedId("symmetric-8"));
    for (String id : List.of("symmetric-1", "symmetric-9", "symmetric-10", "symmetric-", "symmetric-x", "vienna-1815")) {
      assertEquals(false, SymmetricMaps.isGeneratedId(id), id);
    }
  }
}
