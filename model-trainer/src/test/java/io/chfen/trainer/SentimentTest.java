package io.chfen.trainer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chfen.records.EncodedSample;
import io.chfen.records.SentimentLabel;
import io.chfen.schemas.ShardManifest;
import io.chfen.schemas.Tensors;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sentiment target: MMSA's figures by hand, and a score planted in the vocals learnt. */
class SentimentTest {
  @TempDir Path dir;

  /** Five rows worked out by hand as MMSA's metricsTop computes them. */
  @Test
  void theFiguresAreMmsas() {
    double[] truth = {-2.0, -0.4, 0.0, 0.6, 2.4};
    double[] guess = {-1.0, 0.2, -0.3, 1.2, 0.4};
    double[] band = {0.5, 0.5, 0.5, 0.5, 0.5};
    Sentiment.Metrics m = Sentiment.Metrics.of(truth, guess, band);
    // has-0: truth ≥ 0 is F F T T T, guesses F T F T T: 3 of 5
    assertEquals(0.6, m.acc2Has0(), 1e-12);
    // weighted F1: class F (support 2): tp 1, actual 2, guessed 2 → 0.5; class T (3): tp 2, 3, 3
    // → 2/3; (2·0.5 + 3·2/3) / 5
    assertEquals((2 * 0.5 + 3 * (2.0 / 3)) / 5, m.f1Has0(), 1e-12);
    // non-0 drops the true 0: truth > 0 is F F T T, guesses > 0 F T T T: 3 of 4
    assertEquals(0.75, m.acc2Non0(), 1e-12);
    // Acc3 with |s| ≤ 0.5 neutral: truth neg neu neu pos pos, guesses neg neu neu pos neu: 4 of 5
    assertEquals(0.8, m.acc3(), 1e-12);
    assertEquals((1.0 + 0.6 + 0.3 + 0.6 + 2.0) / 5, m.mae(), 1e-12);
    // deviations from the means 0.12 and 0.1: Σdx·dy = 3.54, Σdx² = 10.208, Σdy² = 2.68
    assertEquals(3.54 / Math.sqrt(10.208 * 2.68), m.corr(), 1e-9);
    assertTrue(Double.isNaN(Sentiment.Metrics.of(truth, new double[5], band).corr()));
    // CH-SIMS's -1..1 and MER's -5..5 both scale onto -1..1 with 0 kept
    SentimentLabel mer =
        SentimentLabel.newBuilder().setScore(0).setMin(-5).setMax(5).setNeutral(1).build();
    assertEquals(-0.3, Sentiment.scaled(-1.5, mer), 1e-12);
    assertEquals(-1.5, Sentiment.unscaled(-0.3, -5, 5), 1e-12);
  }

  /** Rows whose overall sentiment is the mean of their vocals' first dimension, on MOSEI's ±3. */
  private static List<EncodedSample> planted(String split, int n, long seed) {
    Random r = new Random(seed);
    List<EncodedSample> out = new ArrayList<>();
    for (EncodedSample x : Rows.planted(split, n, seed)) {
      double score = Math.round((r.nextDouble() * 6 - 3) * 3) / 3.0;
      int steps = x.getSteps();
      float[][] vocals = new float[steps][];
      for (int s = 0; s < steps; s++) {
        vocals[s] = Rows.gaussian(r, Rows.PLANTED_D, 0.3f);
        vocals[s][0] += (float) score;
      }
      out.add(
          EncodedSample.newBuilder(x)
              .setVocals(Tensors.matrix(vocals, Rows.PLANTED_D))
              .setLabels(Map.of())
              .setSentiment(
                  Map.of(
                      "overall",
                      SentimentLabel.newBuilder()
                          .setScore(score)
                          .setMin(-3)
                          .setMax(3)
                          .setNeutral(0.5)
                          .build()))
              .build());
    }
    return out;
  }

