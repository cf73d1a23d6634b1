package io.chfen.sample;

import io.chfen.sample.corpus.FieldCorpus;
import io.chfen.sample.corpus.SampleCorpus;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * Where the project keeps its local sample data: {@code chfen.home} (the launcher and the build set
 * it to the repository's {@code .chfen/}) holds {@code sources/} (material unpacked by
 * scripts/sample-sources.sh) and {@code sample/corpus/} (the generated corpus).
 */
public final class SampleData {
  private SampleData() {}

  public static Path home() {
    return Path.of(System.getProperty("chfen.home", ".chfen")).toAbsolutePath();
  }

  public static Path sourcesDir() {
    return home().resolve("sources");
  }

  public static Path corpusDir() {
    return home().resolve("sample").resolve("corpus");
  }

  /** The sample corpus for the default seed, generated on first use. */
  public static Path corpus(Consumer<String> progress) throws IOException {
    return SampleCorpus.ensure(corpusDir(), SampleCorpus.DEFAULT_SEED, sourcesDir(), progress);
  }

  /** The same, progress on stderr: for tests and tools. */
  public static Path corpus() {
    try {
      return corpus(s -> System.err.println("sample: " + s));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot make the sample corpus in " + corpusDir(), e);
    }
  }

  public static Path fieldCorpusDir() {
    return home().resolve("sample").resolve("field");
  }

  /** The field corpus (made differently: {@link FieldCorpus}), generated on first use. */
  public static Path fieldCorpus(Consumer<String> progress) throws IOException {
    return FieldCorpus.ensure(fieldCorpusDir(), SampleCorpus.DEFAULT_SEED, sourcesDir(), progress);
  }

  /** The same, progress on stderr: for tests and tools. */
  public static Path fieldCorpus() {
    try {
      return fieldCorpus(s -> System.err.println("field corpus: " + s));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot make the field corpus in " + fieldCorpusDir(), e);
    }
  }
}
