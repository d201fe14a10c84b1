package org.concert.server;

import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;
import org.concert.maps.Scenarios;
import org.concert.protocol.v1.CreateMatch;
import org.concert.protocol.v1.MatchConfig;
import org.concert.protocol.v1.MatchSummary;
import org.concert.protocol.v1.Role;
import org.concert.protocol.v1.Scenario;

/**
 * The matches this server hosts, by id and by join code, and the credentials that open them:
 * host and bot tokens (server-wide) and seat tokens (one seat of one match), all kept as hashes.
 */
final class Lobby implements Endpoint {
  /** What a seat token opens: a match, and a power ("" for an observer's place). */
  record Grant(String matchId, String power) {}

  /** How long a finished match stays in memory (for its debrief, exports and late readers). */
  static final java.time.Duration FINISHED_KEPT = java.time.Duration.ofHours(24);

  /**
   * The match directory: every unfinished match, and finished ones until they have gone
   * {@link #FINISHED_KEPT} without being looked at; their journals stay in the store.
   */
  private final com.github.benmanes.caffeine.cache.Cache<String, MatchRoom> byId;
  /** Join codes to match ids, of the matches in the directory. */
  private final Map<String, String> byCode = new ConcurrentHashMap<>();
  /** Seat tokens (by hash) to what they open; a token unused for 30 days is forgotten. */
  private final com.github.benmanes.caffeine.cache.Cache<String, Grant> seats =
      com.github.benmanes.caffeine.cache.Caffeine.newBuilder()
          .expireAfterAccess(java.time.Duration.ofDays(30)).build();
  private final Set<String> hosts = ConcurrentHashMap.newKeySet();
  private final Set<String> bots = ConcurrentHashMap.newKeySet();
  private final Ledger ledger;
  private final InstantSource clock;
  private final ScheduledExecutorService timer;
  private final Executor pool;
  final CoreMetrics metrics = new CoreMetrics();
  /** The server's ladder, or null when it runs none. */
  volatile Ladder ladder;
  /** What Welcome tells clients of the transports' idle timeout (0: none). */
  private volatile long idleTimeoutMs;

  /** Tells every Welcome from now on how long a silent connection lives. */
  void idleTimeout(java.time.Duration idle) {
    idleTimeoutMs = idle.toMillis();
  }

  long idleTimeoutMs() {
    return idleTimeoutMs;
  }

  Lobby(Ledger store, InstantSource clock, ScheduledExecutorService timer, Executor pool) {
    this.byId = com.github.benmanes.caffeine.cache.Caffeine.newBuilder()
        .ticker(() -> clock.millis() * 1_000_000L)
        .expireAfter(new com.github.benmanes.caffeine.cache.Expiry<String, MatchRoom>() {
          @Override
          public long expireAfterCreate(String id, MatchRoom room, long now) {
            return Long.MAX_VALUE; // an unfinished match is never let go
          }

          @Override
          public long expireAfterUpdate(String id, MatchRoom room, long now, long left) {
            return left;
          }

          @Override
          public long expireAfterRead(String id, MatchRoom room, long now, long left) {
            return left == Long.MAX_VALUE ? left : FINISHED_KEPT.toNanos(); // looked at: kept on
          }
        })
        .removalListener((String id, MatchRoom room, com.github.benmanes.caffeine.cache.RemovalCause cause) -> {
          if (room != null) {
            byCode.remove(room.code, id);
          }
        })
        .build();
    this.ledger = new Ledger() { // a match that ends starts its time to be let go
      @Override
      public java.util.concurrent.CompletableFuture<Void> append(String matchId, long sequence,
          byte[] record) {
        return store.append(matchId, sequence, record);
      }

      @Override
      public void snapshot(String matchId, long version, byte[] state) {
        store.snapshot(matchId, version, state);
      }

      @Override
      public void created(String matchId, String code, byte[] config, String title) {
        store.created(matchId, code, config, title);
      }

      @Override
      public void finished(String matchId) {
        store.finished(matchId);
        byId.policy().expireVariably().ifPresent(p -> p.setExpiresAfter(matchId, FINISHED_KEPT));
        Ladder l = ladder;
        MatchRoom room = byId.getIfPresent(matchId);
        if (l != null && room != null) {
          l.finished(room);
        }
      }
    };
    this.clock = clock;
    this.timer = timer;
    this.pool = pool;
  }

