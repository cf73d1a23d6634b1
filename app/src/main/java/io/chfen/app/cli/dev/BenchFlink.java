package io.chfen.app.cli.dev;

import io.chfen.app.bench.FlinkBenchmark;
import io.chfen.app.cli.Chfen;
import io.chfen.app.cli.Runs;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code chfen dev bench flink}: Flink scaling and overhead (docs/benchmarks.md). */
@Command(
    name = "flink",
    mixinStandardHelpOptions = true,
    description =
        "Start a standalone Flink cluster (runner-configs/flink-cluster.yaml) and time the process"
            + " stage over the demo's videos repeated --copies times at parallelism 1 and 2, then"
            + " the DirectRunner against the cluster on the demo's videos; prints tables. Run"
            + " ./chfen demo first; stop any cluster on the same port.")
final class BenchFlink implements Callable<Integer> {
  @Option(
      names = "--in",
      defaultValue = "out/demo",
      description = "A demo output (default ${DEFAULT-VALUE}).")
  Path in;

  @Option(
      names = "--copies",
      defaultValue = "3",
      description = "Times the demo's videos are repeated (default ${DEFAULT-VALUE}).")
  int copies;

  @Option(
      names = "--work",
      defaultValue = "out/bench-flink",
      description = "Scratch directory (default ${DEFAULT-VALUE}).")
  Path work;

  @Override
  public Integer call() throws Exception {
    System.out.print(new FlinkBenchmark(in, Runs.repository(), Chfen::execute).run(copies, work));
    return 0;
  }
}
