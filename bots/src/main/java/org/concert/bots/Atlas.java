package org.concert.bots;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.concert.engine.Board;
import org.concert.protocol.v1.Scenario;

/**
 * The public map of a scenario, for bots: provinces, links, values, terrain, home provinces
 * and capitals, and distances. Everything here is known to every player; nothing changes
 * during a match (ownership and armies are in the view). Immutable and shareable.
 */
public final class Atlas {
  private final Board board;
  private final List<String> powers;
  private final List<String> provinces;
  private final List<List<String>> neighbours;
  private final List<List<String>> home;

  private Atlas(Board board) {
    this.board = board;
    List<String> p = new ArrayList<>();
    for (int i = 0; i < board.powers(); i++) {
      p.add(board.powerId(i));
    }
    powers = List.copyOf(p);
    List<String> q = new ArrayList<>();
    List<List<String>> next = new ArrayList<>();
    for (int i = 0; i < board.provinces(); i++) {
      q.add(board.provinceId(i));
      List<String> n = new ArrayList<>();
      for (int j : board.neighbours(i)) {
        n.add(board.provinceId(j));
      }
      next.add(List.copyOf(n));
    }
    provinces = List.copyOf(q);
    neighbours = Collections.unmodifiableList(next);
    List<List<String>> h = new ArrayList<>();
    for (int i = 0; i < board.powers(); i++) {
      List<String> mine = new ArrayList<>();
      for (int j = 0; j < board.provinces(); j++) {
        if (board.isHome(i, j)) {
          mine.add(board.provinceId(j));
        }
      }
      h.add(List.copyOf(mine));
    }
    home = Collections.unmodifiableList(h);
  }

  /** The atlas of a scenario. */
  public static Atlas of(Scenario scenario) {
    return new Atlas(Board.of(scenario));
  }

  public Scenario scenario() {
    return board.scenario();
  }

  /** The great powers in seat order. */
  public List<String> powers() {
    return powers;
  }

  /** Every province id, in scenario order. */
  public List<String> provinces() {
    return provinces;
  }

  /** The seat of a power id (its position in {@link #powers()}), or -1. */
  public int seat(String power) {
    return board.power(power);
  }

  /** The index of a province id (its position in {@link #provinces()}), or -1. */
  public int index(String province) {
    return board.province(province);
  }

  /** The provinces linked to one. */
  public List<String> neighbours(String province) {
    return neighbours.get(require(province));
  }

  public boolean adjacent(String a, String b) {
    return board.isAdjacent(require(a), require(b));
  }

  /** True when a and b are linked across the sea (attacks lose half their strength). */
  public boolean sea(String a, String b) {
    return board.sea(require(a), require(b));
  }

  /** Gold a turn the province yields its owner. */
  public int value(String province) {
    return board.value(require(province));
  }

  /** Defence multiplier of the province's terrain. */
  public double terrain(String province) {
    return board.terrain(require(province));
  }

  public String capital(String power) {
    return board.provinceId(board.capital(requirePower(power)));
  }

  /** A power's home provinces (where it raises armies). */
  public List<String> home(String power) {
    return home.get(requirePower(power));
  }

  public boolean isHome(String power, String province) {
    return board.isHome(requirePower(power), require(province));
  }

  /** Links between two provinces. */
  public int hops(String a, String b) {
    return board.hops(require(a), require(b));
  }

  private int require(String province) {
    int q = board.province(province);
    if (q < 0) {
      throw new IllegalArgumentException("unknown province \"" + province + "\"");
    }
    return q;
  }

  private int requirePower(String power) {
    int p = board.power(power);
    if (p < 0) {
      throw new IllegalArgumentException("unknown power \"" + power + "\"");
    }
    return p;
  }
}
