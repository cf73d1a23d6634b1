package io.chfen.pipelines.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chfen.dataset.crawl.CrawlConfig;
import io.chfen.dataset.encode.EncodeSpec;
import io.chfen.dataset.process.ProcessSpec;
import io.chfen.dataset.summary.CrawlSummary;
import io.chfen.faces.FaceDetector;
import io.chfen.files.Location;
import io.chfen.layout.RunLayout;
import io.chfen.ocr.OcrEngine;
import io.chfen.pipelines.StageCounter;
import io.chfen.pipelines.encode.EncodePipeline;
import io.chfen.pipelines.ingest.IngestPipeline;
import io.chfen.records.EncodedSample;
import io.chfen.records.Failure;
import io.chfen.records.VideoArtifacts;
import io.chfen.records.VideoMetadata;
import io.chfen.sample.SampleData;
import io.chfen.schemas.ParquetFiles;
import io.chfen.schemas.Schemas;
import io.chfen.schemas.ShardManifest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Retrying exactly what failed, through the real stages: a video fails at process (a duration guard
 * it exceeds), is retried alone while the finished one is carried untouched, keeps its earlier try
 * in the dead letter, and leaves it once it succeeds; the same at ingest for a listed file that was
 * missing.
 */
class RetryFailedTest {
  @TempDir Path dir;

  private static ProcessSpec spec(double maxDurationS) {
    ProcessSpec s = new ProcessSpec();
    s.maxDurationS = maxDurationS;
    s.separate = false;
    s.ocrEngine = OcrEngine.Kind.NONE;
    s.faceSettings.detector = FaceDetector.Kind.NONE;
    return s;
  }

  private void process(Path out, double maxDurationS, boolean retry) {
    ProcessPipeline.Options o = PipelineOptionsFactory.as(ProcessPipeline.Options.class);
    o.setInput(out.toString());
    o.setOutput(out.toString());
    o.setRetryFailed(retry);
    StageCounter.reset();
    PipelineResult r = ProcessPipeline.run(o, spec(maxDurationS));
    assertEquals(PipelineResult.State.DONE, r.waitUntilFinish());
  }

  private static Map<String, Failure> failures(Path out, String job) throws Exception {
    Map<String, Failure> m = new TreeMap<>();
    for (Failure f :
        ParquetFiles.<Failure>readAll(RunLayout.at(out).failures().path(), Schemas.FAILURE)) {
      if (f.getStage().equals(job)) {
        m.put(f.getId(), f);
      }
    }
    return m;
  }

  private static List<String> processed(Path out) throws Exception {
    return ParquetFiles.<VideoArtifacts>readAll(
            RunLayout.at(out).processed().path(), Schemas.VIDEO_ARTIFACTS)
        .stream()
        .map(a -> a.getId().toString())
        .sorted()
        .toList();
  }

  @Test
  void processRetriesOnlyTheFailedVideoAndKeepsItsEarlierTries() throws Exception {
    Path corpus = SampleData.corpus();
    Path from = Files.createDirectories(dir.resolve("from"));
    Files.copy(corpus.resolve("c01.mp4"), from.resolve("long.mp4")); // 14 s
    Files.copy(corpus.resolve("c11.mp4"), from.resolve("short.mp4")); // 10 s
    Path out = dir.resolve("out");
    IngestPipeline.Options io = PipelineOptionsFactory.as(IngestPipeline.Options.class);
    io.setFrom(from.toString());
    io.setOutput(out.toString());
    IngestPipeline.run(io, CrawlConfig.defaults()).waitUntilFinish();

    process(out, 12, false);
    assertEquals(List.of("local_short.mp4"), processed(out));
    Failure first = failures(out, "process").get("local_long.mp4");
    assertEquals("duration_exceeds_limit", first.getReason());
    assertEquals(1, first.getAttempts());
    Path shortDir = out.resolve(RunLayout.ARTIFACTS).resolve("local_short.mp4");
    FileTime untouched = FileTime.fromMillis(0);
    Files.setLastModifiedTime(shortDir.resolve("artifacts.json"), untouched);

    // the same guard again: only the failed video is tried, and it fails a second time
    process(out, 12, true);
    assertEquals(1, StageCounter.VIDEOS_PROCESS_FAILED.live());
    assertEquals(0, StageCounter.VIDEOS_PROCESSED.live() + StageCounter.VIDEOS_REUSED.live());
    assertEquals(List.of("local_short.mp4"), processed(out), "the finished one carried over");
    Failure second = failures(out, "process").get("local_long.mp4");
    assertEquals(2, second.getAttempts());
    assertEquals(1, second.getHistory().size());
    assertTrue(
        second.getHistory().get(0).toString().contains("duration_exceeds_limit (1 try)"),
        second.getHistory().toString());

    // the guard lifted: the failed video is processed, the dead letter empties
    process(out, 600, true);
    assertEquals(1, StageCounter.VIDEOS_PROCESSED.live());
    assertEquals(List.of("local_long.mp4", "local_short.mp4"), processed(out));
    assertEquals(Map.of(), failures(out, "process"));
    assertEquals(untouched, Files.getLastModifiedTime(shortDir.resolve("artifacts.json")));

    // encode: one video's artifacts broken, then mended and retried alone
    Path keyframes = out.resolve(RunLayout.ARTIFACTS).resolve("local_long.mp4/keyframes.json");
    Path aside = Files.move(keyframes, dir.resolve("keyframes.json"));
    encode(out, false);
    assertEquals(List.of("local_short.mp4"), encoded(out));
    assertEquals("io_error", failures(out, "encode").get("local_long.mp4").getReason());
    Files.move(aside, keyframes);
    encode(out, true);
    assertEquals(1, StageCounter.VIDEOS_ENCODED.live(), "only the failed video is encoded");
    assertEquals(List.of("local_long.mp4", "local_short.mp4"), encoded(out));
    assertEquals(Map.of(), failures(out, "encode"));
    ShardManifest m = ShardManifest.read(RunLayout.at(out).shards().path());
    m.verify(RunLayout.at(out).shards().path());
    assertEquals(2, m.rows());
  }

