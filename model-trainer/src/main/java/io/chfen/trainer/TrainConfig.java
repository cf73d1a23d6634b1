package io.chfen.trainer;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.chfen.schemas.Device;

/**
 * What a training run does: the net's sizes and ablation switches ({@link Chfen.Config}) and the
 * optimization. Saved in every checkpoint and in {@code metrics.json}, so a result names its
 * settings.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public final class TrainConfig {
  public Chfen.Config model = new Chfen.Config();

  /** What to fit: the Plutchik emotions (the annotators' soft labels), or a dataset's sentiment. */
  public static final String EMOTION = "emotion";

  public static final String SENTIMENT = "sentiment";

  /** {@link #EMOTION} or {@link #SENTIMENT}. */
  public String target = EMOTION;

  /** Whose labels to fit: overall, visual, acoustic or text. */
  public String labels = "overall";

  public int epochs = 40;
  public int batchSize = 16;
  public float learningRate = 1e-3f;
  public float weightDecay = 0.01f;

  /** Share of the steps spent warming the learning rate up from 0, before the cosine decay. */
  public float warmup = 0.1f;

  /** The cosine ends at this share of the learning rate. */
  public float finalLearningRate = 0.01f;

  /** Gradients are scaled down to this global L2 norm (0: no clipping). */
  public float clipNorm = 1f;

  /**
   * Epochs without a better validation macro-F1 before stopping (0: never stop early; never without
   * validation rows).
   */
  public int patience = 10;

  public long seed = 42;

  /** Batches per epoch at most (0: all), for smoke runs. */
  public int maxBatches = 0;

  /** Weight of the intensity loss beside the primary-emotion loss. */
  public float intensityWeight = 0.5f;

  /** Weigh each class by the inverse of its share of the training targets. */
  public boolean classWeights = false;

  /** Batches the loader prepares ahead of the training loop. */
  public int prefetch = 4;

  /** Where to train: a GPU when one is visible (auto), the CPU, or a GPU. */
  public Device device = Device.AUTO;

  /** Whether the target is a dataset's sentiment score. */
  public boolean sentiment() {
    return SENTIMENT.equals(target);
  }

  /** Throws naming a setting that cannot work; returns this. */
  public TrainConfig validated() {
    if (!EMOTION.equals(target) && !SENTIMENT.equals(target)) {
      throw new IllegalArgumentException(
          "the target is " + EMOTION + " or " + SENTIMENT + ", not " + target);
    }
    if (sentiment() && (classWeights || model.multiLabel)) {
      throw new IllegalArgumentException(
          "class weights and multi-label are for the emotion target, not sentiment");
    }
    return this;
  }

  /** A copy with another seed. */
  public TrainConfig withSeed(long s) {
    TrainConfig c = Json.copy(this, TrainConfig.class);
    c.seed = s;
    return c;
  }
}
