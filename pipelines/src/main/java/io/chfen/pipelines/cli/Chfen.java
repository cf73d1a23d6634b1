package io.chfen.pipelines.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code chfen} command line: one subcommand per stage, plus the demo. */
@Command(
    name = "chfen",
    mixinStandardHelpOptions = true,
    version = "chfen 0.1.0",
    description = "Short videos → a clean, trainable multimodal emotion dataset.",
    subcommands = {
      DemoCommand.class,
      BuildCommand.class,
      CrawlCommand.class,
      SampleSiteCommand.class,
      BenchCrawlCommand.class,
      SampleCommand.class,
      ProcessCommand.class,
      EncodeCommand.class,
      TrainCommand.class,
      ExplainCommand.class,
      ReportCommand.class,
      FlinkClusterCommand.class,
      BenchDecodeCommand.class,
      EvalOcrCommand.class,
      EvalFacesCommand.class,
      BenchFacesCommand.class,
      BenchEncodeCommand.class,
      BenchTrainCommand.class,
      BenchFlinkCommand.class,
      EvalSeparationCommand.class,
      BenchSeparationCommand.class
    })
public final class Chfen implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

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
    return new CommandLine(new Chfen())
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
            })
        .execute(args);
  }
}
