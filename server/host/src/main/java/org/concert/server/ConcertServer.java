package org.concert.server;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.concert.protocol.v1.JournalEntry;
import org.concert.protocol.v1.MatchConfig;
import org.concert.server.net.NetConfig;
import org.concert.server.net.NetServer;
import org.concert.server.store.MatchRecord;
import org.concert.server.store.MatchStore;
import org.concert.server.store.Recovered;

/**
 * The game server put together: the store, the lobby (recovering every unfinished match from
 * its journal before anyone connects), and the transports.
 */
public final class ConcertServer implements AutoCloseable {
  private static final Logger LOG = LogManager.getLogger(ConcertServer.class);
  private static final String HOST_TOKENS = "host-token-hashes";
  private static final String BOT_TOKENS = "bot-token-hashes";

  /** Token hashes kept under `key`, one per line. */
  private static Set<String> hashes(MatchStore store, String key) {
    Set<String> out = new LinkedHashSet<>();
    store.get(key).ifPresent(b -> {
      for (String h : new String(b, StandardCharsets.US_ASCII).split("\n")) {
        if (!h.isBlank()) {
          out.add(h.strip());
        }
      }
    });
    return out;
  }

  private static void keep(MatchStore store, String key, Set<String> hashes) {
    store.put(key, String.join("\n", hashes).getBytes(StandardCharsets.US_ASCII));
  }

  /** How to run it. `hostToken` null means: make a new one and print it. */
  /**
   * @param dbUrl a PostgreSQL JDBC URL, or null for the embedded database in {@code dataDir}
   * @param hostToken the host token to accept, or null to make one
   * @param publicUrl the address students join at, or null to find one on the local network
   *     (checked by {@link JoinAddress#configured})
   * @param ladder the scenario of the server's ladder for bot programs, or null for none
   */
  public record Options(NetConfig net, Path dataDir, String dbUrl, String hostToken,
      String publicUrl, String ladder) {
    public Options {
      if (publicUrl != null) {
        JoinAddress.configured(publicUrl);
      }
      if (ladder != null && !org.concert.maps.Scenarios.ids().contains(ladder)) {
        throw new IllegalArgumentException("no scenario \"" + ladder + "\" for the ladder;"
            + " there are " + String.join(", ", org.concert.maps.Scenarios.ids()));
      }
    }

    public Options(NetConfig net, Path dataDir, String dbUrl, String hostToken,
        String publicUrl) {
      this(net, dataDir, dbUrl, hostToken, publicUrl, null);
    }

    public Options(NetConfig net, Path dataDir, String dbUrl, String hostToken) {
      this(net, dataDir, dbUrl, hostToken, null, null);
    }
  }

  private final MatchStore store;
  private final NetServer net;
  private final ExecutorService pool;
  private final ScheduledExecutorService timer;
  private final String hostToken;
  private final int recovered;
  private final Options options;

  private ConcertServer(Options options, MatchStore store, NetServer net, ExecutorService pool,
      ScheduledExecutorService timer, String hostToken, int recovered) {
    this.options = options;
    this.store = store;
    this.net = net;
    this.pool = pool;
    this.timer = timer;
    this.hostToken = hostToken;
    this.recovered = recovered;
  }

  public static ConcertServer start(Options options) throws InterruptedException {
    MatchStore store = MatchStore.open(options.dbUrl(), options.dataDir());
    ExecutorService pool = Executors.newFixedThreadPool(
        Math.max(2, Runtime.getRuntime().availableProcessors()), daemons("concert-match"));
    ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
        daemons("concert-clock"));
    Lobby lobby = new Lobby(new StoreLedger(store), InstantSource.system(), timer, pool);
    lobby.idleTimeout(options.net().idleTimeout());

    Set<String> hostHashes = hashes(store, HOST_TOKENS);
    String token = options.hostToken() != null ? options.hostToken() : Tokens.newToken();
    hostHashes.add(Tokens.hash(token));
    keep(store, HOST_TOKENS, hostHashes);
    hostHashes.forEach(lobby::trustHost);
    hashes(store, BOT_TOKENS).forEach(lobby::trustBot);
    lobby.keeper = (host, all) -> {
      Set<String> kept = hashes(store, host ? HOST_TOKENS : BOT_TOKENS); // the operator's too
      kept.addAll(all);
      keep(store, host ? HOST_TOKENS : BOT_TOKENS, kept);
    };

