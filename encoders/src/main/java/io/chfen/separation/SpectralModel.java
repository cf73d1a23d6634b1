package io.chfen.separation;

/**
 * Spectrogram helpers shared by the separators: coarse log-spaced band energies for frame
 * similarity, cosine similarity, medians.
 */
final class SpectralModel {
  private SpectralModel() {}

  /** Band edges (bin indices) of {@code bands} log-spaced bands from ~60 Hz to Nyquist. */
  static int[] bandEdges(int bins, int rate, int bands) {
    int[] e = new int[bands + 1];
    double lo = Math.max(1, 60.0 * (bins - 1) * 2 / rate);
    double hi = bins - 1;
    for (int b = 0; b <= bands; b++) {
      e[b] = (int) Math.round(lo * Math.pow(hi / lo, b / (double) bands));
    }
    for (int b = 1; b <= bands; b++) {
      e[b] = Math.max(e[b], e[b - 1] + 1);
    }
    e[bands] = Math.min(e[bands], bins);
    return e;
  }

  /** Mean-removed, unit-length log band energies of one frame of power values. */
  static float[] features(float[] power, int[] edges) {
    int bands = edges.length - 1;
    float[] f = new float[bands];
    double mean = 0;
    for (int b = 0; b < bands; b++) {
      double s = 0;
      for (int k = edges[b]; k < edges[b + 1] && k < power.length; k++) {
        s += power[k];
      }
      f[b] = (float) Math.log10(1e-10 + s / Math.max(1, edges[b + 1] - edges[b]));
      mean += f[b];
    }
    mean /= bands;
    double norm = 0;
    for (int b = 0; b < bands; b++) {
      f[b] -= (float) mean;
      norm += f[b] * f[b];
    }
    norm = Math.sqrt(norm);
    for (int b = 0; b < bands; b++) {
      f[b] = norm > 0 ? (float) (f[b] / norm) : 0;
    }
    return f;
  }

  static float dot(float[] a, float[] b) {
    float s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }

  /** Indices of the {@code k} largest values (by selection; k is small). */
  static int[] topK(float[] score, int k, boolean[] allowed) {
    int n = Math.min(k, score.length);
    int[] best = new int[n];
    float[] bestS = new float[n];
    int have = 0;
    for (int i = 0; i < score.length; i++) {
      if (allowed != null && !allowed[i]) {
        continue;
      }
      float s = score[i];
      if (have < n || s > bestS[n - 1]) {
        // insertion into the sorted best list; the last one drops out when it is full
        int j = have < n ? have++ : n - 1;
        while (j > 0 && bestS[j - 1] < s) {
          bestS[j] = bestS[j - 1];
          best[j] = best[j - 1];
          j--;
        }
        bestS[j] = s;
        best[j] = i;
      }
    }
    return java.util.Arrays.copyOf(best, have);
  }

  /**
   * Per column {@code k < width}, the median of {@code rows[0..n)[k]} (the mean of the middle two
   * for an even count) into {@code out[k]}: the values a sort of each column would put in the
   * middle. The rows are reordered column by column in place. One compare-exchange network
   * (Batcher's odd–even merge sort, pruned to what the middle depends on) runs across all columns
   * at once, so every step is a branch-free min and max over whole rows read in order, where a
   * selection per column branches on every comparison (8 % of the stage's samples,
   * docs/benchmarks.md).
   */
  static void columnMedians(float[][] rows, int n, int width, float[] out) {
    if (n == 0) {
      java.util.Arrays.fill(out, 0, width, 0f);
      return;
    }
    int[] net = network(n);
    for (int c = 0; c < net.length; c += 2) {
      float[] lo = rows[net[c]];
      float[] hi = rows[net[c + 1]];
      for (int k = 0; k < width; k++) {
        float a = lo[k];
        float b = hi[k];
        lo[k] = Math.min(a, b);
        hi[k] = Math.max(a, b);
      }
    }
    float[] upper = rows[n / 2];
    if (n % 2 == 1) {
      System.arraycopy(upper, 0, out, 0, width);
    } else {
      float[] lower = rows[n / 2 - 1];
      for (int k = 0; k < width; k++) {
        out[k] = 0.5f * (lower[k] + upper[k]);
      }
    }
  }

  private static final int[][] NETWORKS = new int[65][];

  /**
   * The compare-exchange pairs (lower wire, upper wire) that put the middle of {@code n} values in
   * place: Batcher's odd–even merge sort for the next power of two, without the pairs that touch a
   * wire past n (those would hold +∞ and never move) and without those the middle does not depend
   * on.
   */
  static synchronized int[] network(int n) {
    if (n < NETWORKS.length && NETWORKS[n] != null) {
      return NETWORKS[n];
    }
    int size = Integer.highestOneBit(Math.max(1, n - 1)) << 1;
    java.util.List<int[]> pairs = new java.util.ArrayList<>();
    for (int p = 1; p < size; p <<= 1) {
      for (int k = p; k >= 1; k >>= 1) {
        for (int j = k % p; j + k < size; j += 2 * k) {
          for (int i = 0; i < Math.min(k, size - j - k); i++) {
            int a = i + j;
            int b = i + j + k;
            if (a / (2 * p) == b / (2 * p) && b < n) {
              pairs.add(new int[] {a, b});
            }
          }
        }
      }
    }
    boolean[] needed = new boolean[n];
    needed[n / 2] = true;
    needed[(n - 1) / 2] = true;
    java.util.ArrayDeque<int[]> kept = new java.util.ArrayDeque<>();
    for (int c = pairs.size() - 1; c >= 0; c--) {
      int[] pr = pairs.get(c);
      if (needed[pr[0]] || needed[pr[1]]) {
        needed[pr[0]] = true;
        needed[pr[1]] = true;
        kept.addFirst(pr);
      }
    }
    int[] net = new int[2 * kept.size()];
    int i = 0;
    for (int[] pr : kept) {
      net[i++] = pr[0];
      net[i++] = pr[1];
    }
    if (n < NETWORKS.length) {
      NETWORKS[n] = net;
    }
    return net;
  }
}
