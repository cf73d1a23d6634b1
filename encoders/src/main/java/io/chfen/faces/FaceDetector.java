package io.chfen.faces;

import java.util.List;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Finds faces in a frame: {@link UltraFace} (the ONNX model, the default) or {@link HaarCascades}
 * (OpenCV's cascades, a fallback that needs no model files).
 */
public interface FaceDetector {
  /** The detectors a run can choose, and none (no face analysis). */
  enum Kind {
    /** The UltraFace ONNX model: the default. */
    ULTRAFACE,
    /** OpenCV's Haar cascades: no model files, less accurate. */
    HAAR,
    /** No face analysis. */
    NONE;

    /** The name on the command line and in faces.json. */
    @Override
    public String toString() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** A face box in frame pixels and the detector's confidence (0–1). */
  record Face(int x, int y, int width, int height, double score) {
    public double iou(Face o) {
      int ix = Math.max(0, Math.min(x + width, o.x + o.width) - Math.max(x, o.x));
      int iy = Math.max(0, Math.min(y + height, o.y + o.height) - Math.max(y, o.y));
      double inter = (double) ix * iy;
      return inter / ((double) width * height + (double) o.width * o.height - inter);
    }
  }

  /**
   * Faces in a BGR frame, best first; {@code thorough}: also look for small faces (slower).
   * Thread-safe.
   */
  List<Face> detect(Mat bgr, boolean thorough);

  /** Faces in a BGR frame, small ones included. */
  default List<Face> detect(Mat bgr) {
    return detect(bgr, true);
  }

  /** Its name in faces.json and on the command line. */
  String name();
}
