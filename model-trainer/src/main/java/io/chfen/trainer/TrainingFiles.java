package io.chfen.trainer;

import java.nio.file.Path;

/**
 * Every name in a training output: the metrics, the plots, each run's checkpoints. {@code chfen
 * train}, {@code chfen explain} and the tests find them through here.
 *
 * <pre>
 *   metrics.json  contributions.json  loss.png  metrics.png  confusion.png  contributions*.png
 *   runs/&lt;variant&gt;/seed-&lt;seed&gt;/best|last/   weights, optimizer.bin, checkpoint.json
 * </pre>
 */
public final class TrainingFiles {
  public static final String METRICS = "metrics.json";
  public static final String CONTRIBUTIONS = "contributions.json";
  public static final String CROSS_LINGUAL = "cross-lingual.json";
  public static final String LOSS_PLOT = "loss.png";
  public static final String METRICS_PLOT = "metrics.png";
  public static final String CONFUSION_PLOT = "confusion.png";
  public static final String CONTRIBUTIONS_PLOT = "contributions.png";
  public static final String CONTRIBUTIONS_LANGUAGE_PLOT = "contributions-language.png";

  /** A checkpoint's run state, settings and provenance. */
  public static final String CHECKPOINT = "checkpoint.json";

  /** A checkpoint's optimizer state. */
  public static final String OPTIMIZER = "optimizer.bin";

  /** The checkpoint of the best epoch, and of the last. */
  public static final String BEST = "best";

  public static final String LAST = "last";

  private static final String RUNS = "runs";

  private TrainingFiles() {}

  /** Where the runs of one variant lie (a directory per seed). */
  public static Path runs(Path out, String variant) {
    return out.resolve(RUNS).resolve(variant);
  }

  /** One run's directory: its best and last checkpoints. */
  public static Path run(Path out, String variant, long seed) {
    return runs(out, variant).resolve("seed-" + seed);
  }
}
