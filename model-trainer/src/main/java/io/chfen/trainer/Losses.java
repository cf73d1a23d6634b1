package io.chfen.trainer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Activation;

/**
 * The training objectives on soft labels. Arithmetic with plain numbers is kept to arrays without
 * gradients, or to adds (see {@link Chfen#constant}).
 */
public final class Losses {
  private Losses() {}

  /**
   * Soft single-label targets [B, 8] from the soft intensities [B, 8, 4]: each emotion's expected
   * intensity, normalized over the emotions (rows with no emotion at all are all zero).
   */
  public static NDArray primaryTargets(NDArray labels) {
    NDArray levels =
        labels
            .getManager()
            .arange(0f, (float) Chfen.NUM_INTENSITIES)
            .toDevice(labels.getDevice(), false);
    NDArray expected = labels.mul(levels.reshape(1, 1, Chfen.NUM_INTENSITIES)).sum(new int[] {2});
    NDArray total = expected.sum(new int[] {1}, true);
    return expected.div(total.maximum(1e-12f));
  }

  /**
   * Multi-label targets [B, 8]: the share of annotators who saw each emotion at all (intensity
   * above 0).
   */
  public static NDArray presenceTargets(NDArray labels) {
    NDArray none = labels.get(":, :, 0");
    return none.neg().add(1f).mul(labels.sum(new int[] {2}).gt(0f).toType(DataType.FLOAT32, false));
  }

  /**
   * Cross-entropy of the logits [B, 8] against soft targets, averaged over the rows that have a
   * label with some emotion (the others weigh nothing). {@code classWeights} [8] (or null) weighs
   * each row by its target's classes, against imbalance.
   */
  public static NDArray primary(
      NDArray logits, NDArray labels, NDArray labelsMask, NDArray classWeights) {
    NDArray t = primaryTargets(labels);
    NDArray weight =
        labelsMask
            .toType(DataType.FLOAT32, false)
            .mul(t.sum(new int[] {1}).gt(0).toType(DataType.FLOAT32, false));
    if (classWeights != null) {
      weight = weight.mul(t.mul(classWeights.reshape(1, Chfen.NUM_EMOTIONS)).sum(new int[] {1}));
    }
    NDArray ce = t.mul(logits.logSoftmax(1)).sum(new int[] {1}).neg();
    return ce.mul(weight).sum().div(weight.sum().maximum(1e-6f));
  }

  public static NDArray primary(NDArray logits, NDArray labels, NDArray labelsMask) {
    return primary(logits, labels, labelsMask, null);
  }

  /**
   * Binary cross-entropy of one sigmoid per emotion against {@link #presenceTargets}, in the stable
   * form relu(x) - x·p + log(1 + e^-|x|), averaged over the labelled rows.
   */
  public static NDArray multiLabel(
      NDArray logits, NDArray labels, NDArray labelsMask, NDArray classWeights) {
    NDArray p = presenceTargets(labels);
    NDArray bce =
        Activation.relu(logits).sub(logits.mul(p)).add(logits.abs().neg().exp().add(1f).log());
    if (classWeights != null) {
      bce = bce.mul(classWeights.reshape(1, Chfen.NUM_EMOTIONS));
    }
    NDArray weight = labelsMask.toType(DataType.FLOAT32, false);
    return bce.mean(new int[] {1}).mul(weight).sum().div(weight.sum().maximum(1f));
  }

  /** Cross-entropy of the intensity logits [B, 8, 4] against the soft intensities, per emotion. */
  public static NDArray intensity(NDArray logits, NDArray labels, NDArray labelsMask) {
    NDArray weight = labelsMask.toType(DataType.FLOAT32, false);
    NDArray ce = labels.mul(logits.logSoftmax(2)).sum(new int[] {2}).mean(new int[] {1}).neg();
    return ce.mul(weight).sum().div(weight.sum().maximum(1f));
  }

  /**
   * Mean absolute error of the scores [B] against the scaled sentiment [B] over the rows that have
   * one (MMSA's regression objective).
   */
  public static NDArray sentiment(NDArray score, NDArray target, NDArray mask) {
    NDArray weight = mask.toType(DataType.FLOAT32, false);
    return score.sub(target).abs().mul(weight).sum().div(weight.sum().maximum(1f));
  }
}
