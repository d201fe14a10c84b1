package org.concert.cli;

import com.google.protobuf.TextFormat;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.concert.maps.Scenarios;
import org.concert.protocol.v1.Scenario;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code concert maps show ID}: prints a catalogue scenario as a scenario file. */
@Command(
    name = "show",
    description = {
      "Print a scenario from the catalogue in protobuf text format, ready to save and edit.",
      "For example: concert maps show symmetric-4 > my-map.textproto"
    })
final class MapsShow implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Parameters(paramLabel = "ID", description = "A scenario id, as 'concert maps list' shows it.")
  String id;

  @Override
  public Integer call() {
    Scenario scenario;
    try {
      scenario = Scenarios.load(id);
    } catch (IllegalArgumentException e) {
      spec.commandLine().getErr().println("concert maps show: " + e.getMessage());
      spec.commandLine().getErr().flush();
      return Concert.FAILED;
    }
    PrintWriter out = spec.commandLine().getOut();
    out.println("# proto-file: concert/v1/scenario.proto");
    out.println("# proto-message: concert.v1.Scenario");
    out.println();
    out.print(TextFormat.printer().printToString(scenario));
    out.flush();
    return Concert.OK;
  }
}
