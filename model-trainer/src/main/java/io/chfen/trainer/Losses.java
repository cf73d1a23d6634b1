package io.chfen.trainer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;

/** The training objectives on soft labels. */
public final class Losses {
  private Losses() {}

  /**
   * Soft single-label targets [B, 8] from the soft intensities [B, 8, 4]: each emotion's expected
   * intensity, normalized over the emotions (rows with no emotion at all are all zero).
   */
  public static NDArray primaryTargets(NDArray labels) {
    NDArray levels = labels.getManager().arange(0f, 4f).toDevice(labels.getDevice(), false);
    NDArray expected = labels.mul(levels.reshape(1, 1, 4)).sum(new int[] {2});
    NDArray total = expected.sum(new int[] {1}, true);
    return expected.div(total.maximum(1e-12f));
  }

  /**
   * Cross-entropy of the logits [B, 8] against soft targets, averaged over the rows that have a
   * label with some emotion (the others weigh nothing).
   */
  public static NDArray primary(NDArray logits, NDArray labels, NDArray labelsMask) {
    NDArray t = primaryTargets(labels);
    NDArray weight =
        labelsMask
            .toType(DataType.FLOAT32, false)
            .mul(t.sum(new int[] {1}).gt(0).toType(DataType.FLOAT32, false));
    NDArray ce = t.mul(logits.logSoftmax(1)).sum(new int[] {1}).neg();
    return ce.mul(weight).sum().div(weight.sum().maximum(1f));
  }

  /** Cross-entropy of the intensity logits [B, 8, 4] against the soft intensities, per emotion. */
  public static NDArray intensity(NDArray logits, NDArray labels, NDArray labelsMask) {
    NDArray weight = labelsMask.toType(DataType.FLOAT32, false);
    NDArray ce = labels.mul(logits.logSoftmax(2)).sum(new int[] {2}).mean(new int[] {1}).neg();
    return ce.mul(weight).sum().div(weight.sum().maximum(1f));
  }
}
