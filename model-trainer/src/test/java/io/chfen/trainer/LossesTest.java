package io.chfen.trainer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

/** The soft-label objectives, on a label as the sample annotations give it. */
class LossesTest {
  @Test
  void expectedIntensitiesBecomeTheTargetAndUnlabelledRowsWeighNothing() {
    try (NDManager m = NDManager.newBaseManager()) {
      float[] soft = new float[2 * 32];
      // row 0, demo_v001 overall: joy 1/3 low + 2/3 basic, trust 2/3 absent + 1/3 low
      soft[0 * 4 + 1] = 1f / 3;
      soft[0 * 4 + 2] = 2f / 3;
      soft[1 * 4] = 2f / 3;
      soft[1 * 4 + 1] = 1f / 3;
      for (int e = 2; e < 8; e++) {
        soft[e * 4] = 1;
      }
      NDArray labels = m.create(soft, new Shape(2, 8, 4));
      float[] t = Losses.primaryTargets(labels).toFloatArray();
      // expected intensities 5/3 (joy) and 1/3 (trust), normalized
      assertEquals(5f / 6, t[0], 1e-6f);
      assertEquals(1f / 6, t[1], 1e-6f);
      assertArrayEquals(new float[8], java.util.Arrays.copyOfRange(t, 8, 16), "row 1: no label");
      NDArray logits = m.create(new float[16], new Shape(2, 8));
      NDArray mask = m.create(new float[] {1, 0});
      // uniform logits: cross-entropy log 8, from row 0 alone
      assertEquals(Math.log(8), Losses.primary(logits, labels, mask).getFloat(), 1e-5);
      NDArray flat = m.zeros(new Shape(2, 8, 4));
      assertEquals(Math.log(4), Losses.intensity(flat, labels, mask).getFloat(), 1e-5);
    }
  }
}
