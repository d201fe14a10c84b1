package org.concert.maps;

import java.util.Locale;
import org.concert.protocol.v1.LinkDef;
import org.concert.protocol.v1.LinkKind;
import org.concert.protocol.v1.MinorDef;
import org.concert.protocol.v1.Point;
import org.concert.protocol.v1.PowerDef;
import org.concert.protocol.v1.ProvinceDef;
import org.concert.protocol.v1.Scenario;
import org.concert.protocol.v1.StackDef;
import org.concert.protocol.v1.Terrain;

/**
 * Fair maps for 2 to 8 powers, so that a tournament favours no seat.
 *
 * <p>The board has rotational symmetry. Each seat owns a wedge of three home provinces: a capital
 * on the outer ring and two flanks in front of it. In front of each wedge lies an unowned frontier
 * province; between each pair of neighbouring wedges a small minor state (a march) stands as a
 * buffer. Fronts and marches alternate on an inner ring around a shared centre, a rich free city
 * with a strong garrison. Every seat therefore has the same values, the same neighbours and the
 * same distances, in links, to the centre and to every rival. Coordinates are laid out on circles
 * around the centre of a square drawing area, seat 1 at the top and the others clockwise.
 *
 * <p>Generation is deterministic: the same count always gives the same scenario, with id
 * {@code symmetric-N}.
 */
public final class SymmetricMaps {

  /** The prefix of every generated id; the number of powers follows it. */
  public static final String ID_PREFIX = "symmetric-";

  private static final String[] SEAT_IDS = {"BLU", "ORA", "GRN", "VER", "PUR", "SKY", "YEL", "BLK"};
  private static final String[] SEAT_NAMES = {
    "Blue", "Orange", "Green", "Vermilion", "Purple", "Sky", "Yellow", "Black"
  };
  /** The Okabe-Ito palette, which colour-blind players can tell apart. */
  private static final String[] SEAT_COLORS = {
    "#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000"
  };

  private static final int CAPITAL_VALUE = 5;
  private static final int FLANK_VALUE = 4;
  private static final int FRONT_VALUE = 2;
  private static final int MARCH_VALUE = 3;
  private static final int MARCH_GARRISON = 2;
  private static final int CENTRE_VALUE = 6;
  private static final int CENTRE_GARRISON = 4;
  private static final int CAPITAL_STACK = 4;
  private static final int FLANK_STACK = 2;
  private static final int TREASURY = 40;

  private SymmetricMaps() {}

  /** Whether {@code id} names a map this class generates ({@code symmetric-2} to {@code symmetric-8}). */
  public static boolean isGeneratedId(String id) {
    return powersOf(id) > 0;
  }

  /** The number of powers a generated id names, or 0 when it names none. */
  static int powersOf(String id) {
    if (id == null || !id.startsWith(ID_PREFIX) || id.length() != ID_PREFIX.length() + 1) {
      return 0;
    }
    char digit = id.charAt(ID_PREFIX.length());
    int n = digit - '0';
    return n >= ScenarioValidator.MIN_POWERS && n <= ScenarioValidator.MAX_POWERS ? n : 0;
  }

