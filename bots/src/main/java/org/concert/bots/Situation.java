package org.concert.bots;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.concert.protocol.v1.Clause;
import org.concert.protocol.v1.Event;
import org.concert.protocol.v1.PowerInfo;
import org.concert.protocol.v1.PowerView;
import org.concert.protocol.v1.Proposal;
import org.concert.protocol.v1.ProposalStatus;
import org.concert.protocol.v1.ProvinceInfo;
import org.concert.protocol.v1.StackInfo;
import org.concert.protocol.v1.Threat;
import org.concert.protocol.v1.Treaty;
import org.concert.protocol.v1.TreatyStatus;
import org.concert.protocol.v1.War;

/**
 * Everything a bot may know when it decides: its power's view (exactly what the fog allows),
 * the public map, the news since it last decided, which diplomacy round this is, its time
 * budget, and a seeded random source. Immutable. The helpers read the view; none of them
 * reveals more than the view holds.
 */
public final class Situation {
  private final PowerView view;
  private final Atlas atlas;
  private final List<Event> heard;
  /** The news as this power is told it, made when first asked for. */
  private volatile List<Event> news;
  private final int round;
  private final int rounds;
  private final Duration budget;
  private final long seed;
  private final String[] owner;
  private final int[][] stacks; // [power index][province index], visible stacks only
  private final Map<String, PowerInfo> powers = new LinkedHashMap<>();

  /**
   * @param view the power's view at this moment
   * @param news events the power saw since its previous decision, in order
   * @param round 0-based diplomacy round of this turn; the last one's orders count
   * @param seed a seed for this power and match (the arena derives it from the match seed)
   */
  public Situation(PowerView view, Atlas atlas, List<Event> news, int round, int rounds,
      Duration budget, long seed) {
    this.view = view;
    this.atlas = atlas;
    this.heard = List.copyOf(news);
    this.round = round;
    this.rounds = rounds;
    this.budget = budget;
    this.seed = seed;
    int n = atlas.provinces().size();
    owner = new String[n];
    stacks = new int[atlas.powers().size()][n];
    for (int k = 0; k < view.getProvincesCount(); k++) {
      ProvinceInfo p = view.getProvinces(k);
      // Views list every province in map order; look the id up only if one does not.
      int q = k < n && atlas.provinces().get(k).equals(p.getId()) ? k : atlas.index(p.getId());
      owner[q] = p.getOwner();
      for (StackInfo st : p.getStacksList()) {
        int i = atlas.seat(st.getPower());
        if (i >= 0) {
          stacks[i][q] = st.getStrength();
        }
      }
    }
    for (PowerInfo p : view.getPowersList()) {
      powers.put(p.getId(), p);
    }
  }

  public PowerView view() {
    return view;
  }

  public Atlas atlas() {
    return atlas;
  }

  /** The power this bot plays. */
  public String power() {
    return view.getPower();
  }

  public int turn() {
    return view.getTurn();
  }

  public int year() {
    return view.getYear();
  }

  /**
   * Events seen since the previous decision (the last resolution's, then diplomacy), each as
   * this power is told it: an event that several powers saw names this power alone in its
   * audience, in the arena as on a server.
   */
  public List<Event> news() {
    List<Event> told = news;
    if (told == null) {
      told = List.copyOf(org.concert.engine.Engine.seenBy(heard, view.getPower()));
      news = told;
    }
    return told;
  }

  /** This diplomacy round, from 0. */
  public int round() {
    return round;
  }

  /** Diplomacy rounds in a turn. */
  public int rounds() {
    return rounds;
  }

  /** True in the round whose orders count. */
  public boolean lastRound() {
    return round >= rounds - 1;
  }

  /** Time allowed for this decision. */
  public Duration budget() {
    return budget;
  }

  /**
   * A random source for this power, turn and round: the same on every run of the same match,
   * so tournaments replay exactly. Each call starts the same sequence; keep the instance.
   */
  public SplittableRandom random() {
    long z = seed * 0x9E3779B97F4A7C15L + turn() * 0xBF58476D1CE4E5B9L + round * 0x94D049BB133111EBL
        + power().hashCode();
    return new SplittableRandom(z);
  }

  // ---- own accounts --------------------------------------------------------------------

  public int treasury() {
    return view.getSelf().getTreasury();
  }

  /** Income expected at the next resolution. */
  public int income() {
    return view.getSelf().getIncome();
  }

  /** Upkeep due at the next resolution. */
  public int upkeep() {
    return view.getSelf().getUpkeep();
  }

  public int military() {
    return view.getSelf().getMilitary();
  }

  public double security() {
    return view.getSelf().getSecurity();
  }

  // ---- the map ---------------------------------------------------------------------------

  /** The owner of a province: a power, a minor state, or "". */
  public String owner(String province) {
    return owner[index(province)];
  }

  /** Visible strength of a power's stack in a province (0 if none or unseen). */
  public int stack(String power, String province) {
    int i = atlas.seat(power);
    return i < 0 ? 0 : stacks[i][index(province)];
  }

  /** Visible strength of every stack in a province not belonging to the given power. */
  public int foreignStrength(String province, String except) {
    ProvinceInfo p = view.getProvinces(index(province));
    int sum = 0;
    for (StackInfo st : p.getStacksList()) {
      if (!st.getPower().equals(except)) {
        sum += st.getStrength();
      }
    }
    return sum;
  }

  /** True when the province's stacks are seen. */
  public boolean visible(String province) {
    return view.getProvinces(index(province)).getVisible();
  }

  /** The fort level, when seen (0 otherwise). */
  public int fort(String province) {
    return view.getProvinces(index(province)).getFort();
  }

