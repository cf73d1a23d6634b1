package io.chfen.faces;

import static org.bytedeco.opencv.global.opencv_core.flip;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGR2GRAY;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;
import static org.bytedeco.opencv.global.opencv_imgproc.equalizeHist;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.opencv.global.opencv_objdetect;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.RectVector;
import org.bytedeco.opencv.opencv_core.Size;
import org.bytedeco.opencv.opencv_objdetect.CascadeClassifier;

/**
 * OpenCV's Haar cascades (frontal face, and profile face both ways), shipped inside the OpenCV
 * native jar. Two uses: a detector that needs no model files (far less accurate than {@link
 * UltraFace}: frontal and profile faces only, a fixed score per kind), and a second opinion on
 * another detector's box ({@link #verify}): their mistakes are unrelated, so a box both find is
 * almost surely a face.
 *
 * <p>Thread-safe: each thread gets its own classifiers (OpenCV's are not).
 */
public final class HaarCascades implements FaceDetector {
  private static final String DIR = "/org/bytedeco/opencv/linux-x86_64/share/opencv4/haarcascades/";
  private static final double FRONTAL_SCORE = 0.9;
  private static final double PROFILE_SCORE = 0.8;

  private record Pair(CascadeClassifier frontal, CascadeClassifier profile) {}

  private final ThreadLocal<Pair> cascades =
      ThreadLocal.withInitial(
          () ->
              new Pair(
                  load("haarcascade_frontalface_alt2.xml"), load("haarcascade_profileface.xml")));

  private static CascadeClassifier load(String name) {
    try {
      File f = Loader.cacheResource(opencv_objdetect.class, DIR + name);
      CascadeClassifier c = new CascadeClassifier(f.getAbsolutePath());
      if (c.empty()) {
        throw new IllegalStateException("OpenCV cannot read the cascade " + f);
      }
      return c;
    } catch (IOException e) {
      throw new IllegalStateException("cannot unpack the OpenCV cascade " + name + ": " + e, e);
    }
  }

  @Override
  public String name() {
    return "haar";
  }

  /**
   * Reads the frame at 640 px on its longer side (960 px with {@code thorough}): the cascades'
   * smallest face is 24 px there, about 48 (or 32) px in a 1280 px frame.
   */
  @Override
  public List<Face> detect(Mat bgr, boolean thorough) {
    double scale = Math.min(1, (thorough ? 960.0 : 640.0) / Math.max(bgr.cols(), bgr.rows()));
    List<Face> found = new ArrayList<>();
    try (Mat gray = new Mat();
        Mat small = new Mat()) {
      cvtColor(bgr, gray, COLOR_BGR2GRAY);
      resize(
          gray,
          small,
          new Size((int) Math.round(bgr.cols() * scale), (int) Math.round(bgr.rows() * scale)),
          0,
          0,
          INTER_AREA);
      equalizeHist(small, small);
      find(small, 24, 3, 1.2, found);
    }
    List<Face> out = new ArrayList<>();
    for (Face f : found) {
      out.add(
          new Face(
              (int) Math.round(f.x() / scale),
              (int) Math.round(f.y() / scale),
              (int) Math.round(f.width() / scale),
              (int) Math.round(f.height() / scale),
              f.score()));
    }
    return UltraFace.suppress(out, 0.3);
  }

  /**
   * Whether the cascades find a face of about this box's size around it (the box with a third of
   * its size as margin, read at 120 px wide).
   */
  public boolean verify(Mat bgr, Face f) {
    int mx = f.width() / 3;
    int my = f.height() / 3;
    int x0 = Math.max(0, f.x() - mx);
    int y0 = Math.max(0, f.y() - my);
    int x1 = Math.min(bgr.cols(), f.x() + f.width() + mx);
    int y1 = Math.min(bgr.rows(), f.y() + f.height() + my);
    if (x1 - x0 < 8 || y1 - y0 < 8) {
      return false;
    }
    double s = 120.0 / (x1 - x0);
    try (Mat crop = new Mat(bgr, new Rect(x0, y0, x1 - x0, y1 - y0));
        Mat gray = new Mat();
        Mat small = new Mat()) {
      cvtColor(crop, gray, COLOR_BGR2GRAY);
      resize(
          gray,
          small,
          new Size(120, Math.max(1, (int) Math.round((y1 - y0) * s))),
          0,
          0,
          INTER_AREA);
      equalizeHist(small, small);
      List<Face> found = new ArrayList<>();
      find(small, Math.max(12, (int) Math.round(f.width() * s * 0.6)), 2, 1.1, found);
      return !found.isEmpty();
    }
  }

  /**
   * Frontal faces, then profiles facing either way, as boxes in {@code gray}'s pixels; {@code
   * neighbours}: overlapping hits a box needs (fewer finds more, and more that are not faces);
   * {@code step}: the scale step between searched sizes (larger is faster and misses more).
   */
  private void find(Mat gray, int minSize, int neighbours, double step, List<Face> out) {
    Pair c = cascades.get();
    Size min = new Size(minSize, minSize);
    try (RectVector r = new RectVector()) {
      c.frontal().detectMultiScale(gray, r, step, neighbours, 0, min, new Size());
      add(r, FRONTAL_SCORE, -1, out);
      c.profile().detectMultiScale(gray, r, step, neighbours, 0, min, new Size());
      add(r, PROFILE_SCORE, -1, out);
      try (Mat mirrored = new Mat()) {
        flip(gray, mirrored, 1);
        c.profile().detectMultiScale(mirrored, r, step, neighbours, 0, min, new Size());
        add(r, PROFILE_SCORE, gray.cols(), out);
      }
    }
  }

  /** Adds boxes; {@code mirroredWidth} ≥ 0: they were found in the mirrored image that wide. */
  private static void add(RectVector r, double score, int mirroredWidth, List<Face> out) {
    for (long i = 0; i < r.size(); i++) {
      Rect b = r.get(i);
      int x = mirroredWidth >= 0 ? mirroredWidth - b.x() - b.width() : b.x();
      out.add(new Face(x, b.y(), b.width(), b.height(), score));
    }
  }
}