  @Test
  void aScorePlantedInTheVocalsIsLearntAndReportedInTheDatasetsUnits() throws Exception {
    Path shards = dir.resolve("shards");
    ShardManifest.writeShards(
        shards,
        Map.of(
            "train", planted("train", 256, 5),
            "validation", planted("validation", 64, 6),
            "test", planted("test", 256, 7)),
        1,
        1 << 16);
    TrainConfig c = new TrainConfig();
    c.target = TrainConfig.SENTIMENT;
    c.model.d = 32;
    c.epochs = 30;
    c.batchSize = 32;
    c.learningRate = 2e-3f;
    c.patience = 0;
    Training.Result r = Training.run(c, Training.Data.open(shards), dir.resolve("run"), null, null);
    Evaluation.Report test = r.evaluations().get("test");
    assertEquals(256, test.labelled());
    Sentiment.Metrics m = test.sentiment();
    // a constant guess of 0 has MAE 1.5 on uniform ±3 scores
    assertTrue(m.mae() < 0.9, "MAE " + m);
    assertTrue(m.corr() > 0.8, "r " + m);
    assertTrue(m.acc2Non0() > 0.9, "Acc2 " + m.acc2Non0());
    assertEquals(Sentiment.CLASSES, List.copyOf(test.scores().f1().keySet()));
    assertTrue(test.scores().war() > 0.7, "Acc3 as WAR " + test.scores().war());
    assertEquals(m.acc3(), test.scores().war(), 1e-12, "the class scores are Acc3's classes");

    // a target that is neither is refused before any work
    TrainConfig e = new TrainConfig();
    e.target = "valence";
    assertThrows(IllegalArgumentException.class, e::validated);
  }

  /**
   * The seeds' cross-lingual protocol on sentiment classes (CH-SIMS v2 zh, CMU-MOSEI en): WAR and
   * UAR over negative/neutral/positive, the same signal in both languages transfers; and a whole
   * experiment reports MMSA's figures as mean ± std over seeds.
   */
  @Test
  void crossLingualAndExperimentsRunOnSentiment() throws Exception {
    List<EncodedSample> rows = new ArrayList<>();
    int i = 0;
    for (EncodedSample x : planted("train", 240, 9)) {
      rows.add(EncodedSample.newBuilder(x).setLanguage(i++ < 120 ? "zh" : "en").build());
    }
    Path shards = dir.resolve("xl");
    ShardManifest.writeShards(shards, Map.of("train", rows), 1, 1 << 16);
    TrainConfig c = new TrainConfig();
    c.target = TrainConfig.SENTIMENT;
    c.model.d = 16;
    c.epochs = 20;
    c.batchSize = 32;
    c.learningRate = 3e-3f;
    List<CrossLingual.Direction> d =
        CrossLingual.run(
            c, Training.Data.open(shards), dir.resolve("xl-out"), 1, 2, "zh", "en", null);
    assertEquals("zh", d.get(0).source());
    assertEquals(120, d.get(0).targetRows());
    assertTrue(d.get(0).inDomainWar().mean() > 0.6, "in-domain " + d.get(0));
    assertTrue(d.get(0).retentionWar().mean() > 0.7, "retained " + d.get(0));

    c.epochs = 3;
    Experiment.Summary s =
        Experiment.run(c, Training.Data.open(shards), dir.resolve("exp"), 2, false, null);
    Map<String, Scores.Spread> full = s.table().get(Experiment.FULL);
    assertEquals(2, full.get("mae").runs(), "two seeds");
    for (String k : List.of("acc2Has0", "f1Has0", "acc2Non0", "f1Non0", "acc3", "mae", "corr")) {
      assertTrue(!Double.isNaN(full.get(k).mean()), k + " " + full);
    }
    String metrics = java.nio.file.Files.readString(dir.resolve("exp/metrics.json"));
    assertTrue(metrics.contains("\"acc2Non0\""), "metrics.json has the sentiment figures");
    assertTrue(java.nio.file.Files.exists(dir.resolve("exp/confusion.png")));
  }
}
