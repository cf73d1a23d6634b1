package io.chfen.media;

import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_BGR24;
import static org.bytedeco.ffmpeg.global.swscale.SWS_BILINEAR;
import static org.bytedeco.ffmpeg.global.swscale.sws_freeContext;
import static org.bytedeco.ffmpeg.global.swscale.sws_getCachedContext;
import static org.bytedeco.ffmpeg.global.swscale.sws_scale;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;

import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.swscale.SwsContext;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.PointerPointer;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Converts a decoded frame (any pixel format) to an 8-bit BGR {@link Mat} with swscale, into one
 * reused buffer. The decoder grabs frames raw and converts only those an analyzer samples, so a 1
 * fps analyzer does not pay a colour conversion for every frame. Not thread-safe.
 */
final class BgrConverter implements AutoCloseable {
  private SwsContext ctx;
  private BytePointer buffer;
  private PointerPointer<BytePointer> dst;
  private IntPointer dstStride;
  private Mat mat;
  private int width;
  private int height;

  Mat convert(AVFrame f) {
    int w = f.width();
    int h = f.height();
    ctx =
        sws_getCachedContext(
            ctx,
            w,
            h,
            f.format(),
            w,
            h,
            AV_PIX_FMT_BGR24,
            SWS_BILINEAR,
            null,
            null,
            (DoublePointer) null);
    if (ctx == null) {
      throw new IllegalStateException(
          "swscale cannot convert pixel format " + f.format() + " to BGR");
    }
    if (mat == null || w != width || h != height) {
      release();
      width = w;
      height = h;
      // swscale's SIMD paths write whole vectors, up to a row's width past the end of a row whose
      // byte length is not a multiple of their size (a 360 or 540 px wide video): each row's
      // overrun lands in the next row before that row is written, the last row's in this slack
      long step = 3L * w;
      buffer = new BytePointer(step * (h + 1) + 64);
      mat = new Mat(h, w, CV_8UC3, buffer, step);
      // swscale reads four plane pointers and strides; BGR24 uses the first
      dst = new PointerPointer<>(buffer, null, null, null);
      dstStride = new IntPointer((int) mat.step(), 0, 0, 0);
    }
    sws_scale(ctx, f.data(), f.linesize(), 0, h, dst, dstStride);
    return mat;
  }

  private void release() {
    if (mat != null) {
      mat.close();
      buffer.close();
      dst.close();
      dstStride.close();
      mat = null;
    }
  }

  @Override
  public void close() {
    release();
    if (ctx != null) {
      sws_freeContext(ctx);
      ctx = null;
    }
  }
}
