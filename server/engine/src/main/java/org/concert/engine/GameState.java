package org.concert.engine;

import com.google.protobuf.CodedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.concert.protocol.v1.EndReason;
import org.concert.protocol.v1.MatchState;
import org.concert.protocol.v1.PowerState;
import org.concert.protocol.v1.Proposal;
import org.concert.protocol.v1.ProvinceState;
import org.concert.protocol.v1.StackState;
import org.concert.protocol.v1.Treaty;
import org.concert.protocol.v1.TreatyStatus;
import org.concert.protocol.v1.TurnMetrics;
import org.concert.protocol.v1.War;

/**
 * The whole state of a match between two acts of the engine. Instances handed out by
 * {@link Engine} are never changed again: the engine works on a {@link #copy()} and publishes
 * it. Arrays are indexed by the {@link Board}'s power and province numbers.
 */
public final class GameState {
  final Board board;
  final Rules rules;
  final long seed;
  int turn;
  boolean finished;
  EndReason endReason = EndReason.END_REASON_UNSPECIFIED;
  String winner = "";

  // Per power.
  final int[] treasury;
  final int[] credibility;
  final int[] invested;
  final boolean[] alive;
  final int[] hegemonyStreak;
  final int[] firstIncome;
  final double[] securitySum;
  final double[] security;
  final int[] proposalsThisTurn;
  final int[] peaceTurns;
  final int[] expansion;

  // Per province.
  final int[] owner;
  final int[] fort;
  final int[] garrison;

  /** Strength of each power's stack in each province: [power][province]. */
  final int[][] stacks;

  /** Wars: the turn a war began (0 = at peace), symmetric: [power][power]. */
  final int[][] warSince;

  /** Who is to blame for each war (a power index), symmetric; meaningless at peace. */
  final int[][] warBlame;

  final List<Treaty> treaties;
  final List<Proposal> proposals;
  int nextTreaty;
  int nextProposal;
  int peacefulTurns;
  final List<TurnMetrics> history;

  GameState(Board board, Rules rules, long seed) {
    this.board = board;
    this.rules = rules;
    this.seed = seed;
    int p = board.powers();
    int n = board.provinces();
    treasury = new int[p];
    credibility = new int[p];
    invested = new int[p];
    alive = new boolean[p];
    hegemonyStreak = new int[p];
    firstIncome = new int[p];
    securitySum = new double[p];
    security = new double[p];
    proposalsThisTurn = new int[p];
    peaceTurns = new int[p];
    expansion = new int[p];
    owner = new int[n];
    fort = new int[n];
    garrison = new int[n];
    stacks = new int[p][n];
    warSince = new int[p][p];
    warBlame = new int[p][p];
    treaties = new ArrayList<>();
    proposals = new ArrayList<>();
    history = new ArrayList<>();
  }

  private GameState(GameState o) {
    this(o, false);
  }

  /**
   * A copy of `o`. With `forDiplomacy`, only what a diplomatic act changes is copied (proposals,
   * treaties, wars, the proposal count and the id counters); provinces, stacks, accounts and
   * history are shared with `o`, which is published and so never changes again. Everything else
   * that changes a state works on a full {@link #copy()}.
   */
  private GameState(GameState o, boolean forDiplomacy) {
    board = o.board;
    rules = o.rules;
    seed = o.seed;
    turn = o.turn;
    finished = o.finished;
    endReason = o.endReason;
    winner = o.winner;
    proposalsThisTurn = o.proposalsThisTurn.clone();
    warSince = new int[o.warSince.length][];
    warBlame = new int[o.warBlame.length][];
    for (int i = 0; i < warSince.length; i++) {
      warSince[i] = o.warSince[i].clone();
      warBlame[i] = o.warBlame[i].clone();
    }
    treaties = new ArrayList<>(o.treaties);
    proposals = new ArrayList<>(o.proposals);
    nextTreaty = o.nextTreaty;
    nextProposal = o.nextProposal;
    peacefulTurns = o.peacefulTurns;
    if (forDiplomacy) {
      treasury = o.treasury;
      credibility = o.credibility;
      invested = o.invested;
      alive = o.alive;
      hegemonyStreak = o.hegemonyStreak;
      firstIncome = o.firstIncome;
      securitySum = o.securitySum;
      security = o.security;
      peaceTurns = o.peaceTurns;
      expansion = o.expansion;
      owner = o.owner;
      fort = o.fort;
      garrison = o.garrison;
      stacks = o.stacks;
      history = o.history;
      return;
    }
    treasury = o.treasury.clone();
    credibility = o.credibility.clone();
    invested = o.invested.clone();
    alive = o.alive.clone();
    hegemonyStreak = o.hegemonyStreak.clone();
    firstIncome = o.firstIncome.clone();
    securitySum = o.securitySum.clone();
    security = o.security.clone();
    peaceTurns = o.peaceTurns.clone();
    expansion = o.expansion.clone();
    owner = o.owner.clone();
    fort = o.fort.clone();
    garrison = o.garrison.clone();
    stacks = new int[o.stacks.length][];
    for (int i = 0; i < stacks.length; i++) {
      stacks[i] = o.stacks[i].clone();
    }
    history = new ArrayList<>(o.history);
  }

