package io.chfen.faces;

import static org.bytedeco.opencv.global.opencv_imgcodecs.imread;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imwrite;
import static org.bytedeco.opencv.global.opencv_imgproc.GaussianBlur;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_NEAREST;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

import io.chfen.artifacts.FaceTrack;
import io.chfen.artifacts.FacesFile;
import io.chfen.artifacts.Person;
import io.chfen.layout.ArtifactFiles;
import io.chfen.process.KeyframeSampler;
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

    /** The name on the command line. */
    @Override
    public String toString() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** What was changed. */
  public record Result(int keyframes, int regions, int crops) {}

  // a face box grown by this share of its size on each side
  private static final double MARGIN = 0.25;
  // a track's box is used this far (s) beyond its first and last sample
  private static final double REACH_S = 0.3;

  private FaceAnonymizer() {}

  /**
   * Anonymizes {@code dir}'s keyframes and face crops in place, from its faces.json; images are
   * written back at {@code jpegQuality}.
   */
  public static Result apply(Path dir, Mode mode, int jpegQuality) throws IOException {
    FacesFile faces = FacesFile.read(dir.resolve(ArtifactFiles.FACES));
    int crops = 0;
    for (Person p : faces.persons()) {
      for (String c : p.crops()) {
        Path f = dir.resolve(c);
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
    List<FaceTrack> tracks = faces.tracks();
    int keyframes = 0;
    int regions = 0;
    Path index = dir.resolve(ArtifactFiles.KEYFRAMES);
    if (Files.exists(index)) {
      for (KeyframeSampler.Keyframe k : KeyframeSampler.read(index)) {
        List<double[]> boxes = new ArrayList<>();
        for (FaceTrack track : tracks) {
          double[] b = track.boxAt(k.t(), REACH_S);
          if (b != null) {
            boxes.add(b);
          }
        }
        if (boxes.isEmpty()) {
          continue;
        }
        Path f = dir.resolve(k.file());
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
