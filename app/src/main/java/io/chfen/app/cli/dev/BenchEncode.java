package io.chfen.app.cli.dev;

import io.chfen.app.bench.EncodeBenchmark;
import io.chfen.app.cli.Runs;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code chfen dev bench encode}: encode-stage speed, batching and native memory
 * (docs/benchmarks.md).
 */
@Command(
    name = "encode",
    mixinStandardHelpOptions = true,
    description =
        "Measure the encode stage (samples/s over a process output), each ONNX encoder at batch 32"
            + " vs 1, and resident memory over many calls; prints tables. Run ./chfen demo first.")
final class BenchEncode implements Callable<Integer> {
  @Option(
      names = "--in",
      defaultValue = "out/demo",
      description = "A process stage output (default ${DEFAULT-VALUE}).")
  Path in;

  @Option(
      names = "--calls",
      defaultValue = "10000",
      description = "Encoder calls for the memory check (default ${DEFAULT-VALUE}).")
  int calls;

  @Override
  public Integer call() throws Exception {
    System.out.print(new EncodeBenchmark(in, Runs.media(null)).run(calls));
    return 0;
  }
}