  /**
   * The id of a new treaty: public treaties are numbered t1, t2, ... in signing order; secret
   * ones get an unguessable id, so that numbering tells nobody of treaties it may not see.
   */
  String newTreatyId(boolean secret) {
    nextTreaty++;
    if (secret) {
      return "s-" + Rng.of(seed, Rng.Purpose.IDS, turn, 1, nextTreaty).hex6();
    }
    int n = 1;
    for (Treaty t : treaties) {
      if (!t.getTerms().getSecret()) {
        n++;
      }
    }
    return "t" + n;
  }

  /** The id of a new proposal, unguessable for the same reason. */
  String newProposalId() {
    nextProposal++;
    return "p" + year() + "-" + Rng.of(seed, Rng.Purpose.IDS, turn, 0, nextProposal).hex6();
  }

  /** The relations of a published state, computed once (published states never change). */
  private Relations relations;

  Relations relations() {
    Relations r = relations;
    if (r == null) {
      r = Relations.of(this);
      relations = r;
    }
    return r;
  }

  /** What each power sees and fears in a published state, computed once: by observer. */
  private boolean[][] sight;
  private Threats[] fears;

  boolean[] sight(int observer) {
    boolean[][] cache = sight;
    if (cache == null) {
      cache = new boolean[board.powers()][];
      sight = cache;
    }
    boolean[] v = cache[observer];
    if (v == null) {
      v = Visibility.of(this, observer);
      cache[observer] = v;
    }
    return v;
  }

  Threats threats(int observer) {
    Threats[] cache = fears;
    if (cache == null) {
      cache = new Threats[board.powers()];
      fears = cache;
    }
    Threats t = cache[observer];
    if (t == null) {
      t = Threats.of(this, relations(), observer, sight(observer));
      cache[observer] = t;
    }
    return t;
  }

  /** Views' province entries of a published state, built once each: [visible ? 1 : 0][q]. */
  private org.concert.protocol.v1.ProvinceInfo[][] provinceInfo;

  org.concert.protocol.v1.ProvinceInfo provinceInfo(int q, boolean visible) {
    org.concert.protocol.v1.ProvinceInfo[][] cache = provinceInfo;
    if (cache == null) {
      cache = new org.concert.protocol.v1.ProvinceInfo[2][board.provinces()];
      provinceInfo = cache;
    }
    int k = visible ? 1 : 0;
    org.concert.protocol.v1.ProvinceInfo p = cache[k][q];
    if (p == null) {
      p = Views.province(this, q, visible);
      cache[k][q] = p;
    }
    return p;
  }

  /** A deep copy the engine may change. */
  GameState copy() {
    return new GameState(this);
  }

  /**
   * A copy for a diplomatic act, which changes treaties, proposals and wars but no province, army
   * or account: those are shared, and so are what the views show of provinces and what each power
   * sees.
   */
  GameState copyForDiplomacy() {
    GameState c = new GameState(this, true);
    c.provinceInfo = provinceInfoCache();
    c.sight = sightCache();
    return c;
  }

