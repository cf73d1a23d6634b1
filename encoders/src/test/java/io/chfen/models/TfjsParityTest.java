package io.chfen.models;

import static org.bytedeco.opencv.global.opencv_imgcodecs.imread;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtSession;
import io.chfen.encode.OnnxImageEncoder;
import io.chfen.faces.FaceCrops;
import io.chfen.faces.FaceDetector;
import io.chfen.faces.FaceExpressions;
import io.chfen.faces.RealPhotos;
import io.chfen.faces.UltraFace;
import io.chfen.sample.SampleData;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.OpenCVFrameConverter;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Size;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each model converted from TF.js at setup against its original, run by TF.js itself in Node on the
 * same inputs: real faces (three photos from Debian packages and a corpus frame) and real frames.
 * Outputs agree within 1e-4 (absolute), and the project's own feeding paths ({@link
 * FaceExpressions}, {@link OnnxImageEncoder}) give the converted model's outputs.
 */
class TfjsParityTest {
  private static final double TOLERANCE = 1e-4;
  private static final List<Mat> PICTURES = new ArrayList<>();

  @TempDir Path tmp;

  @BeforeAll
  static void realPictures() throws Exception {
    for (Path photo : RealPhotos.all()) {
      Mat m = imread(photo.toString());
      assertTrue(!m.empty(), "cannot read " + photo);
      PICTURES.add(m);
    }
    try (FFmpegFrameGrabber g =
            new FFmpegFrameGrabber(SampleData.corpus().resolve("c01.mp4").toFile());
        OpenCVFrameConverter.ToMat conv = new OpenCVFrameConverter.ToMat()) {
      g.start();
      PICTURES.add(conv.convert(g.grabImage()).clone());
    }
    UltraFace detector = UltraFace.shared(ModelFiles.dir());
    for (Mat p : PICTURES) {
      List<FaceDetector.Face> found = detector.detect(p);
      assertEquals(1, found.size(), "one face in each picture: " + found);
    }
  }

  private static List<Mat> faceCrops(int side) {
    UltraFace detector = UltraFace.shared(ModelFiles.dir());
    List<Mat> crops = new ArrayList<>();
    for (Mat p : PICTURES) {
      crops.add(FaceCrops.square(p, detector.detect(p).get(0), side));
    }
    return crops;
  }

  @Test
  void faceExpressionMatchesFaceApi() throws Exception {
    List<Mat> crops = faceCrops(FaceExpressions.SIDE);
    float[] input = FaceCrops.rgbNhwc(crops);
    Map<String, float[]> ref =
        reference("face-expression", "face-api", input, crops.size(), FaceExpressions.SIDE);
    Map<String, float[]> onnx =
        onnx(
            "face-expression",
            input,
            crops.size(),
            FaceExpressions.SIDE,
            "probabilities",
            "embedding");
    assertClose("probabilities", ref.get("probabilities"), onnx.get("probabilities"));
    assertClose("embedding", ref.get("embedding"), onnx.get("embedding"));
    float[][] mine = FaceExpressions.shared(ModelFiles.dir()).classify(crops);
    assertClose("FaceExpressions", onnx.get("probabilities"), flat(mine));
    for (float[] p : mine) {
      double sum = 0;
      for (float v : p) {
        sum += v;
      }
      assertEquals(1, sum, 1e-4, "probabilities sum to 1");
    }
  }

  @Test
  void faceRecognitionMatchesFaceApi() throws Exception {
    List<Mat> crops = faceCrops(150);
    float[] input = FaceCrops.rgbNhwc(crops);
    Map<String, float[]> ref = reference("face-recognition", "face-api", input, crops.size(), 150);
    Map<String, float[]> onnx =
        onnx("face-recognition-128", input, crops.size(), 150, "descriptor");
    assertClose("descriptor", ref.get("descriptor"), onnx.get("descriptor"));
  }

