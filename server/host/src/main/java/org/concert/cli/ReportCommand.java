package org.concert.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.concert.arena.ReplayFiles;
import org.concert.arena.Report;
import org.concert.engine.Replay;
import org.concert.maps.Scenarios;
import org.concert.protocol.v1.Journal;
import org.concert.protocol.v1.JournalEntry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code concert report REPLAY}: the debrief of a match as one self-contained HTML page. */
@Command(name = "report", mixinStandardHelpOptions = true,
    description = {
      "Replays a match journal and writes its debrief as one HTML page that needs nothing else:"
          + " the result and scores; arms, income, power shares, polarity and security by year;"
          + " the map at the end; the alliance network; commitments honoured and broken;"
          + " balancing, bandwagoning, chain-ganging and buck-passing; and the arms race of"
          + " every rival pair.",
      "Open it in any browser, offline; print it or put it on the projector."})
public final class ReportCommand implements Callable<Integer> {
  /** Progress is told every this many turns replayed. */
  static final int PROGRESS_EVERY = 10;

  @Spec CommandSpec spec;

  @Parameters(paramLabel = "REPLAY", description = "A replay written by `concert play --replay`"
      + " or by the server's export (text if the name ends in .textproto).")
  Path replay;

  @Option(names = {"-o", "--out"}, paramLabel = "FILE",
      description = "Where to write the page; by default beside the replay, named like it but"
          + " ending in .html instead.")
  Path out;

  @Override
  public Integer call() {
    PrintWriter stdout = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Path target = out != null ? out : defaultOut(replay);
    if (target.toAbsolutePath().normalize().equals(replay.toAbsolutePath().normalize())) {
      err.println("concert report: the page would overwrite the replay " + replay
          + "; choose another --out");
      return Concert.FAILED;
    }
    Journal journal;
    try {
      journal = ReplayFiles.read(replay);
    } catch (IOException e) {
      err.println("concert report: " + unreadable(replay, e));
      return Concert.FAILED;
    }
    long turns = journal.getEntriesList().stream().filter(JournalEntry::hasResolved).count();
    Report report;
    try {
      report = Report.of(journal, Scenarios::load, done -> {
        if (done % PROGRESS_EVERY == 0) {
          err.printf("replayed %d of %d turns%n", done, turns);
          err.flush();
        }
      });
    } catch (Replay.MismatchException | IllegalArgumentException e) {
      err.println("concert report: " + replay + " cannot be replayed: " + e.getMessage());
      return Concert.FAILED;
    }
    try {
      Path parent = target.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      Files.writeString(target, report.html(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      err.println("concert report: cannot write " + target + ": " + reason(e));
      return Concert.FAILED;
    }
    stdout.printf("report of %s written to %s (%d %s, %s)%n", replay, target,
        report.debrief().getTurnsCount(), report.debrief().getTurnsCount() == 1 ? "year" : "years",
        report.scenario().getName());
    stdout.flush();
    return Concert.OK;
  }

  /** The replay's path with its extension (if any) replaced by {@code .html}. */
  static Path defaultOut(Path replay) {
    String name = replay.getFileName().toString();
    int dot = name.lastIndexOf('.');
    String base = dot > 0 ? name.substring(0, dot) : name;
    return replay.resolveSibling(base + ".html");
  }

  /** Why a replay could not be read, naming it once. */
  private static String unreadable(Path file, IOException e) {
    String message = reason(e);
    return message.startsWith(file.toString()) ? message : "cannot read " + file + ": " + message;
  }

  private static String reason(IOException e) {
    if (e instanceof NoSuchFileException) {
      return "no such file";
    }
    if (e instanceof AccessDeniedException) {
      return "permission denied";
    }
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }
}