  private org.concert.protocol.v1.ProvinceInfo[][] provinceInfoCache() {
    if (provinceInfo == null) {
      provinceInfo = new org.concert.protocol.v1.ProvinceInfo[2][board.provinces()];
    }
    return provinceInfo;
  }

  private boolean[][] sightCache() {
    if (sight == null) {
      sight = new boolean[board.powers()][];
    }
    return sight;
  }

  public Board board() {
    return board;
  }

  /** The turn now open for orders (1 is the first). */
  public int turn() {
    return turn;
  }

  /** The year of the open turn. */
  public int year() {
    return board.scenario().getStartYear() + turn - 1;
  }

  public boolean finished() {
    return finished;
  }

  /** Turns resolved so far. */
  public int turnsPlayed() {
    return history.size();
  }

  public EndReason endReason() {
    return endReason;
  }

  /** The hegemon or last power standing, or "". */
  public String winner() {
    return winner;
  }

  public long seed() {
    return seed;
  }

  public org.concert.protocol.v1.RulesConfig rules() {
    return rules.config();
  }

  public boolean alive(int power) {
    return alive[power];
  }

  public int treasury(int power) {
    return treasury[power];
  }

  public int credibility(int power) {
    return credibility[power];
  }

  /** Total strength of a power's stacks. */
  public int military(int power) {
    int sum = 0;
    for (int s : stacks[power]) {
      sum += s;
    }
    return sum;
  }

  /** Strength of a power's stack in a province (0 if none). */
  public int stack(int power, int province) {
    return stacks[power][province];
  }

  public boolean atWar(int a, int b) {
    return warSince[a][b] != 0;
  }

  /** Owner id of a province: a power, a minor or "". */
  public String ownerOf(int province) {
    return board.ownerId(owner[province]);
  }

  public int fort(int province) {
    return fort[province];
  }

  public List<Treaty> treaties() {
    return List.copyOf(treaties);
  }

  public List<Proposal> proposals() {
    return List.copyOf(proposals);
  }

  /** Treaties binding now. */
  List<Treaty> inForce() {
    List<Treaty> out = new ArrayList<>();
    for (Treaty t : treaties) {
      if (t.getStatus() == TreatyStatus.TREATY_STATUS_IN_FORCE) {
        out.add(t);
      }
    }
    return out;
  }

  /** The state as its snapshot message (every secret included). */
  public MatchState toProto() {
    MatchState.Builder b =
        MatchState.newBuilder()
            .setScenarioId(board.scenario().getId())
            .setSeed(seed)
            .setTurn(turn)
            .setRules(rules.config())
            .setNextTreaty(nextTreaty)
            .setNextProposal(nextProposal)
            .setFinished(finished)
            .setEndReason(endReason)
            .setWinner(winner)
            .setPeacefulTurns(peacefulTurns)
            .addAllTreaties(treaties)
            .addAllProposals(proposals)
            .addAllHistory(history);
    for (int i = 0; i < board.powers(); i++) {
      b.addPowers(
          PowerState.newBuilder()
              .setId(board.powerId(i))
              .setTreasury(treasury[i])
              .setCredibility(credibility[i])
              .setInvested(invested[i])
              .setAlive(alive[i])
              .setHegemonyStreak(hegemonyStreak[i])
              .setFirstIncome(firstIncome[i])
              .setSecuritySum(securitySum[i])
              .setSecurity(security[i])
              .setProposalsThisTurn(proposalsThisTurn[i])
              .setPeaceTurns(peaceTurns[i])
              .setExpansion(expansion[i]));
    }
    for (int q = 0; q < board.provinces(); q++) {
      b.addProvinces(
          ProvinceState.newBuilder()
              .setId(board.provinceId(q))
              .setOwner(board.ownerId(owner[q]))
              .setFort(fort[q])
              .setGarrison(garrison[q]));
    }
    for (int i = 0; i < board.powers(); i++) {
      for (int q = 0; q < board.provinces(); q++) {
        if (stacks[i][q] > 0) {
          b.addStacks(
              StackState.newBuilder()
                  .setPower(board.powerId(i))
                  .setProvince(board.provinceId(q))
                  .setStrength(stacks[i][q]));
        }
      }
    }
    for (int i = 0; i < board.powers(); i++) {
      for (int j = i + 1; j < board.powers(); j++) {
        if (warSince[i][j] != 0) {
          b.addWars(
              War.newBuilder()
                  .setA(board.powerId(i))
                  .setB(board.powerId(j))
                  .setSince(warSince[i][j])
                  .setStartedBy(board.powerId(warBlame[i][j])));
        }
      }
    }
    return b.build();
  }

