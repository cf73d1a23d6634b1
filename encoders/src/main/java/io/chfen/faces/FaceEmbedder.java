package io.chfen.faces;

import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGR2GRAY;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_LINEAR;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;
import static org.bytedeco.opencv.global.opencv_imgproc.getAffineTransform;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;
import static org.bytedeco.opencv.global.opencv_imgproc.warpAffine;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.chfen.encode.Vectors;
import io.chfen.models.Onnx;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.bytedeco.javacpp.indexer.UByteIndexer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * 68-point landmarks ({@code faces/fr_landmark.onnx}, on the face box resized to 64×64 grey) and
 * 512-d identity embeddings ({@code faces/fr_feature.onnx}, on a 112×112 crop aligned by the eyes
 * and the nose tip to the model's reference points), as the models' own package prepares them.
 * Embeddings are L2-normalized: their dot product is the cosine similarity.
 *
 * <p>The sessions are shared across threads.
 */
public final class FaceEmbedder {
  static final String LANDMARKS = "faces/fr_landmark.onnx";
  static final String FEATURE = "faces/fr_feature.onnx";
  private static final float[][] REFERENCE = {
    {38.29459953f, 51.69630051f}, {73.53179932f, 51.50139999f}, {56.02519989f, 71.73660278f}
  };
  private static final ConcurrentMap<Path, FaceEmbedder> SHARED = new ConcurrentHashMap<>();

  private final OrtEnvironment env = Onnx.env();
  private final OrtSession landmarks;
  private final OrtSession feature;

  public FaceEmbedder(Path modelsDir) {
    landmarks = Onnx.session(modelsDir, LANDMARKS);
    feature = Onnx.session(modelsDir, FEATURE);
  }

  public static FaceEmbedder shared(Path modelsDir) {
    return SHARED.computeIfAbsent(modelsDir.toAbsolutePath(), FaceEmbedder::new);
  }

  /** 68 landmarks of a detected face, as x0, y0, x1, y1, ... in frame pixels. */
  public float[] landmarks(Mat bgr, FaceDetector.Face f) {
    Rect box = clamp(f, bgr);
    float[] input = new float[64 * 64];
    try (Mat crop = new Mat(bgr, box);
        Mat small = new Mat();
        Mat gray = new Mat()) {
      resize(crop, small, new Size(64, 64), 0, 0, INTER_LINEAR);
      cvtColor(small, gray, COLOR_BGR2GRAY);
      try (UByteIndexer ix = gray.createIndexer()) {
        for (int y = 0; y < 64; y++) {
          for (int x = 0; x < 64; x++) {
            input[y * 64 + x] = ix.get(y, x) / 256f;
          }
        }
      }
    }
    float[] p = run(landmarks, input, new long[] {1, 1, 64, 64});
    for (int i = 0; i < p.length; i += 2) {
      p[i] = box.x() + p[i] * box.width();
      p[i + 1] = box.y() + p[i + 1] * box.height();
    }
    return p;
  }

  /** The identity embedding of a face given its landmarks (unit length). */
  public float[] embed(Mat bgr, float[] lm) {
    try (Mat aligned = align(bgr, lm)) {
      return embed(aligned);
    }
  }

  /**
   * The face's 112×112 BGR crop aligned as the embedding model expects (eyes and nose tip on the
   * reference points); the caller closes it.
   */
  public Mat align(Mat bgr, float[] lm) {
    float[] src = {
      mean(lm, 37, 38, 40, 41, true),
      mean(lm, 37, 38, 40, 41, false),
      mean(lm, 43, 44, 46, 47, true),
      mean(lm, 43, 44, 46, 47, false),
      lm[60],
      lm[61]
    };
    try (Mat from = points(src[0], src[1], src[2], src[3], src[4], src[5]);
        Mat to =
            points(
                REFERENCE[0][0],
                REFERENCE[0][1],
                REFERENCE[1][0],
                REFERENCE[1][1],
                REFERENCE[2][0],
                REFERENCE[2][1]);
        Mat tfm = getAffineTransform(from, to)) {
      Mat aligned = new Mat();
      warpAffine(bgr, aligned, tfm, new Size(112, 112));
      return aligned;
    }
  }

  /** The identity embedding of an aligned 112×112 crop (unit length). */
  public float[] embed(Mat aligned) {
    float[] input = new float[3 * 112 * 112];
    try (UByteIndexer ix = aligned.createIndexer()) {
      int plane = 112 * 112;
      for (int y = 0; y < 112; y++) {
        for (int x = 0; x < 112; x++) {
          for (int c = 0; c < 3; c++) {
            input[c * plane + y * 112 + x] = (ix.get(y, x, 2 - c) - 127f) / 128f; // RGB
          }
        }
      }
    }
    return Vectors.unit(run(feature, input, new long[] {1, 3, 112, 112}));
  }

  /** Cosine similarity of two embeddings (unit vectors: their dot product). */
  public static double cosine(float[] a, float[] b) {
    return Vectors.dot(a, b);
  }

  /** Mean x (or y) of four landmarks (an eye's lid points, 0-based point indices). */
  private static float mean(float[] lm, int a, int b, int c, int d, boolean x) {
    int o = x ? 0 : 1;
    return (lm[2 * a + o] + lm[2 * b + o] + lm[2 * c + o] + lm[2 * d + o]) / 4;
  }

  private static Mat points(float... xy) {
    Mat m = new Mat(3, 1, org.bytedeco.opencv.global.opencv_core.CV_32FC2);
    try (org.bytedeco.javacpp.indexer.FloatIndexer ix = m.createIndexer()) {
      for (int i = 0; i < 3; i++) {
        ix.put(i, 0, 0, xy[2 * i]);
        ix.put(i, 0, 1, xy[2 * i + 1]);
      }
    }
    return m;
  }

  private static Rect clamp(FaceDetector.Face f, Mat bgr) {
    int x = Math.max(0, f.x());
    int y = Math.max(0, f.y());
    int w = Math.max(1, Math.min(bgr.cols() - x, f.width()));
    int h = Math.max(1, Math.min(bgr.rows() - y, f.height()));
    return new Rect(x, y, w, h);
  }

  private float[] run(OrtSession s, float[] input, long[] shape) {
    try (OnnxTensor t = OnnxTensor.createTensor(env, FloatBuffer.wrap(input), shape);
        OrtSession.Result r = s.run(Map.of("input", t))) {
      return ((OnnxTensor) r.get(0)).getFloatBuffer().array();
    } catch (OrtException e) {
      throw new IllegalStateException("face model failed: " + e.getMessage(), e);
    }
  }
}
