package org.concert.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.MalformedInputException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.concert.maps.CheckedScenario;
import org.concert.maps.Problem;
import org.concert.maps.ScenarioFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code concert maps validate FILE...}: checks scenario files and prints every problem. */
@Command(
    name = "validate",
    description = {
      "Check scenario files (protobuf text format, concert.v1.Scenario) against the rules.",
      "Prints each problem as FILE:LINE:COL: message, then a summary.",
      "Exit status: 0 when every file is clean, 1 when any has a problem or cannot be read."
    })
final class MapsValidate implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Parameters(arity = "1..*", paramLabel = "FILE", description = "Scenario files to check.")
  List<Path> files;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    int problems = 0;
    int badFiles = 0;
    int unreadable = 0;
    for (Path file : files) {
      CheckedScenario checked;
      try {
        checked = ScenarioFiles.read(file);
      } catch (IOException e) {
        err.println(file + ": cannot read: " + reason(file, e));
        unreadable++;
        continue;
      }
      for (Problem p : checked.problems()) {
        out.println(p);
      }
      if (!checked.problems().isEmpty()) {
        problems += checked.problems().size();
        badFiles++;
      }
    }
    out.println(summary(files.size(), problems, badFiles, unreadable));
    out.flush();
    err.flush();
    return problems == 0 && unreadable == 0 ? Concert.OK : Concert.FAILED;
  }

  private static String summary(int checked, int problems, int badFiles, int unreadable) {
    StringBuilder s = new StringBuilder("checked ").append(plural(checked, "file")).append(": ");
    if (problems == 0 && unreadable == 0) {
      return s.append("no problems").toString();
    }
    if (problems > 0) {
      s.append(plural(problems, "problem")).append(" in ").append(plural(badFiles, "file"));
    }
    if (unreadable > 0) {
      s.append(problems > 0 ? ", " : "").append(unreadable).append(" unreadable");
    }
    return s.toString();
  }

  private static String plural(int n, String noun) {
    return n + " " + noun + (n == 1 ? "" : "s");
  }

  private static String reason(Path file, IOException e) {
    if (e instanceof NoSuchFileException) {
      return "no such file";
    }
    if (e instanceof AccessDeniedException) {
      return "permission denied";
    }
    if (e instanceof MalformedInputException) {
      return "not UTF-8 text";
    }
    if (Files.isDirectory(file)) {
      return "it is a directory";
    }
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }
}
