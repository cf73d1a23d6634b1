package io.chfen.faces;

import static org.bytedeco.opencv.global.opencv_imgcodecs.imread;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.chfen.models.ModelFiles;
import io.chfen.sample.SampleData;
import java.nio.file.Path;
import java.util.List;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.OpenCVFrameConverter;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The face detector on real photos and on corpus frames with hand-annotated boxes. */
class FaceDetectorTest {
  @TempDir Path tmp;

  private static UltraFace detector() {
    return UltraFace.shared(ModelFiles.dir());
  }

  @Test
  void findsTheOneFaceInEachRealPhoto() {
    for (Path photo : RealPhotos.all()) {
      List<FaceDetector.Face> faces = detector().detect(imread(photo.toString()));
      assertEquals(1, faces.size(), photo + ": " + faces);
      assertTrue(faces.get(0).score() > 0.99, faces.toString());
    }
  }

  @Test
  void matchesTheAnnotatedBoxOfACorpusFrameAndFindsNoneWithoutFaces() throws Exception {
    FaceDetector.Face want = truthBox("c01", 0);
    List<FaceDetector.Face> got = detector().detect(firstFrame("c01"));
    assertEquals(1, got.size(), got.toString());
    assertTrue(got.get(0).iou(want) >= 0.5, got + " vs " + want);
    assertEquals(List.of(), detector().detect(firstFrame("c08")), "c08 shows no face");
  }

  @Test
  void aMissingModelIsAnErrorNamingTheFileAndTheFix() {
    Exception e =
        assertThrows(IllegalStateException.class, () -> new UltraFace(tmp.resolve("none"), 0.7));
    assertTrue(
        e.getMessage().contains("fr_detect.onnx") && e.getMessage().contains("fetch-models.sh"),
        e.getMessage());
  }

  /** The first annotated face of a corpus video's frame. */
  static FaceDetector.Face truthBox(String clip, int frame) throws Exception {
    JsonNode t =
        new ObjectMapper()
            .readTree(SampleData.corpus().resolve(clip + "/truth/faces.json").toFile())
            .get("frames")
            .get(frame)
            .get("faces")
            .get(0);
    return new FaceDetector.Face(
        t.get("x").asInt(), t.get("y").asInt(), t.get("w").asInt(), t.get("h").asInt(), 1);
  }

  private static Mat firstFrame(String clip) throws Exception {
    try (FFmpegFrameGrabber g =
            new FFmpegFrameGrabber(SampleData.corpus().resolve(clip + ".mp4").toFile());
        OpenCVFrameConverter.ToMat conv = new OpenCVFrameConverter.ToMat()) {
      g.start();
      Frame f = g.grabImage();
      return conv.convert(f).clone();
    }
  }
}
