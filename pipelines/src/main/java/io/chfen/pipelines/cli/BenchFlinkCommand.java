package io.chfen.pipelines.cli;

import io.chfen.bench.FlinkBenchmark;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code chfen bench-flink}: Flink scaling and overhead (docs/benchmarks.md). */
@Command(
    name = "bench-flink",
    mixinStandardHelpOptions = true,
    description =
        "Start a standalone Flink cluster (runner-configs/flink-cluster.yaml) and time the process"
            + " stage over the demo's videos repeated --copies times at parallelism 1 and 2, then"
            + " the DirectRunner against the cluster on the demo's videos; prints tables. Run"
            + " ./chfen demo first; stop any cluster on the same port.")
final class BenchFlinkCommand implements Callable<Integer> {
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
    System.out.print(
        new FlinkBenchmark(in, FlinkClusterCommand.repository(), Chfen::execute).run(copies, work));
    return 0;
  }
}
