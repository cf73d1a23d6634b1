package io.chfen.encode;

import static org.bytedeco.opencv.global.opencv_core.CV_32F;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGR2GRAY;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGR2HSV;
import static org.bytedeco.opencv.global.opencv_imgproc.Canny;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.Sobel;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

import java.util.ArrayList;
import java.util.List;
import org.bytedeco.javacpp.indexer.FloatIndexer;
import org.bytedeco.javacpp.indexer.UByteIndexer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * An engineered per-keyframe descriptor, for when no pretrained image encoder is at hand: colour
 * (HSV statistics, a saturation-weighted hue histogram, colourfulness), texture (sharpness, edge
 * density, gradient orientations), layout (luma of the four quadrants), motion (change since the
 * previous keyframe) and the faces in the frame (count, area, where the largest is, head turn).
 * Frames are read at 256 px on their longer side; sharpness and motion come from the keyframe
 * sampler. Not thread-safe (it reuses its buffers).
 */
public final class FrameDescriptor implements AutoCloseable {
  /** A face in the frame: its box as shares of the frame (0–1) and its yaw. */
  public record FaceBox(double x, double y, double w, double h, double yaw) {}

  public static final List<String> FEATURES = names();

  private final Mat small = new Mat();
  private final Mat hsv = new Mat();
  private final Mat gray = new Mat();
  private final Mat edges = new Mat();
  private final Mat gx = new Mat();
  private final Mat gy = new Mat();

  /**
   * The descriptor of a BGR frame and the faces in it ({@link #FEATURES}).
   *
   * @param sharpness the frame's variance of the Laplacian and {@code change} its change since the
   *     previous keyframe, as the keyframe sampler measured them (keyframes.json): not measured
   *     twice
   */
  public float[] describe(Mat bgr, double sharpness, double change, List<FaceBox> faces) {
    double scale = 256.0 / Math.max(bgr.cols(), bgr.rows());
    resize(
        bgr,
        small,
        new Size(
            Math.max(1, (int) Math.round(bgr.cols() * scale)),
            Math.max(1, (int) Math.round(bgr.rows() * scale))),
        0,
        0,
        INTER_AREA);
    float[] v = new float[FEATURES.size()];
    int i = colour(v, 0);
    v[i++] = (float) (Math.log10(sharpness + 1) / 4);
    i = texture(v, i);
    v[i++] = (float) change;
    faces(faces, v, i);
    return v;
  }

