package io.chfen.pipelines.cli;

import io.chfen.bench.SeparationBenchmark;
import io.chfen.eval.SeparationEvaluation;
import io.chfen.models.ModelFiles;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code chfen bench-separation}: separation speed and peak heap (docs/benchmarks.md). */
@Command(
    name = "bench-separation",
    mixinStandardHelpOptions = true,
    description =
        "Measure vocals/music separation speed (one core) on the corpus mixes and on a long looped"
            + " input, with the peak heap; prints a table. Run with JAVA_OPTS=-Xmx512m to hold the"
            + " heap to 512 MB.")
final class BenchSeparationCommand implements Callable<Integer> {
  @Option(
      names = "--long-minutes",
      defaultValue = "10",
      description = "Length of the long streaming input (default ${DEFAULT-VALUE}).")
  double longMinutes;

  @Override
  public Integer call() throws Exception {
    Path corpus = DemoCommand.mediaDir(null);
    SeparationBenchmark b = new SeparationBenchmark(corpus, ModelFiles.dir());
    System.out.println(
        "max heap " + Runtime.getRuntime().maxMemory() / 1_000_000 + " MB, one thread");
    System.out.print(
        b.run(new SeparationEvaluation(corpus, ModelFiles.dir()).clips(), longMinutes * 60));
    return 0;
  }
}
