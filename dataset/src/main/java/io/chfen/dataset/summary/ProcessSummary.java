package io.chfen.dataset.summary;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.chfen.dataset.eval.Stats;
import io.chfen.files.Location;
import io.chfen.layout.RunLayout;
import io.chfen.records.Failure;
import io.chfen.records.ModalityResult;
import io.chfen.records.VideoArtifacts;
import io.chfen.schemas.Schemas;
import io.chfen.schemas.Stage;
import io.chfen.schemas.Status;
import io.chfen.storage.Storage;
import io.chfen.storage.StoredRecords;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The process stage's accounting, read back from what it wrote: videos in = processed (fresh or
 * reused from a previous run) + failed (by reason); per modality, how many are ok, absent or failed
 * (by reason); decoding throughput; where the workers' CPU went ({@link #cpu}).
 */
public record ProcessSummary(
    long videosIn,
    long processed,
    long reused,
    long failed,
    Map<String, Long> failedReasons,
    Map<String, Map<String, Long>> modalities,
    double mediaSeconds,
    long decodeMs,
    List<Cost> cpu,
    long cpuVideos) {

  /** The part of {@link #cpu} that sums every part. */
  public static final String ALL_PARTS = "all";

  /**
   * One part's CPU cost over the videos processed in this run that carry their costs: its total,
   * pooled per video-second (total ms / total seconds: what the run cost), and the median and 90th
   * percentile of the per-video figure (what a typical and a costly video cost; a part a video did
   * not use counts 0 for it).
   */
  public record Cost(
      String part, double totalMs, double msPerVideoS, double medianMsPerVideoS, double p90) {

    /** Video-seconds per CPU-second at this cost: the real-time factor of one core. */
    public double realTimeFactor() {
      return msPerVideoS > 0 ? 1000 / msPerVideoS : Double.POSITIVE_INFINITY;
    }
  }

  /**
   * The costs of the videos {@code arts} (ms by part per video, {@code cpuMs}), the most costly
   * part first and {@link #ALL_PARTS} last; empty when none carries costs.
   */
  public static List<Cost> costs(List<VideoArtifacts> arts) {
    List<VideoArtifacts> measured =
        arts.stream().filter(a -> !a.getCpuMs().isEmpty() && a.getDurationS() > 0).toList();
    if (measured.isEmpty()) {
      return List.of();
    }
    Map<String, double[]> perVideo = new LinkedHashMap<>();
    Map<String, Double> totals = new LinkedHashMap<>();
    double seconds = 0;
    for (int i = 0; i < measured.size(); i++) {
      VideoArtifacts a = measured.get(i);
      seconds += a.getDurationS();
      double all = 0;
      for (Map.Entry<String, Double> e : a.getCpuMs().entrySet()) {
        String part = e.getKey();
        perVideo.computeIfAbsent(part, k -> new double[measured.size()])[i] =
            e.getValue() / a.getDurationS();
        totals.merge(part, e.getValue(), Double::sum);
        all += e.getValue();
      }
      perVideo.computeIfAbsent(ALL_PARTS, k -> new double[measured.size()])[i] =
          all / a.getDurationS();
      totals.merge(ALL_PARTS, all, Double::sum);
    }
    List<Cost> out = new ArrayList<>();
    for (Map.Entry<String, Double> e : totals.entrySet()) {
      double[] xs = perVideo.get(e.getKey());
      out.add(
          new Cost(
              e.getKey(),
              e.getValue(),
              e.getValue() / seconds,
              Stats.median(xs),
              Stats.quantile(xs, 0.9)));
    }
    out.sort(
        Comparator.comparing((Cost c) -> c.part().equals(ALL_PARTS))
            .thenComparing(Comparator.comparingDouble(Cost::totalMs).reversed()));
    return out;
  }

  public boolean reconciles() {
    return videosIn == processed + reused + failed;
  }

  /**
   * @param videosIn how many videos entered the stage (the crawl's kept videos)
   * @param runStart artifacts processed before this instant count as reused
   */
  public static ProcessSummary read(Location out, long videosIn, Instant runStart)
      throws IOException {
    RunLayout run = RunLayout.at(out);
    List<VideoArtifacts> arts = StoredRecords.readAll(run.processed(), Schemas.VIDEO_ARTIFACTS);
    List<Failure> failures = StoredRecords.readAll(run.failures(), Schemas.FAILURE);
    Map<String, Long> reasons = new TreeMap<>();
    long failed = 0;
    for (Failure f : failures) {
      if (f.getStage().equals(Stage.PROCESS.code())) {
        failed++;
        reasons.merge(f.getReason(), 1L, Long::sum);
      }
    }
    Map<String, Map<String, Long>> modalities = new TreeMap<>();
    long reused = 0;
    double seconds = 0;
    long ms = 0;
    List<VideoArtifacts> fresh = new ArrayList<>();
    for (VideoArtifacts a : arts) {
      if (a.getProcessedAt().isBefore(runStart)) {
        reused++;
      } else {
        seconds += a.getDurationS();
        ms += a.getDecodeMs();
        fresh.add(a);
      }
      for (Map.Entry<String, ModalityResult> m : a.getModalities().entrySet()) {
        modalities
            .computeIfAbsent(m.getKey(), k -> new TreeMap<>())
            .merge(Status.key(m.getValue()), 1L, Long::sum);
      }
    }
    List<Cost> cpu = costs(fresh);
    long cpuVideos = fresh.stream().filter(a -> !a.getCpuMs().isEmpty()).count();
    return new ProcessSummary(
        videosIn,
        arts.size() - reused,
        reused,
        failed,
        reasons,
        modalities,
        seconds,
        ms,
        cpu,
        cpuVideos);
  }

  public void writeJson(Location file) throws IOException {
    Map<String, Object> m = new TreeMap<>();
    m.put("videosIn", videosIn);
    m.put("processed", processed);
    m.put("reused", reused);
    m.put("failed", failed);
    m.put("failedReasons", failedReasons);
    m.put("modalities", modalities);
    m.put("mediaSeconds", mediaSeconds);
    m.put("decodeMs", decodeMs);
    m.put("cpuVideos", cpuVideos);
    m.put("cpuMsPerVideoSecond", cpu);
    m.put("reconciles", reconciles());
    Storage.write(
        file, new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsBytes(m));
  }
}
