package io.chfen.layout;

import io.chfen.files.Location;
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
public record RunLayout(Location root) {
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

  /** The journal of a publication into object storage, deleted when it is complete. */
  public static final String PUBLISHING = ".publishing.json";

  public static RunLayout at(Location root) {
    return new RunLayout(root);
  }

  public static RunLayout at(Path root) {
    return new RunLayout(Location.of(root));
  }

  /** A command line's {@code --out}: a local path or {@code s3://…}. */
  public static RunLayout at(String root) {
    return new RunLayout(Location.of(root));
  }

  public boolean isLocal() {
    return root.isLocal();
  }

  /** Kept videos ({@code VideoMetadata}), their media path and SHA-256. */
  public Location metadata() {
    return root.child(METADATA);
  }

  /** Filtered videos ({@code FilterOutcome}) with their reason. */
  public Location rejected() {
    return root.child(REJECTED);
  }

  /** The crawl log ({@code PageVisit}). */
  public Location pages() {
    return root.child(PAGES);
  }

  /** Every stage's dead letter ({@code Failure}), a file prefix per job. */
  public Location failures() {
    return root.child(FAILURES);
  }

  /** Content-addressed media; a video's {@code mediaPath} is relative to the root. */
  public Location media() {
    return root.child(MEDIA);
  }

  public Location artifacts() {
    return root.child(ARTIFACTS);
  }

  /**
   * One video's artifacts directory; the id came from outside (a crawled page), so one that would
   * leave {@link #artifacts()} is refused.
   */
  public Location artifacts(String id) throws IOException {
    return artifacts().resolve(id);
  }

  /** The {@code VideoArtifacts} of every processed video. */
  public Location processed() {
    return root.child(PROCESSED);
  }

  /** The tensor shards and their {@code manifest.json}. */
  public Location shards() {
    return root.child(SHARDS);
  }

  /** Checkpoints, metrics and plots of {@code chfen train}. */
  public Location training() {
    return root.child(TRAINING);
  }

  /** The quality report's page. */
  public Location report() {
    return root.child(REPORT);
  }

  public Location lock() {
    return root.child(LOCK);
  }

  /** The layout a running job writes its records into, published when it succeeds. */
  public RunLayout staging(String job) {
    return RunLayout.at(root.child(STAGING).child(job));
  }

  /** Media being downloaded ({@code *.part}), renamed into {@link #media} when verified. */
  public Location mediaTmp() {
    return media().child("tmp");
  }

  public Location crawlSummary() {
    return root.child(CRAWL_SUMMARY);
  }

  public Location processSummary() {
    return root.child(PROCESS_SUMMARY);
  }

  public Location publishing() {
    return root.child(PUBLISHING);
  }
}
