package org.concert.arena;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.concert.bots.Atlas;
import org.concert.engine.Engine;
import org.concert.engine.GameState;
import org.concert.maps.Scenarios;
import org.concert.protocol.v1.Distinguishability;
import org.concert.protocol.v1.EndReason;
import org.concert.protocol.v1.Enforcement;
import org.concert.protocol.v1.OffenseDefense;
import org.concert.protocol.v1.PowerMetrics;
import org.concert.protocol.v1.RichardsonFit;
import org.concert.protocol.v1.RulesConfig;
import org.concert.protocol.v1.Scenario;
import org.concert.protocol.v1.Transparency;
import org.concert.protocol.v1.TreatyStatus;
import org.concert.protocol.v1.TurnMetrics;

/**
 * Does the game teach the theory? Each experiment plays the same bots in two or more worlds
 * that differ in one respect, over many seeds with the seats rotated, and prints figures for
 * each world. The first bot of an arm is its focus (the would-be hegemon, say), followed
 * through whichever seat it holds.
 */
public final class Experiments {
  /**
   * One world of an experiment. The focus (the first bot) starts with its treasury and armies
   * multiplied by `headStart` (1 for an even start).
   */
  public record Arm(String label, String scenario, RulesConfig rules, String bots,
      double headStart) {
    Arm(String label, String scenario, RulesConfig rules, String bots) {
      this(label, scenario, rules, bots, 1.0);
    }
  }

  /** An experiment: a question and the worlds that answer it. */
  public record Experiment(String name, String question, List<Arm> arms) {}

  /** The figures of one world: each a mean over its games. */
  public record Figures(String label, int games, Map<String, Double> values) {}

  private Experiments() {}

  static RulesConfig rules(int turns) {
    return RulesConfig.newBuilder().setTurns(turns).build();
  }

  /** The shipped experiments, in the order docs/experiments.md asks them. */
  public static List<Experiment> all() {
    List<Experiment> out = new ArrayList<>();
    // Two powers who see each other's arms exactly, for 30 turns, and no hegemony victory to
    // cut a bipolar race short (in a two-power world the slightly stronger holds half).
    RulesConfig clear = rules(30).toBuilder()
        .setTransparency(Transparency.TRANSPARENCY_TRANSPARENT)
        .setHegemonyWarningPercent(100).setHegemonyVictoryPercent(100).build();
    out.add(new Experiment("richardson",
        "Do two Richardson bots settle at the closed-form equilibrium when k*l < a*b, and race"
            + " when k*l > a*b?",
        List.of(
            // k=0.1 a=0.3 g=3 against l=0.2 b=0.4 h=1: k*l = 0.02 < a*b = 0.12, and the
            // closed-form equilibrium is x = (k*h + b*g)/(a*b - k*l) = 13, y = 9.
            new Arm("stable: kl=0.02 < ab=0.12", "symmetric-2", clear,
                "richardson:k=0.1,a=0.3,g=3,richardson:k=0.2,a=0.4,g=1"),
            // k=0.5 a=0.1 g=2 against l=0.4 b=0.1 h=1: k*l = 0.2 > a*b = 0.01.
            new Arm("unstable: kl=0.20 > ab=0.01", "symmetric-2", clear,
                "richardson:k=0.5,a=0.1,g=2,richardson:k=0.4,a=0.1,g=1"))));
    out.add(new Experiment("hegemony",
        "Do balancers stop a would-be hegemon more often than bandwagoners do?",
        List.of(
            // The hawk starts with twice the gold and the armies of anyone else: a would-be
            // hegemon, as France in 1815 or Germany in 1914 looked to their neighbours.
            new Arm("strong hawk, balancers", "symmetric-5", rules(20),
                "hawk,balancer,balancer,balancer,balancer", 2.0),
            new Arm("strong hawk, bandwagoners", "symmetric-5", rules(20),
                "hawk,bandwagoner,bandwagoner,bandwagoner,bandwagoner", 2.0))));
    String mixed = "hawk,defensive,balancer,reciprocator,richardson";
    out.add(new Experiment("offence",
        "Do offence-dominant, indistinguishable worlds see more war and higher arms than"
            + " defence-dominant, distinguishable ones?",
        List.of(
            new Arm("offence-dominant, indistinguishable", "symmetric-5",
                rules(20).toBuilder().setOffenseDefense(OffenseDefense.OFFENSE_DEFENSE_OFFENSE_DOMINANT)
                    .setDistinguishability(Distinguishability.DISTINGUISHABILITY_INDISTINGUISHABLE)
                    .build(), mixed),
            new Arm("balanced (the default)", "symmetric-5", rules(20), mixed),
            new Arm("defence-dominant, distinguishable", "symmetric-5",
                rules(20).toBuilder().setOffenseDefense(OffenseDefense.OFFENSE_DEFENSE_DEFENSE_DOMINANT)
                    .setDistinguishability(Distinguishability.DISTINGUISHABILITY_DISTINGUISHABLE)
                    .build(), mixed))));
    String diplomats = "hawk,reciprocator,balancer,concert,defensive";
    out.add(new Experiment("enforcement",
        "Do binding treaties keep more peace than reputation, and reputation more than cheap"
            + " talk?",
        List.of(
            new Arm("binding", "symmetric-5", rules(20).toBuilder()
                .setEnforcement(Enforcement.ENFORCEMENT_BINDING).build(), diplomats),
            new Arm("reputation (the default)", "symmetric-5", rules(20), diplomats),
            new Arm("cheap talk", "symmetric-5", rules(20).toBuilder()
                .setEnforcement(Enforcement.ENFORCEMENT_CHEAP_TALK).build(), diplomats))));
    out.add(new Experiment("transparency",
        "Does transparency calm arms and wars compared with fog?",
        List.of(
            new Arm("transparent", "symmetric-5", rules(20).toBuilder()
                .setTransparency(Transparency.TRANSPARENCY_TRANSPARENT).build(), mixed),
            new Arm("fog (the default)", "symmetric-5", rules(20), mixed),
            new Arm("opaque", "symmetric-5", rules(20).toBuilder()
                .setTransparency(Transparency.TRANSPARENCY_OPAQUE).build(), mixed))));
    return out;
  }

