package org.concert.bench;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.handler.codec.LengthFieldPrepender;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.concert.bots.remote.RemoteBot;
import org.concert.protocol.v1.ClientMessage;
import org.concert.protocol.v1.CreateMatch;
import org.concert.protocol.v1.Empty;
import org.concert.protocol.v1.Hello;
import org.concert.protocol.v1.HostAction;
import org.concert.protocol.v1.MatchConfig;
import org.concert.protocol.v1.MatchSummary;
import org.concert.protocol.v1.RulesConfig;
import org.concert.protocol.v1.ServerMessage;

/**
 * Runs one load run against a game server (matches created with its host token, one client a
 * seat) or against the echo server (the same clients, the same commands, no matches).
 */
final class LoadGenerator {
  /** The powers of {@code vienna-1815}, in seat order; each client writes to the next. */
  static final List<String> POWERS = List.of("GBR", "FRA", "AUT", "PRU", "RUS");

  /**
   * Where the clients connect. {@code hostToken} null means the echo server. {@code threads}
   * names the prefix of the threads (in this JVM) whose CPU time is the target's; "" when the
   * target runs elsewhere.
   */
  record Target(String host, int port, String hostToken, String threads) {
    boolean echo() {
      return hostToken == null;
    }
  }

  /** The clients' event loop threads. */
  static final String CLIENT_THREADS = "load-client";

  /** CPU time used so far by the target's threads (0 when unnamed), the clients', the JVM's. */
  private record Cpu(long target, long clients, long process) {
    static Cpu now(String targetThreads) {
      return new Cpu(targetThreads.isEmpty() ? 0 : cpuNanos(targetThreads),
          cpuNanos(CLIENT_THREADS), processCpuNanos());
    }
  }

  /** CPU time used so far by this whole JVM (every thread, the collector's and compiler's too). */
  static long processCpuNanos() {
    return ManagementFactory.getPlatformMXBean(com.sun.management.OperatingSystemMXBean.class)
        .getProcessCpuTime();
  }

  /** CPU time used so far by the live threads of this JVM whose names start with `prefix`. */
  static long cpuNanos(String prefix) {
    var threads = ManagementFactory.getThreadMXBean();
    long total = 0;
    for (ThreadInfo t : threads.getThreadInfo(threads.getAllThreadIds())) {
      if (t != null && t.getThreadName().startsWith(prefix)) {
        total += Math.max(0, threads.getThreadCpuTime(t.getThreadId()));
      }
    }
    return total;
  }

  private static final Duration SET_UP = Duration.ofSeconds(60);
  private static final Duration DRAIN = Duration.ofSeconds(30);

  private LoadGenerator() {}

  /** Creates the matches (for a server), connects the clients, runs the traffic, counts. */
  static LoadResult run(Target target, LoadSettings settings)
      throws IOException, InterruptedException {
    List<String> codes = target.echo() ? List.of() : createMatches(target, settings);
    EventLoopGroup group = new MultiThreadIoEventLoopGroup(settings.ioThreads(),
        new DefaultThreadFactory(CLIENT_THREADS), NioIoHandler.newFactory());
    LoadClient.Window window = new LoadClient.Window();
    window.measureUntil = Long.MAX_VALUE;
    window.measureFrom = Long.MAX_VALUE;
    List<LoadClient> clients = new ArrayList<>();
    List<Channel> channels = new ArrayList<>();
    try {
      Bootstrap b = new Bootstrap().group(group).channel(NioSocketChannel.class)
          .option(ChannelOption.TCP_NODELAY, true)
          .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 10_000);
      for (int m = 0; m < settings.matches(); m++) {
        for (int seat = 0; seat < settings.clientsPerMatch(); seat++) {
          LoadClient client = new LoadClient(target.echo(), target.echo() ? "" : codes.get(m),
              POWERS.get(seat), POWERS.get((seat + 1) % POWERS.size()), settings, window);
          clients.add(client);
          channels.add(b.handler(new ChannelInitializer<Channel>() {
            @Override
            protected void initChannel(Channel ch) {
              ch.pipeline().addLast(
                  new LengthFieldBasedFrameDecoder(64 * 1024 + 4, 0, 4, 0, 4),
                  new LengthFieldPrepender(4),
                  client);
            }
          }).connect(target.host(), target.port()).sync().channel());
        }
      }
      await(all(clients, c -> c.ready), SET_UP, "the clients to be seated in started matches");

      long go = System.nanoTime();
      if (settings.byCount()) {
        window.measureFrom = go;
      } else {
        window.measureFrom = go + settings.warmUp().toNanos();
        window.measureUntil = window.measureFrom + settings.window().toNanos();
      }
      for (int i = 0; i < clients.size(); i++) {
        channels.get(i).eventLoop().execute(clients.get(i)::go);
      }
      boolean metered = !target.threads().isEmpty();
      sleepUntil(window.measureFrom);
      Cpu cpuFrom = Cpu.now(target.threads());
      Cpu cpuUntil = null;
      if (!settings.byCount()) {
        sleepUntil(window.measureUntil);
        cpuUntil = Cpu.now(target.threads());
      }
      Duration limit = settings.byCount() ? Duration.ofMinutes(10)
          : settings.warmUp().plus(settings.window()).plus(DRAIN);
      try {
        await(all(clients, c -> c.drained), limit, "every command to be answered");
      } catch (IOException e) {
        window.stopping = true; // counted below as unanswered
      }
      long end = System.nanoTime();
      if (settings.byCount()) {
        cpuUntil = Cpu.now(target.threads());
      }

      Tally total = new Tally();
      for (int i = 0; i < clients.size(); i++) {
        LoadClient c = clients.get(i);
        try {
          total.add(channels.get(i).eventLoop().submit(c::tally).get());
        } catch (ExecutionException e) {
          throw new IllegalStateException("could not read a client's counts", e.getCause());
        }
      }
      double seconds = settings.byCount() ? (end - go) / 1e9 : settings.window().toNanos() / 1e9;
      return LoadResult.of(target.echo() ? "echo" : "server", seconds, total,
          metered ? cpuUntil.target() - cpuFrom.target() : -1,
          cpuUntil.clients() - cpuFrom.clients(), cpuUntil.process() - cpuFrom.process());
    } finally {
      for (Channel c : channels) {
        c.close();
      }
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
  }

