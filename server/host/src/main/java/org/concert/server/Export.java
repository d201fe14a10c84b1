package org.concert.server;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.TextFormat;
import com.google.protobuf.util.JsonFormat;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import org.concert.protocol.v1.Chat;
import org.concert.protocol.v1.Clause;
import org.concert.protocol.v1.Event;
import org.concert.protocol.v1.JournalEntry;
import org.concert.protocol.v1.MatchConfig;
import org.concert.protocol.v1.Treaty;
import org.concert.server.store.MatchRecord;
import org.concert.server.store.MatchStore;
import org.concert.server.store.Recovered;

/**
 * Everything about one match, for grading and research: orders, messages (every channel),
 * treaties and events, as CSV files and one JSON file. Built by applying the match's journal
 * again, so it is exactly what happened.
 */
public final class Export {
  private Export() {}

  /** What was written. */
  public record Written(Path dir, int orders, int messages, int treaties, int events) {}

  /**
   * Exports a match from a store into a folder.
   *
   * @throws IllegalArgumentException if the store has no such match
   */
  public static Written write(MatchStore store, String matchId, Path dir) throws IOException {
    MatchRecord record = null;
    for (MatchRecord m : store.unfinished()) {
      if (m.matchId().equals(matchId)) {
        record = m;
      }
    }
    Recovered r = store.replay(matchId);
    if (record == null) {
      record = r.match();
    }
    List<JournalEntry> journal = new ArrayList<>();
    for (Recovered.Entry e : r.journal()) {
      journal.add(JournalEntry.parseFrom(e.data()));
    }
    Ledger none = new Ledger() {
      @Override
      public CompletableFuture<Void> append(String m, long v, byte[] b) {
        return CompletableFuture.completedFuture(null);
      }

      @Override
      public void snapshot(String m, long v, byte[] s) {}
    };
    var timer = Executors.newSingleThreadScheduledExecutor();
    try {
      // Tasks the recovered match would schedule (its clock, its bots) are dropped: an export
      // reads what happened and starts nothing.
      Lobby lobby = new Lobby(none, InstantSource.system(), timer, task -> { });
      MatchRoom room = lobby.recover(matchId, record.joinCode(),
          MatchConfig.parseFrom(record.config()), journal);
      return write(room, journal, dir);
    } finally {
      timer.shutdownNow();
    }
  }

  static Written write(MatchRoom room, List<JournalEntry> journal, Path dir) throws IOException {
    Files.createDirectories(dir);
    StringBuilder orders = new StringBuilder("version,at_epoch_ms,turn,power,orders\n");
    StringBuilder messages = new StringBuilder(
        "version,at_epoch_ms,turn,channel,from,to,author,text\n");
    int turn = 1;
    int nOrders = 0;
    int nMessages = 0;
    for (JournalEntry e : journal) {
      if (e.hasOrders()) {
        nOrders++;
        orders.append(e.getVersion()).append(',').append(e.getAtEpochMs()).append(',')
            .append(turn).append(',').append(e.getOrders().getPower()).append(',')
            .append(csv(TextFormat.shortDebugString(e.getOrders().getOrders()))).append('\n');
      }
      if (e.hasChat()) {
        nMessages++;
        Chat c = e.getChat();
        messages.append(e.getVersion()).append(',').append(e.getAtEpochMs()).append(',')
            .append(c.getTurn()).append(',').append(c.getChannel().name()
                .replace("CHAT_CHANNEL_", "").toLowerCase()).append(',').append(c.getFrom())
            .append(',').append(csv(String.join(" ", c.getToList()))).append(',')
            .append(csv(c.getAuthor())).append(',').append(csv(c.getText())).append('\n');
      }
      if (e.hasResolved()) {
        turn = e.getResolved().getTurn() + 1;
      }
    }
    StringBuilder treaties = new StringBuilder(
        "id,parties,clauses,secret,signed_turn,last_turn,status,renounced_by\n");
    List<Treaty> all = room.state().treaties();
    for (Treaty t : all) {
      List<String> kinds = new ArrayList<>();
      for (Clause c : t.getTerms().getClausesList()) {
        kinds.add(TextFormat.shortDebugString(c));
      }
      treaties.append(t.getId()).append(',').append(csv(String.join(" ",
          t.getTerms().getPartiesList()))).append(',').append(csv(String.join("; ", kinds)))
          .append(',').append(t.getTerms().getSecret()).append(',').append(t.getSignedTurn())
          .append(',').append(t.getLastTurn()).append(',')
          .append(t.getStatus().name().replace("TREATY_STATUS_", "").toLowerCase()).append(',')
          .append(t.getRenouncedBy()).append('\n');
    }
    StringBuilder events = new StringBuilder("version,turn,kind,audience,event\n");
    int nEvents = 0;
    for (Delivery d : room.history()) {
      if (!d.message().hasEvent()) {
        continue;
      }
      nEvents++;
      Event ev = d.message().getEvent();
      events.append(d.version()).append(',').append(ev.getTurn()).append(',')
          .append(ev.getKindCase().name().toLowerCase()).append(',')
          .append(csv(ev.getAudience().getEveryone() ? "everyone"
              : String.join(" ", ev.getAudience().getPowersList()))).append(',')
          .append(csv(TextFormat.shortDebugString(ev))).append('\n');
    }
    Files.writeString(dir.resolve("orders.csv"), orders, StandardCharsets.UTF_8);
    Files.writeString(dir.resolve("messages.csv"), messages, StandardCharsets.UTF_8);
    Files.writeString(dir.resolve("treaties.csv"), treaties, StandardCharsets.UTF_8);
    Files.writeString(dir.resolve("events.csv"), events, StandardCharsets.UTF_8);
    var journalProto = org.concert.protocol.v1.Journal.newBuilder().addAllEntries(journal).build();
    try {
      String json = "{\"match\":\"" + room.id + "\",\"code\":\"" + room.code + "\",\"config\":"
          + JsonFormat.printer().print(room.config) + ",\"journal\":"
          + JsonFormat.printer().print(journalProto) + ",\"state\":"
          + JsonFormat.printer().print(room.state().toProto()) + "}\n";
      Files.writeString(dir.resolve("match.json"), json, StandardCharsets.UTF_8);
    } catch (InvalidProtocolBufferException e) {
      throw new IOException("could not print the match as JSON: " + e.getMessage(), e);
    }
    return new Written(dir, nOrders, nMessages, all.size(), nEvents);
  }

  /** A CSV field: quoted when it holds a comma, a quote or a line break. */
  static String csv(String s) {
    if (s.contains(",") || s.contains("\"") || s.contains("\n") || s.contains("\r")) {
      return "\"" + s.replace("\"", "\"\"") + "\"";
    }
    return s;
  }
}