  @Test
  void frameFeaturesMatchNsfwjs() throws Exception {
    OnnxImageEncoder.Config c =
        OnnxImageEncoder.Config.registered(ModelFiles.dir(), "mobilenet-v2-frames");
    List<Mat> frames = new ArrayList<>();
    for (Mat p : PICTURES) {
      Mat f = new Mat();
      resize(p, f, new Size(c.width, c.height), 0, 0, INTER_AREA);
      frames.add(f);
    }
    float[] input = FaceCrops.rgbNhwc(frames);
    Map<String, float[]> ref = reference("mobilenet-v2-mid", "nsfwjs", input, frames.size(), 224);
    Map<String, float[]> onnx =
        onnx("mobilenet-v2-frames", input, frames.size(), 224, "features", "probabilities");
    assertClose("features", ref.get("features"), onnx.get("features"));
    assertClose("probabilities", ref.get("probabilities"), onnx.get("probabilities"));
    float[][] mine = new OnnxImageEncoder(c).encode(frames);
    assertEquals(1792, mine[0].length);
    assertClose("OnnxImageEncoder", onnx.get("features"), flat(mine));
  }

  private static float[] flat(float[][] rows) {
    float[] out = new float[rows.length * rows[0].length];
    for (int i = 0; i < rows.length; i++) {
      System.arraycopy(rows[i], 0, out, i * rows[i].length, rows[i].length);
    }
    return out;
  }

  private static void assertClose(String what, float[] want, float[] got) {
    assertEquals(want.length, got.length, what + ": length");
    double worst = 0;
    for (int i = 0; i < want.length; i++) {
      worst = Math.max(worst, Math.abs(want[i] - got[i]));
    }
    System.out.printf("parity %-16s %6d values, max |difference| %.2e%n", what, want.length, worst);
    assertTrue(worst <= TOLERANCE, what + ": max |difference| " + worst + " > " + TOLERANCE);
  }

  private static Map<String, float[]> onnx(
      String model, float[] input, int n, int side, String... outputs) throws Exception {
    OrtSession s = Onnx.session(ModelFiles.dir(), ModelRegistry.get(model).file(".onnx"));
    try (OnnxTensor t =
            OnnxTensor.createTensor(
                Onnx.env(), FloatBuffer.wrap(input), new long[] {n, side, side, 3});
        OrtSession.Result r = s.run(Map.of("image", t))) {
      Map<String, float[]> out = new java.util.HashMap<>();
      for (String o : outputs) {
        out.put(o, ((OnnxTensor) r.get(o).orElseThrow()).getFloatBuffer().array());
      }
      return out;
    }
  }

  /** The TF.js original's outputs, from scripts/models/tfjs-reference.cjs in Node. */
  private Map<String, float[]> reference(String model, String pkg, float[] input, int n, int side)
      throws Exception {
    Path in = tmp.resolve(model + ".f32");
    ByteBuffer b = ByteBuffer.allocate(input.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    b.asFloatBuffer().put(input);
    Files.write(in, b.array());
    Path tfjs = ModelFiles.dir().resolve("tfjs");
    Path script =
        Path.of(System.getProperty("chfen.scripts", "../scripts"), "models", "tfjs-reference.cjs");
    ProcessBuilder pb =
        new ProcessBuilder(
                "node",
                script.toString(),
                model,
                tfjs.resolve(pkg).toString(),
                in.toString(),
                String.valueOf(n),
                String.valueOf(side),
                tmp.resolve(model).toString())
            .redirectErrorStream(true)
            .redirectOutput(tmp.resolve(model + ".log").toFile());
    pb.environment().put("NODE_PATH", tfjs.resolve("runtime/node_modules").toString());
    Process p = pb.start();
    assertTrue(p.waitFor(300, TimeUnit.SECONDS), "TF.js reference timed out");
    assertEquals(
        0,
        p.exitValue(),
        "TF.js reference failed (run scripts/fetch-models.sh): "
            + Files.readString(tmp.resolve(model + ".log")));
    Map<String, float[]> out = new java.util.HashMap<>();
    try (var files = Files.list(tmp)) {
      for (Path f :
          files.filter(f -> f.getFileName().toString().startsWith(model + ".")).toList()) {
        String name = f.getFileName().toString();
        if (name.endsWith(".f32") && !f.equals(in)) {
          out.put(name.substring(model.length() + 1, name.length() - 4), floats(f));
        }
      }
    }
    return out;
  }

  private static float[] floats(Path f) throws IOException {
    ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(f)).order(ByteOrder.LITTLE_ENDIAN);
    float[] out = new float[b.remaining() / 4];
    b.asFloatBuffer().get(out);
    return out;
  }
}
