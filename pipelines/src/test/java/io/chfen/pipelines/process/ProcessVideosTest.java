package io.chfen.pipelines.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chfen.dataset.process.ProcessSpec;
import io.chfen.dataset.process.VideoProcessorTest;
import io.chfen.files.Location;
import io.chfen.media.CpuMeter;
import io.chfen.models.ModelRegistry;
import io.chfen.pipelines.StageCounter;
import io.chfen.pipelines.io.Records;
import io.chfen.pipelines.io.VideoQueue;
import io.chfen.records.Failure;
import io.chfen.records.VideoArtifacts;
import io.chfen.records.VideoMetadata;
import io.chfen.sample.SampleData;
import io.chfen.schemas.ParquetFiles;
import io.chfen.schemas.Schemas;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.io.Read;
import org.apache.beam.sdk.metrics.MetricNameFilter;
import org.apache.beam.sdk.metrics.MetricQueryResults;
import org.apache.beam.sdk.metrics.MetricResult;
import org.apache.beam.sdk.metrics.MetricsFilter;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ProcessVideos composite on the DirectRunner: good and broken media in one run, from a shuffle
 * and from the work-queue source.
 */
class ProcessVideosTest {
  @TempDir Path out;

  private static List<VideoMetadata> videos() throws Exception {
    return List.of(
        VideoProcessorTest.video("p_c04", "c04.mp4"),
        VideoProcessorTest.video("p_c11", "c11.mp4"),
        VideoProcessorTest.video("p_audio_only", "b_audio_only.mp4"),
        VideoProcessorTest.video("p_text", "b_text.mp4"),
        VideoProcessorTest.video("p_gone", "does-not-exist.mp4"));
  }

  @Test
  void processesGoodMediaAndSendsBrokenMediaToTheDeadLetter() throws Exception {
    TestPipeline p = TestPipeline.create().enableAbandonedNodeEnforcement(false);
    ProcessVideos process =
        ProcessVideos.with(new ProcessSpec(), SampleData.corpus().toString(), out.toString());
    assertOutcomes(p, p.apply(Create.of(videos()).withCoder(Records.VIDEO)).apply(process));
  }

  @Test
  void theWorkQueueSourceFeedsTheSameVideosWithoutAShuffle(@TempDir Path metadata)
      throws Exception {
    ParquetFiles.write(
        metadata.resolve("metadata-00000-of-00001.parquet"), Schemas.VIDEO_METADATA, videos());
    TestPipeline p = TestPipeline.create().enableAbandonedNodeEnforcement(false);
    ProcessVideos process =
        ProcessVideos.with(new ProcessSpec(), SampleData.corpus().toString(), out.toString())
            .alreadySpread();
    assertOutcomes(p, p.apply(Read.from(VideoQueue.of(Location.of(metadata)))).apply(process));
  }

  private static void assertOutcomes(TestPipeline p, ProcessVideos.Result r) {
    PAssert.that(
            r.processed.apply(
                "Statuses",
                MapElements.into(TypeDescriptors.strings())
                    .via(
                        (VideoArtifacts a) ->
                            a.getId()
                                + " keyframes="
                                + a.getModalities().get("keyframes").getStatus()
                                + " audio="
                                + a.getModalities().get("audio").getStatus())))
        .containsInAnyOrder(
            "p_c04 keyframes=ok audio=ok",
            "p_c11 keyframes=ok audio=absent",
            "p_audio_only keyframes=absent audio=ok");
    PAssert.that(
            r.failures.apply(
                "Reasons",
                MapElements.into(TypeDescriptors.strings())
                    .via((Failure f) -> f.getId() + ":" + f.getStage() + ":" + f.getReason())))
        .containsInAnyOrder("p_text:process:not_media", "p_gone:process:missing_file");
    StageCounter.reset();
    PipelineResult result = p.run();
    result.waitUntilFinish();
    // one name, two readings: the Beam metric a runner shows, the live count the CLI shows
    MetricQueryResults m =
        result
            .metrics()
            .queryMetrics(
                MetricsFilter.builder()
                    .addNameFilter(
                        MetricNameFilter.named(
                            StageCounter.NAMESPACE, StageCounter.VIDEOS_PROCESS_FAILED.name()))
                    .build());
    long failed = 0;
    for (MetricResult<Long> c : m.getCounters()) {
      failed += c.getAttempted();
    }
    assertEquals(2, failed);
    assertEquals(2, StageCounter.VIDEOS_PROCESS_FAILED.live());
    // where the CPU went, as the runner's metrics: decoding and each analyzer, per video-second
    assertTrue(counter(result, StageCounter.CPU_MS_PREFIX + CpuMeter.DECODE) > 0);
    assertTrue(counter(result, StageCounter.CPU_MS_PREFIX + "keyframes") > 0);
    // c04 and c11 (12 s and 10 s) and the audio-only file (3 s)
    assertEquals(25_000, counter(result, StageCounter.VIDEO_MS), 200);
  }

  private static long counter(PipelineResult result, String name) {
    long sum = 0;
    for (MetricResult<Long> c :
        result
            .metrics()
            .queryMetrics(
                MetricsFilter.builder()
                    .addNameFilter(MetricNameFilter.named(StageCounter.NAMESPACE, name))
                    .build())
            .getCounters()) {
      sum += c.getAttempted();
    }
    return sum;
  }

  /** A bad spec fails when the stage is built; a good one is shown as the runner's display data. */
  @Test
  void theSpecIsValidatedAndShownToTheRunner() {
    ProcessSpec bad = new ProcessSpec();
    bad.keyframeFps = -1;
    Exception e =
        assertThrows(IllegalArgumentException.class, () -> ProcessVideos.with(bad, "/m", "/o"));
    assertTrue(e.getMessage().contains("keyframe fps"), e.getMessage());

    Map<String, String> shown = new HashMap<>();
    for (DisplayData.Item item :
        DisplayData.from(ProcessVideos.with(new ProcessSpec(), "/media", "/out")).items()) {
      shown.put(item.getKey(), String.valueOf(item.getValue()));
    }
    assertEquals("ppocr", shown.get("ocrEngine"));
    assertEquals("1.0", shown.get("keyframeFps"));
    assertEquals(
        ModelRegistry.get("ppocr-rec").sha256(), shown.get("model ppocr-rec"), shown.toString());
  }
}
