package org.concert.engine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.concert.protocol.v1.LinkDef;
import org.concert.protocol.v1.LinkKind;
import org.concert.protocol.v1.PowerDef;
import org.concert.protocol.v1.ProvinceDef;
import org.concert.protocol.v1.Scenario;
import org.concert.protocol.v1.Terrain;

/**
 * The fixed part of a match: powers, minor states, provinces and links of a scenario, indexed
 * for the engine. Powers are numbered 0..P-1 in seat order, minor states P..P+M-1 (as owners),
 * provinces 0..N-1 in file order. Immutable.
 */
public final class Board {
  /** Owner code of a province nobody owns. */
  static final int NOBODY = -1;

  private final Scenario scenario;
  private final String[] powerIds;
  private final String[] ownerIds; // powers then minors
  private final String[] provinceIds;
  private final Map<String, Integer> ownerIndex = new HashMap<>();
  private final Map<String, Integer> provinceIndex = new HashMap<>();
  private final int[] capital;
  private final boolean[][] home; // [power][province]
  private final int[] value;
  private final double[] terrain;
  private final int[][] neighbours; // sorted
  private final boolean[][] sea; // [a][b] true when the link a-b is a sea crossing
  private final boolean[][] adjacent;
  private final int[][] hops; // links between provinces, every link counts 1
  private final int[][] distance; // links between provinces, a sea link counts 2

