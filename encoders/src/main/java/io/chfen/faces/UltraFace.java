package io.chfen.faces;

import static org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.chfen.models.Onnx;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * Face detection with the UltraFace-style RFB-320 ONNX model ({@code faces/fr_detect.onnx}): the
 * frame is read whole at the model's 320×240 input and, so that small faces in a 720×1280 frame are
 * found too, as overlapping tiles (a 2×2 grid, each tile read at the same input size: twice the
 * resolution); boxes from all reads are merged by non-maximum suppression.
 *
 * <p>The session is shared across threads.
 */
public final class UltraFace implements FaceDetector {
  static final String MODEL = "faces/fr_detect.onnx";
  private static final int W = 320;
  private static final int H = 240;
  private static final ConcurrentMap<Path, UltraFace> SHARED = new ConcurrentHashMap<>();

  private final OrtEnvironment env = Onnx.env();
  private final OrtSession session;
  private final double threshold;

  /**
   * @param threshold the lowest score kept
   */
  public UltraFace(Path modelsDir, double threshold) {
    this.threshold = threshold;
    session = Onnx.session(modelsDir, MODEL);
  }

  /** The JVM's one instance for a models directory, keeping scores of 0.7 and more. */
  public static UltraFace shared(Path modelsDir) {
    return SHARED.computeIfAbsent(modelsDir.toAbsolutePath(), d -> new UltraFace(d, 0.7));
  }

  @Override
  public String name() {
    return "ultraface";
  }

  /**
   * The whole frame is read at the model's input size; {@code thorough} also reads four overlapping
   * quarter tiles at about twice that resolution, which find faces down to about half the size (at
   * four more model reads).
   */
  @Override
  public List<Face> detect(Mat bgr, boolean thorough) {
    int fw = bgr.cols();
    int fh = bgr.rows();
    List<Face> all = new ArrayList<>(read(bgr, new Rect(0, 0, fw, fh)));
    if (!thorough) {
      return suppress(all, 0.4);
    }
    // the tiles overlap by more than the smallest face the whole-frame read finds
    int overlap = Math.max(fw, fh) / 16;
    int tw = Math.min(fw, fw / 2 + overlap);
    int th = Math.min(fh, fh / 2 + overlap);
    for (int ty = 0; ty < 2; ty++) {
      for (int tx = 0; tx < 2; tx++) {
        Rect tile = new Rect(tx * (fw - tw), ty * (fh - th), tw, th);
        for (Face f : read(bgr, tile)) {
          // a face cut by the tile's inner edge is found whole by the frame or another tile
          boolean cut =
              (tx == 0 && f.x() + f.width() >= tile.x() + tw - 2)
                  || (tx == 1 && f.x() <= tile.x() + 2)
                  || (ty == 0 && f.y() + f.height() >= tile.y() + th - 2)
                  || (ty == 1 && f.y() <= tile.y() + 2);
          if (!cut) {
            all.add(f);
          }
        }
      }
    }
    return suppress(all, 0.4);
  }

  /**
   * One model read of a region, boxes in frame pixels. The region keeps its aspect ratio (scaled to
   * fit the input, the rest of the input grey): faces squeezed to the input's 4:3 are missed.
   */
  private List<Face> read(Mat bgr, Rect region) {
    float[] input = new float[3 * H * W]; // zeros: grey, (127 - 127) / 128
    double scale = Math.min((double) W / region.width(), (double) H / region.height());
    int sw = Math.max(1, Math.min(W, (int) Math.round(region.width() * scale)));
    int sh = Math.max(1, Math.min(H, (int) Math.round(region.height() * scale)));
    try (Mat crop = new Mat(bgr, region);
        Mat small = new Mat()) {
      resize(crop, small, new Size(sw, sh), 0, 0, INTER_AREA);
      byte[] px = new byte[sw * sh * 3];
      small.data().get(px);
      int plane = H * W;
      for (int y = 0; y < sh; y++) {
        for (int x = 0; x < sw; x++) {
          int o = (y * sw + x) * 3;
          int i = y * W + x;
          // RGB planes from BGR pixels, (v - 127) / 128 as the model was trained
          input[i] = ((px[o + 2] & 0xff) - 127f) / 128f;
          input[plane + i] = ((px[o + 1] & 0xff) - 127f) / 128f;
          input[2 * plane + i] = ((px[o] & 0xff) - 127f) / 128f;
        }
      }
    }
    double sx = W / scale;
    double sy = H / scale;
    List<Face> out = new ArrayList<>();
    try (OnnxTensor t =
            OnnxTensor.createTensor(env, FloatBuffer.wrap(input), new long[] {1, 3, H, W});
        OrtSession.Result r = session.run(Map.of("input", t))) {
      float[] scores = ((OnnxTensor) r.get("scores").orElseThrow()).getFloatBuffer().array();
      float[] boxes = ((OnnxTensor) r.get("boxes").orElseThrow()).getFloatBuffer().array();
      for (int i = 0; i < scores.length / 2; i++) {
        float s = scores[2 * i + 1];
        if (s < threshold) {
          continue;
        }
        double x0 = region.x() + boxes[4 * i] * sx;
        double y0 = region.y() + boxes[4 * i + 1] * sy;
        double x1 = region.x() + boxes[4 * i + 2] * sx;
        double y1 = region.y() + boxes[4 * i + 3] * sy;
        x0 = Math.max(0, x0);
        y0 = Math.max(0, y0);
        x1 = Math.min(region.x() + region.width(), x1);
        y1 = Math.min(region.y() + region.height(), y1);
        if (x1 - x0 >= 4 && y1 - y0 >= 4) {
          out.add(
              new Face(
                  (int) Math.round(x0),
                  (int) Math.round(y0),
                  (int) Math.round(x1 - x0),
                  (int) Math.round(y1 - y0),
                  s));
        }
      }
    } catch (OrtException e) {
      throw new IllegalStateException("face detection failed: " + e.getMessage(), e);
    }
    return out;
  }

  /** Greedy non-maximum suppression: the best box wins over those overlapping it. */
  public static List<Face> suppress(List<Face> faces, double iou) {
    List<Face> sorted = new ArrayList<>(faces);
    sorted.sort(Comparator.comparingDouble(Face::score).reversed());
    List<Face> kept = new ArrayList<>();
    for (Face f : sorted) {
      if (kept.stream().noneMatch(k -> k.iou(f) > iou || contains(k, f) || contains(f, k))) {
        kept.add(f);
      }
    }
    return kept;
  }

  /** Whether most of b lies inside a (the same face read at two scales). */
  private static boolean contains(Face a, Face b) {
    int ix = Math.max(0, Math.min(a.x() + a.width(), b.x() + b.width()) - Math.max(a.x(), b.x()));
    int iy = Math.max(0, Math.min(a.y() + a.height(), b.y() + b.height()) - Math.max(a.y(), b.y()));
    return ix * (double) iy > 0.7 * b.width() * b.height();
  }
}
