package org.concert.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.concert.maps.Scenarios;
import org.concert.maps.SymmetricMaps;
import org.concert.protocol.v1.ScenarioSummary;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code concert maps list}: the catalogue as a table. */
@Command(
    name = "list",
    description = {
      "List the scenarios a match can start from: id, name, provinces and powers.",
      "The generated symmetric maps share one line unless --all is given."
    })
final class MapsList implements Runnable {

  @Spec CommandSpec spec;

  @Option(names = {"-a", "--all"}, description = "List each generated symmetric map on its own line.")
  boolean all;

  @Override
  public void run() {
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"ID", "NAME", "PROVINCES", "POWERS"});
    List<ScenarioSummary> generated = new ArrayList<>();
    for (ScenarioSummary s : Scenarios.list()) {
      if (!all && SymmetricMaps.isGeneratedId(s.getId())) {
        generated.add(s);
      } else {
        rows.add(new String[] {s.getId(), s.getName(), Integer.toString(s.getProvinces()), powers(s)});
      }
    }
    if (!generated.isEmpty()) {
      rows.add(generatedRow(generated));
    }
    print(spec.commandLine().getOut(), rows);
  }

  private static String powers(ScenarioSummary s) {
    return s.getPowersList().stream()
        .map(p -> p.getId() + " " + p.getName())
        .collect(Collectors.joining(", "));
  }

  /** One row for symmetric-2 to symmetric-8: the range of sizes and the largest seat list. */
  private static String[] generatedRow(List<ScenarioSummary> generated) {
    ScenarioSummary first = generated.get(0);
    ScenarioSummary last = generated.get(generated.size() - 1);
    String range = first.getPowersCount() + ".." + last.getPowersCount();
    return new String[] {
      SymmetricMaps.ID_PREFIX + "N",
      "Symmetric ring, N = " + range + " powers",
      first.getProvinces() + ".." + last.getProvinces(),
      "the first N of: " + powers(last)
    };
  }

  private static void print(PrintWriter out, List<String[]> rows) {
    int columns = rows.get(0).length;
    int[] width = new int[columns];
    for (String[] row : rows) {
      for (int c = 0; c < columns; c++) {
        width[c] = Math.max(width[c], row[c].length());
      }
    }
    for (String[] row : rows) {
      StringBuilder line = new StringBuilder();
      for (int c = 0; c < columns; c++) {
        boolean last = c == columns - 1;
        line.append(last ? row[c] : String.format("%-" + width[c] + "s  ", row[c]));
      }
      out.println(line.toString().stripTrailing());
    }
    out.flush();
  }
}