  /** Time a new connection has to say hello before it is let go. */
  volatile java.time.Duration helloWithin = java.time.Duration.ofSeconds(10);

  @Override
  public Conversation connect(Outbound outbound) {
    Session s = new Session(this, outbound);
    timer.schedule(() -> {
      if (!s.greeted()) {
        outbound.close("say hello within " + helloWithin.toSeconds() + " seconds");
      }
    }, helloWithin.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    return s;
  }

  /** Keeps the hashes of host or bot tokens across restarts. */
  interface TokenKeeper {
    void keep(boolean host, Set<String> hashes);
  }

  /** Where new host and bot tokens are kept (the server sets its store here). */
  volatile TokenKeeper keeper = (host, hashes) -> {};

  /**
   * A new host (or bot) token; only its hash is kept, in memory and by the keeper (so the token
   * works after a restart too). May block on the store: call it off the network threads.
   */
  synchronized String newToken(boolean host) {
    String token = Tokens.newToken();
    Set<String> kind = host ? hosts : bots;
    kind.add(Tokens.hash(token));
    keeper.keep(host, Set.copyOf(kind));
    return token;
  }

  /** Trusts a bot token's hash (kept in the store across restarts). */
  void trustBot(String hash) {
    bots.add(hash);
  }

  boolean isHost(String hash) {
    return hosts.stream().anyMatch(h -> Tokens.same(h, hash));
  }

  boolean isBot(String hash) {
    return bots.stream().anyMatch(h -> Tokens.same(h, hash));
  }

  void remember(String tokenHash, String matchId, String power) {
    seats.put(tokenHash, new Grant(matchId, power));
  }

  /** A seat token stops working (its seat was reassigned, freed or given to a bot). */
  void forget(String tokenHash) {
    if (!tokenHash.isEmpty()) {
      seats.invalidate(tokenHash);
    }
  }

  Grant grant(String tokenHash) {
    return seats.getIfPresent(tokenHash);
  }

  /** The match with this id, or null (never made, or finished and let go). */
  MatchRoom byId(String id) {
    return byId.getIfPresent(id);
  }

  MatchRoom byCode(String code) {
    String id = byCode.get(code.trim().toUpperCase());
    return id == null ? null : byId(id);
  }

  /** Lets go of finished matches whose time is up now, rather than at the next access. */
  void cleanUp() {
    byId.cleanUp();
  }

  /** Every match held now. */
  java.util.Collection<MatchRoom> rooms() {
    return byId.asMap().values();
  }

  /** The bytes of matches a host's list holds at most: well inside one 64 KiB frame. */
  static final int LISTING_BUDGET = 48 * 1024;

  /**
   * The host's list of every match: the most recently active first, as many as fit in
   * `budgetBytes` (a server kept for a year gathers matches nobody ended), and how many more.
   */
  org.concert.protocol.v1.MatchList listing(int budgetBytes) {
    List<MatchRoom> rooms = new ArrayList<>(byId.asMap().values());
    rooms.sort(java.util.Comparator.comparingLong(MatchRoom::lastActivityMs).reversed()
        .thenComparing(r -> r.id));
    var out = org.concert.protocol.v1.MatchList.newBuilder();
    int used = 0;
    for (int i = 0; i < rooms.size(); i++) {
      MatchSummary s = rooms.get(i).summary();
      used += s.getSerializedSize() + 4; // the field's tag and length
      if (used > budgetBytes) {
        return out.setMore(rooms.size() - i).build();
      }
      out.addMatches(s);
    }
    return out.build();
  }

  /**
   * Brings back a match from its journal: the same records applied in the same order give the
   * same state, seats and event versions; the turn keeps the time it had left when the server
   * stopped. Runs before the server accepts connections.
   *
   * @param records the journal from version 1, as written
   * @throws IllegalStateException if the journal does not replay (a bug, or another scenario)
   */
  MatchRoom recover(String id, String code, MatchConfig config,
      List<org.concert.protocol.v1.JournalEntry> records) {
    Scenario scenario = Scenarios.load(config.getScenarioId());
    MatchRoom room = new MatchRoom(id, code, config, scenario, ledger, clock, timer, pool, metrics);
    long last = 0;
    Map<String, List<String>> holders = new java.util.HashMap<>(); // token hashes by power
    for (org.concert.protocol.v1.JournalEntry e : records) {
      room.apply(e);
      last = e.getAtEpochMs();
      if (e.hasSeat() && e.getSeat().getRole() == Role.ROLE_OBSERVER) {
        remember(e.getSeat().getTokenHash(), id, "");
      } else if (e.hasSeat()) { // the tokens of a seat the host gave away stop working
        List<String> held = holders.computeIfAbsent(e.getSeat().getPower(),
            k -> new ArrayList<>());
        if (!e.getSeat().getCabinet()) {
          held.forEach(this::forget);
          held.clear();
        }
        if (!e.getSeat().getTokenHash().isEmpty()) {
          held.add(e.getSeat().getTokenHash());
          remember(e.getSeat().getTokenHash(), id, e.getSeat().getPower());
        }
      }
    }
    byId.put(id, room);
    byCode.put(code, id);
    long stopped = last;
    room.executor.execute(() -> room.resumeClock(stopped));
    return room;
  }

  /** Runs work that may block (a scenario to load, a store to touch) off the network threads. */
  void offLoop(Runnable work) {
    pool.execute(work);
  }

  /** Trusts a host token's hash (kept in the store across restarts). */
  void trustHost(String hash) {
    hosts.add(hash);
  }

  /**
   * Creates the match (or its parallel worlds) and tells `created` once every one is durably
   * recorded.
   *
   * @throws IllegalArgumentException if the configuration names an unknown scenario
   */
  void create(CreateMatch request, Consumer<List<MatchSummary>> created) {
    create(request, created, false);
  }

  /** The same; `ladder` marks the matches as the server's ladder's (never a host's request). */
  void create(CreateMatch request, Consumer<List<MatchSummary>> created, boolean ladder) {
    MatchConfig config = request.getConfig().toBuilder().setLadder(ladder).build();
    Scenario scenario = Scenarios.load(config.getScenarioId());
    int worlds = Math.max(1, request.getWorlds());
    if (worlds > 20) {
      throw new IllegalArgumentException("at most 20 parallel worlds, not " + worlds);
    }
    config = config.toBuilder().clearWorldGroup().build(); // the server's to set
    if (config.getSeed() == 0) {
      config = config.toBuilder().setSeed(new java.security.SecureRandom().nextLong()).build();
    }
    List<MatchRoom> rooms = new ArrayList<>();
    String group = "";
    for (int w = 0; w < worlds; w++) {
      String id;
      do {
        id = "m" + Tokens.newCode(6).toLowerCase(); // unique across restarts, not guessable
      } while (byId.getIfPresent(id) != null);
      String code;
      do {
        code = Tokens.newCode(5);
      } while (byCode.containsKey(code));
      if (w == 0 && worlds > 1) {
        group = id;
      }
      MatchConfig mine = worlds == 1 ? config : config.toBuilder()
          .setTitle((config.getTitle().isEmpty() ? scenario.getName() : config.getTitle())
              + ", world " + (char) ('A' + w)).setWorldGroup(group).build();
      MatchRoom room = new MatchRoom(id, code, mine, scenario, ledger, clock, timer, pool, metrics);
      rooms.add(room);
    }
    List<MatchSummary> summaries = new java.util.concurrent.CopyOnWriteArrayList<>();
    java.util.concurrent.atomic.AtomicInteger left = new java.util.concurrent.atomic.AtomicInteger(rooms.size());
    for (MatchRoom room : rooms) {
      ledger.created(room.id, room.code, room.config.toByteArray(), room.config.getTitle());
      byId.put(room.id, room);
      byCode.put(room.code, room.id);
      room.executor.execute(() -> room.create(() -> {
        summaries.add(room.summary());
        if (left.decrementAndGet() == 0) {
          List<MatchSummary> sorted = new ArrayList<>(summaries);
          sorted.sort((a, b) -> a.getMatchId().compareTo(b.getMatchId()));
          created.accept(sorted);
        }
      }));
    }
  }
}
