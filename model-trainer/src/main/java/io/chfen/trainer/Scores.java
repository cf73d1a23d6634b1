package io.chfen.trainer;

import io.chfen.schemas.Plutchik;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Classification scores over a set of classes (the 8 Plutchik primaries, or the 3 sentiment
 * classes): WAR (accuracy), UAR (mean recall over the classes that occur), macro-F1 (mean F1 over
 * the classes that occur in the truth or the predictions, as scikit-learn counts it), F1 per class
 * (NaN where a class neither occurs nor is predicted) and the confusion matrix (rows truth, columns
 * prediction).
 */
public record Scores(
    int n, double war, double uar, double macroF1, Map<String, Double> f1, long[][] confusion) {
  /** Scores of predicted against true class indices (0 to {@link Chfen#NUM_EMOTIONS} - 1). */
  public static Scores of(int[] truth, int[] predicted) {
    return of(truth, predicted, Plutchik.EMOTION_NAMES);
  }

  /** Scores of predicted against true indices into {@code classes}. */
  public static Scores of(int[] truth, int[] predicted, List<String> classes) {
    if (truth.length != predicted.length) {
      throw new IllegalArgumentException(
          truth.length + " truths, " + predicted.length + " guesses");
    }
    int k = classes.size();
    long[][] confusion = new long[k][k];
    for (int i = 0; i < truth.length; i++) {
      confusion[truth[i]][predicted[i]]++;
    }
    long right = 0;
    double recallSum = 0;
    int recallClasses = 0;
    double f1Sum = 0;
    int f1Classes = 0;
    double[] f1 = new double[k];
    for (int c = 0; c < k; c++) {
      right += confusion[c][c];
      long actual = 0;
      long guessed = 0;
      for (int j = 0; j < k; j++) {
        actual += confusion[c][j];
        guessed += confusion[j][c];
      }
      if (actual > 0) {
        recallSum += (double) confusion[c][c] / actual;
        recallClasses++;
      }
      if (actual + guessed > 0) {
        f1[c] = 2.0 * confusion[c][c] / (actual + guessed);
        f1Sum += f1[c];
        f1Classes++;
      } else {
        f1[c] = Double.NaN;
      }
    }
    int n = truth.length;
    Map<String, Double> byName = new LinkedHashMap<>();
    for (int c = 0; c < k; c++) {
      byName.put(classes.get(c), f1[c]);
    }
    return new Scores(
        n,
        n == 0 ? Double.NaN : (double) right / n,
        recallClasses == 0 ? Double.NaN : recallSum / recallClasses,
        f1Classes == 0 ? Double.NaN : f1Sum / f1Classes,
        byName,
        confusion);
  }

  /** The scores of several evaluations' confusion matrices summed (folds, seeds). */
  public static Scores pooled(List<Scores> parts) {
    List<String> classes =
        parts.isEmpty() ? Plutchik.EMOTION_NAMES : List.copyOf(parts.get(0).f1().keySet());
    List<Integer> truth = new ArrayList<>();
    List<Integer> guess = new ArrayList<>();
    for (Scores s : parts) {
      long[][] c = s.confusion();
      for (int t = 0; t < c.length; t++) {
        for (int p = 0; p < c.length; p++) {
          for (long i = 0; i < c[t][p]; i++) {
            truth.add(t);
            guess.add(p);
          }
        }
      }
    }
    return of(
        truth.stream().mapToInt(Integer::intValue).toArray(),
        guess.stream().mapToInt(Integer::intValue).toArray(),
        classes);
  }

  /** The index of the largest value in each row of a row-major [n, emotions] array. */
  public static int[] argmax(float[] rows) {
    int k = Chfen.NUM_EMOTIONS;
    int[] out = new int[rows.length / k];
    for (int i = 0; i < out.length; i++) {
      int best = 0;
      for (int e = 1; e < k; e++) {
        if (rows[i * k + e] > rows[i * k + best]) {
          best = e;
        }
      }
      out[i] = best;
    }
    return out;
  }

  /** The mean and the sample standard deviation of some runs' values. */
  public record Spread(double mean, double std, int runs) {
    public static Spread of(List<Double> values) {
      List<Double> v = new ArrayList<>();
      for (Double x : values) {
        if (!x.isNaN()) {
          v.add(x);
        }
      }
      if (v.isEmpty()) {
        return new Spread(Double.NaN, Double.NaN, 0);
      }
      double mean = v.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
      double ss = 0;
      for (double x : v) {
        ss += (x - mean) * (x - mean);
      }
      return new Spread(mean, v.size() > 1 ? Math.sqrt(ss / (v.size() - 1)) : 0, v.size());
    }

    @Override
    public String toString() {
      return Double.isNaN(mean) ? "n/a" : String.format("%.3f ± %.3f", mean, std);
    }
  }
}
