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
  public record Written(
      Path dir, int orders, int messages, int treaties, int events, int transcripts) {}

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
    int nTranscripts = transcripts(room, journal, dir);
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
    return new Written(dir, nOrders, nMessages, all.size(), nEvents, nTranscripts);
  }

  /**
   * One transcript per person who held a seat or sat in its cabinet, for grading: year by year,
   * what the person wrote, every message their power received, and what their power ordered and
   * did in diplomacy (a cabinet shares those). Written as {@code transcript-POWER-name.txt}.
   *
   * @return how many transcripts were written
   */
  static int transcripts(MatchRoom room, List<JournalEntry> journal, Path dir) throws IOException {
    record Person(String power, String name) {}
    java.util.LinkedHashMap<Person, Integer> people = new java.util.LinkedHashMap<>();
    int turn = 1;
    for (JournalEntry e : journal) {
      if (e.hasSeat() && e.getSeat().getRole() != org.concert.protocol.v1.Role.ROLE_OBSERVER
          && !e.getSeat().getDisplayName().isBlank() && e.getSeat().getBot().isEmpty()) {
        people.putIfAbsent(new Person(e.getSeat().getPower(), e.getSeat().getDisplayName()), turn);
      }
      if (e.hasResolved()) {
        turn = e.getResolved().getTurn() + 1;
      }
    }
    java.util.Set<String> files = new java.util.HashSet<>();
    for (var entry : people.entrySet()) {
      Person who = entry.getKey();
      StringBuilder t = new StringBuilder();
      t.append("Transcript of ").append(who.name()).append(", ").append(who.power())
          .append(", in match ").append(room.id).append(" (code ").append(room.code).append(")");
      if (!room.config.getTitle().isEmpty()) {
        t.append(", \"").append(room.config.getTitle()).append('"');
      }
      t.append("\nSeated from turn ").append(entry.getValue()).append(".\n");
      int at = 1;
      boolean headed = false;
      for (JournalEntry e : journal) {
        String line = null;
        if (e.hasChat()) {
          Chat c = e.getChat();
          boolean wrote = c.getFrom().equals(who.power()) && c.getAuthor().equals(who.name());
          boolean got = c.getChannel() == org.concert.protocol.v1.ChatChannel.CHAT_CHANNEL_PUBLIC
              || c.getToList().contains(who.power()) || c.getFrom().equals(who.power());
          if (wrote || got) {
            String channel = c.getChannel().name().replace("CHAT_CHANNEL_", "").toLowerCase();
            line = (wrote ? "wrote" : "read") + " [" + channel
                + (c.getToList().isEmpty() ? "" : " to " + String.join(" ", c.getToList()))
                + "] " + (c.getFrom().isEmpty() ? "host" : c.getFrom())
                + (c.getAuthor().isEmpty() ? "" : " (" + c.getAuthor() + ")") + ": " + c.getText();
          }
        } else if (e.hasOrders() && e.getOrders().getPower().equals(who.power())) {
          line = "orders: " + TextFormat.shortDebugString(e.getOrders().getOrders());
        } else if (e.hasAct() && e.getAct().getPower().equals(who.power())) {
          line = "diplomacy: " + TextFormat.shortDebugString(e.getAct().getAction());
        } else if (e.hasReady() && e.getReady().getPower().equals(who.power())) {
          line = e.getReady().getReady() ? "ready" : "not ready";
        }
        if (line != null) {
          if (!headed) {
            t.append("\nTurn ").append(at).append('\n');
            headed = true;
          }
          t.append("  ").append(line).append('\n');
        }
        if (e.hasResolved()) {
          at = e.getResolved().getTurn() + 1;
          headed = false;
        }
      }
      String slug = who.name().toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]+", "-")
          .replaceAll("(^-|-$)", "");
      String file = "transcript-" + who.power() + "-" + (slug.isEmpty() ? "person" : slug);
      String unique = file;
      for (int k = 2; !files.add(unique); k++) {
        unique = file + "-" + k;
      }
      Files.writeString(dir.resolve(unique + ".txt"), t, StandardCharsets.UTF_8);
    }
    return people.size();
  }

  /** A CSV field: quoted when it holds a comma, a quote or a line break. */
  static String csv(String s) {
    if (s.contains(",") || s.contains("\"") || s.contains("\n") || s.contains("\r")) {
      return "\"" + s.replace("\"", "\"\"") + "\"";
    }
    return s;
  }
}