  /** The power's own stacks: province to strength, in map order. */
  public Map<String, Integer> myStacks() {
    Map<String, Integer> out = new LinkedHashMap<>();
    int me = atlas.seat(power());
    for (int q = 0; q < owner.length; q++) {
      if (stacks[me][q] > 0) {
        out.put(atlas.provinces().get(q), stacks[me][q]);
      }
    }
    return out;
  }

  /** The provinces a power owns, in map order. */
  public List<String> provincesOf(String power) {
    List<String> out = new ArrayList<>();
    for (int q = 0; q < owner.length; q++) {
      if (power.equals(owner[q])) {
        out.add(atlas.provinces().get(q));
      }
    }
    return out;
  }

  private int index(String province) {
    int q = atlas.index(province);
    if (q < 0) {
      throw new IllegalArgumentException("unknown province \"" + province + "\"");
    }
    return q;
  }

  // ---- the other powers -------------------------------------------------------------------

  /** Every great power still in the game, in seat order. */
  public List<String> living() {
    List<String> out = new ArrayList<>();
    for (PowerInfo p : view.getPowersList()) {
      if (p.getAlive()) {
        out.add(p.getId());
      }
    }
    return out;
  }

  /** Living powers other than this one. */
  public List<String> others() {
    List<String> out = living();
    out.remove(power());
    return out;
  }

  public PowerInfo info(String power) {
    PowerInfo p = powers.get(power);
    if (p == null) {
      throw new IllegalArgumentException("unknown power \"" + power + "\"");
    }
    return p;
  }

  /** The strength this power believes another has (exact for itself). */
  public int strength(String power) {
    return info(power).getMilitary();
  }

  public int credibility(String power) {
    return info(power).getCredibility();
  }

  /** Perceived power share: half share of public income, half share of believed strength. */
  public double share(String power) {
    double income = 0;
    double military = 0;
    for (PowerInfo p : view.getPowersList()) {
      if (p.getAlive()) {
        income += p.getProvinceIncome();
        military += p.getMilitary();
      }
    }
    PowerInfo p = info(power);
    if (!p.getAlive()) {
      return 0;
    }
    return 0.5 * (income == 0 ? 0 : p.getProvinceIncome() / income)
        + 0.5 * (military == 0 ? 0 : p.getMilitary() / military);
  }

  /** The strongest living power by perceived share (this one included). */
  public String strongest() {
    String best = power();
    for (String p : living()) {
      if (share(p) > share(best)) {
        best = p;
      }
    }
    return best;
  }

  /** The threat this power perceives from another. */
  public double threat(String power) {
    for (Threat t : view.getSelf().getThreatsList()) {
      if (t.getPower().equals(power)) {
        return t.getThreat();
      }
    }
    return 0;
  }

  /** The power perceived as most threatening, or null when nobody threatens. */
  public String mainThreat() {
    String best = null;
    double most = 0;
    for (Threat t : view.getSelf().getThreatsList()) {
      if (t.getThreat() > most) {
        most = t.getThreat();
        best = t.getPower();
      }
    }
    return best;
  }

  public boolean atWar(String a, String b) {
    for (War w : view.getWarsList()) {
      if ((w.getA().equals(a) && w.getB().equals(b)) || (w.getA().equals(b) && w.getB().equals(a))) {
        return true;
      }
    }
    return false;
  }

  /** Powers this one is at war with. */
  public List<String> enemies() {
    List<String> out = new ArrayList<>();
    for (String p : others()) {
      if (atWar(power(), p)) {
        out.add(p);
      }
    }
    return out;
  }

  // ---- treaties and proposals ---------------------------------------------------------------

  /** Treaties in force this power is party to. */
  public List<Treaty> myTreaties() {
    List<Treaty> out = new ArrayList<>();
    for (Treaty t : view.getTreatiesList()) {
      if (t.getStatus() == TreatyStatus.TREATY_STATUS_IN_FORCE
          && t.getTerms().getPartiesList().contains(power())) {
        out.add(t);
      }
    }
    return out;
  }

  /** True when a treaty in force binds this power and the other with the given clause kind. */
  public boolean bound(String other, Clause.KindCase kind) {
    for (Treaty t : myTreaties()) {
      if (t.getTerms().getPartiesList().contains(other)) {
        for (Clause c : t.getTerms().getClausesList()) {
          if (c.getKindCase() == kind) {
            return true;
          }
        }
      }
    }
    return false;
  }

  /** A defensive or offensive alliance in force with the other power. */
  public boolean allied(String other) {
    return bound(other, Clause.KindCase.DEFENSIVE_ALLIANCE)
        || bound(other, Clause.KindCase.OFFENSIVE_ALLIANCE);
  }

  /** Any treaty in force with the other power that forbids attacking it. */
  public boolean pacted(String other) {
    return allied(other) || bound(other, Clause.KindCase.NON_AGGRESSION)
        || bound(other, Clause.KindCase.PEACE) || bound(other, Clause.KindCase.NEUTRALITY)
        || bound(other, Clause.KindCase.CONCERT);
  }

  /** Open proposals this power is party to and has not signed yet. */
  public List<Proposal> proposalsToAnswer() {
    List<Proposal> out = new ArrayList<>();
    for (Proposal p : view.getProposalsList()) {
      if (p.getStatus() == ProposalStatus.PROPOSAL_STATUS_OPEN
          && !p.getSignedList().contains(power())) {
        out.add(p);
      }
    }
    return out;
  }

  /** Open proposals this power made or signed, still waiting for others. */
  public List<Proposal> proposalsPending() {
    List<Proposal> out = new ArrayList<>();
    for (Proposal p : view.getProposalsList()) {
      if (p.getStatus() == ProposalStatus.PROPOSAL_STATUS_OPEN
          && p.getSignedList().contains(power())) {
        out.add(p);
      }
    }
    return out;
  }
}