  private static void sleepUntil(long nanoTime) throws InterruptedException {
    long left;
    while ((left = nanoTime - System.nanoTime()) > 0) {
      TimeUnit.NANOSECONDS.sleep(left);
    }
  }

  private static CompletableFuture<Void> all(List<LoadClient> clients,
      java.util.function.Function<LoadClient, CompletableFuture<Void>> which) {
    return CompletableFuture.allOf(clients.stream().map(which).toArray(CompletableFuture[]::new));
  }

  private static void await(CompletableFuture<Void> f, Duration limit, String what)
      throws IOException, InterruptedException {
    try {
      f.get(limit.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw new IOException("while waiting for " + what + ": " + e.getCause().getMessage(),
          e.getCause());
    } catch (TimeoutException e) {
      throw new IOException("gave up waiting " + limit.toSeconds() + " s for " + what);
    }
  }

  /**
   * Creates the run's matches with the host token, 20 parallel worlds at a time: vienna-1815,
   * no deadline (a turn ends when all are ready), the most turns the rules allow, as many
   * proposals a turn as the clients make,
   * starting as soon as every seat is taken (or at once, by the host, when fewer than five
   * clients play each).
   */
  static List<String> createMatches(Target target, LoadSettings settings)
      throws IOException, InterruptedException {
    Duration wait = Duration.ofSeconds(30);
    List<ServerMessage> pushed = new ArrayList<>();
    List<String> codes = new ArrayList<>();
    boolean hostStarts = settings.clientsPerMatch() < POWERS.size();
    try (RemoteBot host = RemoteBot.connect(target.host(), target.port(), wait)) {
      host.reply(host.send(ClientMessage.newBuilder().setHello(Hello.newBuilder()
          .setProtocolVersion(1).setClient("concert-load/0.1").setHostToken(target.hostToken()))),
          wait, pushed);
      MatchConfig config = MatchConfig.newBuilder().setScenarioId("vienna-1815").setSeed(1815)
          .setAutoStart(!hostStarts).setTitle("load")
          .setRules(RulesConfig.newBuilder().setTurns(200)
              .setMaxProposalsPerTurn(settings.proposalsPerTurn()))
          .build();
      while (codes.size() < settings.matches()) {
        int worlds = Math.min(20, settings.matches() - codes.size());
        ServerMessage created = host.reply(host.send(ClientMessage.newBuilder().setCreateMatch(
            CreateMatch.newBuilder().setConfig(config).setWorlds(worlds))), wait, pushed);
        for (MatchSummary s : created.getMatchCreated().getMatchesList()) {
          codes.add(s.getCode());
          if (hostStarts) {
            host.reply(host.send(ClientMessage.newBuilder().setHostAction(HostAction.newBuilder()
                .setMatchId(s.getMatchId()).setStart(Empty.getDefaultInstance()))), wait, pushed);
          }
        }
        pushed.clear();
      }
    }
    return codes;
  }
}
