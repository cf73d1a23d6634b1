package io.chfen.dataset.eval;

import java.util.Arrays;
import java.util.Collection;

/** Summary statistics the evaluations, the benchmarks and the report share. Stateless. */
public final class Stats {
  private Stats() {}

  /** The median (the mean of the middle two for an even count); NaN for none. */
  public static double median(double[] xs) {
    if (xs.length == 0) {
      return Double.NaN;
    }
    double[] s = xs.clone();
    Arrays.sort(s);
    int n = s.length;
    return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2.0;
  }

  /**
   * The q-quantile (0 ≤ q ≤ 1) by linear interpolation between the closest ranks (the median at
   * 0.5); NaN for none.
   */
  public static double quantile(double[] xs, double q) {
    if (xs.length == 0) {
      return Double.NaN;
    }
    double[] s = xs.clone();
    Arrays.sort(s);
    double pos = q * (s.length - 1);
    int lo = (int) Math.floor(pos);
    int hi = Math.min(s.length - 1, lo + 1);
    return s[lo] + (pos - lo) * (s[hi] - s[lo]);
  }

  /** The median of numbers; NaN for none. */
  public static double median(Collection<? extends Number> xs) {
    return median(xs.stream().mapToDouble(Number::doubleValue).toArray());
  }
}
