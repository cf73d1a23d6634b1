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
      // multi-label: joy seen by all three annotators, trust by one, the rest by none
      float[] p = Losses.presenceTargets(labels).toFloatArray();
      assertEquals(1f, p[0], 1e-6f);
      assertEquals(1f / 3, p[1], 1e-6f);
      assertEquals(0f, p[2], 1e-6f);
      assertEquals(Math.log(2), Losses.multiLabel(logits, labels, mask, null).getFloat(), 1e-5);
      // class weights: joy weighs 3, trust 1, so row 0 weighs 5/6·3 + 1/6 = 8/3; the mean is
      // unchanged for one row, and a large logit for joy lowers it
      NDArray w = m.create(new float[] {3, 1, 1, 1, 1, 1, 1, 1});
      assertEquals(Math.log(8), Losses.primary(logits, labels, mask, w).getFloat(), 1e-5);
    }
  }
}
