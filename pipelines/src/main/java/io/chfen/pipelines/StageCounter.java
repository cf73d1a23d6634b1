package io.chfen.pipelines;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;

/**
 * A count of the stages' work under one name, fed twice: as a Beam metric (committed per bundle;
 * what a runner's UI and a cluster's REST API show) and as this JVM's live count (moving as work
 * happens; what the CLI's progress line shows, since a long crawl of one host would otherwise show
 * nothing until it ends). On a remote cluster the live counts stay in the workers. Thread-safe.
 */
public final class StageCounter {
  /** The Beam metrics' namespace. */
  public static final String NAMESPACE = "chfen";

  private static final ConcurrentMap<String, AtomicLong> LIVE = new ConcurrentHashMap<>();

  public static final StageCounter PAGES_FETCHED = new StageCounter("pages_fetched");
  public static final StageCounter PAGES_FAILED = new StageCounter("pages_failed");
  public static final StageCounter PAGES_SKIPPED = new StageCounter("pages_skipped");
  public static final StageCounter VIDEOS_FOUND = new StageCounter("videos_found");
  public static final StageCounter VIDEOS_FILTERED = new StageCounter("videos_filtered");
  public static final StageCounter MEDIA_DOWNLOADED = new StageCounter("media_downloaded");
  public static final StageCounter MEDIA_REUSED = new StageCounter("media_reused");
  public static final StageCounter MEDIA_FAILED = new StageCounter("media_failed");
  public static final StageCounter MEDIA_BYTES = new StageCounter("media_bytes");
  public static final StageCounter VIDEOS_PROCESSED = new StageCounter("videos_processed");
  public static final StageCounter VIDEOS_REUSED = new StageCounter("videos_reused");
  public static final StageCounter VIDEOS_PROCESS_FAILED =
      new StageCounter("videos_process_failed");
  public static final StageCounter VIDEOS_ENCODED = new StageCounter("videos_encoded");
  public static final StageCounter VIDEOS_ENCODE_FAILED = new StageCounter("videos_encode_failed");

  private final String name;
  private final Counter metric;

  private StageCounter(String name) {
    this.name = name;
    this.metric = Metrics.counter(NAMESPACE, name);
  }

  public String name() {
    return name;
  }

  public void inc() {
    inc(1);
  }

  public void inc(long n) {
    metric.inc(n);
    LIVE.computeIfAbsent(name, k -> new AtomicLong()).addAndGet(n);
  }

  /** The prefix of the Beam counters of a part's CPU milliseconds ({@code cpu_ms_faces}, …). */
  public static final String CPU_MS_PREFIX = "cpu_ms_";

  /** The Beam counter of the milliseconds of video those CPU milliseconds were spent on. */
  public static final String VIDEO_MS = "video_ms";

  /**
   * A freshly processed video's CPU milliseconds by part, as Beam counters: what a runner's UI and
   * a cluster's REST API show ({@code chfen.cpu_ms_<part>} / {@code chfen.video_ms} is the part's
   * cost per video-second) beside the summary table read from the records.
   */
  public static void cpu(Map<String, Double> cpuMs, double videoSeconds) {
    cpuMs.forEach(
        (part, ms) -> Metrics.counter(NAMESPACE, CPU_MS_PREFIX + part).inc(Math.round(ms)));
    Metrics.counter(NAMESPACE, VIDEO_MS).inc(Math.round(videoSeconds * 1000));
  }

  /** This JVM's live count. */
  public long live() {
    AtomicLong v = LIVE.get(name);
    return v == null ? 0 : v.get();
  }

  /** Every live count by name. */
  public static Map<String, Long> snapshot() {
    Map<String, Long> out = new TreeMap<>();
    LIVE.forEach((k, v) -> out.put(k, v.get()));
    return out;
  }

  /** Zeroes the live counts (a new run starts in this JVM). */
  public static void reset() {
    LIVE.clear();
  }
}
