package io.chfen.app.cli;

import io.chfen.sample.SampleData;
import io.chfen.sample.corpus.SampleCorpus;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code chfen sample}: (re)builds the sample corpus with its ground truth. */
@Command(
    name = "sample",
    mixinStandardHelpOptions = true,
    description =
        "Build the sample corpus (videos + ground truth + broken inputs) from real material in Debian packages.")
final class SampleCommand implements Callable<Integer> {
  @Option(
      names = "--seed",
      defaultValue = "42",
      description = "Seed; the same seed gives the same corpus (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--out", description = "Corpus directory (default: .chfen/sample/corpus).")
  Path out;

  @Option(names = "--force", description = "Rebuild even if a corpus for this seed is there.")
  boolean force;

  @Override
  public Integer call() throws Exception {
    Path dir = out != null ? out : SampleData.corpusDir();
    long t0 = System.nanoTime();
    if (force) {
      SampleCorpus.generate(
          dir, seed, SampleData.sourcesDir(), null, s -> System.err.println("sample: " + s));
    } else {
      SampleCorpus.ensure(
          dir, seed, SampleData.sourcesDir(), s -> System.err.println("sample: " + s));
    }
    System.out.printf(
        "sample corpus (seed %d) in %s, %.1f s%n",
        seed, dir.toAbsolutePath(), (System.nanoTime() - t0) / 1e9);
    return 0;
  }
}
