package io.chfen.dataset.summary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chfen.records.VideoArtifacts;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProcessSummaryTest {
  static VideoArtifacts video(String id, double seconds, Map<String, Double> cpuMs) {
    return VideoArtifacts.newBuilder()
        .setId(id)
        .setMediaPath(id + ".mp4")
        .setArtifactsDir("artifacts/" + id)
        .setDurationS(seconds)
        .setWidth(640)
        .setHeight(360)
        .setFps(25)
        .setVideoFrames((long) (25 * seconds))
        .setHasAudio(true)
        .setDecodeMs(1)
        .setModalities(Map.of())
        .setProcessedAt(Instant.EPOCH)
        .setPipelineVersion("test")
        .setCpuMs(cpuMs)
        .build();
  }

  @Test
  void costsArePooledOverVideoSecondsAndSpreadPerVideoWithTheWholeLast() {
    List<VideoArtifacts> videos =
        List.of(
            // the first video carries the models' loading
            video("a", 10, Map.of("decode", 500.0, "faces", 1000.0, "models", 4000.0)),
            video("b", 20, Map.of("decode", 1000.0, "faces", 6000.0)),
            video("c", 30, Map.of("decode", 1500.0, "faces", 1500.0)),
            // written before costs were counted: left out, not counted as free
            video("old", 100, Map.of()));
    List<ProcessSummary.Cost> costs = ProcessSummary.costs(videos);
    assertEquals(
        List.of("faces", "models", "decode", ProcessSummary.ALL_PARTS),
        costs.stream().map(ProcessSummary.Cost::part).toList());
    ProcessSummary.Cost faces = costs.get(0);
    assertEquals(8500, faces.totalMs(), 1e-9);
    assertEquals(8500 / 60.0, faces.msPerVideoS(), 1e-9);
    // per video: 100, 300, 50 ms per second
    assertEquals(100, faces.medianMsPerVideoS(), 1e-9);
    assertEquals(260, faces.p90(), 1e-9);
    ProcessSummary.Cost models = costs.get(1);
    // one video in three paid it: pooled it is a fixed cost spread, per video it is rare
    assertEquals(4000 / 60.0, models.msPerVideoS(), 1e-9);
    assertEquals(0, models.medianMsPerVideoS(), 1e-9);
    ProcessSummary.Cost decode = costs.get(2);
    assertEquals(50, decode.medianMsPerVideoS(), 1e-9);
    assertEquals(20, decode.realTimeFactor(), 1e-9);
    ProcessSummary.Cost all = costs.get(3);
    assertEquals(15_500, all.totalMs(), 1e-9);
    assertEquals(15_500 / 60.0, all.msPerVideoS(), 1e-9);
    assertTrue(all.realTimeFactor() < decode.realTimeFactor());
  }

  @Test
  void noCostsWhereNoVideoCarriesThem() {
    assertEquals(List.of(), ProcessSummary.costs(List.of(video("old", 10, Map.of()))));
    assertEquals(List.of(), ProcessSummary.costs(List.of()));
  }
}
