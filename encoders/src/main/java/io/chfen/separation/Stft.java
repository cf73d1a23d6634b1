package io.chfen.separation;

import org.jtransforms.fft.FloatFFT_1D;

/**
 * Short-time Fourier transform and its inverse with a square-root Hann window at 75% overlap, so
 * that analysis followed by synthesis gives the input back (weighted overlap-add). Spectra are kept
 * as separate real and imaginary arrays of {@code bins() = size / 2 + 1} values.
 *
 * <p>Not thread-safe: it holds the FFT's work buffer.
 */
final class Stft {
  final int size;
  final int hop;
  private final float[] window;
  private final FloatFFT_1D fft;
  private final float[] work;

  /**
   * @param size frame length in samples (a power of two is fastest)
   */
  Stft(int size) {
    this.size = size;
    this.hop = size / 4;
    this.fft = new FloatFFT_1D(size);
    this.work = new float[size];
    this.window = new float[size];
    // sqrt-Hann analysis and synthesis: their product, a Hann window, sums to 1.5 at 75% overlap
    double norm = Math.sqrt(1.5);
    for (int i = 0; i < size; i++) {
      window[i] = (float) (Math.sqrt(0.5 - 0.5 * Math.cos(2 * Math.PI * i / size)) / norm);
    }
  }

  int bins() {
    return size / 2 + 1;
  }

  /** Frames that cover {@code samples} samples completely. */
  int frames(int samples) {
    return (samples + size) / hop + 1;
  }

  /**
   * The spectrogram of one channel of an interleaved signal: {@code re[t][k]}, {@code im[t][k]}.
   * Frame t spans samples {@code t * hop - size + hop} to {@code t * hop + hop}.
   */
  void analyze(float[] x, int channel, int channels, float[][] re, float[][] im) {
    int n = x.length / channels;
    for (int t = 0; t < re.length; t++) {
      int start = t * hop - size + hop;
      for (int i = 0; i < size; i++) {
        int j = start + i;
        work[i] = j >= 0 && j < n ? x[j * channels + channel] * window[i] : 0;
      }
      fft.realForward(work);
      re[t][0] = work[0];
      im[t][0] = 0;
      re[t][size / 2] = work[1];
      im[t][size / 2] = 0;
      for (int k = 1; k < size / 2; k++) {
        re[t][k] = work[2 * k];
        im[t][k] = work[2 * k + 1];
      }
    }
  }

  /** Adds the inverse of a spectrogram into one channel of an interleaved signal. */
  void synthesize(float[][] re, float[][] im, float[] y, int channel, int channels) {
    int n = y.length / channels;
    for (int t = 0; t < re.length; t++) {
      work[0] = re[t][0];
      work[1] = re[t][size / 2];
      for (int k = 1; k < size / 2; k++) {
        work[2 * k] = re[t][k];
        work[2 * k + 1] = im[t][k];
      }
      fft.realInverse(work, true);
      int start = t * hop - size + hop;
      for (int i = 0; i < size; i++) {
        int j = start + i;
        if (j >= 0 && j < n) {
          y[j * channels + channel] += work[i] * window[i];
        }
      }
    }
  }
}
