package org.concert.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.concert.server.net.Downloads;
import org.concert.server.store.MatchStore;

/**
 * The downloads: the public ones of {@link PublicFiles} (scenarios, rules knobs, QR codes) and
 * {@code server.json} (the {@link JoinAddress} students join at), {@code ladder.json} (the
 * {@link Ladder}'s table), and
 * the host's: {@code GET /download/export/MATCH.zip} with the host token as a bearer
 * token gives the match's export (orders, messages, treaties, events as CSV, and JSON) as one
 * zip file. Made on a worker thread, from the journal in the store.
 */
final class HostDownloads implements Downloads {
  private static final Pattern EXPORT = Pattern.compile("export/([A-Za-z0-9-]+)\\.zip");

  private final Lobby lobby;
  private final MatchStore store;
  private final Executor workers;
  private final Supplier<JoinAddress> joinAddress;

  HostDownloads(Lobby lobby, MatchStore store, Executor workers,
      Supplier<JoinAddress> joinAddress) {
    this.lobby = lobby;
    this.store = store;
    this.workers = workers;
    this.joinAddress = joinAddress;
  }

  @Override
  public CompletableFuture<Answer> get(String path, String bearerToken) {
    if (path.equals("ladder.json")) { // the table waits on the ladder's lock: a worker's job
      Ladder ladder = lobby.ladder;
      return ladder == null
          ? CompletableFuture.completedFuture(Answer.text(404, "This server runs no ladder."))
          : CompletableFuture.supplyAsync(() -> new Answer(200,
              "application/json; charset=utf-8", "", ladder.jsonBytes()), workers);
    }
    if (path.equals("server.json")) { // looks at the network interfaces: not on the event loop
      return CompletableFuture.supplyAsync(() -> new Answer(200,
          "application/json; charset=utf-8", "",
          joinAddress.get().json().getBytes(java.nio.charset.StandardCharsets.UTF_8)), workers);
    }
    // Made on a worker: a QR code or a scenario's JSON is work the event loop must not do.
    return CompletableFuture.supplyAsync(() -> PublicFiles.get(path), workers).thenCompose(open ->
        open.map(CompletableFuture::completedFuture).orElseGet(() -> hosts(path, bearerToken)));
  }

  private CompletableFuture<Answer> hosts(String path, String bearerToken) {
    if (bearerToken.isEmpty() || !lobby.isHost(Tokens.hash(bearerToken))) {
      return CompletableFuture.completedFuture(Answer.text(401,
          "Downloads need the host token: send it as \"Authorization: Bearer TOKEN\"."));
    }
    Matcher m = EXPORT.matcher(path);
    if (!m.matches() || lobby.byId(m.group(1)) == null) {
      return CompletableFuture.completedFuture(Answer.text(404, "No such download."));
    }
    String matchId = m.group(1);
    return CompletableFuture.supplyAsync(() -> {
      try {
        Path dir = Files.createTempDirectory("concert-export-");
        try {
          Export.write(store, matchId, dir);
          return new Answer(200, "application/zip", matchId + ".zip", zip(dir, matchId));
        } finally {
          try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }, workers);
  }

  private static byte[] zip(Path dir, String folder) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(bytes);
        Stream<Path> files = Files.list(dir)) {
      for (Path f : files.sorted().toList()) {
        zip.putNextEntry(new ZipEntry(folder + "/" + f.getFileName()));
        Files.copy(f, zip);
        zip.closeEntry();
      }
    }
    return bytes.toByteArray();
  }
}
