package io.chfen.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.chfen.pipelines.Progress;
import io.chfen.pipelines.cli.Chfen;
import io.chfen.samplesite.SampleSite;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `chfen demo` as a user runs it: the sample site served, crawled, and re-run. */
class DemoEndToEndTest {
  @TempDir Path out;

  @Test
  void demoCrawlsTheSampleSiteAndAReRunReusesTheMedia() throws Exception {
    assertEquals(0, Chfen.execute("demo", "--out", out.toString()));
    JsonNode s = new ObjectMapper().readTree(out.resolve("summary.json").toFile());
    assertTrue(s.get("reconciles").asBoolean());
    long kept =
        SampleSite.catalog().stream().filter(v -> v.expectedOutcome().equals("kept")).count();
    assertEquals(kept, s.get("videos").get("kept").asLong());
    assertEquals(SampleSite.catalog().size(), s.get("videos").get("found").asInt());
    long files;
    try (Stream<Path> media = Files.walk(out.resolve("media"))) {
      files = media.filter(p -> p.toString().endsWith(".mp4")).count();
    }
    assertEquals(
        SampleSite.mediaFiles().size() - 1,
        files,
        "content-addressed: one file per distinct media (the 5 s clip is filtered)");

    assertEquals(0, Chfen.execute("demo", "--out", out.toString()));
    assertEquals(
        kept, Progress.get("media_reused"), "the re-run verifies and reuses every stored file");
    assertEquals(0, Progress.get("media_downloaded"));
  }

  @Test
  void unknownOptionsAndMissingSeedsAreClearErrors() {
    assertEquals(2, Chfen.execute("crawl"), "--out is required");
    assertTrue(Chfen.execute("crawl", "--out", out.toString()) != 0, "no seeds");
  }
}
