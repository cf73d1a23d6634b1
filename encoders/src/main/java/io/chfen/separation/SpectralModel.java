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
   * Median of the first {@code n} values of {@code v} (reordered in place): the value a sort would
   * put in the middle (the mean of the middle two for an even count), found by selection in linear
   * time, since this runs once per frame and bin.
   */
  static float median(float[] v, int n) {
    if (n == 0) {
      return 0;
    }
    int hi = n / 2;
    float upper = select(v, n, hi);
    if (n % 2 == 1) {
      return upper;
    }
    // after selection every value left of hi is ≤ v[hi]: the lower middle is their largest
    float lower = v[0];
    for (int i = 1; i < hi; i++) {
      lower = Math.max(lower, v[i]);
    }
    return 0.5f * (lower + upper);
  }

  /**
   * The value of rank {@code k} among the first {@code n} of {@code v} (Hoare's selection with a
   * median-of-three pivot); leaves smaller-or-equal values left of k and larger-or-equal right.
   */
  static float select(float[] v, int n, int k) {
    int lo = 0;
    int hi = n - 1;
    while (hi > lo) {
      int mid = (lo + hi) >>> 1;
      if (v[mid] < v[lo]) {
        swap(v, mid, lo);
      }
      if (v[hi] < v[lo]) {
        swap(v, hi, lo);
      }
      if (v[hi] < v[mid]) {
        swap(v, hi, mid);
      }
      float pivot = v[mid];
      int i = lo;
      int j = hi;
      while (i <= j) {
        while (v[i] < pivot) {
          i++;
        }
        while (v[j] > pivot) {
          j--;
        }
        if (i <= j) {
          swap(v, i, j);
          i++;
          j--;
        }
      }
      if (k <= j) {
        hi = j;
      } else if (k >= i) {
        lo = i;
      } else {
        return v[k];
      }
    }
    return v[k];
  }

  private static void swap(float[] v, int a, int b) {
    float t = v[a];
    v[a] = v[b];
    v[b] = t;
  }
}
