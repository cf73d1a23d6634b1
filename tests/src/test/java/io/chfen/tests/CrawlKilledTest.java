package io.chfen.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chfen.app.cli.Chfen;
import io.chfen.dataset.summary.CrawlSummary;
import io.chfen.layout.RunLayout;
import io.chfen.pipelines.StageCounter;
import io.chfen.sample.SampleData;
import io.chfen.sample.site.SampleSite;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A crawl killed (kill -9) while it downloads: it publishes nothing half done, and what it had
 * finished — the media it stored and verified — is reused by the next run, not fetched again.
 */
class CrawlKilledTest {
  @TempDir Path dir;

  /** Files ending {@code suffix} at any depth under {@code d}. */
  private static long files(Path d, String suffix) {
    if (!Files.isDirectory(d)) {
      return 0;
    }
    try (Stream<Path> s = Files.walk(d)) {
      return s.filter(Files::isRegularFile)
          .filter(f -> f.getFileName().toString().endsWith(suffix))
          .count();
    } catch (IOException e) {
      return 0;
    }
  }

  @Test
  void aCrawlKilledMidDownloadLeavesTheMediaItStoredForTheReRun() throws Exception {
    Path out = dir.resolve("out");
    Path config = Files.writeString(dir.resolve("crawl.yaml"), SampleSite.crawlConfigYaml());
    RunLayout run = RunLayout.at(out);
    Path byId = run.media().path().resolve("by-id");
    try (SampleSite site = SampleSite.start("127.0.0.1", 0, SampleData.corpus(), 2500)) {
      List<String> args =
          new ArrayList<>(List.of("crawl", "--out", out.toString(), "--config", config.toString()));
      site.seeds().forEach(s -> args.addAll(List.of("--seed", s)));
      String[] crawl = args.toArray(String[]::new);
      assertTrue(
          Child.killWhen(dir.resolve("killed.log"), 300, () -> files(byId, ".json") >= 3, crawl),
          "killed while it downloaded");
      long stored = files(byId, ".json");
      assertFalse(Files.exists(run.metadata().path()), "nothing is published by a killed crawl");

      assertEquals(0, Chfen.execute(crawl));
      assertTrue(
          StageCounter.MEDIA_REUSED.live() >= stored,
          StageCounter.MEDIA_REUSED.live() + " reused of " + stored + " stored before the kill");
      CrawlSummary s = CrawlSummary.read(run.root());
      assertTrue(s.reconciles(), s.toString());
      assertEquals(0, files(run.mediaTmp().path(), ""), "no .part file is left");
      assertFalse(Files.exists(out.resolve(RunLayout.STAGING)));
    }
  }
}
