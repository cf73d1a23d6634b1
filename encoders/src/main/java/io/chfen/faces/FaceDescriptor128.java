package io.chfen.faces;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.chfen.encode.Vectors;
import io.chfen.models.ModelRegistry;
import io.chfen.models.Onnx;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * face-api's 128-d face descriptor (model {@value #MODEL}, a dlib-style ResNet converted from TF.js
 * at setup) of a detected face, square-padded to 150×150 as the package feeds it; scaled to unit
 * length so it clusters by cosine distance like {@link FaceEmbedder}'s. The session is shared.
 */
public final class FaceDescriptor128 {
  public static final String MODEL = "face-recognition-128";
  public static final int SIDE = 150;
  private static final ConcurrentMap<Path, FaceDescriptor128> SHARED = new ConcurrentHashMap<>();

  private final OrtSession session;

  public FaceDescriptor128(Path modelsDir) {
    session = Onnx.session(modelsDir, ModelRegistry.get(MODEL).file(".onnx"));
  }

  public static FaceDescriptor128 shared(Path modelsDir) {
    return SHARED.computeIfAbsent(modelsDir.toAbsolutePath(), FaceDescriptor128::new);
  }

  /** The unit-length descriptor of {@code face} in the BGR frame. */
  public float[] describe(Mat bgr, FaceDetector.Face face) {
    try (Mat crop = FaceCrops.square(bgr, face, SIDE)) {
      float[] input = FaceCrops.rgbNhwc(List.of(crop));
      try (OnnxTensor t =
              OnnxTensor.createTensor(
                  Onnx.env(), FloatBuffer.wrap(input), new long[] {1, SIDE, SIDE, 3});
          OrtSession.Result r = session.run(Map.of("image", t))) {
        return Vectors.unit(((OnnxTensor) r.get(0)).getFloatBuffer().array());
      } catch (OrtException e) {
        throw new IllegalStateException(MODEL + " failed: " + e.getMessage(), e);
      }
    }
  }
}
