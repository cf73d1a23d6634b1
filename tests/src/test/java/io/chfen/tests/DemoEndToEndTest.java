package io.chfen.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.chfen.files.FileOps;
import io.chfen.pipelines.Progress;
import io.chfen.pipelines.cli.Chfen;
import io.chfen.pipelines.crawl.CrawlPipeline;
import io.chfen.pipelines.io.ParquetFiles;
import io.chfen.pipelines.process.ProcessPipeline;
import io.chfen.records.Failure;
import io.chfen.records.ModalityResult;
import io.chfen.records.VideoArtifacts;
import io.chfen.samplesite.SampleData;
import io.chfen.samplesite.SampleSite;
import io.chfen.samplesite.SampleVideo;
import io.chfen.schemas.Schemas;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `chfen demo` as a user runs it: the sample site served, crawled and processed, then re-run. */
class DemoEndToEndTest {
  @TempDir Path out;

  @Test
  void demoCrawlsAndProcessesTheSampleSiteAndAReRunReusesEverything() throws Exception {
    assertEquals(0, Chfen.execute("demo", "--out", out.toString()));
    JsonNode s = new ObjectMapper().readTree(out.resolve("summary.json").toFile());
    assertTrue(s.get("reconciles").asBoolean());
    long kept =
        SampleSite.catalog().stream().filter(v -> v.expectedOutcome().equals("kept")).count();
    assertEquals(kept, s.get("videos").get("kept").asLong());
    assertEquals(SampleSite.catalog().size(), s.get("videos").get("found").asInt());
    long distinctMedia =
        SampleSite.catalog().stream()
            .filter(v -> v.expectedOutcome().equals("kept"))
            .map(v -> v.media)
            .distinct()
            .count();
    try (Stream<Path> media = Files.walk(out.resolve("media"))) {
      assertEquals(
          distinctMedia,
          media.filter(p -> p.toString().endsWith(".mp4")).count(),
          "content-addressed: one file per distinct media");
    }

    // the process stage's outcome for every kept video is the catalog's
    Map<String, String> expected = new TreeMap<>();
    for (SampleVideo v : SampleSite.catalog()) {
      if (v.expectedOutcome().equals("kept")) {
        expected.put("demo_" + v.id, v.process);
      }
    }
    Path corpus = SampleData.corpus(m -> {});
    String c08Sha = FileOps.sha256(corpus.resolve("c08.mp4")) + ".mp4";
    // the unique persons each corpus video shows, by its media file's name
    Map<String, Integer> persons = new TreeMap<>();
    try (Stream<Path> clips = Files.list(corpus)) {
      for (Path clip : clips.filter(c -> c.toString().endsWith(".mp4")).toList()) {
        Path truth = corpus.resolve(clip.getFileName().toString().replace(".mp4", ""));
        Path faces = truth.resolve("truth/faces.json");
        if (Files.exists(faces)) {
          JsonNode t = new ObjectMapper().readTree(faces.toFile());
          if (t.get("known").asBoolean()) {
            persons.put(FileOps.sha256(clip) + ".mp4", t.get("persons").size());
          }
        }
      }
    }
    int checkedPersons = 0;
    Map<String, String> got = new TreeMap<>();
    for (VideoArtifacts a :
        ParquetFiles.<VideoArtifacts>readAll(
            out.resolve(ProcessPipeline.PROCESSED), Schemas.VIDEO_ARTIFACTS)) {
      got.put(a.getId(), "ok");
      assertEquals("ok", a.getModalities().get("keyframes").getStatus(), a.getId());
      assertTrue(
          Files.isRegularFile(out.resolve(a.getArtifactsDir()).resolve("keyframes.json")),
          a.getId());
      String audio = a.getModalities().get("audio").getStatus();
      assertEquals(a.getHasAudio() ? "ok" : "absent", audio, a.getId());
      // vocals and music for every video with sound
      ModalityResult sep = a.getModalities().get("separation");
      assertEquals(a.getHasAudio() ? "ok" : "absent", sep.getStatus(), a.getId() + ": " + sep);
      for (String f : a.getHasAudio() ? List.of("vocals.wav", "music.wav") : List.<String>of()) {
        assertTrue(Files.isRegularFile(out.resolve(a.getArtifactsDir()).resolve(f)), a.getId());
      }
      // an SRT for every video: with cues, or empty and "absent" (the music-only c08)
      String subtitles = a.getModalities().get("subtitles").getStatus();
      assertEquals(a.getMediaPath().endsWith(c08Sha) ? "absent" : "ok", subtitles, a.getId());
      assertTrue(
          Files.isRegularFile(out.resolve(a.getArtifactsDir()).resolve("subtitles.srt")),
          a.getId());
      // faces.json for every video, with the unique persons the corpus truth says it shows
      ModalityResult faces = a.getModalities().get("faces");
      assertEquals("ok", faces.getStatus(), a.getId() + ": " + faces);
      JsonNode facesJson =
          new ObjectMapper()
              .readTree(out.resolve(a.getArtifactsDir()).resolve("faces.json").toFile());
      String media = Path.of(a.getMediaPath()).getFileName().toString();
      if (persons.containsKey(media)) {
        assertEquals(persons.get(media), facesJson.get("persons").size(), a.getId());
        checkedPersons++;
      }
    }
    assertTrue(checkedPersons >= 8, "persons checked on " + checkedPersons + " videos");
    for (Failure f :
        ParquetFiles.<Failure>readAll(out.resolve(CrawlPipeline.FAILURES), Schemas.FAILURE)) {
      if (f.getStage().equals("process")) {
        got.put(f.getId(), "failed:" + f.getReason());
      }
    }
    assertEquals(expected, got);
    JsonNode p = new ObjectMapper().readTree(out.resolve("process-summary.json").toFile());
    assertTrue(p.get("reconciles").asBoolean());

    // a re-run downloads nothing and decodes nothing that is complete
    assertEquals(0, Chfen.execute("demo", "--out", out.toString()));
    assertEquals(kept, Progress.get("media_reused"));
    assertEquals(0, Progress.get("media_downloaded"));
    long processedOk = expected.values().stream().filter("ok"::equals).count();
    assertEquals(processedOk, Progress.get("videos_reused"));
    assertEquals(0, Progress.get("videos_processed"));
  }

  @Test
  void missingOptionsAndSeedsAreClearErrors() {
    assertEquals(2, Chfen.execute("crawl"), "--out is required");
    assertTrue(Chfen.execute("crawl", "--out", out.toString()) != 0, "no seeds");
  }
}
