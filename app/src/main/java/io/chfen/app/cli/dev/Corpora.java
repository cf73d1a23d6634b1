package io.chfen.app.cli.dev;

import io.chfen.sample.SampleData;
import java.nio.file.Path;

/** The corpora with ground truth an evaluation can score, by name or directory. */
final class Corpora {
  static final String SAMPLE = "sample";
  static final String FIELD = "field";

  private Corpora() {}

  /** {@value #SAMPLE}, {@value #FIELD} (each generated on first use) or a corpus directory. */
  static Path of(String name) {
    return switch (name) {
      case SAMPLE -> SampleData.corpus();
      case FIELD -> SampleData.fieldCorpus();
      default -> Path.of(name).toAbsolutePath();
    };
  }
}
