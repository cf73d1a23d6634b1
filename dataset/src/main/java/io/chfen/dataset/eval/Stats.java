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

  /** The median of numbers; NaN for none. */
  public static double median(Collection<? extends Number> xs) {
    return median(xs.stream().mapToDouble(Number::doubleValue).toArray());
  }
}
