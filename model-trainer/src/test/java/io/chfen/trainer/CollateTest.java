package io.chfen.trainer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import io.chfen.records.EncodedSample;
import io.chfen.records.ModalityLabels;
import io.chfen.records.Provenance;
import io.chfen.schemas.Tensors;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Padding a batch of shard rows, and the PyTorch engine running offline on this machine. */
class CollateTest {
  /** A row of {@code steps} steps whose every value is {@code fill}; text shown on even steps. */
  static EncodedSample row(String id, int steps, float fill, boolean labelled) {
    float[][] seq = new float[steps][];
    boolean[] all = new boolean[steps];
    boolean[] even = new boolean[steps];
    for (int s = 0; s < steps; s++) {
      seq[s] = new float[] {fill, fill, fill};
      all[s] = true;
      even[s] = s % 2 == 0;
    }
    float[] soft = new float[32];
    soft[0 * 4 + 3] = 1; // joy, high
    for (int e = 1; e < 8; e++) {
      soft[e * 4] = 1;
    }
    return EncodedSample.newBuilder()
        .setId(id)
        .setSplit("train")
        .setStepSeconds(1)
        .setSteps(steps)
        .setDurationS(steps)
        .setTitle(Tensors.of(new float[] {fill, 0}, 2))
        .setTitleMask(true)
        .setVocalsGlobal(Tensors.of(new float[] {fill}, 1))
        .setVocalsGlobalMask(true)
        .setMusicGlobal(Tensors.of(new float[] {0}, 1))
        .setMusicGlobalMask(false)
        .setFrames(Tensors.matrix(seq, 3))
        .setFramesMask(Tensors.mask(all))
        .setFaces(Tensors.matrix(seq, 3))
        .setFaceCount(Tensors.of(new float[steps], steps))
        .setFacesMask(Tensors.mask(all))
        .setText(Tensors.matrix(seq, 3))
        .setTextMask(Tensors.mask(even))
        .setVocals(Tensors.matrix(seq, 3))
        .setVocalsMask(Tensors.mask(all))
        .setMusic(Tensors.matrix(seq, 3))
        .setMusicMask(Tensors.mask(all))
        .setStatus(Map.of())
        .setLabels(
            labelled
                ? Map.of(
                    "overall",
                    ModalityLabels.newBuilder()
                        .setAnnotators(3)
                        .setIntensity(Tensors.of(soft, 8, 4))
                        .build())
                : Map.of())
        .setProvenance(
            Provenance.newBuilder()
                .setPipelineVersion("test")
                .setSchemaVersion(1)
                .setEncoders(Map.of())
                .build())
        .build();
  }

  @Test
  void rowsArePaddedToTheLongestWithMasksOffOnPadding() {
    Collate.Padded p =
        Collate.batch(List.of(row("a", 3, 1f, true), row("b", 5, 2f, false)), "overall");
    assertArrayEquals(new long[] {2, 5, 3}, p.shapes().get("frames"));
    float[] frames = p.values().get("frames");
    assertEquals(1f, frames[2 * 3], "a's third step");
    assertEquals(0f, frames[3 * 3], "a's fourth step is padding");
    assertEquals(2f, frames[(5 + 4) * 3], "b's fifth step");
    assertArrayEquals(new float[] {1, 1, 1, 0, 0, 1, 1, 1, 1, 1}, p.values().get("framesMask"));
    assertArrayEquals(
        new float[] {1, 0, 1, 0, 0, 1, 0, 1, 0, 1}, p.values().get("textMask"), "even steps only");
    assertArrayEquals(new float[] {0, 0}, p.values().get("musicGlobalMask"));
    assertArrayEquals(new float[] {1, 0}, p.values().get("labelsMask"), "b is unlabelled");
    assertEquals(1f, p.values().get("labels")[3], "a: joy at high intensity");
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
