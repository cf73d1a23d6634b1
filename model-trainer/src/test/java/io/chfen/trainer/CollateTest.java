package io.chfen.trainer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import io.chfen.records.EncodedSample;
import io.chfen.schemas.Tensors;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Padding a batch of shard rows, and the PyTorch engine running offline on this machine. */
class CollateTest {
  /** A row of {@code steps} steps whose every value is {@code fill}; text shown on even steps. */
  static EncodedSample row(String id, int steps, float fill, boolean labelled) {
    float[][] seq = new float[steps][];
    boolean[] even = new boolean[steps];
    for (int s = 0; s < steps; s++) {
      seq[s] = new float[] {fill, fill, fill};
      even[s] = s % 2 == 0;
    }
    return Rows.base(id, steps, 3)
        .setTitle(Tensors.of(new float[] {fill, 0}, 2))
        .setVocalsGlobal(Tensors.of(new float[] {fill}, 1))
        .setMusicGlobal(Tensors.of(new float[] {0}, 1))
        .setMusicGlobalMask(false)
        .setFrames(Tensors.matrix(seq, 3))
        .setFaces(Tensors.matrix(seq, 3))
        .setFacesMask(Tensors.mask(allTrue(steps)))
        .setText(Tensors.matrix(seq, 3))
        .setTextMask(Tensors.mask(even))
        .setVocals(Tensors.matrix(seq, 3))
        .setMusic(Tensors.matrix(seq, 3))
        .setLabels(labelled ? Rows.label(0, 3) : Map.of())
        .build();
  }

  @Test
  void expressionsArePooledOverThePersonsSeenInEachStep() {
    // two persons over three steps: p1 in steps 0 and 1, p2 in steps 1 and 2
    float[] e = new float[2 * 3 * 7];
    e[(0 * 3 + 0) * 7 + 1] = 1; // p1, step 0: happy
    e[(0 * 3 + 1) * 7 + 1] = 1; // p1, step 1: happy
    e[(1 * 3 + 1) * 7 + 2] = 1; // p2, step 1: sad
    e[(1 * 3 + 2) * 7 + 0] = 1; // p2, step 2: neutral
    boolean[] seen = {true, true, false, false, true, true};
    EncodedSample r =
        Rows.base("x", 3, 2)
            .setExpressions(Tensors.of(e, 2, 3, 7))
            .setExpressionsMask(Tensors.mask(seen, 2, 3))
            .build();
    Collate.Padded p = Collate.batch(List.of(r, Rows.base("y", 2, 2).build()), "overall");
    assertArrayEquals(new long[] {2, 3, 7}, p.shapes().get("expression"));
    float[] x = p.floats("expression");
    assertEquals(1f, x[0 * 7 + 1]);
    assertEquals(0.5f, x[1 * 7 + 1]);
    assertEquals(0.5f, x[1 * 7 + 2]);
    assertEquals(1f, x[2 * 7 + 0]);
    assertArrayEquals(new float[] {1, 1, 1, 0, 0, 0}, p.floats("expressionMask"));
  }

  private static boolean[] allTrue(int n) {
    boolean[] b = new boolean[n];
    java.util.Arrays.fill(b, true);
    return b;
  }

  @Test
  void rowsArePaddedToTheLongestWithMasksOffOnPadding() {
    Collate.Padded p =
        Collate.batch(List.of(row("a", 3, 1f, true), row("b", 5, 2f, false)), "overall");
    assertArrayEquals(new long[] {2, 5, 3}, p.shapes().get("frames"));
    float[] frames = p.floats("frames");
    assertEquals(1f, frames[2 * 3], "a's third step");
    assertEquals(0f, frames[3 * 3], "a's fourth step is padding");
    assertEquals(2f, frames[(5 + 4) * 3], "b's fifth step");
    assertArrayEquals(new float[] {1, 1, 1, 0, 0, 1, 1, 1, 1, 1}, p.floats("framesMask"));
    assertArrayEquals(
        new float[] {1, 0, 1, 0, 0, 1, 0, 1, 0, 1}, p.floats("textMask"), "even steps only");
    assertArrayEquals(new float[] {0, 0}, p.floats("musicGlobalMask"));
    assertArrayEquals(new float[] {1, 0}, p.floats("labelsMask"), "b is unlabelled");
    assertEquals(1f, p.floats("labels")[3], "a: joy at high intensity");
  }

  @Test
  void thePyTorchEngineRunsOfflineOnTheCpuAndTakesTheBatch() {
    assertEquals("PyTorch", Engine.getInstance().getEngineName());
    try (NDManager m = NDManager.newBaseManager()) {
      NDList nd =
          Collate.batch(List.of(row("a", 3, 1f, true), row("b", 5, 2f, true)), "overall").toNd(m);
      NDArray frames = nd.get("frames");
      NDArray mask = nd.get("framesMask");
      assertEquals(new ai.djl.ndarray.types.Shape(2, 5, 3), frames.getShape());
      // the mean over real steps only: 1 for a, 2 for b
      NDArray sum =
          frames.mul(mask.expandDims(2).toType(frames.getDataType(), false)).sum(new int[] {1});
      NDArray n = mask.toType(frames.getDataType(), false).sum(new int[] {1}).expandDims(1);
      assertArrayEquals(new float[] {1, 1, 1, 2, 2, 2}, sum.div(n).toFloatArray(), 1e-6f);
    }
  }
}
