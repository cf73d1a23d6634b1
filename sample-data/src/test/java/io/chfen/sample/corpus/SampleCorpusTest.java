package io.chfen.sample.corpus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.chfen.files.FileOps;
import io.chfen.sample.SampleData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SampleCorpusTest {
  @TempDir Path tmp;

  @Test
  void theSameSeedGivesTheSameFiles() throws Exception {
    Path corpus = SampleData.corpus();
    JsonNode manifest = SampleCorpus.manifest(corpus);
    List<SampleCorpus.Entry> again =
        SampleCorpus.generate(
            tmp, SampleCorpus.DEFAULT_SEED, SampleData.sourcesDir(), Set.of("c04", "c08"), s -> {});
    for (SampleCorpus.Entry e : again) {
      String before = null;
      for (JsonNode f : manifest.get("files")) {
        if (f.get("file").asText().equals(e.file())) {
          before = f.get("sha256").asText();
        }
      }
      assertEquals(before, e.sha256(), e.file() + " is byte-identical for the same seed");
      for (String truth :
          List.of("subtitles.srt", "faces.json", "vocals.wav", "music.wav", "meta.json")) {
        assertEquals(
            FileOps.sha256(corpus.resolve(e.id()).resolve("truth").resolve(truth)),
            FileOps.sha256(tmp.resolve(e.id()).resolve("truth").resolve(truth)),
            e.id() + "/" + truth);
      }
    }
  }

  @Test
  void everyVideoHasItsTruthAndTheManifestListsEveryFile() throws Exception {
    Path corpus = SampleData.corpus();
    JsonNode manifest = SampleCorpus.manifest(corpus);
    assertEquals(17, manifest.get("files").size(), "12 videos and 5 broken inputs");
    ObjectMapper json = new ObjectMapper();
    for (JsonNode f : manifest.get("files")) {
      Path file = corpus.resolve(f.get("file").asText());
      assertEquals(f.get("sha256").asText(), FileOps.sha256(file), file.toString());
      if (!f.get("expect").asText().equals("ok")) {
        continue;
      }
      Path truth = corpus.resolve(f.get("id").asText()).resolve("truth");
      JsonNode meta = json.readTree(truth.resolve("meta.json").toFile());
      double duration = meta.get("durationS").asDouble();
      assertTrue(duration >= 10 && duration <= 40, f + ": 10–40 s");
      JsonNode faces = json.readTree(truth.resolve("faces.json").toFile());
      assertEquals(meta.get("frames").asInt(), faces.get("frames").size());
      String srt = Files.readString(truth.resolve("subtitles.srt"));
      assertEquals(meta.get("cues").asInt(), srt.isBlank() ? 0 : srt.strip().split("\n\n").length);
      assertEquals(meta.get("stems").asBoolean(), Files.exists(truth.resolve("vocals.wav")));
    }
    try (Stream<Path> s = Files.list(corpus)) {
      assertEquals(17, s.filter(p -> p.toString().endsWith(".mp4")).count());
    }
  }
}