  /**
   * Generates the symmetric map for {@code powers} great powers.
   *
   * @throws IllegalArgumentException unless 2 &lt;= powers &lt;= 8
   */
  public static Scenario generate(int powers) {
    if (powers < ScenarioValidator.MIN_POWERS || powers > ScenarioValidator.MAX_POWERS) {
      throw new IllegalArgumentException("a symmetric map needs " + ScenarioValidator.MIN_POWERS
          + " to " + ScenarioValidator.MAX_POWERS + " powers, not " + powers);
    }
    Layout layout = new Layout(powers);
    Scenario.Builder s = Scenario.newBuilder()
        .setId(ID_PREFIX + powers)
        .setName("Symmetric ring, " + powers + " powers")
        .setDescription(description(powers))
        .setStartYear(1)
        .setWidth(layout.size)
        .setHeight(layout.size);

    s.addMinors(MinorDef.newBuilder().setId("free-city").setName("The Free City"));
    for (int k = 0; k < powers; k++) {
      s.addPowers(PowerDef.newBuilder()
          .setId(SEAT_IDS[k])
          .setName(SEAT_NAMES[k])
          .setCapital(capital(k))
          .setTreasury(TREASURY)
          .setColor(SEAT_COLORS[k]));
      s.addMinors(MinorDef.newBuilder()
          .setId(march(k, powers))
          .setName("The " + SEAT_NAMES[k] + "-" + SEAT_NAMES[(k + 1) % powers] + " March"));
    }

    s.addProvinces(ProvinceDef.newBuilder()
        .setId("centre").setName("Free City").setOwner("free-city")
        .setValue(CENTRE_VALUE).setGarrison(CENTRE_GARRISON).setTerrain(Terrain.TERRAIN_HILLS)
        .setAt(layout.centre()));
    for (int k = 0; k < powers; k++) {
      String seat = SEAT_IDS[k];
      String name = SEAT_NAMES[k];
      s.addProvinces(home(capital(k), name + " Capital", seat, CAPITAL_VALUE)
          .setFort(1).setAt(layout.at(layout.capitalRadius, k, 0)));
      s.addProvinces(home(left(k), name + " Left", seat, FLANK_VALUE)
          .setAt(layout.at(layout.homeRadius, k, -0.5)));
      s.addProvinces(home(right(k), name + " Right", seat, FLANK_VALUE)
          .setAt(layout.at(layout.homeRadius, k, 0.5)));
      s.addProvinces(ProvinceDef.newBuilder()
          .setId(front(k)).setName(name + " Frontier").setValue(FRONT_VALUE)
          .setTerrain(Terrain.TERRAIN_PLAIN)
          .setAt(layout.at(layout.ringRadius, k, 0)));
      s.addProvinces(ProvinceDef.newBuilder()
          .setId(march(k, powers)).setName(name + "-" + SEAT_NAMES[(k + 1) % powers] + " March")
          .setOwner(march(k, powers)).setValue(MARCH_VALUE).setGarrison(MARCH_GARRISON)
          .setTerrain(Terrain.TERRAIN_HILLS)
          .setAt(layout.at(layout.ringRadius, k, 1)));
    }

    for (int k = 0; k < powers; k++) {
      int next = (k + 1) % powers;
      link(s, capital(k), left(k));
      link(s, capital(k), right(k));
      link(s, left(k), right(k));
      link(s, left(k), front(k));
      link(s, right(k), front(k));
      link(s, right(k), march(k, powers));
      link(s, march(k, powers), left(next));
      link(s, front(k), march(k, powers));
      link(s, march(k, powers), front(next));
      link(s, front(k), "centre");
    }

    for (int k = 0; k < powers; k++) {
      stack(s, SEAT_IDS[k], capital(k), CAPITAL_STACK);
      stack(s, SEAT_IDS[k], left(k), FLANK_STACK);
      stack(s, SEAT_IDS[k], right(k), FLANK_STACK);
    }
    return s.build();
  }

  private static String description(int powers) {
    return "A fair board for " + powers + " powers. Every seat has the same three home provinces, "
        + "the same frontier before it, the same small marches on either side and the same road "
        + "to the rich free city at the centre. With geography made equal, only strategy and "
        + "diplomacy tell the seats apart: use it for bot tournaments, for rating players, and "
        + "for seeing what one rule does when nothing else differs.";
  }

  private static ProvinceDef.Builder home(String id, String name, String owner, int value) {
    return ProvinceDef.newBuilder()
        .setId(id).setName(name).setOwner(owner).setValue(value).setHome(true)
        .setTerrain(Terrain.TERRAIN_PLAIN);
  }

  private static void link(Scenario.Builder s, String a, String b) {
    s.addLinks(LinkDef.newBuilder().setA(a).setB(b).setKind(LinkKind.LINK_KIND_LAND));
  }

  private static void stack(Scenario.Builder s, String power, String province, int strength) {
    s.addStacks(StackDef.newBuilder().setPower(power).setProvince(province).setStrength(strength));
  }

  private static String seat(int k) {
    return SEAT_NAMES[k].toLowerCase(Locale.ROOT);
  }

  private static String capital(int k) {
    return seat(k) + "-capital";
  }

  private static String left(int k) {
    return seat(k) + "-left";
  }

  private static String right(int k) {
    return seat(k) + "-right";
  }

  private static String front(int k) {
    return seat(k) + "-frontier";
  }

  private static String march(int k, int powers) {
    return seat(k) + "-" + seat((k + 1) % powers) + "-march";
  }

  /** Radii and size chosen so that neighbouring labels stay apart for any count of seats. */
  private static final class Layout {
    private static final double MIN_GAP = 100;
    private final int powers;
    private final double ringRadius;
    private final double homeRadius;
    private final double capitalRadius;
    private final double size;

    Layout(int powers) {
      this.powers = powers;
      // 2N provinces share each ring: keep neighbours on it at least MIN_GAP apart.
      double chord = 2 * Math.sin(Math.PI / (2 * powers));
      this.ringRadius = Math.ceil(Math.max(150, MIN_GAP / chord));
      this.homeRadius = ringRadius + 110;
      this.capitalRadius = homeRadius + 90;
      this.size = 2 * (capitalRadius + 70);
    }

    Point centre() {
      return Point.newBuilder().setX(size / 2).setY(size / 2).build();
    }

    /** A point at {@code radius} on seat {@code k}'s bearing, turned by {@code halfSteps} half-seats. */
    Point at(double radius, int k, double halfSteps) {
      double angle = -Math.PI / 2 + (2 * Math.PI * k + Math.PI * halfSteps) / powers;
      return Point.newBuilder()
          .setX(round(size / 2 + radius * Math.cos(angle)))
          .setY(round(size / 2 + radius * Math.sin(angle)))
          .build();
    }

    private static double round(double v) {
      return Math.round(v * 10) / 10.0;
    }
  }
}
