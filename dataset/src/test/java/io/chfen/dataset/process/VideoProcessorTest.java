package io.chfen.dataset.process;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chfen.artifacts.FacesFile;
import io.chfen.faces.FaceAnonymizer;
import io.chfen.files.FileOps;
import io.chfen.files.Location;
import io.chfen.media.CpuMeter;
import io.chfen.media.MediaException;
import io.chfen.records.ModalityResult;
import io.chfen.records.VideoArtifacts;
import io.chfen.records.VideoMetadata;
import io.chfen.sample.SampleData;
import io.chfen.schemas.Analysis;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

public class VideoProcessorTest {
  @TempDir Path out;

  public static VideoMetadata video(String id, String file) throws Exception {
    Path corpus = SampleData.corpus();
    return VideoMetadata.newBuilder()
        .setId(id)
        .setSource("test")
        .setPageUrl("http://test/" + id)
        .setCanonicalUrl("http://test/" + id)
        .setCrawledAt(Instant.EPOCH)
        .setMediaPath(file)
        .setMediaSha256(
            Files.exists(corpus.resolve(file)) ? FileOps.sha256(corpus.resolve(file)) : null)
        .build();
  }

  @Test
  void writesArtifactsAtomicallyAndReusesCompleteOnes() throws Exception {
    Path corpus = SampleData.corpus();
    try (VideoProcessor p =
        new VideoProcessor(new ProcessSpec(), Location.of(corpus), Location.of(out))) {
      VideoProcessor.Outcome first = p.process(video("t_c09", "c09.mp4"));
      assertFalse(first.reused());
      VideoArtifacts a = first.artifacts();
      assertEquals("artifacts/t_c09", a.getArtifactsDir());
      assertEquals(720, a.getWidth());
      assertEquals(1280, a.getHeight());
      assertEquals(12.0, a.getDurationS(), 0.05);
      assertEquals(25.0, a.getFps(), 0.01);
      Path dir = out.resolve(a.getArtifactsDir());
      assertTrue(Files.isRegularFile(dir.resolve("artifacts.json")));
      assertTrue(Files.isRegularFile(dir.resolve("audio.wav")));
      assertEquals(12, Files.list(dir.resolve("keyframes")).count());
      try (Stream<Path> s = Files.list(out.resolve("artifacts"))) {
        assertEquals(1, s.count(), "no temporary directory left behind");
      }

      VideoProcessor.Outcome again = p.process(video("t_c09", "c09.mp4"));
      assertTrue(again.reused());
      assertEquals(a, again.artifacts());

      // the worker's CPU by part: every analyzer, decoding, and the models on the first video only
      Map<String, Double> cpu = a.getCpuMs();
      for (String part :
          List.of(
              CpuMeter.DECODE,
              CpuMeter.CONVERT,
              CpuMeter.MODELS,
              Analysis.KEYFRAMES,
              Analysis.SUBTITLES,
              Analysis.SEPARATION,
              Analysis.FACES)) {
        assertTrue(cpu.getOrDefault(part, 0.0) > 0, part + " in " + cpu);
      }
      // writing the folder is in the stage's record, not in artifacts.json (written before it)
      assertFalse(cpu.containsKey(CpuMeter.WRITE), cpu.toString());
      assertTrue(first.stageRecord().getCpuMs().containsKey(CpuMeter.WRITE));
      assertEquals(a.getModalities(), first.stageRecord().getModalities());
      assertEquals(a, again.stageRecord(), "a reused folder's record is emitted as it is");
      VideoArtifacts second = p.process(video("t_c08", "c08.mp4")).artifacts();
      assertFalse(second.getCpuMs().containsKey(CpuMeter.MODELS), second.getCpuMs().toString());

      // a folder written before costs were counted (no cpuMs in artifacts.json) is still reused
      Path json = dir.resolve("artifacts.json");
      ObjectNode old = (ObjectNode) new ObjectMapper().readTree(json.toFile());
      old.remove("cpuMs");
      Files.writeString(json, old.toString());
      VideoProcessor.Outcome older = p.process(video("t_c09", "c09.mp4"));
      assertTrue(older.reused());
      assertEquals(Map.of(), older.artifacts().getCpuMs());
      assertEquals(a.getModalities(), older.artifacts().getModalities());
      ArtifactsJson.write(a, dir);

      // killed between renaming the old folder aside and the new one in: the old one is found
      Files.move(dir, FileOps.previous(dir));
      VideoProcessor.Outcome recovered = p.process(video("t_c09", "c09.mp4"));
      assertTrue(recovered.reused());
      assertEquals(a, recovered.artifacts());
      assertFalse(Files.exists(FileOps.previous(dir)));

      // a directory with a failed modality is not complete: it is processed again
      Map<String, ModalityResult> m = new HashMap<>(a.getModalities());
      m.put(
          "audio",
          ModalityResult.newBuilder().setStatus("failed").setReason("analyzer_error").build());
      ArtifactsJson.write(VideoArtifacts.newBuilder(a).setModalities(m).build(), dir);
      VideoProcessor.Outcome redone = p.process(video("t_c09", "c09.mp4"));
      assertFalse(redone.reused());
      assertEquals("ok", redone.artifacts().getModalities().get("audio").getStatus());

      // other media under the same id is processed again
      VideoMetadata changed =
          VideoMetadata.newBuilder(video("t_c09", "c09.mp4"))
              .setMediaSha256("0".repeat(64))
              .build();
      assertFalse(p.process(changed).reused());
    }
  }

