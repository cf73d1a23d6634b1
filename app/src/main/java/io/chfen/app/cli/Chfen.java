package io.chfen.app.cli;

import io.chfen.app.cli.dev.DevCommand;
import io.chfen.files.Location;
import io.chfen.schemas.Version;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code chfen} command line: the user's commands (the demo, each stage, the whole build, the
 * trainer, the report, the sample data, a local Flink cluster) and {@code dev} for the benchmarks
 * and evaluations.
 */
@Command(
    name = "chfen",
    mixinStandardHelpOptions = true,
    versionProvider = Chfen.BuildVersion.class,
    // every subcommand answers -V with the build's version too
    scope = CommandLine.ScopeType.INHERIT,
    description = "Short videos → a clean, trainable multimodal emotion dataset.",
    subcommands = {
      DemoCommand.class,
      BuildCommand.class,
      CrawlCommand.class,
      IngestCommand.class,
      ProcessCommand.class,
      EncodeCommand.class,
      TrainCommand.class,
      ExplainCommand.class,
      ReportCommand.class,
      AnnotateCommand.class,
      SampleCommand.class,
      SampleSiteCommand.class,
      FlinkClusterCommand.class,
      S3ServerCommand.class,
      DevCommand.class
    })
public final class Chfen implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /** {@code chfen --version}: the build's version, from the POM. */
  static final class BuildVersion implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"chfen " + Version.CURRENT};
    }
  }

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  public static void main(String[] args) {
    // the PyTorch natives ship in a jar on the class path: DJL must never fetch an engine
    if (System.getProperty("ai.djl.offline") == null) {
      System.setProperty("ai.djl.offline", "true");
    }
    System.exit(execute(args));
  }

  /** Runs a command line and returns its exit code (tests call this). */
  public static int execute(String... args) {
    CommandLine cli =
        new CommandLine(new Chfen())
            .registerConverter(Location.class, Location::of)
            .setCaseInsensitiveEnumValuesAllowed(true)
            .setExecutionExceptionHandler(
                (e, cmd, parsed) -> {
                  // bad input or config: say what is wrong, no stack trace
                  if (e instanceof IllegalArgumentException
                      || e instanceof IllegalStateException
                      || e instanceof java.io.IOException
                      || e instanceof java.io.UncheckedIOException) {
                    cmd.getErr().println("chfen " + cmd.getCommandName() + ": " + e.getMessage());
                    return 1;
                  }
                  throw e;
                });
    DevCommand.showNestedCommands(cli.getSubcommands().get("dev"));
    return cli.execute(args);
  }
}
