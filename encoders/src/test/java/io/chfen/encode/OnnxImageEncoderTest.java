package io.chfen.encode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chfen.faces.FaceDetector;
import io.chfen.faces.FaceEmbedder;
import io.chfen.faces.UltraFace;
import io.chfen.models.ModelFiles;
import io.chfen.models.ModelRegistry;
import io.chfen.sample.SampleData;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.OpenCVFrameConverter;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.Test;

/** The generic ONNX image-encoder path, on real ONNX image models the project fetches. */
class OnnxImageEncoderTest {
  /** Every 10th frame of a corpus video. */
  private static List<Mat> frames(String clip, int max) throws Exception {
    List<Mat> out = new ArrayList<>();
    try (FFmpegFrameGrabber g =
            new FFmpegFrameGrabber(SampleData.corpus().resolve(clip + ".mp4").toFile());
        OpenCVFrameConverter.ToMat conv = new OpenCVFrameConverter.ToMat()) {
      g.start();
      Frame f;
      int i = 0;
      while ((f = g.grabImage()) != null && out.size() < max) {
        if (i++ % 10 == 0) {
          out.add(conv.convert(f).clone());
        }
      }
    }
    return out;
  }

  private static OnnxImageEncoder.Config model(String registryName) {
    OnnxImageEncoder.Config c = new OnnxImageEncoder.Config();
    ModelRegistry.Model m = ModelRegistry.get(registryName);
    c.model = ModelFiles.verified(ModelFiles.dir(), m.file(".onnx")).toString();
    c.sha256 = m.sha256();
    return c;
  }

  @Test
  void configuredAsTheFaceModelItGivesTheFaceEmbeddings() throws Exception {
    OnnxImageEncoder.Config c = model("face-feature");
    c.width = 112;
    c.height = 112;
    c.unitScale = false;
    c.mean = new float[] {127, 127, 127};
    c.std = new float[] {128, 128, 128};
    OnnxImageEncoder enc = new OnnxImageEncoder(c);
    assertEquals(1, enc.batchSize(), "the export's batch dimension is fixed at 1");
    FaceEmbedder embedder = FaceEmbedder.shared(ModelFiles.dir());
    List<Mat> crops = new ArrayList<>();
    List<float[]> want = new ArrayList<>();
    for (Mat frame : frames("c03", 6)) {
      for (FaceDetector.Face f : UltraFace.shared(ModelFiles.dir()).detect(frame)) {
        Mat aligned = embedder.align(frame, embedder.landmarks(frame, f));
        crops.add(aligned);
        want.add(embedder.embed(aligned));
      }
    }
    assertTrue(crops.size() >= 8, crops.size() + " faces");
    float[][] got = enc.encode(crops);
    for (int i = 0; i < crops.size(); i++) {
      assertEquals(1.0, Vectors.dot(got[i], want.get(i)), 1e-5, "face " + i);
    }
  }

  @Test
  void batchesGiveTheSameVectorsAsSinglePictures() throws Exception {
    // PP-OCR's angle classifier: a float model with a free batch dimension
    OnnxImageEncoder.Config c = model("ppocr-cls");
    c.width = 192;
    c.height = 48;
    c.mean = new float[] {0.5f, 0.5f, 0.5f};
    c.std = new float[] {0.5f, 0.5f, 0.5f};
    c.normalize = false;
    c.batch = 8;
    OnnxImageEncoder enc = new OnnxImageEncoder(c);
    assertEquals(8, enc.batchSize());
    List<Mat> pics = frames("c05", 12);
    float[][] batched = enc.encode(pics);
    for (int i = 0; i < pics.size(); i++) {
      float[] single = enc.encode(List.of(pics.get(i)))[0];
      assertEquals(2, single.length);
      for (int k = 0; k < single.length; k++) {
        assertEquals(single[k], batched[i][k], 1e-5, "picture " + i);
      }
      assertEquals(1.0, single[0] + single[1], 1e-4, "a softmax");
    }
  }
}