  @Test
  void brokenMediaLeavesNoArtifactDirectory() throws Exception {
    Path corpus = SampleData.corpus();
    try (VideoProcessor p =
        new VideoProcessor(new ProcessSpec(), Location.of(corpus), Location.of(out))) {
      MediaException e =
          assertThrows(MediaException.class, () -> p.process(video("t_trunc", "b_truncated.mp4")));
      assertEquals("truncated", e.reason());
      assertFalse(Files.exists(out.resolve("artifacts/t_trunc")));
      try (Stream<Path> s = Files.list(out.resolve("artifacts"))) {
        assertEquals(0, s.count(), "the temporary directory is removed");
      }
      // the processor goes on with the next video
      assertEquals(
          "ok",
          p.process(video("t_c08", "c08.mp4"))
              .artifacts()
              .getModalities()
              .get("keyframes")
              .getStatus());
    }
  }

  @Test
  void missingModelsFailOnlyTheirModalitiesWithTheFileAndTheFix() throws Exception {
    Path corpus = SampleData.corpus();
    ProcessSpec cfg = new ProcessSpec();
    cfg.modelsDir = out.resolve("no-models").toString();
    try (VideoProcessor p = new VideoProcessor(cfg, Location.of(corpus), Location.of(out))) {
      VideoArtifacts a = p.process(video("t_nomodel", "c01.mp4")).artifacts();
      ModalityResult subs = a.getModalities().get("subtitles");
      assertEquals("failed", subs.getStatus());
      assertEquals("model_unavailable", subs.getReason());
      assertTrue(
          subs.getMessage().contains("ch_PP-OCRv4_det_infer.onnx")
              && subs.getMessage().contains("scripts/fetch-models.sh"),
          subs.getMessage());
      ModalityResult sep = a.getModalities().get("separation");
      assertEquals("failed", sep.getStatus());
      assertEquals("model_unavailable", sep.getReason());
      assertTrue(
          sep.getMessage().contains("silero_vad_v5.onnx")
              && sep.getMessage().contains("scripts/fetch-models.sh"),
          sep.getMessage());
      ModalityResult faces = a.getModalities().get("faces");
      assertEquals("failed", faces.getStatus());
      assertEquals("model_unavailable", faces.getReason());
      assertTrue(
          faces.getMessage().contains("fr_detect.onnx")
              && faces.getMessage().contains("scripts/fetch-models.sh"),
          faces.getMessage());
      assertEquals("ok", a.getModalities().get("keyframes").getStatus());
      assertEquals("ok", a.getModalities().get("audio").getStatus());
    }
  }

  /**
   * Privacy after the decoding pass: the faces were embedded before the images were hidden (the
   * same person, the same vector), the keyframes say how many regions were hidden, and a directory
   * made without anonymization is made again when it is asked for, then reused.
   */
  @Test
  void anonymizationHidesTheStoredFacesAfterTheyAreEmbedded() throws Exception {
    Path corpus = SampleData.corpus();
    ProcessSpec on = new ProcessSpec();
    on.anonymizeFaces = FaceAnonymizer.Mode.PIXELATE;
    Path plain = out.resolve("plain");
    Path hidden = out.resolve("hidden");
    try (VideoProcessor p =
        new VideoProcessor(new ProcessSpec(), Location.of(corpus), Location.of(plain))) {
      p.process(video("t_c09", "c09.mp4"));
    }
    VideoArtifacts a;
    try (VideoProcessor p = new VideoProcessor(on, Location.of(corpus), Location.of(hidden))) {
      a = p.process(video("t_c09", "c09.mp4")).artifacts();
    }
    double regions =
        a.getModalities().get(Analysis.KEYFRAMES).getStats().get(VideoProcessor.ANONYMIZED);
    assertTrue(regions >= 8, "a face on most of the 12 keyframes: " + regions);
    FacesFile before = FacesFile.read(plain.resolve("artifacts/t_c09/faces.json"));
    FacesFile after = FacesFile.read(hidden.resolve("artifacts/t_c09/faces.json"));
    assertArrayEquals(before.persons().get(0).embedding(), after.persons().get(0).embedding(), 0.0);

    try (VideoProcessor p = new VideoProcessor(on, Location.of(corpus), Location.of(plain))) {
      VideoProcessor.Outcome again = p.process(video("t_c09", "c09.mp4"));
      assertFalse(again.reused(), "made without anonymization: made again");
      assertTrue(
          again
              .artifacts()
              .getModalities()
              .get(Analysis.KEYFRAMES)
              .getStats()
              .containsKey(VideoProcessor.ANONYMIZED));
      assertTrue(p.process(video("t_c09", "c09.mp4")).reused());
    }
  }
}
