package io.chfen.faces;

import static org.bytedeco.opencv.global.opencv_core.BORDER_CONSTANT;
import static org.bytedeco.opencv.global.opencv_core.copyMakeBorder;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_LINEAR;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

import java.util.List;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * Face crops as face-api's networks take them: the detector's box (clipped to the frame), padded
 * with black to a square — half the difference after the crop (rounded), the rest before, as its
 * {@code padToSquare(…, isCenterImage = true)} does — and resized to the network's side; fed as RGB
 * values 0–255 in NHWC order.
 */
public final class FaceCrops {
  private FaceCrops() {}

  /** The square BGR crop of {@code face} in {@code bgr}, {@code side} pixels a side. */
  public static Mat square(Mat bgr, FaceDetector.Face face, int side) {
    int x0 = Math.max(0, face.x());
    int y0 = Math.max(0, face.y());
    int x1 = Math.min(bgr.cols(), face.x() + face.width());
    int y1 = Math.min(bgr.rows(), face.y() + face.height());
    if (x1 - x0 < 2 || y1 - y0 < 2) {
      throw new IllegalArgumentException("face box " + face + " is outside the frame");
    }
    int w = x1 - x0;
    int h = y1 - y0;
    int diff = Math.abs(w - h);
    int after = (int) Math.round(diff * 0.5);
    int before = diff - after;
    Mat out = new Mat();
    try (Rect r = new Rect(x0, y0, w, h);
        Mat crop = new Mat(bgr, r);
        Mat padded = new Mat();
        Scalar black = new Scalar(0, 0, 0, 0);
        Size size = new Size(side, side)) {
      if (h > w) {
        copyMakeBorder(crop, padded, 0, 0, before, after, BORDER_CONSTANT, black);
      } else {
        copyMakeBorder(crop, padded, before, after, 0, 0, BORDER_CONSTANT, black);
      }
      resize(padded, out, size, 0, 0, padded.cols() > side ? INTER_AREA : INTER_LINEAR);
    }
    return out;
  }

  /** BGR pictures of one size as one RGB 0–255 NHWC batch. */
  public static float[] rgbNhwc(List<Mat> pictures) {
    if (pictures.isEmpty()) {
      return new float[0];
    }
    int plane = pictures.get(0).cols() * pictures.get(0).rows();
    float[] out = new float[pictures.size() * plane * 3];
    byte[] px = new byte[plane * 3];
    for (int b = 0; b < pictures.size(); b++) {
      Mat p = pictures.get(b);
      if (p.cols() * p.rows() != plane || p.channels() != 3) {
        throw new IllegalArgumentException("pictures of one batch must share a size and be BGR");
      }
      Mat c = p.isContinuous() ? p : p.clone();
      c.data().get(px);
      int o = b * plane * 3;
      for (int i = 0; i < plane; i++) {
        out[o + i * 3] = px[i * 3 + 2] & 0xff;
        out[o + i * 3 + 1] = px[i * 3 + 1] & 0xff;
        out[o + i * 3 + 2] = px[i * 3] & 0xff;
      }
      if (c != p) {
        c.close();
      }
    }
    return out;
  }
}
