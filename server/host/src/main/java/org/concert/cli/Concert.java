package org.concert.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/** The root of the {@code concert} command line. */
@Command(
    name = "concert",
    description = "Concert: a game server for Concert-of-Europe diplomacy.",
    mixinStandardHelpOptions = true,
    versionProvider = Concert.Version.class,
    scope = ScopeType.INHERIT,
    subcommands = {MapsCommand.class, PlayCommand.class, TournamentCommand.class,
        ReplayCommand.class, ReportCommand.class, ExperimentCommand.class, ServeCommand.class,
        ExportCommand.class, CreateCommand.class, BotCommand.class},
    usageHelpAutoWidth = true)
public final class Concert implements Runnable {

  /** Exit status when every file or check passed. */
  public static final int OK = 0;
  /** Exit status when the command ran and found problems, or could not read its input. */
  public static final int FAILED = 1;

  @Spec CommandSpec spec;

  /** Runs the command line and exits with its status. */
  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The command line, ready to {@code execute}; tests set its output streams first. */
  public static CommandLine commandLine() {
    return new CommandLine(new Concert()).setCaseInsensitiveEnumValuesAllowed(true);
  }

  /** Without a subcommand there is nothing to do: say so, with the usage. */
  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "Missing required subcommand");
  }

  /** The version line: the project version the jar was built from, and the Java running it. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      Properties p = new Properties();
      try (InputStream in = Concert.class.getResourceAsStream("version.properties")) {
        if (in != null) {
          p.load(in);
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return new String[] {
        "concert " + p.getProperty("version", "(unknown version)"),
        "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")"
      };
    }
  }
}
