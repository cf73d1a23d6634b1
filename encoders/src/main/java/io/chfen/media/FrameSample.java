package io.chfen.media;

import org.bytedeco.opencv.opencv_core.Mat;

/**
 * One decoded video frame picked for an analyzer's sampling grid.
 *
 * @param timestampUs presentation time from the stream's timestamps, microseconds
 * @param frameIndex position among all decoded frames
 * @param targetUs the grid time this frame was picked for (k / rate)
 * @param bgr the picture as 8-bit BGR; owned by the decoder and valid only during the call
 */
public record FrameSample(long timestampUs, long frameIndex, long targetUs, Mat bgr) {
  public double seconds() {
    return timestampUs / 1e6;
  }
}