  /** An experiment by name. */
  public static Experiment of(String name) {
    for (Experiment e : all()) {
      if (e.name().equals(name)) {
        return e;
      }
    }
    List<String> names = new ArrayList<>();
    all().forEach(e -> names.add(e.name()));
    throw new IllegalArgumentException("no experiment \"" + name + "\"; there are "
        + String.join(", ", names));
  }

  /** Plays `games` matches in each world and returns the figures. */
  public static List<Figures> run(Experiment e, int games, long seed, int threads,
      HeadlessMatch.Options options, Tournament.Progress progress) {
    List<Figures> out = new ArrayList<>();
    int total = games * e.arms().size();
    int[] offset = {0};
    for (Arm arm : e.arms()) {
      Scenario scenario = Scenarios.load(arm.scenario());
      Atlas atlas = Atlas.of(scenario);
      List<BotSpec> bots = BotSpec.parseList(arm.bots());
      int seats = scenario.getPowersCount();
      int base = offset[0];
      List<Map<String, Double>> measured = Matches.play(games, threads, g -> {
        List<BotSpec> seating = new ArrayList<>();
        for (int j = 0; j < seats; j++) {
          seating.add(bots.get(((j - g) % seats + seats) % seats));
        }
        Scenario world = headStart(scenario, g % seats, arm.headStart());
        return HeadlessMatch.prepare(world, world == scenario ? atlas : Atlas.of(world),
            arm.rules(), seed + g, seating, options, null);
      }, (g, r) -> measure(r.state(), g % seats), // the focus sat in seat g % seats
          progress == null ? null : (done, n) -> progress.update(base + done, total));
      offset[0] += games;
      Map<String, Double> sum = new LinkedHashMap<>();
      for (Map<String, Double> m : measured) {
        m.forEach((k, v) -> sum.merge(k, v, Double::sum));
      }
      Map<String, Double> mean = new LinkedHashMap<>();
      sum.forEach((k, v) -> mean.put(k, v / games));
      out.add(new Figures(arm.label(), games, mean));
    }
    return out;
  }

  /** The scenario with one seat's treasury and armies multiplied. */
  static Scenario headStart(Scenario scenario, int seat, double factor) {
    if (factor == 1.0) {
      return scenario;
    }
    Scenario.Builder b = scenario.toBuilder();
    var power = b.getPowers(seat);
    b.setPowers(seat, power.toBuilder().setTreasury((int) Math.round(power.getTreasury() * factor)));
    for (int k = 0; k < b.getStacksCount(); k++) {
      var st = b.getStacks(k);
      if (st.getPower().equals(power.getId())) {
        b.setStacks(k, st.toBuilder().setStrength((int) Math.round(st.getStrength() * factor)));
      }
    }
    return b.build();
  }

  /** The figures of one finished match; `focus` is the seat of the arm's first bot. */
  static Map<String, Double> measure(GameState s, int focus) {
    Map<String, Double> m = new LinkedHashMap<>();
    List<TurnMetrics> history = s.toProto().getHistoryList();
    int turns = Math.max(1, history.size());
    double wars = 0;
    double military = 0;
    double maxShare = 0;
    double focusMax = 0;
    boolean warned = false;
    for (TurnMetrics t : history) {
      wars += t.getWarsCount();
      for (PowerMetrics p : t.getPowersList()) {
        if (p.getAlive()) {
          military += p.getMilitary();
        }
        maxShare = Math.max(maxShare, p.getShare());
        warned |= p.getShare() >= 0.4;
      }
      focusMax = Math.max(focusMax, t.getPowers(focus).getShare());
    }
    int powers = s.board().powers();
    m.put("wars at a time", wars / turns);
    m.put("mean army", military / turns / powers);
    m.put("largest share", maxShare);
    m.put("focus's peak share", focusMax);
    m.put("a power reached 40%", warned ? 1.0 : 0.0);
    m.put("hegemon won", s.endReason() == EndReason.END_REASON_HEGEMONY ? 1.0 : 0.0);
    int broken = 0;
    int honoured = 0;
    for (TurnMetrics t : history) {
      broken += t.getBroken();
      honoured += t.getHonoured();
    }
    m.put("treaties signed", (double) s.treaties().size());
    m.put("treaties in force at end", (double) s.treaties().stream()
        .filter(t -> t.getStatus() == TreatyStatus.TREATY_STATUS_IN_FORCE).count());
    m.put("commitments broken", (double) broken);
    m.put("commitments honoured", (double) honoured);
    int eliminated = 0;
    for (int i = 0; i < powers; i++) {
      eliminated += s.alive(i) ? 0 : 1;
    }
    m.put("powers eliminated", (double) eliminated);
    TurnMetrics last = history.isEmpty() ? null : history.get(history.size() - 1);
    if (last != null) {
      m.put("focus's final army", (double) last.getPowers(focus).getMilitary());
      m.put("second bot's final army",
          (double) last.getPowers((focus + 1) % powers).getMilitary());
    }
    var fits = Engine.debrief(s).getFitsList();
    if (!fits.isEmpty()) {
      RichardsonFit f = fits.get(0);
      m.put("fit says stable", f.getStable() ? 1.0 : 0.0);
      m.put("fitted k", f.getK());
      m.put("fitted a", f.getA());
    }
    return m;
  }
}