    AtomicBoolean ready = new AtomicBoolean(false);
    // Matches replay independently, so they are recovered on the match pool, all cores at once
    // (the store serialises its reads); none is served before all are back.
    List<CompletableFuture<Boolean>> recovering = new ArrayList<>();
    for (MatchRecord m : store.unfinished()) {
      recovering.add(CompletableFuture.supplyAsync(() -> recover(store, lobby, m), pool));
    }
    int count = 0;
    for (CompletableFuture<Boolean> r : recovering) {
      try {
        count += r.join() ? 1 : 0;
      } catch (java.util.concurrent.CompletionException e) {
        throw e.getCause() instanceof RuntimeException cause ? cause : e; // the store failed
      }
    }
    if (options.ladder() != null) { // after recovery: games that ended while down are rated
      Ladder ladder = new Ladder(options.ladder(), lobby, InstantSource.system(),
          key -> store.get(key).orElse(null), store::put);
      lobby.ladder = ladder;
      timer.scheduleWithFixedDelay(() -> {
        try {
          ladder.tick();
        } catch (RuntimeException e) {
          LOG.error("the ladder could not start a game: {}", e.toString());
        }
      }, 500, 500, java.util.concurrent.TimeUnit.MILLISECONDS);
    }
    var netMetrics = new org.concert.server.net.NetMetrics();
    netMetrics.addSection(() -> lobby.metrics.render(lobby));
    netMetrics.addSection(() -> renderWrites(store.writeStats()));
    // Asked for when the projector opens, after the port is bound: the address found then.
    java.util.concurrent.atomic.AtomicReference<NetServer> bound =
        new java.util.concurrent.atomic.AtomicReference<>();
    NetServer net = NetServer.start(options.net(), lobby, netMetrics, ready::get,
        new HostDownloads(lobby, store, pool, () -> JoinAddress.find(options.publicUrl(),
            options.net().bindHost(), bound.get().httpPort())));
    bound.set(net);
    ready.set(true);
    LOG.info("recovered {} unfinished matches", count);
    return new ConcertServer(options, store, net, pool, timer, token, count);
  }

  /** The group commit's counters: how many records share a transaction (and so an fsync). */
  static String renderWrites(MatchStore.WriteStats w) {
    return "# HELP concert_journal_transactions_total Transactions the journal committed, each"
        + " one synchronous write of every record and snapshot queued.\n"
        + "# TYPE concert_journal_transactions_total counter\n"
        + "concert_journal_transactions_total " + w.transactions() + "\n"
        + "# HELP concert_journal_snapshots_total Snapshots of a state the journal committed.\n"
        + "# TYPE concert_journal_snapshots_total counter\n"
        + "concert_journal_snapshots_total " + w.snapshots() + "\n";
  }

  /**
   * Replays one unfinished match into the lobby; false if its journal does not replay (it is
   * left out). A store that cannot be read fails the start.
   */
  private static boolean recover(MatchStore store, Lobby lobby, MatchRecord m) {
    Recovered r = store.replay(m.matchId()); // the whole journal: it rebuilds seats too
    for (String problem : r.problems()) {
      LOG.warn(problem);
    }
    try {
      List<JournalEntry> records = new ArrayList<>();
      for (Recovered.Entry e : r.journal()) {
        records.add(JournalEntry.parseFrom(e.data()));
      }
      lobby.recover(m.matchId(), m.joinCode(), MatchConfig.parseFrom(m.config()), records);
      return true;
    } catch (com.google.protobuf.InvalidProtocolBufferException | RuntimeException e) {
      LOG.error("match {} could not be recovered and is left out: {}", m.matchId(),
          e.getMessage());
      return false;
    }
  }

  private static ThreadFactory daemons(String name) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, name + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  /** The host token this run accepts (printed once at start; never logged). */
  public String hostToken() {
    return hostToken;
  }

  public int tcpPort() {
    return net.tcpPort();
  }

  public int httpPort() {
    return net.httpPort();
  }

  /** The address students join at, as the projector would show it now. */
  public JoinAddress joinAddress() {
    return JoinAddress.find(options.publicUrl(), options.net().bindHost(), net.httpPort());
  }

  public int recoveredMatches() {
    return recovered;
  }

  @Override
  public void close() {
    net.close();
    timer.shutdownNow();
    pool.shutdown();
    try {
      store.close();
    } catch (Exception e) {
      LOG.warn("closing the store: {}", e.getMessage());
    }
  }
}
