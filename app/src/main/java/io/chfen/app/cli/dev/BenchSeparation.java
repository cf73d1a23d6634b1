package io.chfen.app.cli.dev;

import io.chfen.app.bench.SeparationBenchmark;
import io.chfen.app.cli.Runs;
import io.chfen.dataset.eval.SeparationEvaluation;
import io.chfen.models.ModelFiles;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code chfen dev bench separation}: separation speed and peak heap (docs/benchmarks.md). */
@Command(
    name = "separation",
    mixinStandardHelpOptions = true,
    description =
        "Measure vocals/music separation speed (one core) on the corpus mixes and on a long looped"
            + " input, with the peak heap; prints a table. Run with JAVA_OPTS=-Xmx512m to hold the"
            + " heap to 512 MB.")
final class BenchSeparation implements Callable<Integer> {
  @Option(
      names = "--long-minutes",
      defaultValue = "10",
      description = "Length of the long streaming input (default ${DEFAULT-VALUE}).")
  double longMinutes;

  @Override
  public Integer call() throws Exception {
    Path corpus = Runs.media(null);
    SeparationBenchmark b = new SeparationBenchmark(corpus, ModelFiles.dir());
    System.out.println(
        "max heap " + Runtime.getRuntime().maxMemory() / 1_000_000 + " MB, one thread");
    System.out.print(
        b.run(new SeparationEvaluation(corpus, ModelFiles.dir()).clips(), longMinutes * 60));
    return 0;
  }
}
