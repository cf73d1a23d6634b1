package io.chfen.faces;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.chfen.models.ModelRegistry;
import io.chfen.models.Onnx;
import io.chfen.records.Emotion;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Facial expression of a face: the probabilities of face-api's 7 classes (model {@value #MODEL} in
 * {@code models.yaml}, converted from the TF.js original at setup), in the order of the package's
 * {@code FaceExpressions.ts}; and their declared mapping to Plutchik's primaries. No accuracy is
 * published for the model: its output is a prior to check labels against, never a label. The
 * session is shared across threads.
 */
public final class FaceExpressions {
  public static final String MODEL = "face-expression";

  /** The classes, in the model's output order. */
  public static final List<String> LABELS =
      List.of("neutral", "happy", "sad", "angry", "fearful", "disgusted", "surprised");

  /** Each class's Plutchik primary; neutral has none (trust and anticipation have no class). */
  public static final Map<String, Emotion> PLUTCHIK = plutchik();

  /** The face side the model takes. */
  public static final int SIDE = 112;

  private static final ConcurrentMap<Path, FaceExpressions> SHARED = new ConcurrentHashMap<>();

  private final OrtSession session;

  public FaceExpressions(Path modelsDir) {
    session = Onnx.session(modelsDir, ModelRegistry.get(MODEL).file(".onnx"));
  }

  public static FaceExpressions shared(Path modelsDir) {
    return SHARED.computeIfAbsent(modelsDir.toAbsolutePath(), FaceExpressions::new);
  }

  /** The 7 probabilities of each face in the BGR frame, in order. */
  public float[][] classify(Mat bgr, List<FaceDetector.Face> faces) {
    List<Mat> crops = new ArrayList<>();
    try {
      for (FaceDetector.Face f : faces) {
        crops.add(FaceCrops.square(bgr, f, SIDE));
      }
      return classify(crops);
    } finally {
      crops.forEach(Mat::close);
    }
  }

  /** The 7 probabilities of each square BGR face crop ({@link FaceCrops#square}), in order. */
  public float[][] classify(List<Mat> crops) {
    float[][] out = new float[crops.size()][];
    int batch = Onnx.batch();
    for (int from = 0; from < crops.size(); from += batch) {
      List<Mat> b = crops.subList(from, Math.min(crops.size(), from + batch));
      float[] y = run(FaceCrops.rgbNhwc(b), b.size());
      for (int i = 0; i < b.size(); i++) {
        float[] p = new float[LABELS.size()];
        System.arraycopy(y, i * p.length, p, 0, p.length);
        out[from + i] = p;
      }
    }
    return out;
  }

  /** The model on an RGB 0–255 NHWC batch of {@code n} faces: n × 7 probabilities, row-major. */
  public float[] run(float[] nhwc, int n) {
    long[] shape = {n, SIDE, SIDE, 3};
    try (OnnxTensor t = OnnxTensor.createTensor(Onnx.env(), FloatBuffer.wrap(nhwc), shape);
        OrtSession.Result r =
            session.run(Map.of("image", t), Collections.singleton("probabilities"))) {
      return ((OnnxTensor) r.get(0)).getFloatBuffer().array();
    } catch (OrtException e) {
      throw new IllegalStateException(MODEL + " failed: " + e.getMessage(), e);
    }
  }

  /**
   * The probabilities of a face spread over Plutchik's primaries (wheel order): each class's
   * probability on its primary; neutral's on none, so the vector sums to 1 - P(neutral).
   */
  public static float[] plutchik(float[] probabilities) {
    float[] out = new float[Emotion.values().length];
    for (int i = 0; i < LABELS.size(); i++) {
      Emotion e = PLUTCHIK.get(LABELS.get(i));
      if (e != null) {
        out[e.ordinal()] += probabilities[i];
      }
    }
    return out;
  }

  private static Map<String, Emotion> plutchik() {
    Map<String, Emotion> m = new java.util.LinkedHashMap<>();
    m.put("happy", Emotion.JOY);
    m.put("sad", Emotion.SADNESS);
    m.put("angry", Emotion.ANGER);
    m.put("fearful", Emotion.FEAR);
    m.put("disgusted", Emotion.DISGUST);
    m.put("surprised", Emotion.SURPRISE);
    return Collections.unmodifiableMap(m);
  }
}
