package io.chfen.dataset.labels;

import java.util.List;
import java.util.OptionalDouble;
import java.util.TreeMap;

/**
 * Krippendorff's alpha: agreement among any number of coders, with missing values, for nominal,
 * ordinal and interval data (Krippendorff, "Computing Krippendorff's Alpha-Reliability", 2011):
 * alpha = 1 − D_o / D_e, from the coincidence matrix of the values pairable within units.
 */
public final class Krippendorff {
  /** How different two values are. */
  public enum Metric {
    NOMINAL,
    ORDINAL,
    INTERVAL
  }

  private Krippendorff() {}

  /**
   * Alpha over units (rows) of values by coder (columns; null where a coder gave none). Units with
   * fewer than two values are not pairable and do not count. Empty when nothing is pairable or
   * every pairable value is the same (no variation: agreement is undefined).
   */
  public static OptionalDouble alpha(List<Integer[]> units, Metric metric) {
    // the values seen, in order, and their coincidences o[c][k]
    TreeMap<Integer, Integer> index = new TreeMap<>();
    for (Integer[] u : units) {
      for (Integer v : u) {
        if (v != null) {
          index.putIfAbsent(v, 0);
        }
      }
    }
    int[] values = index.keySet().stream().mapToInt(Integer::intValue).toArray();
    for (int i = 0; i < values.length; i++) {
      index.put(values[i], i);
    }
    int k = values.length;
    double[][] o = new double[k][k];
    for (Integer[] u : units) {
      int m = 0;
      for (Integer v : u) {
        m += v == null ? 0 : 1;
      }
      if (m < 2) {
        continue;
      }
      for (int i = 0; i < u.length; i++) {
        for (int j = 0; j < u.length; j++) {
          if (i != j && u[i] != null && u[j] != null) {
            o[index.get(u[i])][index.get(u[j])] += 1.0 / (m - 1);
          }
        }
      }
    }
    double[] n = new double[k];
    double total = 0;
    for (int c = 0; c < k; c++) {
      for (int d = 0; d < k; d++) {
        n[c] += o[c][d];
      }
      total += n[c];
    }
    if (total <= 1) {
      return OptionalDouble.empty();
    }
    double observed = 0;
    double expected = 0;
    for (int c = 0; c < k; c++) {
      for (int d = 0; d < k; d++) {
        double delta = delta(metric, values, n, c, d);
        observed += o[c][d] * delta;
        expected += n[c] * n[d] * delta;
      }
    }
    if (expected == 0) {
      return OptionalDouble.empty();
    }
    return OptionalDouble.of(1 - (total - 1) * observed / expected);
  }

  /** The squared difference of values c and d (indices into the sorted values). */
  private static double delta(Metric metric, int[] values, double[] n, int c, int d) {
    if (c == d) {
      return 0;
    }
    return switch (metric) {
      case NOMINAL -> 1;
      case INTERVAL -> Math.pow(values[c] - values[d], 2);
      case ORDINAL -> {
        // the values' marginal totals from c to d, less half of the two ends
        int lo = Math.min(c, d);
        int hi = Math.max(c, d);
        double s = 0;
        for (int g = lo; g <= hi; g++) {
          s += n[g];
        }
        yield Math.pow(s - (n[lo] + n[hi]) / 2, 2);
      }
    };
  }
}
