package io.chfen.pipelines.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chfen.dataset.crawl.CrawlConfig;
import io.chfen.dataset.crawl.SampleSites;
import io.chfen.dataset.ingest.IngestSource;
import io.chfen.dataset.ingest.ListSource;
import io.chfen.dataset.summary.CrawlSummary;
import io.chfen.layout.RunLayout;
import io.chfen.records.Failure;
import io.chfen.records.FilterOutcome;
import io.chfen.records.VideoMetadata;
import io.chfen.sample.SampleData;
import io.chfen.sample.site.SampleSite;
import io.chfen.schemas.ParquetFiles;
import io.chfen.schemas.Schemas;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.beam.sdk.testing.TestPipeline;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A folder of the sample corpus's files, ingested through the real stage on the DirectRunner. */
class IngestPipelineTest {
  @TempDir Path dir;

  @Test
  void aFolderBecomesTheCrawlsOutputsAndEveryFileIsAccountedFor() throws Exception {
    Path corpus = SampleData.corpus();
    Path from = Files.createDirectories(dir.resolve("from/a"));
    for (String f : new String[] {"c04.mp4", "c09.mp4", "b_text.mp4", "b_too_large.mp4"}) {
      Files.copy(corpus.resolve(f), from.resolve(f));
    }
    Files.createSymbolicLink(from.resolve("out.mp4"), corpus.resolve("c02.mp4"));
    RunLayout out = RunLayout.at(dir.resolve("out"));
    CrawlConfig cfg = CrawlConfig.fromYaml(SampleSite.crawlConfigYaml());
    IngestSource scan = IngestSource.open(dir.resolve("from"), ListSource.Columns.DEFAULT);
    TestPipeline p = TestPipeline.create().enableAbandonedNodeEnforcement(false);
    IngestPipeline.build(p, cfg, scan, out, out, 1);
    p.run().waitUntilFinish();

    Map<String, String> filtered = new TreeMap<>();
    ParquetFiles.<FilterOutcome>readAll(out.rejected(), Schemas.FILTER_OUTCOME)
        .forEach(r -> filtered.put(r.getId(), r.getReason()));
    Map<String, String> kept =
        ParquetFiles.<VideoMetadata>readAll(out.metadata(), Schemas.VIDEO_METADATA).stream()
            .collect(
                Collectors.toMap(
                    v -> v.getCanonicalUrl(), v -> v.getTitle(), (a, b) -> a, TreeMap::new));
    assertEquals(
        Map.of("local:a/c04.mp4", "c04", "local:a/c09.mp4", "c09"), kept, filtered.toString());
    Map<String, String> failed = new TreeMap<>();
    ParquetFiles.<Failure>readAll(out.failures(), Schemas.FAILURE)
        .forEach(f -> failed.put(f.getUrl(), f.getStage() + ":" + f.getReason()));
    assertEquals(Map.of("local:a/b_text.mp4", "ingest:not_video_content"), failed);
    assertEquals(
        java.util.List.of("duration_too_short"),
        java.util.List.copyOf(filtered.values()),
        "the 2 s 4K clip is shorter than the config's 3 s");
    CrawlSummary s = CrawlSummary.read(out.root());
    assertTrue(s.reconciles(), s.toString());
    assertEquals(4, s.videosFound());
    assertEquals(Map.of("skipped:link_outside_source", 1L), s.pageReasons());
    try (var ids = Files.list(out.media().resolve("by-id"))) {
      assertEquals(3, ids.count(), "every file that stored has its index (the text file has none)");
    }
  }

