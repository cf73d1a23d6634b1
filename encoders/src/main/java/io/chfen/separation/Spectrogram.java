package io.chfen.separation;

/**
 * A magnitude spectrogram in decibels for people to look at (the report's review pages): the same
 * short-time transform the separator works in, so what is shown is what it saw.
 */
public final class Spectrogram {
  private Spectrogram() {}

  /**
   * {@code db[t][k]}: 20·log10 of the magnitude of frame t, bin k (0 to {@code size / 2}), floored
   * at -120 dB; frames every {@code size / 4} samples of {@code mono}.
   */
  public static float[][] db(float[] mono, int size) {
    Stft stft = new Stft(size);
    int frames = stft.frames(mono.length);
    float[][] re = new float[frames][stft.bins()];
    float[][] im = new float[frames][stft.bins()];
    stft.analyze(mono, 0, 1, re, im);
    for (int t = 0; t < frames; t++) {
      for (int k = 0; k < stft.bins(); k++) {
        double m = Math.hypot(re[t][k], im[t][k]);
        re[t][k] = (float) Math.max(-120, 20 * Math.log10(m + 1e-12));
      }
    }
    return re;
  }
}
