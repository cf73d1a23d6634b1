package io.chfen.app.cli.dev;

import io.chfen.sample.SampleData;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --corpus}: the corpus with ground truth an evaluation scores, by name or directory. */
final class Corpora {
  static final String SAMPLE = "sample";
  static final String FIELD = "field";

  @Option(
      names = "--corpus",
      defaultValue = SAMPLE,
      description =
          "Corpus to score: sample, field (made differently: libass subtitles, real footage,"
              + " recorded voices over other music) or a directory (default ${DEFAULT-VALUE}).")
  String name;

  /** The sample or field corpus (each generated on first use), or the directory given. */
  Path dir() {
    return switch (name) {
      case SAMPLE -> SampleData.corpus();
      case FIELD -> SampleData.fieldCorpus();
      default -> Path.of(name).toAbsolutePath();
    };
  }
}