  /**
   * Restores a state from its snapshot on the board of its scenario.
   *
   * @throws IllegalArgumentException if the snapshot does not fit the board
   */
  public static GameState fromProto(Board board, MatchState m) {
    if (!m.getScenarioId().equals(board.scenario().getId())) {
      throw new IllegalArgumentException(
          "snapshot of scenario " + m.getScenarioId() + " on board " + board.scenario().getId());
    }
    GameState s = new GameState(board, Rules.of(m.getRules()), m.getSeed());
    s.turn = m.getTurn();
    s.finished = m.getFinished();
    s.endReason = m.getEndReason();
    s.winner = m.getWinner();
    s.nextTreaty = m.getNextTreaty();
    s.nextProposal = m.getNextProposal();
    s.peacefulTurns = m.getPeacefulTurns();
    s.treaties.addAll(m.getTreatiesList());
    s.proposals.addAll(m.getProposalsList());
    s.history.addAll(m.getHistoryList());
    for (PowerState ps : m.getPowersList()) {
      int i = require(board.power(ps.getId()), "power", ps.getId());
      s.treasury[i] = ps.getTreasury();
      s.credibility[i] = ps.getCredibility();
      s.invested[i] = ps.getInvested();
      s.alive[i] = ps.getAlive();
      s.hegemonyStreak[i] = ps.getHegemonyStreak();
      s.firstIncome[i] = ps.getFirstIncome();
      s.securitySum[i] = ps.getSecuritySum();
      s.security[i] = ps.getSecurity();
      s.proposalsThisTurn[i] = ps.getProposalsThisTurn();
      s.peaceTurns[i] = ps.getPeaceTurns();
      s.expansion[i] = ps.getExpansion();
    }
    for (ProvinceState ps : m.getProvincesList()) {
      int q = require(board.province(ps.getId()), "province", ps.getId());
      int o = board.owner(ps.getOwner());
      if (o == -2) {
        throw new IllegalArgumentException("unknown owner " + ps.getOwner());
      }
      s.owner[q] = o;
      s.fort[q] = ps.getFort();
      s.garrison[q] = ps.getGarrison();
    }
    for (StackState st : m.getStacksList()) {
      int i = require(board.power(st.getPower()), "power", st.getPower());
      int q = require(board.province(st.getProvince()), "province", st.getProvince());
      s.stacks[i][q] = st.getStrength();
    }
    for (War w : m.getWarsList()) {
      int a = require(board.power(w.getA()), "power", w.getA());
      int c = require(board.power(w.getB()), "power", w.getB());
      s.warSince[a][c] = s.warSince[c][a] = w.getSince();
      int blame = board.power(w.getStartedBy());
      s.warBlame[a][c] = s.warBlame[c][a] = blame >= 0 ? blame : a;
    }
    return s;
  }

  private static int require(int index, String what, String id) {
    if (index < 0) {
      throw new IllegalArgumentException("snapshot names unknown " + what + " \"" + id + "\"");
    }
    return index;
  }

  /** Hex SHA-256 of the deterministic encoding of the full state. */
  public String hash() {
    String h = hash;
    if (h == null) {
      h = sha256(toProto());
      hash = h; // a published state never changes; a race computes the same string twice
    }
    return h;
  }

  /** The hash, once asked for (copies start without it). */
  private String hash;

  /** Hex SHA-256 of a message's deterministic encoding. */
  static String sha256(com.google.protobuf.Message message) {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream(4096);
      CodedOutputStream out = CodedOutputStream.newInstance(bytes);
      out.useDeterministicSerialization();
      message.writeTo(out);
      out.flush();
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes.toByteArray()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
