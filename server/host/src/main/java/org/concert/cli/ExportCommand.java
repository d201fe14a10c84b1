package org.concert.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.concert.server.Export;
import org.concert.server.store.MatchStore;
import org.concert.server.store.StoreException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code concert export MATCH}: a match's orders, messages, treaties and events as files. */
@Command(name = "export", mixinStandardHelpOptions = true,
    description = "Exports one match from the server's store: orders.csv, messages.csv (every"
        + " channel), treaties.csv, events.csv and match.json (configuration, journal, final"
        + " state). Run it where the server's data is; with the embedded database, stop the"
        + " server first (it holds the data folder) or export from a copy of the folder.")
public final class ExportCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(paramLabel = "MATCH", description = "The match id, e.g. m3.")
  String match;

  @Option(names = "--data", paramLabel = "DIR", defaultValue = "data",
      description = "The server's data folder (default: ${DEFAULT-VALUE}).")
  Path data;

  @Option(names = "--db", paramLabel = "JDBC-URL", description = "The server's PostgreSQL URL.")
  String db;

  @Option(names = "--out", paramLabel = "DIR", description = "Where to write (default: the match id).")
  Path out;

  @Override
  public Integer call() throws Exception {
    Path dir = out != null ? out : Path.of(match);
    try (MatchStore store = MatchStore.open(db, data)) {
      Export.Written w = Export.write(store, match, dir);
      spec.commandLine().getOut().printf(
          "exported match %s to %s: %d order sets, %d messages, %d treaties, %d events,"
              + " %d transcripts%n",
          match, w.dir(), w.orders(), w.messages(), w.treaties(), w.events(), w.transcripts());
      return Concert.OK;
    } catch (StoreException | IllegalArgumentException e) {
      spec.commandLine().getErr().println("concert export: " + e.getMessage());
      return Concert.FAILED;
    }
  }
}
