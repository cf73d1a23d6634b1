package io.chfen.layout;

import io.chfen.files.FileOps;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The directories and files of a run's output: what each stage writes where, and so where the next
 * stage, the summaries, the report and the trainer read. Every name has its one owner here.
 *
 * <pre>
 *   metadata/  rejected/  pages/  failures/  media/     the crawl
 *   artifacts/&lt;id&gt;/  processed/                          the process stage ({@link ArtifactFiles})
 *   shards/                                             the encode stage (manifest.json, split/)
 *   training/  report/                                  the trainer, the quality report
 * </pre>
 */
public record RunLayout(Path root) {
  public static final String METADATA = "metadata";
  public static final String REJECTED = "rejected";
  public static final String PAGES = "pages";
  public static final String FAILURES = "failures";
  public static final String MEDIA = "media";
  public static final String ARTIFACTS = "artifacts";
  public static final String PROCESSED = "processed";
  public static final String SHARDS = "shards";
  public static final String TRAINING = "training";
  public static final String REPORT = "report";

  /** Held by the one run writing into this output; says who holds it. */
  public static final String LOCK = ".chfen.lock";

  /** Where a running job writes its records before they are published into place. */
  public static final String STAGING = ".staging";

  /** The prefix of an artifact folder being written, beside the finished ones. */
  public static final String ARTIFACTS_TMP_PREFIX = ".tmp-";

  /** The crawl's counts, as its summary table shows them. */
  public static final String CRAWL_SUMMARY = "summary.json";

  /** The process stage's counts. */
  public static final String PROCESS_SUMMARY = "process-summary.json";

  public RunLayout {
    root = root.toAbsolutePath().normalize();
  }

  public static RunLayout at(Path root) {
    return new RunLayout(root);
  }

  /** Kept videos ({@code VideoMetadata}), their media path and SHA-256. */
  public Path metadata() {
    return root.resolve(METADATA);
  }

  /** Filtered videos ({@code FilterOutcome}) with their reason. */
  public Path rejected() {
    return root.resolve(REJECTED);
  }

  /** The crawl log ({@code PageVisit}). */
  public Path pages() {
    return root.resolve(PAGES);
  }

  /** Every stage's dead letter ({@code Failure}), a file prefix per job. */
  public Path failures() {
    return root.resolve(FAILURES);
  }

  /** Content-addressed media; a video's {@code mediaPath} is relative to the root. */
  public Path media() {
    return root.resolve(MEDIA);
  }

  public Path artifacts() {
    return root.resolve(ARTIFACTS);
  }

  /**
   * One video's artifacts directory; the id came from outside (a crawled page), so one that would
   * leave {@link #artifacts()} is refused.
   */
  public Path artifacts(String id) throws IOException {
    return FileOps.within(artifacts(), id);
  }

  /** The {@code VideoArtifacts} of every processed video. */
  public Path processed() {
    return root.resolve(PROCESSED);
  }

  /** The tensor shards and their {@code manifest.json}. */
  public Path shards() {
    return root.resolve(SHARDS);
  }

  /** Checkpoints, metrics and plots of {@code chfen train}. */
  public Path training() {
    return root.resolve(TRAINING);
  }

  /** The quality report's page. */
  public Path report() {
    return root.resolve(REPORT);
  }

  public Path lock() {
    return root.resolve(LOCK);
  }

  /** The layout a running job writes its records into, published when it succeeds. */
  public RunLayout staging(String job) {
    return RunLayout.at(root.resolve(STAGING).resolve(job));
  }

  /** Media being downloaded ({@code *.part}), renamed into {@link #media} when verified. */
  public Path mediaTmp() {
    return media().resolve("tmp");
  }

  public Path crawlSummary() {
    return root.resolve(CRAWL_SUMMARY);
  }

  public Path processSummary() {
    return root.resolve(PROCESS_SUMMARY);
  }
}