  Board(Scenario scenario) {
    this.scenario = scenario;
    int p = scenario.getPowersCount();
    int m = scenario.getMinorsCount();
    int n = scenario.getProvincesCount();
    powerIds = new String[p];
    ownerIds = new String[p + m];
    for (int i = 0; i < p; i++) {
      powerIds[i] = scenario.getPowers(i).getId();
      ownerIds[i] = powerIds[i];
    }
    for (int i = 0; i < m; i++) {
      ownerIds[p + i] = scenario.getMinors(i).getId();
    }
    for (int i = 0; i < ownerIds.length; i++) {
      if (ownerIndex.put(ownerIds[i], i) != null) {
        throw new IllegalArgumentException("duplicate power or minor id \"" + ownerIds[i] + "\"");
      }
    }
    provinceIds = new String[n];
    value = new int[n];
    terrain = new double[n];
    for (int i = 0; i < n; i++) {
      ProvinceDef def = scenario.getProvinces(i);
      provinceIds[i] = def.getId();
      if (provinceIndex.put(def.getId(), i) != null) {
        throw new IllegalArgumentException("duplicate province id \"" + def.getId() + "\"");
      }
      value[i] = def.getValue();
      terrain[i] = terrainMultiplier(def.getTerrain());
    }
    home = new boolean[p][n];
    for (int i = 0; i < n; i++) {
      ProvinceDef def = scenario.getProvinces(i);
      if (def.getHome()) {
        int owner = requireOwner(def.getOwner(), "home province " + def.getId());
        if (owner >= p) {
          throw new IllegalArgumentException(
              "home province " + def.getId() + " belongs to minor " + def.getOwner());
        }
        home[owner][i] = true;
      }
    }
    capital = new int[p];
    for (int i = 0; i < p; i++) {
      PowerDef def = scenario.getPowers(i);
      capital[i] = requireProvince(def.getCapital(), "capital of " + def.getId());
    }
    adjacent = new boolean[n][n];
    sea = new boolean[n][n];
    List<List<Integer>> adj = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      adj.add(new ArrayList<>());
    }
    for (LinkDef link : scenario.getLinksList()) {
      int a = requireProvince(link.getA(), "link end");
      int b = requireProvince(link.getB(), "link end");
      if (a == b || adjacent[a][b]) {
        throw new IllegalArgumentException("bad link " + link.getA() + "-" + link.getB());
      }
      adjacent[a][b] = adjacent[b][a] = true;
      boolean isSea = link.getKind() == LinkKind.LINK_KIND_SEA;
      sea[a][b] = sea[b][a] = isSea;
      adj.get(a).add(b);
      adj.get(b).add(a);
    }
    neighbours = new int[n][];
    for (int i = 0; i < n; i++) {
      neighbours[i] = adj.get(i).stream().mapToInt(Integer::intValue).sorted().toArray();
    }
    hops = allPairs(false);
    distance = allPairs(true);
  }

  private static final java.util.Map<Scenario, Board> CACHE =
      java.util.Collections.synchronizedMap(new java.util.WeakHashMap<>());

  /**
   * The board of a scenario (built once per scenario and shared: boards are immutable);
   * throws {@link IllegalArgumentException} if the scenario is malformed.
   */
  public static Board of(Scenario scenario) {
    Board b = CACHE.get(scenario);
    if (b == null) {
      b = new Board(scenario);
      CACHE.put(scenario, b);
    }
    return b;
  }

  private int[][] allPairs(boolean seaCountsTwo) {
    int n = provinceIds.length;
    int[][] d = new int[n][];
    for (int s = 0; s < n; s++) {
      int[] dist = new int[n];
      Arrays.fill(dist, Integer.MAX_VALUE);
      dist[s] = 0;
      // Dijkstra with weights 1 or 2 over a small graph: a simple O(n^2) scan is enough.
      boolean[] done = new boolean[n];
      for (int round = 0; round < n; round++) {
        int u = -1;
        for (int v = 0; v < n; v++) {
          if (!done[v] && dist[v] != Integer.MAX_VALUE && (u < 0 || dist[v] < dist[u])) {
            u = v;
          }
        }
        if (u < 0) {
          break;
        }
        done[u] = true;
        for (int v : neighbours[u]) {
          int w = seaCountsTwo && sea[u][v] ? 2 : 1;
          if (dist[u] + w < dist[v]) {
            dist[v] = dist[u] + w;
          }
        }
      }
      d[s] = dist;
    }
    return d;
  }

  private static double terrainMultiplier(Terrain t) {
    return switch (t) {
      case TERRAIN_HILLS -> 1.25;
      case TERRAIN_MOUNTAINS -> 1.5;
      default -> 1.0;
    };
  }

  private int requireProvince(String id, String what) {
    Integer i = provinceIndex.get(id);
    if (i == null) {
      throw new IllegalArgumentException(what + " names unknown province \"" + id + "\"");
    }
    return i;
  }

  private int requireOwner(String id, String what) {
    Integer i = ownerIndex.get(id);
    if (i == null) {
      throw new IllegalArgumentException(what + " names unknown owner \"" + id + "\"");
    }
    return i;
  }

  public Scenario scenario() {
    return scenario;
  }

  public int powers() {
    return powerIds.length;
  }

  public int provinces() {
    return provinceIds.length;
  }

  public String powerId(int power) {
    return powerIds[power];
  }

  /** The id of an owner code: a power, a minor, or "" for nobody. */
  String ownerId(int owner) {
    return owner == NOBODY ? "" : ownerIds[owner];
  }

  public String provinceId(int province) {
    return provinceIds[province];
  }

  /** Power index of an id, or -1. */
  public int power(String id) {
    Integer i = ownerIndex.get(id);
    return i == null || i >= powerIds.length ? -1 : i;
  }

  /** Owner code of an id (power or minor), or {@link #NOBODY} for "" , or -2 if unknown. */
  int owner(String id) {
    if (id.isEmpty()) {
      return NOBODY;
    }
    Integer i = ownerIndex.get(id);
    return i == null ? -2 : i;
  }

  boolean isMinor(int owner) {
    return owner >= powerIds.length;
  }

  /** Province index of an id, or -1. */
  public int province(String id) {
    Integer i = provinceIndex.get(id);
    return i == null ? -1 : i;
  }

  /** The capital province of a power. */
  public int capital(int power) {
    return capital[power];
  }

  /** True when the province is one of the power's home provinces. */
  public boolean isHome(int power, int province) {
    return home[power][province];
  }

  /** Gold a turn the province yields. */
  public int value(int province) {
    return value[province];
  }

  /** The terrain's defence multiplier. */
  public double terrain(int province) {
    return terrain[province];
  }

  /** The provinces linked to a province, in index order (a copy). */
  public int[] neighbours(int province) {
    return neighbours[province].clone();
  }

  /** The same, shared with the engine's hot paths: never change it. */
  int[] links(int province) {
    return neighbours[province];
  }

  /** True when a link joins the two provinces. */
  public boolean isAdjacent(int a, int b) {
    return adjacent[a][b];
  }

  boolean adjacent(int a, int b) {
    return adjacent[a][b];
  }

  /** True when the link a-b is a sea crossing. */
  public boolean sea(int a, int b) {
    return sea[a][b];
  }

  /** Links between two provinces, every link counting one. */
  public int hops(int a, int b) {
    return hops[a][b];
  }

  /** Threat distance between two provinces: links, a sea link counting two. */
  public int distance(int a, int b) {
    return distance[a][b];
  }
}
