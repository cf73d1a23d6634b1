package io.chfen.app.cli.dev;

import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Help;
import picocli.CommandLine.Model.UsageMessageSpec;

/**
 * {@code chfen dev}: the developers' commands, the benchmarks ({@code chfen dev bench …}) and the
 * quality evaluations against the sample corpus's truth ({@code chfen dev eval …}). Its help lists
 * every one of them.
 */
@Command(
    name = "dev",
    mixinStandardHelpOptions = true,
    description = "Benchmarks and quality evaluations (docs/benchmarks.md has their figures).",
    subcommands = {DevCommand.Bench.class, DevCommand.Eval.class})
public final class DevCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  /** {@code chfen dev bench}: speed and memory, each harness printing a table. */
  @Command(
      name = "bench",
      mixinStandardHelpOptions = true,
      description = "Speed and memory benchmarks; each prints a table.",
      subcommands = {
        BenchCrawl.class,
        BenchDecode.class,
        BenchProcess.class,
        BenchSeparation.class,
        BenchFaces.class,
        BenchEncode.class,
        BenchTrain.class,
        BenchFlink.class
      })
  static final class Bench implements Runnable {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
      spec.commandLine().usage(System.out);
    }
  }

  /** {@code chfen dev eval}: quality against the sample corpus's ground truth. */
  @Command(
      name = "eval",
      mixinStandardHelpOptions = true,
      description = "Quality of the analyzers against the sample corpus's ground truth.",
      subcommands = {EvalOcr.class, EvalSeparation.class, EvalFaces.class, EvalCrawl.class})
  static final class Eval implements Runnable {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
      spec.commandLine().usage(System.out);
    }
  }

  /**
   * Lists each group's subcommands under it ({@code bench crawl Measure ...}), so {@code chfen dev
   * --help} shows every benchmark and evaluation; install on the {@code dev} command line.
   */
  public static void showNestedCommands(CommandLine dev) {
    dev.getHelpSectionMap()
        .put(
            UsageMessageSpec.SECTION_KEY_COMMAND_LIST,
            help -> {
              Help.TextTable t =
                  Help.TextTable.forColumnWidths(
                      help.colorScheme(), 26, help.commandSpec().usageMessage().width() - 26);
              for (Map.Entry<String, CommandLine> group : dev.getSubcommands().entrySet()) {
                t.addRowValues("  " + group.getKey(), description(group.getValue()));
                for (Map.Entry<String, CommandLine> leaf :
                    group.getValue().getSubcommands().entrySet()) {
                  t.addRowValues(
                      "    " + group.getKey() + " " + leaf.getKey(), description(leaf.getValue()));
                }
              }
              return t.toString();
            });
  }

  private static String description(CommandLine c) {
    String[] d = c.getCommandSpec().usageMessage().description();
    return d.length == 0 ? "" : d[0];
  }
}
