package io.chfen.dataset.summary;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
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
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The process stage's accounting, read back from what it wrote: videos in = processed (fresh or
 * reused from a previous run) + failed (by reason); per modality, how many are ok, absent or failed
 * (by reason); decoding throughput.
 */
public record ProcessSummary(
    long videosIn,
    long processed,
    long reused,
    long failed,
    Map<String, Long> failedReasons,
    Map<String, Map<String, Long>> modalities,
    double mediaSeconds,
    long decodeMs) {

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
    for (VideoArtifacts a : arts) {
      if (a.getProcessedAt().isBefore(runStart)) {
        reused++;
      } else {
        seconds += a.getDurationS();
        ms += a.getDecodeMs();
      }
      for (Map.Entry<String, ModalityResult> m : a.getModalities().entrySet()) {
        modalities
            .computeIfAbsent(m.getKey(), k -> new TreeMap<>())
            .merge(Status.key(m.getValue()), 1L, Long::sum);
      }
    }
    return new ProcessSummary(
        videosIn, arts.size() - reused, reused, failed, reasons, modalities, seconds, ms);
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
    m.put("reconciles", reconciles());
    Storage.write(
        file, new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsBytes(m));
  }
}
