package io.chfen.ocr;

import static org.bytedeco.opencv.global.opencv_core.CV_16S;
import static org.bytedeco.opencv.global.opencv_core.addWeighted;
import static org.bytedeco.opencv.global.opencv_core.convertScaleAbs;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGR2GRAY;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.Sobel;
import static org.bytedeco.opencv.global.opencv_imgproc.THRESH_TOZERO;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;
import static org.bytedeco.opencv.global.opencv_imgproc.threshold;

import org.bytedeco.javacpp.indexer.UByteIndexer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * The change detector's view of a horizontal strip: the mean strong-edge magnitude per 8×8 cell.
 * Burned-in text has the strongest edges of a frame (glyph against outline), so its cells stay put
 * while the text stays. Magnitudes are kept, not thresholded to a bit, so a textured background
 * cannot saturate a cell and hide the text leaving it.
 */
final class EdgeGrid {
  static final int CELL = 8;

  /** Edge magnitudes below this (of 255) are texture, not glyph strokes. */
  private static final int FLOOR = 80;

  final int cols;
  final int rows;
  final float[] v;

  private EdgeGrid(int cols, int rows, float[] v) {
    this.cols = cols;
    this.rows = rows;
    this.v = v;
  }

  /** The grid of rows y0 (inclusive) to y1 (exclusive) of a BGR frame. */
  static EdgeGrid of(Mat frame, int y0, int y1) {
    try (Mat strip = new Mat(frame, new Rect(0, y0, frame.cols(), y1 - y0));
        Mat gray = new Mat();
        Mat gx = new Mat();
        Mat gy = new Mat();
        Mat ax = new Mat();
        Mat ay = new Mat();
        Mat mag = new Mat();
        Mat cells = new Mat()) {
      cvtColor(strip, gray, COLOR_BGR2GRAY);
      Sobel(gray, gx, CV_16S, 1, 0);
      Sobel(gray, gy, CV_16S, 0, 1);
      convertScaleAbs(gx, ax);
      convertScaleAbs(gy, ay);
      addWeighted(ax, 0.5, ay, 0.5, 0, mag);
      threshold(mag, mag, FLOOR, 255, THRESH_TOZERO);
      int cw = Math.max(1, mag.cols() / CELL);
      int ch = Math.max(1, mag.rows() / CELL);
      resize(mag, cells, new Size(cw, ch), 0, 0, INTER_AREA);
      float[] v = new float[cw * ch];
      try (UByteIndexer ix = cells.createIndexer()) {
        for (int y = 0; y < ch; y++) {
          for (int x = 0; x < cw; x++) {
            v[y * cw + x] = ix.get(y, x);
          }
        }
      }
      return new EdgeGrid(cw, ch, v);
    }
  }

  /** This grid with only the cells of pixel columns [x0, x1) kept. */
  EdgeGrid within(int x0, int x1) {
    int c0 = Math.max(0, x0 / CELL);
    int c1 = Math.min(cols, (x1 + CELL - 1) / CELL);
    float[] out = new float[v.length];
    for (int y = 0; y < rows; y++) {
      System.arraycopy(v, y * cols + c0, out, y * cols + c0, Math.max(0, c1 - c0));
    }
    return new EdgeGrid(cols, rows, out);
  }

  /** This grid with the cells of pixel columns [x0, x1) cleared. */
  EdgeGrid without(int x0, int x1) {
    int c0 = Math.max(0, x0 / CELL);
    int c1 = Math.min(cols, (x1 + CELL - 1) / CELL);
    float[] out = v.clone();
    for (int y = 0; y < rows; y++) {
      for (int x = c0; x < c1; x++) {
        out[y * cols + x] = 0;
      }
    }
    return new EdgeGrid(cols, rows, out);
  }

  /** This grid with the cells of pixel rows [y0, y1) cleared. */
  EdgeGrid withoutRows(int y0, int y1) {
    float[] out = v.clone();
    int r0 = Math.max(0, y0 / CELL);
    int r1 = Math.min(rows, (y1 + CELL - 1) / CELL);
    for (int y = r0; y < r1; y++) {
      for (int x = 0; x < cols; x++) {
        out[y * cols + x] = 0;
      }
    }
    return new EdgeGrid(cols, rows, out);
  }

  /** Weighted Jaccard index: sum of cell minima over sum of maxima; 1 when both are empty. */
  double similarity(EdgeGrid o) {
    if (o.v.length != v.length) {
      return 0; // a strip of another shape (a row that grew) is another view
    }
    double min = 0;
    double max = 0;
    for (int i = 0; i < v.length; i++) {
      min += Math.min(v[i], o.v[i]);
      max += Math.max(v[i], o.v[i]);
    }
    return max == 0 ? 1 : min / max;
  }

  /**
   * Whether strokes appeared since {@code before}: the magnitude gained is at least {@code minGain}
   * and twice what was lost (a moving background gains about what it loses).
   */
  boolean gainedStrokes(EdgeGrid before, double minGain) {
    if (before.v.length != v.length) {
      return true;
    }
    double gain = 0;
    double loss = 0;
    for (int i = 0; i < v.length; i++) {
      double d = v[i] - before.v[i];
      if (d > 0) {
        gain += d;
      } else {
        loss -= d;
      }
    }
    return gain >= minGain && gain > 2 * loss;
  }

  /** The summed edge magnitude of all cells. */
  double total() {
    double t = 0;
    for (float x : v) {
      t += x;
    }
    return t;
  }

  /** Cells whose magnitude rose by more than {@code by} since {@code before}. */
  int risen(EdgeGrid before, float by) {
    if (before.v.length != v.length) {
      return v.length;
    }
    int n = 0;
    for (int i = 0; i < v.length; i++) {
      if (v[i] - before.v[i] > by) {
        n++;
      }
    }
    return n;
  }
}
