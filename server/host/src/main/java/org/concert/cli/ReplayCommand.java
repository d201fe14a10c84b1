package org.concert.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.concert.arena.ReplayFiles;
import org.concert.engine.Replay;
import org.concert.maps.Scenarios;
import org.concert.protocol.v1.Journal;
import org.concert.protocol.v1.JournalEntry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code concert replay FILE}: re-runs a journal and checks every turn's state hash. */
@Command(name = "replay", mixinStandardHelpOptions = true,
    description = "Re-runs a replay file (a match journal) through the engine, checks the state"
        + " hash of every turn against the one recorded, and prints the final hash.")
public final class ReplayCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(paramLabel = "FILE", description = "A replay written by `concert play --replay`"
      + " or by the server's export.")
  Path file;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Journal journal;
    try {
      journal = ReplayFiles.read(file);
    } catch (IOException e) {
      err.println("concert replay: cannot read " + file + ": " + e.getMessage());
      return Concert.FAILED;
    }
    long turns = journal.getEntriesList().stream().filter(JournalEntry::hasResolved).count();
    ProgressBar bar = new ProgressBar(err, "turns");
    Replay.Result result;
    try {
      result = Replay.run(journal, id -> {
        try {
          return Scenarios.load(id);
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException("the replay's scenario: " + e.getMessage());
        }
      }, done -> bar.update(done, (int) turns));
    } catch (Replay.MismatchException e) {
      err.println("concert replay: " + file + ": " + e.getMessage());
      return Concert.FAILED;
    } catch (IllegalArgumentException e) {
      err.println("concert replay: " + file + ": " + e.getMessage());
      return Concert.FAILED;
    }
    bar.finish();
    out.printf("%s: %d turns replayed, every state hash matches%n", file, result.hashes().size());
    out.printf("final state hash %s%n",
        result.hashes().isEmpty() ? result.state().hash() : result.hashes().get(result.hashes().size() - 1));
    out.flush();
    return Concert.OK;
  }
}
