package io.chfen.trainer;

import io.chfen.records.EncodedSample;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How well a net trained on one language holds up on another. For each direction (source → target)
 * and seed: the <em>in-domain</em> score is k-fold cross-validation over the source language's rows
 * (train on k − 1 folds, score the held-out fold, confusions pooled over the folds), so even a
 * small corpus gets an in-domain figure from every row; the <em>target</em> score is a net trained
 * on every source row, scored on every target row (none of them was seen in training). Retention =
 * target ÷ in-domain, per seed, then mean ± std over the seeds. Languages come from the shards'
 * {@code language} column ({@code und} when unknown).
 */
public final class CrossLingual {
  /** One direction's figures over the seeds. */
  public record Direction(
      String source,
      String target,
      int sourceRows,
      int targetRows,
      Scores.Spread inDomainWar,
      Scores.Spread inDomainUar,
      Scores.Spread targetWar,
      Scores.Spread targetUar,
      Scores.Spread retentionWar,
      Scores.Spread retentionUar) {}

  private CrossLingual() {}

  /**
   * Both directions between {@code a} and {@code b}; runs and {@code cross-lingual.json} under
   * {@code out}.
   */
  public static List<Direction> run(
      TrainConfig base,
      Training.Data data,
      Path out,
      int seeds,
      int folds,
      String a,
      String b,
      Training.Listener listener)
      throws IOException {
    if (folds < 2) {
      throw new IllegalArgumentException("cross-validation needs at least 2 folds: " + folds);
    }
    ShardDataset all =
        ShardDataset.union("all", List.of(data.train(), data.validation(), data.test()));
    List<Direction> directions = new ArrayList<>();
    for (String[] d : new String[][] {{a, b}, {b, a}}) {
      directions.add(direction(base, data.dir(), all, out, seeds, folds, d[0], d[1], listener));
    }
    Map<String, Object> json = new LinkedHashMap<>();
    json.put(
        "protocol",
        "in-domain: "
            + folds
            + "-fold cross-validation over the source language's rows; target: trained on every"
            + " source row, scored on every target row; retention = target / in-domain, per seed");
    json.put("seeds", seeds);
    json.put("directions", directions);
    Json.write(out.resolve(TrainingFiles.CROSS_LINGUAL), json);
    return directions;
  }

  private static Direction direction(
      TrainConfig base,
      Path dir,
      ShardDataset all,
      Path out,
      int seeds,
      int folds,
      String source,
      String target,
      Training.Listener listener)
      throws IOException {
    ShardDataset src = all.where("train", r -> Collate.language(r).equals(source));
    ShardDataset tgt = all.where("test", r -> Collate.language(r).equals(target));
    if (src.size() == 0 || tgt.size() == 0) {
      throw new IOException(
          "no rows in "
              + (src.size() == 0 ? source : target)
              + " (languages are the shards' language column)");
    }
    ShardDataset none = all.where("validation", r -> false);
    List<Double> inWar = new ArrayList<>();
    List<Double> inUar = new ArrayList<>();
    List<Double> tWar = new ArrayList<>();
    List<Double> tUar = new ArrayList<>();
    List<Double> rWar = new ArrayList<>();
    List<Double> rUar = new ArrayList<>();
    Path runs = TrainingFiles.runs(out, source + "-to-" + target);
    for (int s = 0; s < seeds; s++) {
      TrainConfig c = base.withSeed(base.seed + s);
      Path seedDir = runs.resolve("seed-" + c.seed);
      List<Scores> heldOut = new ArrayList<>();
      for (int f = 0; f < folds; f++) {
        int fold = f;
        Training.Data d =
            new Training.Data(
                dir,
                src.where("train", r -> fold(r, folds) != fold),
                none,
                src.where("test", r -> fold(r, folds) == fold));
        if (d.test().size() == 0 || d.train().size() == 0) {
          continue;
        }
        Evaluation.Report r =
            Training.run(c, d, seedDir.resolve("fold-" + f), null, listener)
                .evaluations()
                .get("test");
        heldOut.add(r.scores());
      }
      Scores in = Scores.pooled(heldOut);
      Scores t =
          Training.run(
                  c, new Training.Data(dir, src, none, tgt), seedDir.resolve("all"), null, listener)
              .evaluations()
              .get("test")
              .scores();
      inWar.add(in.war());
      inUar.add(in.uar());
      tWar.add(t.war());
      tUar.add(t.uar());
      rWar.add(retention(t.war(), in.war()));
      rUar.add(retention(t.uar(), in.uar()));
    }
    return new Direction(
        source,
        target,
        src.size(),
        tgt.size(),
        Scores.Spread.of(inWar),
        Scores.Spread.of(inUar),
        Scores.Spread.of(tWar),
        Scores.Spread.of(tUar),
        Scores.Spread.of(rWar),
        Scores.Spread.of(rUar));
  }

  /** Target over in-domain; undefined (NaN, left out of the mean) when in-domain is 0. */
  static double retention(double target, double inDomain) {
    return inDomain > 0 ? target / inDomain : Double.NaN;
  }

  /** A row's fold: from its id alone, so every seed and direction uses the same folds. */
  static int fold(EncodedSample r, int folds) {
    return Math.floorMod(r.getId().toString().hashCode() * 0x9E3779B9, folds);
  }
}
