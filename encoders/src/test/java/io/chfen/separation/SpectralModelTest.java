package io.chfen.separation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SpectralModelTest {
  /**
   * The network's column medians are a sort's, value for value: any count of rows (the neighbours
   * found may be fewer than asked), ties, zeros, and columns past the width left alone.
   */
  @Test
  void columnMediansAreTheSortedMiddle() {
    Random r = new Random(7);
    for (int trial = 0; trial < 3_000; trial++) {
      int n = trial < 65 ? trial : r.nextInt(40);
      int width = 1 + r.nextInt(40);
      float[][] rows = new float[n + 1][width + 2];
      for (float[] row : rows) {
        for (int k = 0; k < row.length; k++) {
          // magnitudes: many exact zeros and repeats, as silent bins give
          row[k] = r.nextInt(4) == 0 ? 0f : r.nextInt(3) == 0 ? 0.5f : r.nextFloat() * 10;
        }
      }
      float[] expected = new float[width];
      for (int k = 0; k < width; k++) {
        float[] col = new float[n];
        for (int i = 0; i < n; i++) {
          col[i] = rows[i][k];
        }
        Arrays.sort(col);
        expected[k] = n == 0 ? 0 : n % 2 == 1 ? col[n / 2] : 0.5f * (col[n / 2 - 1] + col[n / 2]);
      }
      float[] past = new float[n + 1];
      for (int i = 0; i <= n; i++) {
        past[i] = rows[i][width];
      }
      float[] out = new float[width + 1];
      out[width] = -1;
      SpectralModel.columnMedians(rows, n, width, out);
      assertEquals(Arrays.toString(expected), Arrays.toString(Arrays.copyOf(out, width)), "n=" + n);
      assertEquals(-1, out[width], "nothing written past the width");
      for (int i = 0; i <= n; i++) {
        assertEquals(past[i], rows[i][width], "column past the width untouched");
      }
    }
  }

  /** Pruning keeps the network small: the middle of 20 needs far fewer than a full sort's pairs. */
  @Test
  void theNetworkIsPrunedToTheMiddle() {
    int full = 0;
    // Batcher's odd–even merge sort of 32 values has 191 pairs; of 20 real wires fewer remain
    int[] twenty = SpectralModel.network(20);
    int[] one = SpectralModel.network(1);
    assertEquals(0, one.length);
    assertTrue(twenty.length / 2 < 191, "pairs: " + twenty.length / 2);
    for (int i = 0; i < twenty.length; i++) {
      full = Math.max(full, twenty[i]);
    }
    assertTrue(full < 20, "no wire past n");
  }
}
