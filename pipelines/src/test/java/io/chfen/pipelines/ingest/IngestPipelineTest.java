package io.chfen.pipelines.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chfen.dataset.crawl.CrawlConfig;
import io.chfen.dataset.ingest.DirectorySource;
import io.chfen.dataset.summary.CrawlSummary;
import io.chfen.layout.RunLayout;
import io.chfen.records.Failure;
import io.chfen.records.FilterOutcome;
import io.chfen.records.VideoMetadata;
import io.chfen.sample.SampleData;
import io.chfen.sample.site.SampleSite;
import io.chfen.schemas.ParquetFiles;
import io.chfen.schemas.Schemas;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.beam.sdk.testing.TestPipeline;
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
    DirectorySource.Scan scan = DirectorySource.scan(dir.resolve("from"));
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
}
