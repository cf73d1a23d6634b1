package io.chfen.pipelines.io;

import io.chfen.layout.RunLayout;
import io.chfen.records.Failure;
import io.chfen.schemas.Stage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Set;
import java.util.TreeSet;

/**
 * A {@code --retry-failed} run of a stage: only the items its last run on this output dead-lettered
 * (and those it never finished) are tried again; the finished ones are carried over as they are,
 * read from the published output, without being touched.
 */
public final class Retry {
  private Retry() {}

  /** The ids the published dead letter of {@code stage} holds in {@code out}. */
  public static Set<String> failed(RunLayout out, Stage stage) {
    try {
      Set<String> ids = new TreeSet<>();
      for (Failure f : FailureHistory.read(out.failures(), stage.job()).values()) {
        if (f.getStage().equals(stage.code())) {
          ids.add(f.getId());
        }
      }
      return ids;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the dead letter in " + out.failures(), e);
    }
  }
}
