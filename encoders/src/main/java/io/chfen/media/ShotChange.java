package io.chfen.media;

import static org.bytedeco.opencv.global.opencv_core.absdiff;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGR2GRAY;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * How much a picture changed since the previous one: the mean absolute luma difference (0–1) of
 * 64×36 thumbnails. A shot cut changes most of the picture at once; motion within a shot changes
 * little of a thumbnail that small. Not thread-safe (one video's state).
 */
public final class ShotChange implements AutoCloseable {
  private final Mat gray = new Mat();
  private final Mat small = new Mat();
  private final Mat previous = new Mat();
  private final Mat diff = new Mat();

  /** The change from the previous picture given (0 for the first). */
  public double next(Mat bgr) {
    cvtColor(bgr, gray, COLOR_BGR2GRAY);
    resize(gray, small, new Size(64, 36), 0, 0, INTER_AREA);
    double change = 0;
    if (!previous.empty()) {
      absdiff(small, previous, diff);
      change = org.bytedeco.opencv.global.opencv_core.mean(diff).get(0) / 255.0;
    }
    small.copyTo(previous);
    return change;
  }

  /** Forgets the previous picture (a new video). */
  public void reset() {
    previous.release();
  }

  @Override
  public void close() {
    gray.close();
    small.close();
    previous.close();
    diff.close();
  }
}
