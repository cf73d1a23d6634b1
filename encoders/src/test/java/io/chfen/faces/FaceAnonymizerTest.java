package io.chfen.faces;

import static org.bytedeco.opencv.global.opencv_imgcodecs.imread;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.chfen.media.DecodeLimits;
import io.chfen.media.SinglePassDecoder;
import io.chfen.models.ModelFiles;
import io.chfen.process.KeyframeSampler;
import io.chfen.sample.SampleData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Privacy on real video: the faces in the stored keyframes and crops can no longer be found. */
class FaceAnonymizerTest {
  @TempDir Path plain;
  @TempDir Path hidden;

  @Test
  void storedKeyframesAndCropsShowNoFindableFace() throws Exception {
    Path corpus = SampleData.corpus();
    try (KeyframeSampler k = new KeyframeSampler(1.0, 90, 0.12);
        FaceAnalyzer faces = FaceAnalyzer.create(new FaceAnalyzer.Settings(), ModelFiles.dir())) {
      var r =
          new SinglePassDecoder(DecodeLimits.DEFAULT, 1)
              .decode(corpus.resolve("c09.mp4"), List.of(k, faces), plain)
              .results();
      assertEquals("ok", r.get("faces").getStatus());
    }
    try (Stream<Path> files = Files.walk(plain)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        Path to = hidden.resolve(plain.relativize(f));
        Files.createDirectories(to.getParent());
        Files.copy(f, to);
      }
    }
    FaceAnonymizer.Result a = FaceAnonymizer.apply(hidden, FaceAnonymizer.Mode.PIXELATE, 90);
    assertTrue(a.regions() >= 8, "a face on most of the 12 keyframes: " + a.regions());
    Path before = plain;
    Path after = hidden;
    ObjectMapper json = new ObjectMapper();

    // the true faces (the corpus's truth): found in the plain keyframes, not in the stored ones
    JsonNode truth = json.readTree(corpus.resolve("c09/truth/faces.json").toFile());
    java.util.Map<Long, JsonNode> frames = new java.util.HashMap<>();
    truth.get("frames").forEach(f -> frames.put(f.get("timeUs").asLong(), f.get("faces")));
    UltraFace detector = new UltraFace(ModelFiles.dir(), 0.7);
    int seen = 0;
    for (JsonNode kf : json.readTree(after.resolve("keyframes.json").toFile()).get("keyframes")) {
      String f = kf.get("file").asText();
      List<FaceDetector.Face> real = faces(detector, before.resolve(f));
      List<FaceDetector.Face> left = faces(detector, after.resolve(f));
      for (JsonNode t : frames.get(Math.round(kf.get("t").asDouble() * 1e6))) {
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
    assertEquals(crops.size(), a.crops());
    for (JsonNode c : crops) {
      assertNotEquals(
          Arrays.hashCode(Files.readAllBytes(before.resolve(c.asText()))),
          Arrays.hashCode(Files.readAllBytes(after.resolve(c.asText()))),
          c.asText() + " is changed");
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
