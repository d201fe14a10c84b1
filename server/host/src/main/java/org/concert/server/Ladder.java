package org.concert.server;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.concert.arena.Ratings;
import org.concert.engine.Engine;
import org.concert.maps.Scenarios;
import org.concert.protocol.v1.ClaimSeat;
import org.concert.protocol.v1.CreateMatch;
import org.concert.protocol.v1.LadderBook;
import org.concert.protocol.v1.LadderEntry;
import org.concert.protocol.v1.MatchConfig;
import org.concert.protocol.v1.MissedOrders;
import org.concert.protocol.v1.Role;
import org.concert.protocol.v1.Scenario;
import org.concert.protocol.v1.Score;
import org.concert.protocol.v1.SeatInfo;

/**
 * The server's ladder: bot programs enter it, wait, and are seated together in games of one
 * scenario, the seats no program waits for taken by built-in reference bots in turn; every game
 * that ends rates everyone in it (OpenSkill, as the arena's tournaments), reference bots
 * included, so that a program's rating means something from its first game. The table is kept
 * in the store and survives restarts; ladder games are ordinary matches (journaled, recovered,
 * watched), marked as the ladder's.
 *
 * <p>A game starts when as many programs wait as the scenario has seats, or when the first of
 * them has waited {@link #GATHER_MILLIS}. Names are kept by the bot token that first used them.
 */
final class Ladder {
  private static final Logger LOG = LogManager.getLogger(Ladder.class);
  /** The store's key for the table. */
  static final String KEY = "ladder";
  /** How long the first program in the queue waits for others before its game starts. */
  static final long GATHER_MILLIS = 3_000;
  /** Seconds of each ladder turn: bots answer in a second; one that hangs holds for this long. */
  static final int TURN_SECONDS = 20;
  private static final Pattern NAME = Pattern.compile("[\\p{L}\\p{N} ._-]{1,40}");
  /** The reference bots that take the free seats, in turn ("ref:NAME" in the table). */
  private static final List<String> REFERENCE = List.of("balancer", "defensive", "concert",
      "reciprocator", "hawk", "bandwagoner", "buckpasser", "richardson");

  /** A program waiting for a game. */
  private record Waiting(Session session, String name, long since) {}

  private final Scenario scenario;
  private final Lobby lobby;
  private final java.time.InstantSource clock;
  private final Function<String, byte[]> read;
  private final java.util.function.BiConsumer<String, byte[]> write;
  private final Deque<Waiting> queue = new ArrayDeque<>();
  private final Map<String, LadderEntry> table = new LinkedHashMap<>();
  private final Ratings ratings = new Ratings();
  private long games;
  private int nextReference;

  /**
   * @param read the store's value for a key, or null
   * @param write puts a value in the store
   */
  Ladder(String scenarioId, Lobby lobby, java.time.InstantSource clock,
      Function<String, byte[]> read, java.util.function.BiConsumer<String, byte[]> write) {
    this.scenario = Scenarios.load(scenarioId);
    this.lobby = lobby;
    this.clock = clock;
    this.read = read;
    this.write = write;
    byte[] kept = read.apply(KEY);
    if (kept != null) {
      try {
        LadderBook book = LadderBook.parseFrom(kept);
        games = book.getGames();
        for (LadderEntry e : book.getEntriesList()) {
          table.put(e.getName(), e);
          ratings.put(e.getName(), new Ratings.Rating(e.getMu(), e.getSigma()));
        }
      } catch (com.google.protobuf.InvalidProtocolBufferException e) {
        throw new IllegalStateException("the ladder's table in the store is unreadable", e);
      }
    }
  }

  String scenarioId() {
    return scenario.getId();
  }

  /** What is wrong with a name, or null if it is a good one. */
  static String nameProblem(String name) {
    return NAME.matcher(name).matches() ? null
        : "a ladder name has 1 to 40 letters, digits, spaces and - _ . , not \"" + name + "\"";
  }

  /**
   * Puts a program in the queue under `name`; returns null and the number waiting, or the
   * reason it may not (the name is another token's, or the program already waits).
   */
  synchronized String enter(Session s, String name, String tokenHash) {
    LadderEntry owned = table.get(name);
    if (owned != null && !owned.getOwnerHash().equals(tokenHash)) {
      return "the name \"" + name + "\" belongs to another bot token";
    }
    for (Waiting w : queue) {
      if (w.session() == s) {
        return "this connection already waits for a ladder game";
      }
    }
    if (owned == null) {
      table.put(name, LadderEntry.newBuilder().setName(name).setOwnerHash(tokenHash)
          .setMu(ratings.of(name).mu()).setSigma(ratings.of(name).sigma()).build());
    }
    queue.add(new Waiting(s, name, clock.millis()));
    return null;
  }

  synchronized int waiting() {
    return queue.size();
  }

  /** A connection that closed waits no more. */
  synchronized void leave(Session s) {
    queue.removeIf(w -> w.session() == s);
  }