  private int colour(float[] v, int i) {
    cvtColor(small, hsv, COLOR_BGR2HSV);
    int w = small.cols();
    int h = small.rows();
    double cos = 0;
    double sin = 0;
    double sSum = 0;
    double sSq = 0;
    double vSum = 0;
    double vSq = 0;
    double[] hist = new double[8];
    double rgSum = 0;
    double rgSq = 0;
    double ybSum = 0;
    double ybSq = 0;
    try (UByteIndexer hx = hsv.createIndexer();
        UByteIndexer bx = small.createIndexer()) {
      for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
          double hue = hx.get(y, x, 0) * 2 * Math.PI / 180; // OpenCV hue is 0..179
          double s = hx.get(y, x, 1) / 255.0;
          double val = hx.get(y, x, 2) / 255.0;
          cos += s * Math.cos(hue);
          sin += s * Math.sin(hue);
          sSum += s;
          sSq += s * s;
          vSum += val;
          vSq += val * val;
          hist[(int) Math.min(7, hx.get(y, x, 0) / 22.5)] += s;
          double b = bx.get(y, x, 0);
          double g = bx.get(y, x, 1);
          double r = bx.get(y, x, 2);
          double rg = r - g;
          double yb = 0.5 * (r + g) - b;
          rgSum += rg;
          rgSq += rg * rg;
          ybSum += yb;
          ybSq += yb * yb;
        }
      }
    }
    double n = (double) w * h;
    v[i++] = (float) (cos / n);
    v[i++] = (float) (sin / n);
    v[i++] = (float) (sSum / n);
    v[i++] = (float) std(sSum, sSq, n);
    v[i++] = (float) (vSum / n);
    v[i++] = (float) std(vSum, vSq, n);
    // Hasler and Süsstrunk's colourfulness, over 100 (about its range)
    double sdRg = std(rgSum, rgSq, n);
    double sdYb = std(ybSum, ybSq, n);
    double mRg = rgSum / n;
    double mYb = ybSum / n;
    v[i++] =
        (float)
            ((Math.sqrt(sdRg * sdRg + sdYb * sdYb) + 0.3 * Math.sqrt(mRg * mRg + mYb * mYb)) / 100);
    for (int k = 0; k < 8; k++) {
      v[i++] = sSum > 0 ? (float) (hist[k] / sSum) : 0;
    }
    return i;
  }

  private int texture(float[] v, int i) {
    cvtColor(small, gray, COLOR_BGR2GRAY);
    Canny(gray, edges, 100, 200);
    v[i++] =
        (float)
            (org.bytedeco.opencv.global.opencv_core.countNonZero(edges) / (double) edges.total());
    Sobel(gray, gx, CV_32F, 1, 0);
    Sobel(gray, gy, CV_32F, 0, 1);
    double[] orient = new double[4];
    double total = 0;
    try (FloatIndexer ax = gx.createIndexer();
        FloatIndexer ay = gy.createIndexer()) {
      for (int y = 0; y < gray.rows(); y++) {
        for (int x = 0; x < gray.cols(); x++) {
          double dx = ax.get(y, x);
          double dy = ay.get(y, x);
          double m = Math.hypot(dx, dy);
          double a = Math.atan2(dy, dx);
          // 0: vertical edges, 1: one diagonal, 2: horizontal edges, 3: the other diagonal
          int bin = Math.floorMod(Math.round(a / (Math.PI / 4)), 4);
          orient[bin] += m;
          total += m;
        }
      }
    }
    for (int k = 0; k < 4; k++) {
      v[i++] = total > 0 ? (float) (orient[k] / total) : 0;
    }
    try (UByteIndexer gx8 = gray.createIndexer()) {
      int w = gray.cols();
      int h = gray.rows();
      for (int qy = 0; qy < 2; qy++) {
        for (int qx = 0; qx < 2; qx++) {
          double s = 0;
          int n = 0;
          for (int y = qy * h / 2; y < (qy + 1) * h / 2; y++) {
            for (int x = qx * w / 2; x < (qx + 1) * w / 2; x++) {
              s += gx8.get(y, x);
              n++;
            }
          }
          v[i++] = n == 0 ? 0 : (float) (s / n / 255);
        }
      }
    }
    return i;
  }

  private static void faces(List<FaceBox> faces, float[] v, int i) {
    double area = 0;
    FaceBox largest = null;
    double yaw = 0;
    for (FaceBox f : faces) {
      double a = f.w() * f.h();
      area += a;
      yaw += Math.abs(f.yaw());
      if (largest == null || a > largest.w() * largest.h()) {
        largest = f;
      }
    }
    v[i++] = Math.min(faces.size(), 10) / 10f;
    v[i++] = (float) Math.min(1, area);
    v[i++] = largest == null ? 0 : (float) (largest.w() * largest.h());
    v[i++] = largest == null ? 0.5f : (float) (largest.x() + largest.w() / 2);
    v[i++] = largest == null ? 0.5f : (float) (largest.y() + largest.h() / 2);
    v[i] = faces.isEmpty() ? 0 : (float) (yaw / faces.size());
  }

  private static double std(double sum, double sq, double n) {
    double m = sum / n;
    return Math.sqrt(Math.max(0, sq / n - m * m));
  }

  private static List<String> names() {
    List<String> n =
        new ArrayList<>(
            List.of(
                "hue_cos",
                "hue_sin",
                "saturation_mean",
                "saturation_std",
                "value_mean",
                "value_std",
                "colourfulness"));
    for (int k = 0; k < 8; k++) {
      n.add("hue_hist_" + k);
    }
    n.addAll(
        List.of(
            "sharpness_log",
            "edge_density",
            "gradient_vertical",
            "gradient_diagonal_1",
            "gradient_horizontal",
            "gradient_diagonal_2",
            "luma_top_left",
            "luma_top_right",
            "luma_bottom_left",
            "luma_bottom_right",
            "motion",
            "face_count",
            "face_area",
            "largest_face_area",
            "largest_face_x",
            "largest_face_y",
            "face_yaw_abs"));
    return List.copyOf(n);
  }

  @Override
  public void close() {
    small.close();
    hsv.close();
    gray.close();
    edges.close();
    gx.close();
    gy.close();
  }
}
