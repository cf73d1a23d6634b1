package io.chfen.faces;

import static org.bytedeco.opencv.global.opencv_imgcodecs.imread;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imwrite;
import static org.bytedeco.opencv.global.opencv_imgproc.GaussianBlur;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_NEAREST;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.opencv.global.opencv_imgcodecs;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * De-identifies the faces a video's stored images show: every face the face analyzer tracked is
 * blurred or pixelated in the keyframes (where a track covers a keyframe's time, its box there,
 * interpolated between the 5 fps samples and widened to take in hair and chin), and every face crop
 * is blurred or pixelated whole. It runs after the single decoding pass, so the face embeddings
 * were taken from the real faces; the frame descriptors the encode stage computes later see the
 * anonymized keyframes. A face the detector never found is not touched.
 */
public final class FaceAnonymizer {
  /** How a face is made unrecognisable. */
  public enum Mode {
    /** A strong Gaussian blur (sigma a quarter of the box). */
    BLUR,
    /** Blocks of about an eighth of the box. */
    PIXELATE;

    public static Mode parse(String s) {
      return valueOf(s.trim().toUpperCase(Locale.ROOT));
    }
  }

  /** What was changed. */
  public record Result(int keyframes, int regions, int crops) {}

  // a face box grown by this share of its size on each side
  private static final double MARGIN = 0.25;
  // a track's box is used this far (s) beyond its first and last sample
  private static final double REACH_S = 0.3;
  private static final ObjectMapper JSON = new ObjectMapper();

  private FaceAnonymizer() {}

  /**
   * Anonymizes {@code dir}'s keyframes and face crops in place, from its faces.json; images are
   * written back at {@code jpegQuality}.
   */
  public static Result apply(Path dir, Mode mode, int jpegQuality) throws IOException {
    JsonNode faces = JSON.readTree(dir.resolve("faces.json").toFile());
    List<JsonNode> tracks = new ArrayList<>();
    int crops = 0;
    for (JsonNode p : faces.path("persons")) {
      p.path("tracks").forEach(tracks::add);
      for (JsonNode c : p.path("crops")) {
        Path f = dir.resolve(c.asText());
        Mat img = read(f);
        try {
          hide(img, new Rect(0, 0, img.cols(), img.rows()), mode);
          write(f, img, jpegQuality);
          crops++;
        } finally {
          img.close();
        }
      }
    }
    int keyframes = 0;
    int regions = 0;
    Path index = dir.resolve("keyframes.json");
    if (Files.exists(index)) {
      for (JsonNode k : JSON.readTree(index.toFile()).path("keyframes")) {
        double t = k.path("t").asDouble();
        List<double[]> boxes = new ArrayList<>();
        for (JsonNode track : tracks) {
          double[] b = boxAt(track.path("samples"), t);
          if (b != null) {
            boxes.add(b);
          }
        }
        if (boxes.isEmpty()) {
          continue;
        }
        Path f = dir.resolve(k.path("file").asText());
        Mat img = read(f);
        try {
          for (double[] b : boxes) {
            Rect r = grown(b, img.cols(), img.rows());
            if (r != null) {
              hide(img, r, mode);
              regions++;
            }
          }
          write(f, img, jpegQuality);
          keyframes++;
        } finally {
          img.close();
        }
      }
    }
    return new Result(keyframes, regions, crops);
  }

  /**
   * The track's box [x, y, w, h] at time {@code t}: interpolated between the samples around it, the
   * nearest sample's within {@link #REACH_S} of either end, else null.
   */
  static double[] boxAt(JsonNode samples, double t) {
    JsonNode before = null;
    JsonNode after = null;
    for (JsonNode s : samples) {
      double st = s.path("t").asDouble();
      if (st <= t && (before == null || st > before.path("t").asDouble())) {
        before = s;
      }
      if (st >= t && (after == null || st < after.path("t").asDouble())) {
        after = s;
      }
    }
    if (before != null && after != null) {
      double t0 = before.path("t").asDouble();
      double t1 = after.path("t").asDouble();
      double w = t1 == t0 ? 0 : (t - t0) / (t1 - t0);
      double[] out = new double[4];
      for (int i = 0; i < 4; i++) {
        out[i] =
            (1 - w) * before.path("box").get(i).asDouble()
                + w * after.path("box").get(i).asDouble();
      }
      return out;
    }
    JsonNode near = before != null ? before : after;
    if (near != null && Math.abs(near.path("t").asDouble() - t) <= REACH_S) {
      double[] out = new double[4];
      for (int i = 0; i < 4; i++) {
        out[i] = near.path("box").get(i).asDouble();
      }
      return out;
    }
    return null;
  }

  private static Rect grown(double[] b, int width, int height) {
    int x0 = (int) Math.max(0, Math.floor(b[0] - MARGIN * b[2]));
    int y0 = (int) Math.max(0, Math.floor(b[1] - MARGIN * b[3]));
    int x1 = (int) Math.min(width, Math.ceil(b[0] + b[2] * (1 + MARGIN)));
    int y1 = (int) Math.min(height, Math.ceil(b[1] + b[3] * (1 + MARGIN)));
    return x1 - x0 < 2 || y1 - y0 < 2 ? null : new Rect(x0, y0, x1 - x0, y1 - y0);
  }

  private static void hide(Mat img, Rect r, Mode mode) {
    try (Mat roi = new Mat(img, r)) {
      int side = Math.min(r.width(), r.height());
      if (mode == Mode.PIXELATE) {
        int cols = Math.max(1, r.width() * 8 / Math.max(8, side));
        int rows = Math.max(1, r.height() * 8 / Math.max(8, side));
        try (Mat small = new Mat()) {
          resize(roi, small, new Size(cols, rows), 0, 0, INTER_AREA);
          resize(small, roi, new Size(r.width(), r.height()), 0, 0, INTER_NEAREST);
        }
      } else {
        double sigma = Math.max(2, side / 4.0);
        int k = ((int) (sigma * 3)) | 1;
        GaussianBlur(roi, roi, new Size(k, k), sigma);
      }
    }
  }

  private static Mat read(Path f) throws IOException {
    Mat img = imread(f.toString());
    if (img.empty()) {
      img.close();
      throw new IOException("cannot read " + f);
    }
    return img;
  }

  private static void write(Path f, Mat img, int jpegQuality) throws IOException {
    try (IntPointer quality = new IntPointer(opencv_imgcodecs.IMWRITE_JPEG_QUALITY, jpegQuality)) {
      if (!imwrite(f.toString(), img, quality)) {
        throw new IOException("cannot write " + f);
      }
    }
  }
}
