package io.chfen.app.cli.dev;

import io.chfen.app.bench.TrainBenchmark;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code chfen dev bench train}: loader throughput, step time, epoch time (docs/benchmarks.md). */
@Command(
    name = "train",
    mixinStandardHelpOptions = true,
    description =
        "Measure the trainer: shard loader vs plain reads of the same files, training step time"
            + " and samples/s, and an epoch from shards vs encoding on the fly; prints tables."
            + " Run ./chfen demo first.")
final class BenchTrain implements Callable<Integer> {
  @Option(
      names = "--in",
      defaultValue = "out/demo",
      description = "A demo output with shards (default ${DEFAULT-VALUE}).")
  Path in;

  @Option(
      names = "--rows",
      defaultValue = "8000",
      description =
          "Rows of the loader's bench shards, the demo's repeated (default ${DEFAULT-VALUE}).")
  int rows;

  @Option(
      names = "--work",
      defaultValue = "out/bench-train",
      description = "Scratch directory (default ${DEFAULT-VALUE}).")
  Path work;

  @Override
  public Integer call() throws Exception {
    System.out.print(new TrainBenchmark(in).run(rows, work));
    return 0;
  }
}
