package io.chfen.trainer;

import io.chfen.records.SentimentLabel;
import java.util.List;

/**
 * The sentiment target: a dataset's score scaled to [-1, 1] for training (0 stays 0, each side by
 * its end of the range), its three classes by the dataset's neutral band, and the figures the
 * published CH-SIMS v2 and CMU-MOSEI tables report (MMSA's: Acc2 with and without the zeros and its
 * weighted F1, Acc3, MAE and Pearson correlation, in the dataset's own units).
 */
public final class Sentiment {
  /** The classes, in index order. */
  public static final List<String> CLASSES = List.of("negative", "neutral", "positive");

  private Sentiment() {}

  /** A score scaled into [-1, 1]: 0 stays 0, min goes to -1 and max to 1. */
  public static double scaled(double score, SentimentLabel l) {
    return score >= 0 ? score / l.getMax() : score / -l.getMin();
  }

  /** A scaled score back in the dataset's units. */
  public static double unscaled(double x, double min, double max) {
    return x >= 0 ? x * max : x * -min;
  }

  /** A score's class: neutral when |score| is at most the neutral band, else its sign. */
  public static int classOf(double score, double neutral) {
    return Math.abs(score) <= neutral ? 1 : score > 0 ? 2 : 0;
  }

  /**
   * MMSA's regression figures of predicted against true scores, in the dataset's units.
   *
   * @param acc2Has0 negative (< 0) against non-negative (≥ 0), every row
   * @param f1Has0 its F1, weighted by class support (scikit-learn's average="weighted")
   * @param acc2Non0 negative against positive over the rows whose truth is not 0
   * @param f1Non0 its weighted F1
   * @param acc3 negative / neutral / positive by the dataset's neutral band
   * @param mae mean absolute error
   * @param corr Pearson correlation (NaN when either side is constant)
   */
  public record Metrics(
      int n,
      double acc2Has0,
      double f1Has0,
      double acc2Non0,
      double f1Non0,
      double acc3,
      double mae,
      double corr) {

    /**
     * @param neutral each row's neutral band
     */
    public static Metrics of(double[] truth, double[] predicted, double[] neutral) {
      int n = truth.length;
      if (predicted.length != n || neutral.length != n) {
        throw new IllegalArgumentException("truths, predictions and bands differ in number");
      }
      boolean[] t = new boolean[n];
      boolean[] p = new boolean[n];
      int non0 = 0;
      double abs = 0;
      int right3 = 0;
      for (int i = 0; i < n; i++) {
        t[i] = truth[i] >= 0;
        p[i] = predicted[i] >= 0;
        non0 += truth[i] != 0 ? 1 : 0;
        abs += Math.abs(predicted[i] - truth[i]);
        right3 += classOf(truth[i], neutral[i]) == classOf(predicted[i], neutral[i]) ? 1 : 0;
      }
      boolean[] tn = new boolean[non0];
      boolean[] pn = new boolean[non0];
      for (int i = 0, j = 0; i < n; i++) {
        if (truth[i] != 0) {
          tn[j] = truth[i] > 0;
          pn[j++] = predicted[i] > 0;
        }
      }
      return new Metrics(
          n,
          accuracy(t, p),
          weightedF1(t, p),
          accuracy(tn, pn),
          weightedF1(tn, pn),
          n == 0 ? Double.NaN : (double) right3 / n,
          n == 0 ? Double.NaN : abs / n,
          pearson(truth, predicted));
    }
  }

  static double accuracy(boolean[] t, boolean[] p) {
    int right = 0;
    for (int i = 0; i < t.length; i++) {
      right += t[i] == p[i] ? 1 : 0;
    }
    return t.length == 0 ? Double.NaN : (double) right / t.length;
  }

  /** Binary F1 of each class weighted by its support in the truth. */
  static double weightedF1(boolean[] t, boolean[] p) {
    if (t.length == 0) {
      return Double.NaN;
    }
    double sum = 0;
    for (boolean c : new boolean[] {false, true}) {
      int tp = 0;
      int actual = 0;
      int guessed = 0;
      for (int i = 0; i < t.length; i++) {
        actual += t[i] == c ? 1 : 0;
        guessed += p[i] == c ? 1 : 0;
        tp += t[i] == c && p[i] == c ? 1 : 0;
      }
      double f1 = actual + guessed == 0 ? 0 : 2.0 * tp / (actual + guessed);
      sum += f1 * actual;
    }
    return sum / t.length;
  }

  static double pearson(double[] x, double[] y) {
    int n = x.length;
    if (n < 2) {
      return Double.NaN;
    }
    double mx = 0;
    double my = 0;
    for (int i = 0; i < n; i++) {
      mx += x[i];
      my += y[i];
    }
    mx /= n;
    my /= n;
    double sxy = 0;
    double sxx = 0;
    double syy = 0;
    for (int i = 0; i < n; i++) {
      sxy += (x[i] - mx) * (y[i] - my);
      sxx += (x[i] - mx) * (x[i] - mx);
      syy += (y[i] - my) * (y[i] - my);
    }
    return sxx == 0 || syy == 0 ? Double.NaN : sxy / Math.sqrt(sxx * syy);
  }
}
