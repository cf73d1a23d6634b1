package io.chfen.separation;

import io.chfen.formats.WavReader;

/**
 * Plain REPET-SIM (Rafii and Pardo, 2012), the classical blind baseline the benchmark compares
 * against: the repeating background of each frame is the median magnitude of the frames most like
 * it anywhere in the clip; a soft mask takes it as the music and leaves the rest as the vocals. No
 * voice activity, no stereo cues. Frames are compared on 48 log-spaced band energies (full spectra
 * make the frame-by-frame comparison quadratic in bins as well as frames).
 */
public final class RepetSim {
  private final int neighbours;
  private final double minGapS;

  /**
   * @param neighbours similar frames per frame (the paper uses up to 20)
   * @param minGapS minimum time between a frame and a similar one (the paper uses 1 s)
   */
  public RepetSim(int neighbours, double minGapS) {
    this.neighbours = neighbours;
    this.minGapS = minGapS;
  }

  public RepetSim() {
    this(20, 1.0);
  }

  /** Vocals and music of an interleaved mixture, each interleaved like it. */
  public float[][] separate(float[] mix, int channels, int rate) {
    int n = mix.length / channels;
    int size = Integer.highestOneBit(Math.max(256, (int) Math.round(2048 * rate / 44_100.0)));
    Stft stft = new Stft(size);
    int frames = stft.frames(n);
    int bins = stft.bins();
    float[] mono = WavReader.mono(mix, channels);
    float[][] re = new float[frames][bins];
    float[][] im = new float[frames][bins];
    stft.analyze(mono, 0, 1, re, im);
    float[][] mag = new float[frames][bins];
    float[][] feat = new float[frames][];
    int[] edges = SpectralModel.bandEdges(bins, rate, 48);
    float[] pw = new float[bins];
    for (int t = 0; t < frames; t++) {
      for (int k = 0; k < bins; k++) {
        pw[k] = re[t][k] * re[t][k] + im[t][k] * im[t][k];
        mag[t][k] = (float) Math.sqrt(pw[k]);
      }
      feat[t] = SpectralModel.features(pw, edges);
    }
    int gap = (int) Math.round(minGapS * rate / stft.hop);
    float[] score = new float[frames];
    boolean[] allowed = new boolean[frames];
    float[][] rows = new float[neighbours + 1][bins];
    float[] median = new float[bins];
    float[][] mask = new float[frames][bins];
    for (int t = 0; t < frames; t++) {
      for (int j = 0; j < frames; j++) {
        allowed[j] = Math.abs(j - t) >= gap || j == t;
        score[j] = SpectralModel.dot(feat[t], feat[j]);
      }
      int[] nb = SpectralModel.topK(score, neighbours, allowed);
      for (int i = 0; i < nb.length; i++) {
        System.arraycopy(mag[nb[i]], 0, rows[i], 0, bins);
      }
      SpectralModel.columnMedians(rows, nb.length, bins, median);
      for (int k = 0; k < bins; k++) {
        float w = Math.min(median[k], mag[t][k]);
        mask[t][k] = mag[t][k] > 0 ? w / mag[t][k] : 1;
      }
    }
    float[][] out = new float[2][mix.length];
    float[][] cre = new float[frames][bins];
    float[][] cim = new float[frames][bins];
    float[] y = new float[n];
    for (int c = 0; c < channels; c++) {
      stft.analyze(mix, c, channels, cre, cim);
      for (int t = 0; t < frames; t++) {
        for (int k = 0; k < bins; k++) {
          cre[t][k] *= mask[t][k];
          cim[t][k] *= mask[t][k];
        }
      }
      java.util.Arrays.fill(y, 0);
      stft.synthesize(cre, cim, y, 0, 1);
      for (int i = 0; i < n; i++) {
        out[1][i * channels + c] = y[i];
        out[0][i * channels + c] = mix[i * channels + c] - y[i];
      }
    }
    return out;
  }
}
