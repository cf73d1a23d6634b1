package io.chfen.dataset.labels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Against the worked examples published with the coefficient. */
class KrippendorffTest {
  /**
   * Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", section C: 4 observers, 12
   * units, values 1–5, missing data. Published: nominal 0.743, ordinal 0.815, interval 0.849.
   */
  private static final Integer[][] BY_OBSERVER = {
    {1, 2, 3, 3, 2, 1, 4, 1, 2, null, null, null},
    {1, 2, 3, 3, 2, 2, 4, 1, 2, 5, null, 3},
    {null, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, null},
    {1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, null}
  };

  private static List<Integer[]> units() {
    List<Integer[]> u = new ArrayList<>();
    for (int unit = 0; unit < 12; unit++) {
      Integer[] row = new Integer[4];
      for (int obs = 0; obs < 4; obs++) {
        row[obs] = BY_OBSERVER[obs][unit];
      }
      u.add(row);
    }
    return u;
  }

  @Test
  void reproducesThePublishedWorkedExample() {
    assertEquals(
        0.743, Krippendorff.alpha(units(), Krippendorff.Metric.NOMINAL).getAsDouble(), 5e-4);
    assertEquals(
        0.815, Krippendorff.alpha(units(), Krippendorff.Metric.ORDINAL).getAsDouble(), 5e-4);
    assertEquals(
        0.849, Krippendorff.alpha(units(), Krippendorff.Metric.INTERVAL).getAsDouble(), 5e-4);
  }

  /**
   * Section A of the same paper: two observers, binary data, 10 units; published nominal alpha
   * 0.095.
   */
  @Test
  void reproducesTheBinaryTwoObserverExample() {
    int[] a = {0, 1, 0, 0, 0, 0, 0, 0, 1, 0};
    int[] b = {1, 1, 1, 0, 0, 1, 0, 0, 0, 0};
    List<Integer[]> u = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      u.add(new Integer[] {a[i], b[i]});
    }
    assertEquals(0.095, Krippendorff.alpha(u, Krippendorff.Metric.NOMINAL).getAsDouble(), 5e-4);
  }

  @Test
  void perfectAgreementIsOneAndNoVariationIsUndefined() {
    List<Integer[]> same =
        List.of(new Integer[] {1, 1}, new Integer[] {2, 2}, new Integer[] {3, 3});
    assertEquals(1.0, Krippendorff.alpha(same, Krippendorff.Metric.ORDINAL).getAsDouble(), 1e-12);
    List<Integer[]> constant = List.of(new Integer[] {2, 2, null}, new Integer[] {2, 2, 2});
    assertTrue(Krippendorff.alpha(constant, Krippendorff.Metric.NOMINAL).isEmpty());
    List<Integer[]> unpairable = List.of(new Integer[] {1, null}, new Integer[] {null, 3});
    assertTrue(Krippendorff.alpha(unpairable, Krippendorff.Metric.NOMINAL).isEmpty());
  }
}