  /**
   * A list of every kind of row: a file with its title, split and label; a URL on a live server
   * with its id; sound alone; and the rows that fail (a bad row, a duplicate id, a missing file, a
   * dead URL). Every row is kept, filtered or failed, and the counts reconcile.
   */
  @Test
  void aListOfFilesAndUrlsIsAccountedForRowByRow() throws Exception {
    Path corpus = SampleData.corpus();
    Path from = Files.createDirectories(dir.resolve("list/clips"));
    Files.copy(corpus.resolve("c04.mp4"), from.resolve("c04.mp4"));
    tone(from.resolve("voice.flac"), 4);
    try (SampleSite site = SampleSites.start()) {
      String base = site.baseUrl();
      Path list =
          Files.writeString(
              dir.resolve("list/videos.csv"),
              "path,url,id,title,label,split\n"
                  + "clips/c04.mp4,,,Speaker test,joy,train\n"
                  + ","
                  + base
                  + "/media/c09.mp4,clip9,,sadness,test1\n"
                  + "clips/voice.flac,,,A voice,neutral,valid\n"
                  + ",,,No source,,\n"
                  + "clips/c01.mp4,,clip9,Taken id,,\n"
                  + "clips/gone.mp4,,,Gone,,\n"
                  + ","
                  + base
                  + "/media/nope.mp4,,Dead link,,\n");
      RunLayout out = RunLayout.at(dir.resolve("out"));
      CrawlConfig cfg = SampleSites.config();
      TestPipeline p = TestPipeline.create().enableAbandonedNodeEnforcement(false);
      IngestPipeline.build(
          p, cfg, IngestSource.open(list, ListSource.Columns.DEFAULT), out, out, 1);
      p.run().waitUntilFinish();

      Map<String, VideoMetadata> kept =
          ParquetFiles.<VideoMetadata>readAll(out.metadata(), Schemas.VIDEO_METADATA).stream()
              .collect(Collectors.toMap(v -> v.getId(), v -> v, (a, b) -> a, TreeMap::new));
      Map<String, String> failed = new TreeMap<>();
      ParquetFiles.<Failure>readAll(out.failures(), Schemas.FAILURE)
          .forEach(f -> failed.put(f.getId(), f.getReason()));
      assertEquals(3, kept.size(), kept.keySet() + " " + failed);
      VideoMetadata c04 =
          kept.values().stream().filter(v -> v.getTitle().equals("Speaker test")).findFirst().get();
      assertTrue(c04.getId().startsWith("local_clips-c04.mp4~"), "the path's id: " + c04.getId());
      assertEquals("Speaker test", c04.getTitle());
      assertEquals("list", c04.getFieldSources().get("title"));
      assertEquals("train", c04.getSplit());
      assertEquals("joy", c04.getExtra().get("label"));
      VideoMetadata clip9 = kept.get("list_clip9");
      assertEquals("c09", clip9.getTitle(), "no title column value: the URL's file name");
      assertEquals("test", clip9.getSplit());
      assertEquals("test1", clip9.getExtra().get("split"), "as the dataset names it");
      assertEquals("clip9", clip9.getExtra().get("id"), "the list's own id, to join on");
      assertEquals(base + "/media/c09.mp4", clip9.getMediaUrl());
      assertEquals(1, site.hits("/media/c09.mp4"));
      VideoMetadata voice =
          kept.values().stream().filter(v -> v.getTitle().equals("A voice")).findFirst().get();
      assertEquals(null, voice.getWidth(), "sound alone has no picture");
      assertEquals(4.0, voice.getDurationS(), 0.1);
      assertTrue(voice.getMediaPath().endsWith(".flac"), voice.getMediaPath());
      assertEquals(
          java.util.List.of("bad_row", "duplicate_id", "http_404", "missing_file"),
          failed.values().stream().sorted().toList(),
          failed.toString());
      CrawlSummary s = CrawlSummary.read(out.root());
      assertTrue(s.reconciles(), s.toString());
      assertEquals(7, s.videosFound(), "every row of the list");
      assertEquals(3, s.kept());
      assertEquals(4, s.failed());
    }
  }

  /** {@code seconds} of a tone in the container the name says. */
  static Path tone(Path file, double seconds) throws Exception {
    int rate = 16_000;
    try (FFmpegFrameRecorder r = new FFmpegFrameRecorder(file.toFile(), 1)) {
      String name = file.getFileName().toString();
      r.setFormat(name.substring(name.lastIndexOf('.') + 1));
      r.setSampleRate(rate);
      r.start();
      float[] x = new float[(int) (rate * seconds)];
      for (int i = 0; i < x.length; i++) {
        x[i] = (float) (0.3 * Math.sin(2 * Math.PI * 220 * i / rate));
      }
      r.recordSamples(rate, 1, FloatBuffer.wrap(x));
      r.stop();
    }
    return file;
  }
}
