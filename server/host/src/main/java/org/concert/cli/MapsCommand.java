package org.concert.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code concert maps}: the scenario catalogue and scenario files. */
@Command(
    name = "maps",
    description = "List, check and print scenarios.",
    subcommands = {MapsValidate.class, MapsList.class, MapsShow.class})
final class MapsCommand implements Runnable {

  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "Missing required subcommand");
  }
}
