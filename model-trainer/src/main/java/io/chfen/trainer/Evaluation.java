package io.chfen.trainer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Activation;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.List;

/** The objective, and the scores of a net on a split. */
public final class Evaluation {
  private Evaluation() {}

  /**
   * A split's scores: its loss over the labelled rows and the class scores (the primary emotion, or
   * the sentiment classes); for the sentiment target also MMSA's regression figures.
   */
  public record Report(
      String split,
      int rows,
      int labelled,
      double loss,
      Scores scores,
      Sentiment.Metrics sentiment) {}

  /** The predictions for a split, in file order: ids and the emotion probabilities of each row. */
  public record Predictions(List<String> ids, float[] probabilities) {}

  /**
   * The training objective: the primary-emotion loss plus the weighted intensity loss; for the
   * sentiment target the scores' mean absolute error.
   */
  static NDArray objective(NDList outputs, NDList batch, TrainConfig cfg, NDArray classWeights) {
    if (cfg.sentiment()) {
      return Losses.sentiment(outputs.get(3), batch.get("sentiment"), batch.get("sentimentMask"));
    }
    NDArray labels = batch.get("labels");
    NDArray mask = batch.get("labelsMask");
    NDArray primary =
        cfg.model.multiLabel
            ? Losses.multiLabel(outputs.get(0), labels, mask, classWeights)
            : Losses.primary(outputs.get(0), labels, mask, classWeights);
    if (cfg.intensityWeight == 0) {
      return primary;
    }
    NDArray intensity = Losses.intensity(outputs.get(1), labels, mask);
    return primary.add(intensity.mul(BlockOps.constant(intensity, cfg.intensityWeight)));
  }

  /** Scores the net on a split (inference mode: no dropout, no gradients). */
  static Report evaluate(
      Chfen net,
      NDManager manager,
      ShardDataset split,
      TrainConfig cfg,
      NDArray classWeights,
      int prefetch) {
    return cfg.sentiment()
        ? evaluateSentiment(net, manager, split, cfg, prefetch)
        : evaluateEmotions(net, manager, split, cfg, classWeights, prefetch);
  }

  /** Takes one batch's labelled rows into the caller's lists; returns how many there were. */
  @FunctionalInterface
  private interface Collect {
    int labelled(NDList batch, NDList out);
  }

  /** A pass over a split: the rows read and the mean objective over the labelled ones. */
  private record Pass(int rows, double loss) {}

  /** Every batch of a split through the net in file order, {@code collect} taking its rows. */
  private static Pass pass(
      Chfen net,
      NDManager manager,
      ShardDataset split,
      TrainConfig cfg,
      NDArray classWeights,
      int prefetch,
      Collect collect) {
    double lossSum = 0;
    int lossRows = 0;
    int rows = 0;
    try (ShardDataset.Batches b =
        split.batches(ShardDataset.Plan.inOrder(cfg.batchSize, cfg.labels), prefetch)) {
      while (b.hasNext()) {
        try (NDManager m = manager.newSubManager()) {
          NDList batch = b.next().toNd(m);
          NDList out = net.forward(new ParameterStore(m, false), Chfen.inputs(batch), false);
          int k = collect.labelled(batch, out);
          if (k > 0) {
            lossSum += objective(out, batch, cfg, classWeights).getFloat() * k;
            lossRows += k;
          }
          rows += (int) batch.get("labelsMask").getShape().get(0);
        }
      }
    }
    return new Pass(rows, lossRows == 0 ? Double.NaN : lossSum / lossRows);
  }

