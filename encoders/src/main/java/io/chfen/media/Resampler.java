package io.chfen.media;

import static org.bytedeco.ffmpeg.global.avutil.AV_SAMPLE_FMT_FLT;

import java.nio.FloatBuffer;
import org.bytedeco.javacv.FFmpegFrameFilter;
import org.bytedeco.javacv.Frame;

/**
 * Resamples interleaved float audio with FFmpeg's resampler (the filter graph the decoder uses),
 * block by block. The output is trimmed or zero-padded on {@link #finish()} to exactly the length
 * the rate ratio gives, so the two sides stay aligned. Not thread-safe.
 */
public final class Resampler implements AutoCloseable {
  private final int inRate;
  private final int inChannels;
  private final AudioFormat out;
  private final FFmpegFrameFilter filter;
  private long in;
  private long emitted;

  public Resampler(int inRate, int inChannels, AudioFormat out) {
    this.inRate = inRate;
    this.inChannels = inChannels;
    this.out = out;
    this.filter = new FFmpegFrameFilter(out.filter(inChannels), inChannels);
    filter.setSampleRate(inRate);
    filter.setSampleFormat(AV_SAMPLE_FMT_FLT);
    try {
      filter.start();
    } catch (FFmpegFrameFilter.Exception e) {
      throw new IllegalStateException("cannot resample to " + out + ": " + e.getMessage(), e);
    }
  }

  /** Resamples a block; returns what the resampler has ready (it holds back a few samples). */
  public float[] push(float[] interleaved, int fromFrame, int toFrame) {
    in += toFrame - fromFrame;
    float[] block = new float[(toFrame - fromFrame) * inChannels];
    System.arraycopy(interleaved, fromFrame * inChannels, block, 0, block.length);
    return pushFloats(block);
  }

  /** The rest, so that all output equals the input's duration at the new rate. */
  public float[] finish() {
    long expected = Math.round(in * (double) out.sampleRate() / inRate);
    // the resampler's delay line is drained by silence; what exceeds the expected length is cut
    long before = emitted;
    float[] tail = pushFloats(new float[inRate / 10 * inChannels]);
    int frames = (int) Math.max(0, expected - before);
    float[] r = new float[frames * out.channels()];
    System.arraycopy(tail, 0, r, 0, Math.min(r.length, tail.length));
    emitted = before + frames;
    return r;
  }

  private float[] pushFloats(float[] block) {
    try {
      filter.pushSamples(0, inChannels, inRate, AV_SAMPLE_FMT_FLT, FloatBuffer.wrap(block));
      FloatBuffer acc =
          FloatBuffer.allocate((int) ((long) block.length * out.sampleRate() / inRate) + 4096);
      Frame f;
      while ((f = filter.pullSamples()) != null) {
        FloatBuffer b = (FloatBuffer) f.samples[0];
        if (acc.remaining() < b.remaining()) {
          FloatBuffer bigger = FloatBuffer.allocate((acc.capacity() + b.remaining()) * 2);
          acc.flip();
          bigger.put(acc);
          acc = bigger;
        }
        acc.put(b);
      }
      acc.flip();
      float[] r = new float[acc.remaining()];
      acc.get(r);
      emitted += r.length / out.channels();
      return r;
    } catch (FFmpegFrameFilter.Exception e) {
      throw new IllegalStateException("resampling failed: " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    try {
      filter.stop();
      filter.release();
    } catch (FFmpegFrameFilter.Exception e) {
      // releasing a filter graph cannot lose data: the samples were all pulled
    }
  }
}
