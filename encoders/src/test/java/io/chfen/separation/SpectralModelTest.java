package io.chfen.separation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SpectralModelTest {
  /** The median by selection is the sort's, value for value, with ties, zeros and any count. */
  @Test
  void medianBySelectionIsTheSortedMiddle() {
    Random r = new Random(7);
    for (int trial = 0; trial < 20_000; trial++) {
      int n = r.nextInt(64);
      float[] v = new float[n + 3];
      for (int i = 0; i < v.length; i++) {
        // magnitudes: many exact zeros and repeats, as silent bins give
        v[i] = r.nextInt(4) == 0 ? 0f : r.nextInt(3) == 0 ? 0.5f : r.nextFloat() * 10;
      }
      float[] sorted = Arrays.copyOf(v, n);
      Arrays.sort(sorted);
      float expected =
          n == 0 ? 0 : n % 2 == 1 ? sorted[n / 2] : 0.5f * (sorted[n / 2 - 1] + sorted[n / 2]);
      float[] tail = Arrays.copyOfRange(v, n, v.length);
      assertEquals(expected, SpectralModel.median(v, n), 0f, "n=" + n);
      // only the first n values are looked at and reordered
      assertEquals(Arrays.toString(tail), Arrays.toString(Arrays.copyOfRange(v, n, v.length)));
      float[] same = Arrays.copyOf(v, n);
      Arrays.sort(same);
      assertEquals(Arrays.toString(sorted), Arrays.toString(same), "a permutation of the input");
    }
  }
}
