package org.concert.maps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.concert.protocol.v1.Clause;
import org.concert.protocol.v1.LinkDef;
import org.concert.protocol.v1.OffenseDefense;
import org.concert.protocol.v1.PowerDef;
import org.concert.protocol.v1.ProposalTerms;
import org.concert.protocol.v1.ProvinceDef;
import org.concert.protocol.v1.Scenario;
import org.concert.protocol.v1.ScenarioSummary;
import org.concert.protocol.v1.StackDef;
import org.concert.protocol.v1.Terrain;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ShippedScenariosTest {

  static List<String> allIds() {
    return Scenarios.ids();
  }

  static List<String> shippedIds() {
    return Scenarios.shipped();
  }

  @ParameterizedTest
  @MethodSource("allIds")
  void load_everyCatalogueId_validatesWithZeroProblems(String id) {
    Scenario s = Scenarios.load(id);
    assertEquals(id, s.getId());
    assertEquals(List.of(), ScenarioValidator.validate(s));
  }

  @ParameterizedTest
  @MethodSource("shippedIds")
  void shippedFile_parsesCleanAndStartsWithSchemaHeader(String id) throws IOException {
    Path file = scenarioDir().resolve(id + ScenarioFiles.EXTENSION);
    List<String> lines = Files.readAllLines(file);
    assertEquals("# proto-file: concert/v1/scenario.proto", lines.get(0));
    assertEquals("# proto-message: concert.v1.Scenario", lines.get(1));
    CheckedScenario checked = ScenarioFiles.read(file);
    assertEquals(List.of(), checked.problems());
    assertTrue(checked.clean());
  }

  @Test
  void catalogue_listsEveryShippedFile() throws IOException {
    Set<String> files;
    try (Stream<Path> listing = Files.list(scenarioDir())) {
      files = listing.map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith(ScenarioFiles.EXTENSION))
          .map(n -> n.substring(0, n.length() - ScenarioFiles.EXTENSION.length()))
          .collect(Collectors.toCollection(TreeSet::new));
    }
    assertEquals(new TreeSet<>(Scenarios.shipped()), files);
  }

  @ParameterizedTest
  @MethodSource("allIds")
  void drawing_provincesApartAndLinksUncrossed(String id) {
    Scenario s = Scenarios.load(id);
    Map<String, ProvinceDef> at = Boards.provinces(s);
    List<ProvinceDef> ps = s.getProvincesList();
    for (int i = 0; i < ps.size(); i++) {
      for (int j = i + 1; j < ps.size(); j++) {
        double d = Math.hypot(ps.get(i).getAt().getX() - ps.get(j).getAt().getX(),
            ps.get(i).getAt().getY() - ps.get(j).getAt().getY());
        assertTrue(d >= 55, ps.get(i).getId() + " and " + ps.get(j).getId() + " are drawn " + d + " apart");
      }
    }
    List<LinkDef> links = s.getLinksList();
    for (int i = 0; i < links.size(); i++) {
      LinkDef l = links.get(i);
      for (int j = i + 1; j < links.size(); j++) {
        LinkDef m = links.get(j);
        if (new HashSet<>(List.of(l.getA(), l.getB(), m.getA(), m.getB())).size() == 4) {
          assertFalse(crosses(at, l, m), "links " + l.getA() + "-" + l.getB() + " and "
              + m.getA() + "-" + m.getB() + " cross");
        }
      }
      for (ProvinceDef p : ps) {
        if (!p.getId().equals(l.getA()) && !p.getId().equals(l.getB())) {
          assertTrue(distanceToSegment(p, at.get(l.getA()), at.get(l.getB())) >= 25,
              "link " + l.getA() + "-" + l.getB() + " runs over " + p.getId());
        }
      }
    }
  }

  @ParameterizedTest
  @MethodSource("shippedIds")
  void economy_everyPowerCanPayForItsArmy(String id) {
    Scenario s = Scenarios.load(id);
    for (PowerDef p : s.getPowersList()) {
      int income = s.getProvincesList().stream()
          .filter(q -> q.getOwner().equals(p.getId())).mapToInt(ProvinceDef::getValue).sum()
          + p.getInvested() / 10;
      int army = army(s, p.getId());
      assertTrue(income >= army, p.getId() + " in " + id + " earns " + income + " but its army costs " + army);
      assertTrue(p.getTreasury() >= 25 && p.getTreasury() <= 100, p.getId() + " treasury " + p.getTreasury());
    }
  }

  @Test
  void load_unknownId_throwsNamingTheCatalogue() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Scenarios.load("waterloo-1815"));
    assertTrue(e.getMessage().contains("\"waterloo-1815\""), e.getMessage());
    assertTrue(e.getMessage().contains("vienna-1815"), e.getMessage());
    assertTrue(e.getMessage().contains("symmetric-N"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Scenarios.load("symmetric-9"));
    assertThrows(IllegalArgumentException.class, () -> Scenarios.load("symmetric-1"));
  }

  @Test
  void load_sameIdTwice_returnsTheCachedScenario() {
    assertSame(Scenarios.load("vienna-1815"), Scenarios.load("vienna-1815"));
    assertSame(Scenarios.load("symmetric-4"), Scenarios.load("symmetric-4"));
  }

  @Test
  void list_summarisesEveryScenarioInCatalogueOrder() {
    List<ScenarioSummary> list = Scenarios.list();
    assertEquals(Scenarios.ids(), list.stream().map(ScenarioSummary::getId).toList());
    ScenarioSummary vienna = list.stream().filter(s -> s.getId().equals("vienna-1815")).findFirst().orElseThrow();
    assertEquals(List.of("GBR", "FRA", "AUT", "PRU", "RUS"),
        vienna.getPowersList().stream().map(ScenarioSummary.PowerSummary::getId).toList());
    assertEquals(Scenarios.load("vienna-1815").getProvincesCount(), vienna.getProvinces());
    assertFalse(vienna.getDescription().isBlank());
  }

  // --- the history each scenario is meant to carry -----------------------------------------

  @Test
  void vienna_pentarchyWithMinorsAndAboutFiftyProvinces() {
    Scenario s = Scenarios.load("vienna-1815");
    assertEquals(1815, s.getStartYear());
    int n = s.getProvincesCount();
    assertTrue(n >= 40 && n <= 55, n + " provinces");
    Set<String> minors = s.getMinorsList().stream().map(m -> m.getId()).collect(Collectors.toSet());
    assertTrue(minors.containsAll(Set.of("ottoman", "spain", "sweden", "netherlands", "bavaria", "sardinia")));
    for (String minor : minors) {
      long owned = s.getProvincesList().stream().filter(p -> p.getOwner().equals(minor)).count();
      assertTrue(owned >= 1 && owned <= 4, minor + " owns " + owned);
    }
  }

  @Test
  void vienna_britainIsAnIslandOnlyReachedBySea() {
    Scenario s = Scenarios.load("vienna-1815");
    for (LinkDef l : s.getLinksList()) {
      boolean a = Boards.owner(s, l.getA()).equals("GBR");
      boolean b = Boards.owner(s, l.getB()).equals("GBR");
      if (a != b) {
        assertTrue(Boards.isSea(l), "land link from Britain: " + l.getA() + "-" + l.getB());
      }
    }
  }

  @Test
  void vienna_britainRichestPurseSmallestArmy_russiaLargestArmyPoorestProvinces() {
    Scenario s = Scenarios.load("vienna-1815");
    Map<String, Integer> armies = s.getPowersList().stream()
        .collect(Collectors.toMap(PowerDef::getId, p -> army(s, p.getId())));
    String smallest = armies.entrySet().stream().min(Map.Entry.comparingByValue()).orElseThrow().getKey();
    String largest = armies.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
    assertEquals("GBR", smallest);
    assertEquals("RUS", largest);
    PowerDef britain = s.getPowers(0);
    assertTrue(s.getPowersList().stream().allMatch(p -> p.getTreasury() <= britain.getTreasury()));
    double russia = valuePerProvince(s, "RUS");
    for (PowerDef p : s.getPowersList()) {
      assertTrue(valuePerProvince(s, p.getId()) >= russia, p.getId() + " poorer per province than Russia");
    }
  }

  @Test
  void vienna_alpsCarpathiansAndPyreneesAreMountains() {
    Map<String, ProvinceDef> p = Boards.provinces(Scenarios.load("vienna-1815"));
    for (String id : List.of("switzerland", "tyrol", "transylvania", "catalonia")) {
      assertEquals(Terrain.TERRAIN_MOUNTAINS, p.get(id).getTerrain(), id);
    }
  }

  @Test
  void vienna_quadrupleAllianceAgainstFranceAndHolyAllianceInTheEast() {
    Scenario s = Scenarios.load("vienna-1815");
    assertEquals(2, s.getTreatiesCount());
    ProposalTerms quadruple = s.getTreaties(0);
    assertEquals(Set.of("GBR", "AUT", "PRU", "RUS"), Set.copyOf(quadruple.getPartiesList()));
    assertEquals(List.of(Clause.KindCase.DEFENSIVE_ALLIANCE), kinds(quadruple));
    assertFalse(quadruple.getSecret());
    assertEquals(10, quadruple.getDurationTurns());
    ProposalTerms holy = s.getTreaties(1);
    assertEquals(Set.of("AUT", "PRU", "RUS"), Set.copyOf(holy.getPartiesList()));
    assertEquals(List.of(Clause.KindCase.NON_AGGRESSION), kinds(holy));
    assertEquals(0, holy.getDurationTurns());
    assertTrue(s.getTreatiesList().stream().noneMatch(t -> t.getPartiesList().contains("FRA")),
        "France starts bound to nobody");
    assertEquals(0, s.getWarsCount());
  }

  @Test
  void europe1914_twoSecretBlocsAndBritainBoundByEntentesOnly() {
    Scenario s = Scenarios.load("europe-1914");
    Set<Set<String>> alliances = new HashSet<>();
    Set<Set<String>> ententes = new HashSet<>();
    for (ProposalTerms t : s.getTreatiesList()) {
      Set<String> parties = Set.copyOf(t.getPartiesList());
      if (kinds(t).equals(List.of(Clause.KindCase.DEFENSIVE_ALLIANCE))) {
        assertTrue(t.getSecret(), parties + ": the alliances' terms were secret");
        alliances.add(parties);
      } else {
        assertEquals(List.of(Clause.KindCase.NON_AGGRESSION), kinds(t), parties.toString());
        assertFalse(t.getSecret(), parties + ": the ententes were public");
        ententes.add(parties);
      }
    }
    assertEquals(Set.of(Set.of("GER", "AUH", "ITA"), Set.of("FRA", "RUS")), alliances);
    assertEquals(Set.of(Set.of("GBR", "FRA"), Set.of("GBR", "RUS")), ententes);
    assertEquals(0, s.getWarsCount());
  }

  @Test
  void europe1914_defenceDominatesButMostPowersBelieveInTheOffensive() {
    Scenario s = Scenarios.load("europe-1914");
    assertEquals(1914, s.getStartYear());
    assertEquals(List.of("GBR", "FRA", "GER", "AUH", "RUS", "ITA", "OTT"),
        s.getPowersList().stream().map(PowerDef::getId).toList());
    assertEquals(OffenseDefense.OFFENSE_DEFENSE_DEFENSE_DOMINANT, s.getRules().getOffenseDefense());
    long believers = s.getPowersList().stream()
        .filter(p -> p.hasBelievedThetaPercent() && p.getBelievedThetaPercent() == 150).count();
    assertTrue(believers > s.getPowersCount() / 2, believers + " believers");
    Set<String> minors = s.getMinorsList().stream().map(m -> m.getId()).collect(Collectors.toSet());
    assertTrue(minors.containsAll(Set.of("belgium", "serbia", "netherlands")));
  }

  @Test
  void bipolar1947_twoSuperpowersAndTheUnitedStatesAcrossTheSea() {
    Scenario s = Scenarios.load("bipolar-1947");
    assertEquals(1947, s.getStartYear());
    List<String> ids = s.getPowersList().stream().map(PowerDef::getId).toList();
    assertTrue(ids.containsAll(List.of("USA", "SOV", "GBR", "FRA")), ids.toString());
    Map<String, ProvinceDef> at = Boards.provinces(s);
    for (LinkDef l : s.getLinksList()) {
      ProvinceDef a = at.get(l.getA());
      ProvinceDef b = at.get(l.getB());
      boolean americaA = a.getOwner().equals("USA") && a.getHome();
      boolean americaB = b.getOwner().equals("USA") && b.getHome();
      if (americaA != americaB) {
        ProvinceDef other = americaA ? b : a;
        boolean greatPower = s.getPowersList().stream().anyMatch(p -> p.getId().equals(other.getOwner()));
        assertTrue(!greatPower || Boards.isSea(l), "land link from America to " + other.getId());
      }
    }
    int usa = army(s, "USA") + income(s, "USA");
    int sov = army(s, "SOV") + income(s, "SOV");
    for (String middle : List.of("GBR", "FRA", "CHN")) {
      int m = army(s, middle) + income(s, middle);
      assertTrue(usa > 2 * m && sov > 2 * m, middle + " is too strong for a middle power");
    }
  }

  @Test
  void bipolar1947_onlyTheDunkirkTreatyAndNoWar() {
    Scenario s = Scenarios.load("bipolar-1947");
    assertEquals(1, s.getTreatiesCount());
    ProposalTerms dunkirk = s.getTreaties(0);
    assertEquals(Set.of("GBR", "FRA"), Set.copyOf(dunkirk.getPartiesList()));
    assertEquals(List.of(Clause.KindCase.DEFENSIVE_ALLIANCE), kinds(dunkirk));
    assertFalse(dunkirk.getSecret());
    assertEquals(0, s.getWarsCount());
  }

  @Test
  void tutorial_threePowersNineProvincesEightTurns() {
    Scenario s = Scenarios.load("tutorial");
    assertEquals(3, s.getPowersCount());
    assertEquals(9, s.getProvincesCount());
    assertEquals(8, s.getRules().getTurns());
    assertEquals(0, s.getTreatiesCount(), "the tutorial starts with a clean slate");
    assertEquals(0, s.getWarsCount());
  }

  // --- helpers --------------------------------------------------------------------------------

  private static List<Clause.KindCase> kinds(ProposalTerms t) {
    return t.getClausesList().stream().map(Clause::getKindCase).toList();
  }

  private static int army(Scenario s, String power) {
    return s.getStacksList().stream().filter(t -> t.getPower().equals(power)).mapToInt(StackDef::getStrength).sum();
  }

  private static int income(Scenario s, String power) {
    int invested = s.getPowersList().stream().filter(p -> p.getId().equals(power))
        .mapToInt(PowerDef::getInvested).sum();
    return s.getProvincesList().stream().filter(q -> q.getOwner().equals(power))
        .mapToInt(ProvinceDef::getValue).sum() + invested / 10;
  }

  private static double valuePerProvince(Scenario s, String power) {
    List<ProvinceDef> owned = new ArrayList<>();
    s.getProvincesList().stream().filter(q -> q.getOwner().equals(power)).forEach(owned::add);
    return owned.stream().mapToInt(ProvinceDef::getValue).average().orElseThrow();
  }

  private static boolean crosses(Map<String, ProvinceDef> at, LinkDef l, LinkDef m) {
    double[] p1 = xy(at.get(l.getA()));
    double[] p2 = xy(at.get(l.getB()));
    double[] p3 = xy(at.get(m.getA()));
    double[] p4 = xy(at.get(m.getB()));
    double d1 = turn(p3, p4, p1);
    double d2 = turn(p3, p4, p2);
    double d3 = turn(p1, p2, p3);
    double d4 = turn(p1, p2, p4);
    return d1 * d2 < 0 && d3 * d4 < 0;
  }

  private static double turn(double[] a, double[] b, double[] c) {
    return (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0]);
  }

  private static double distanceToSegment(ProvinceDef p, ProvinceDef a, ProvinceDef b) {
    double[] q = xy(p);
    double[] s = xy(a);
    double[] e = xy(b);
    double dx = e[0] - s[0];
    double dy = e[1] - s[1];
    double t = Math.max(0, Math.min(1, ((q[0] - s[0]) * dx + (q[1] - s[1]) * dy) / (dx * dx + dy * dy)));
    return Math.hypot(q[0] - (s[0] + t * dx), q[1] - (s[1] + t * dy));
  }

  private static double[] xy(ProvinceDef p) {
    return new double[] {p.getAt().getX(), p.getAt().getY()};
  }

  static Path scenarioDir() {
    URL url = Scenarios.class.getResource("scenarios/vienna-1815" + ScenarioFiles.EXTENSION);
    try {
      return Path.of(url.toURI()).getParent();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
