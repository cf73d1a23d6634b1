package io.chfen.app.cli;

import io.chfen.sample.SampleData;
import io.chfen.sample.corpus.FieldCorpus;
import io.chfen.sample.corpus.SampleCorpus;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code chfen sample}: (re)builds the sample corpus with its ground truth. */
@Command(
    name = "sample",
    mixinStandardHelpOptions = true,
    description =
        "Build the sample corpus (videos + ground truth + broken inputs) from real material in"
            + " Debian packages; --field builds the field corpus, made differently (libass"
            + " subtitles, real footage reframed, recorded voices over other music).")
final class SampleCommand implements Callable<Integer> {
  @Option(
      names = "--seed",
      defaultValue = "42",
      description = "Seed; the same seed gives the same corpus (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--out",
      description = "Corpus directory (default: .chfen/sample/corpus, or .chfen/sample/field).")
  Path out;

  @Option(names = "--field", description = "Build the field corpus instead of the sample corpus.")
  boolean field;

  @Option(names = "--force", description = "Rebuild even if a corpus for this seed is there.")
  boolean force;

  @Override
  public Integer call() throws Exception {
    Path dir = out != null ? out : field ? SampleData.fieldCorpusDir() : SampleData.corpusDir();
    long t0 = System.nanoTime();
    Consumer<String> progress = s -> System.err.println("sample: " + s);
    Path sources = SampleData.sourcesDir();
    if (field && force) {
      FieldCorpus.generate(dir, seed, sources, null, progress);
    } else if (field) {
      FieldCorpus.ensure(dir, seed, sources, progress);
    } else if (force) {
      SampleCorpus.generate(dir, seed, sources, null, progress);
    } else {
      SampleCorpus.ensure(dir, seed, sources, progress);
    }
    System.out.printf(
        "%s corpus (seed %d) in %s, %.1f s%n",
        field ? "field" : "sample", seed, dir.toAbsolutePath(), (System.nanoTime() - t0) / 1e9);
    return 0;
  }
}