  private static Report evaluateEmotions(
      Chfen net,
      NDManager manager,
      ShardDataset split,
      TrainConfig cfg,
      NDArray classWeights,
      int prefetch) {
    List<Integer> truth = new ArrayList<>();
    List<Integer> guess = new ArrayList<>();
    Pass pass =
        pass(
            net,
            manager,
            split,
            cfg,
            classWeights,
            prefetch,
            (batch, out) -> {
              NDArray labels = batch.get("labels");
              float[] has =
                  batch
                      .get("labelsMask")
                      .logicalAnd(labels.sum(new int[] {1, 2}).gt(0f))
                      .toType(DataType.FLOAT32, false)
                      .toFloatArray();
              int[] t = Scores.argmax(Losses.primaryTargets(labels).toFloatArray());
              int[] p = Scores.argmax(out.get(0).toFloatArray());
              int k = 0;
              for (int i = 0; i < has.length; i++) {
                if (has[i] > 0) {
                  truth.add(t[i]);
                  guess.add(p[i]);
                  k++;
                }
              }
              return k;
            });
    Scores s =
        Scores.of(
            truth.stream().mapToInt(Integer::intValue).toArray(),
            guess.stream().mapToInt(Integer::intValue).toArray());
    return new Report(split.split(), pass.rows(), truth.size(), pass.loss(), s, null);
  }

  /** The sentiment target's scores: the classes of the scores, and MMSA's figures. */
  private static Report evaluateSentiment(
      Chfen net, NDManager manager, ShardDataset split, TrainConfig cfg, int prefetch) {
    List<double[]> rows = new ArrayList<>(); // truth, prediction, neutral band
    Pass pass =
        pass(
            net,
            manager,
            split,
            cfg,
            null,
            prefetch,
            (batch, out) -> {
              float[] has =
                  batch.get("sentimentMask").toType(DataType.FLOAT32, false).toFloatArray();
              float[] truth = batch.get("sentiment").toFloatArray();
              float[] guess = out.get(3).toFloatArray();
              float[] scale = batch.get("sentimentScale").toFloatArray();
              int k = 0;
              for (int i = 0; i < has.length; i++) {
                if (has[i] > 0) {
                  double lo = scale[i * 3];
                  double hi = scale[i * 3 + 1];
                  rows.add(
                      new double[] {
                        Sentiment.unscaled(truth[i], lo, hi),
                        Sentiment.unscaled(guess[i], lo, hi),
                        scale[i * 3 + 2]
                      });
                  k++;
                }
              }
              return k;
            });
    int n = rows.size();
    double[] t = new double[n];
    double[] p = new double[n];
    double[] band = new double[n];
    int[] tc = new int[n];
    int[] pc = new int[n];
    for (int i = 0; i < n; i++) {
      t[i] = rows.get(i)[0];
      p[i] = rows.get(i)[1];
      band[i] = rows.get(i)[2];
      tc[i] = Sentiment.classOf(t[i], band[i]);
      pc[i] = Sentiment.classOf(p[i], band[i]);
    }
    return new Report(
        split.split(),
        pass.rows(),
        n,
        pass.loss(),
        Scores.of(tc, pc, Sentiment.CLASSES),
        Sentiment.Metrics.of(t, p, band));
  }

  /** The emotion probabilities of every row of a split, in file order. */
  public static Predictions predict(Chfen net, NDManager manager, ShardDataset split, int batch) {
    List<String> ids = new ArrayList<>();
    List<float[]> parts = new ArrayList<>();
    try (ShardDataset.Batches b = split.batches(ShardDataset.Plan.inOrder(batch, "overall"), 2)) {
      while (b.hasNext()) {
        Collate.Padded padded = b.next();
        try (NDManager m = manager.newSubManager()) {
          NDList in = Chfen.inputs(padded.toNd(m));
          NDArray logits = net.forward(new ParameterStore(m, false), in, false).get(0);
          NDArray p = net.config().multiLabel ? Activation.sigmoid(logits) : logits.softmax(1);
          parts.add(p.toFloatArray());
        }
        ids.addAll(padded.ids());
      }
    }
    float[] p = new float[ids.size() * Chfen.NUM_EMOTIONS];
    int at = 0;
    for (float[] part : parts) {
      System.arraycopy(part, 0, p, at, part.length);
      at += part.length;
    }
    return new Predictions(ids, p);
  }
}