  private void encode(Path out, boolean retry) {
    EncodePipeline.Options o = PipelineOptionsFactory.as(EncodePipeline.Options.class);
    o.setInput(out.toString());
    o.setRetryFailed(retry);
    StageCounter.reset();
    assertEquals(
        PipelineResult.State.DONE, EncodePipeline.run(o, new EncodeSpec()).waitUntilFinish());
  }

  private static List<String> encoded(Path out) throws Exception {
    List<String> ids = new java.util.ArrayList<>();
    for (String split : ShardManifest.SPLITS) {
      for (EncodedSample x :
          ParquetFiles.<EncodedSample>readAll(
              RunLayout.at(out).shards().path().resolve(split), Schemas.ENCODED_SAMPLE)) {
        ids.add(x.getId().toString());
      }
    }
    return ids.stream().sorted().toList();
  }

  @Test
  void ingestRetriesOnlyTheListedFileThatWasMissing() throws Exception {
    Path corpus = SampleData.corpus();
    Path from = Files.createDirectories(dir.resolve("list/clips"));
    Files.copy(corpus.resolve("c04.mp4"), from.resolve("a.mp4"));
    Path list =
        Files.writeString(
            dir.resolve("list/videos.csv"), "path,title\nclips/a.mp4,A\nclips/b.mp4,B\n,\n");
    Path out = dir.resolve("out");
    IngestPipeline.Options o = PipelineOptionsFactory.as(IngestPipeline.Options.class);
    o.setFrom(list.toString());
    o.setOutput(out.toString());
    StageCounter.reset();
    IngestPipeline.run(o, CrawlConfig.defaults()).waitUntilFinish();
    assertEquals(
        Map.of("local_clips-b.mp4~", "missing_file", "videos.csv:4", "bad_row"),
        byPrefix(failures(out, "ingest")));

    Files.copy(corpus.resolve("c09.mp4"), from.resolve("b.mp4"));
    o.setRetryFailed(true);
    StageCounter.reset();
    IngestPipeline.run(o, CrawlConfig.defaults()).waitUntilFinish();
    assertEquals(1, StageCounter.VIDEOS_FOUND.live(), "only the missing file is brought in");
    List<String> titles =
        ParquetFiles.<VideoMetadata>readAll(
                RunLayout.at(out).metadata().path(), Schemas.VIDEO_METADATA)
            .stream()
            .map(v -> v.getTitle().toString())
            .sorted()
            .toList();
    assertEquals(List.of("A", "B"), titles);
    // the bad row stays a failure, now on its second try; the counts reconcile over both runs
    Failure bad = failures(out, "ingest").get("videos.csv:4");
    assertEquals("bad_row", bad.getReason());
    assertEquals(2, bad.getAttempts());
    CrawlSummary s = CrawlSummary.read(Location.of(out));
    assertTrue(s.reconciles(), s.toString());
    assertEquals(3, s.videosFound());
    assertEquals(2, s.kept());
    assertEquals(1, s.failed());
  }

  /** id → reason, ids cut at their hash (the test need not recompute it). */
  private static Map<String, String> byPrefix(Map<String, Failure> m) {
    Map<String, String> out = new TreeMap<>();
    m.forEach(
        (id, f) ->
            out.put(
                id.contains("~") ? id.substring(0, id.indexOf('~') + 1) : id,
                f.getReason().toString()));
    return out;
  }
}