  /** Starts a game if enough programs wait, or the first has waited long enough. */
  void tick() {
    List<Waiting> players = new ArrayList<>();
    int seats = scenario.getPowersCount();
    synchronized (this) {
      if (queue.isEmpty() || (queue.size() < seats
          && clock.millis() - queue.peekFirst().since() < GATHER_MILLIS)) {
        return;
      }
      while (players.size() < seats && !queue.isEmpty()) {
        players.add(queue.pollFirst());
      }
    }
    MatchConfig.Builder config = MatchConfig.newBuilder().setScenarioId(scenario.getId())
        .setTurnSeconds(TURN_SECONDS).setAutoStart(true)
        .setMissedOrders(MissedOrders.MISSED_ORDERS_HOLD).setTitle("Ladder: "
            + String.join(", ", players.stream().map(Waiting::name).toList()));
    scenario.getPowersList().forEach(p -> config.addBotSeats(p.getId()));
    lobby.offLoop(() -> // making a match writes to the store: not on the clock's thread
        lobby.create(CreateMatch.newBuilder().setConfig(config).build(), ladder -> {
          MatchRoom room = lobby.byId(ladder.get(0).getMatchId());
          room.executor.execute(() -> seat(room, players));
        }, true));
  }

  /**
   * Seats the programs in a game just made, the first program in a seat that turns with the
   * number of games so that nobody always plays the same power, and gives the other seats to
   * reference bots. Runs on the match's executor; the match starts when every seat is taken.
   */
  private void seat(MatchRoom room, List<Waiting> players) {
    int seats = scenario.getPowersCount();
    int first;
    List<String> bots = new ArrayList<>();
    synchronized (this) {
      first = (int) (games % seats);
      for (int i = 0; i < seats; i++) { // one for every seat a program may not take after all
        bots.add(REFERENCE.get(nextReference++ % REFERENCE.size()));
      }
    }
    for (int i = 0; i < seats; i++) {
      String power = scenario.getPowers((first + i) % seats).getId();
      Waiting w = i < players.size() ? players.get(i) : null;
      if (w != null && !w.session().gone()) {
        room.claim(w.session(), 0, ClaimSeat.newBuilder().setMatchId(room.id).setPower(power)
            .setRole(Role.ROLE_PLAYER).setDisplayName(w.name()).build(), Tokens.newToken());
      } else { // no program for it, or its connection closed since it was called
        room.giveToBot(power, bots.get(i));
      }
    }
    LOG.info("ladder game {} for {}", room.id, players.stream().map(Waiting::name).toList());
  }

  /** A ladder game ended: everyone in it is rated by its final rank, and the table kept. */
  void finished(MatchRoom room) {
    if (!room.config.getLadder()) {
      return;
    }
    Map<String, Integer> rank = new LinkedHashMap<>();
    for (Score s : Engine.scores(room.state())) {
      rank.put(s.getPower(), s.getRank());
    }
    List<String> names = new ArrayList<>();
    List<Integer> ranks = new ArrayList<>();
    for (SeatInfo seat : room.summary().getSeatsList()) {
      names.add(seat.getBot().isEmpty()
          ? (seat.getPlayersCount() > 0 ? seat.getPlayers(0) : seat.getPower())
          : "ref:" + seat.getBot());
      ranks.add(rank.getOrDefault(seat.getPower(), rank.size()));
    }
    synchronized (this) {
      ratings.game(names, ranks);
      games++;
      for (int i = 0; i < names.size(); i++) {
        String name = names.get(i);
        LadderEntry before = table.getOrDefault(name, LadderEntry.newBuilder().setName(name)
            .build());
        Ratings.Rating r = ratings.of(name);
        table.put(name, before.toBuilder().setGames(before.getGames() + 1)
            .setWins(before.getWins() + (ranks.get(i) == 1 ? 1 : 0))
            .setMu(r.mu()).setSigma(r.sigma()).build());
      }
      write.accept(KEY, LadderBook.newBuilder().setScenarioId(scenario.getId()).setGames(games)
          .addAllEntries(table.values()).build().toByteArray());
    }
    LOG.info("ladder game {} rated: {} ranked {}", room.id, names, ranks);
  }

  /** The public table as the web page reads it: best rating first, no token hashes. */
  synchronized String json() {
    List<LadderEntry> rows = new ArrayList<>(table.values());
    rows.sort(Comparator.comparingDouble((LadderEntry e) -> -(e.getMu() - 3 * e.getSigma()))
        .thenComparing(LadderEntry::getName));
    StringBuilder out = new StringBuilder("{\"scenarioId\":\"").append(scenario.getId())
        .append("\",\"scenario\":").append(Json.string(scenario.getName()))
        .append(",\"games\":").append(games).append(",\"waiting\":").append(queue.size())
        .append(",\"bots\":[");
    String sep = "";
    for (LadderEntry e : rows) {
      Ratings.Rating r = new Ratings.Rating(e.getMu(), e.getSigma());
      out.append(sep).append("{\"name\":").append(Json.string(e.getName()))
          .append(",\"reference\":").append(e.getOwnerHash().isEmpty())
          .append(",\"games\":").append(e.getGames()).append(",\"wins\":").append(e.getWins())
          .append(String.format(Locale.ROOT, ",\"rating\":%.2f,\"mu\":%.2f,\"sigma\":%.2f,"
              + "\"low\":%.2f,\"high\":%.2f}", r.ordinal(), r.mu(), r.sigma(), r.low(),
              r.high()));
      sep = ",";
    }
    return out.append("]}").toString();
  }

  byte[] jsonBytes() {
    return json().getBytes(StandardCharsets.UTF_8);
  }
}
