package io.chfen.faces;

import static org.bytedeco.opencv.global.opencv_imgcodecs.imread;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.chfen.models.ModelFiles;
import io.chfen.pipelines.process.ProcessConfig;
import io.chfen.pipelines.process.VideoProcessor;
import io.chfen.pipelines.process.VideoProcessorTest;
import io.chfen.records.VideoArtifacts;
import io.chfen.samplesite.SampleSites;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Privacy on real video: the faces the pipeline stores can no longer be found. */
class FaceAnonymizerTest {
  @TempDir Path plain;
  @TempDir Path hidden;

  @Test
  void storedKeyframesAndCropsShowNoFindableFace() throws Exception {
    Path corpus = SampleSites.mediaDir();
    ProcessConfig off = new ProcessConfig();
    ProcessConfig on = new ProcessConfig();
    on.anonymizeFaces = FaceAnonymizer.Mode.PIXELATE;
    VideoArtifacts a;
    try (VideoProcessor p = new VideoProcessor(off, corpus, plain)) {
      p.process(VideoProcessorTest.video("t_c09", "c09.mp4"));
    }
    try (VideoProcessor p = new VideoProcessor(on, corpus, hidden)) {
      a = p.process(VideoProcessorTest.video("t_c09", "c09.mp4")).artifacts();
    }
    Path before = plain.resolve("artifacts/t_c09");
    Path after = hidden.resolve("artifacts/t_c09");
    double regions = a.getModalities().get("keyframes").getStats().get(VideoProcessor.ANONYMIZED);
    assertTrue(regions >= 8, "a face on most of the 12 keyframes: " + regions);

    // the embeddings came from the real face: the same person, the same vector
    ObjectMapper json = new ObjectMapper();
    JsonNode e0 = json.readTree(before.resolve("faces.json").toFile()).at("/persons/0/embedding");
    JsonNode e1 = json.readTree(after.resolve("faces.json").toFile()).at("/persons/0/embedding");
    assertEquals(e0, e1);

    // the true faces (the corpus's truth): found in the plain keyframes, not in the stored ones
    JsonNode truth = json.readTree(corpus.resolve("c09/truth/faces.json").toFile());
    java.util.Map<Long, JsonNode> frames = new java.util.HashMap<>();
    truth.get("frames").forEach(f -> frames.put(f.get("timeUs").asLong(), f.get("faces")));
    UltraFace detector = new UltraFace(ModelFiles.dir(), 0.7);
    int seen = 0;
    for (JsonNode k : json.readTree(after.resolve("keyframes.json").toFile()).get("keyframes")) {
      String f = k.get("file").asText();
      List<FaceDetector.Face> real = faces(detector, before.resolve(f));
      List<FaceDetector.Face> left = faces(detector, after.resolve(f));
      for (JsonNode t : frames.get(Math.round(k.get("t").asDouble() * 1e6))) {
        if (t.get("visibility").asDouble() < 0.5) {
          continue;
        }
        FaceDetector.Face face =
            new FaceDetector.Face(
                t.get("x").asInt(), t.get("y").asInt(), t.get("w").asInt(), t.get("h").asInt(), 1);
        seen += real.stream().anyMatch(r -> r.iou(face) >= 0.3) ? 1 : 0;
        for (FaceDetector.Face l : left) {
          assertTrue(face.iou(l) < 0.3, f + ": the face at " + face + " is still found: " + l);
        }
      }
    }
    assertTrue(seen >= 8, "the detector found the real face on " + seen + " keyframes");

    JsonNode crops = json.readTree(after.resolve("faces.json").toFile()).at("/persons/0/crops");
    assertFalse(crops.isEmpty());
    for (JsonNode c : crops) {
      assertNotEquals(
          Arrays.hashCode(Files.readAllBytes(before.resolve(c.asText()))),
          Arrays.hashCode(Files.readAllBytes(after.resolve(c.asText()))),
          c.asText() + " is changed");
    }

    // a directory processed without anonymization is not reused when it is asked for
    try (VideoProcessor p = new VideoProcessor(on, corpus, plain)) {
      VideoProcessor.Outcome again = p.process(VideoProcessorTest.video("t_c09", "c09.mp4"));
      assertFalse(again.reused());
      assertTrue(
          again
              .artifacts()
              .getModalities()
              .get("keyframes")
              .getStats()
              .containsKey(VideoProcessor.ANONYMIZED));
      assertTrue(p.process(VideoProcessorTest.video("t_c09", "c09.mp4")).reused());
    }
  }

  private static List<FaceDetector.Face> faces(UltraFace d, Path image) {
    Mat m = imread(image.toString());
    try {
      return d.detect(m, true);
    } finally {
      m.close();
    }
  }
}
