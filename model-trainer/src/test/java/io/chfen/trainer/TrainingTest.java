package io.chfen.trainer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import io.chfen.schemas.ShardManifest;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Training on synthetic shards whose class is planted in the text alone: the net finds it, loses it
 * when trained without text, saves and loads to the same predictions, and resumes exactly.
 */
class TrainingTest {
  @TempDir static Path shards;
  @TempDir Path out;

  @BeforeAll
  static void writeShards() throws Exception {
    // 512 test rows: chance (25%) within a binomial standard deviation of 1.9 points
    ShardManifest.writeShards(
        shards,
        Map.of(
            "train", Rows.planted("train", 256, 2),
            "validation", Rows.planted("validation", 128, 3),
            "test", Rows.planted("test", 512, 4)),
        2,
        1 << 16);
  }

  private static TrainConfig config() {
    TrainConfig c = new TrainConfig();
    c.model.d = 32;
    c.epochs = 12;
    c.batchSize = 32;
    c.learningRate = 2e-3f;
    c.patience = 0;
    return c;
  }

  private static double testWar(Training.Result r) {
    return r.evaluations().get("test").scores().war();
  }

  @Test
  void aSignalPlantedInTheTextIsLearntAndGoneWhenTrainedWithoutText() throws Exception {
    Training.Data data = Training.Data.open(shards);
    Training.Result with = Training.run(config(), data, out.resolve("with"), null, null);
    assertTrue(testWar(with) >= 0.9, "with text: " + testWar(with));
    assertTrue(with.bestEpoch() >= 1 && with.history().size() == 12);
    TrainConfig noText = config();
    noText.model.dropped = Set.of("text");
    Training.Result without = Training.run(noText, data, out.resolve("without"), null, null);
    assertTrue(Math.abs(testWar(without) - 0.25) <= 0.05, "without text: " + testWar(without));
  }

  @Test
  void aSavedModelLoadsToTheSamePredictions() throws Exception {
    Training.Data data = Training.Data.open(shards);
    TrainConfig c = config();
    c.epochs = 3;
    Training.Result r = Training.run(c, data, out, null, null);
    Evaluation.Predictions first;
    try (Model m = Checkpoint.loadModel(out.resolve("best"), data)) {
      first = Evaluation.predict((Chfen) m.getBlock(), m.getNDManager(), data.test(), 64);
      m.save(out.resolve("copy"), Checkpoint.PARAMS);
    }
    java.nio.file.Files.copy(
        out.resolve("best/checkpoint.json"), out.resolve("copy/checkpoint.json"));
    try (Model m = Checkpoint.loadModel(out.resolve("copy"), data)) {
      Evaluation.Predictions again =
          Evaluation.predict((Chfen) m.getBlock(), m.getNDManager(), data.test(), 7);
      assertEquals(first.ids(), again.ids());
      assertArrayEquals(first.probabilities(), again.probabilities(), 1e-6f);
    }
    // the loaded model is the one the run scored
    int right = 0;
    int[] guess = Scores.argmax(first.probabilities());
    for (int i = 0; i < guess.length; i++) {
      right += guess[i] == Integer.parseInt(first.ids().get(i).substring(4)) % 4 ? 1 : 0;
    }
    assertEquals(testWar(r), (double) right / guess.length, 1e-9);
  }

  @Test
  void aRunResumedFromItsLastCheckpointEndsAsAnUninterruptedOne() throws Exception {
    Training.Data data = Training.Data.open(shards);
    TrainConfig c = config();
    c.epochs = 6;
    assertTrue(c.model.dropout > 0, "with the default dropout");
    Training.Result whole = Training.run(c, data, out.resolve("whole"), null, null);
    Training.Listener crash =
        new Training.Listener() {
          @Override
          public void epochEnd(Training.Epoch e) {
            if (e.epoch() == 3) {
              throw new IllegalStateException("killed");
            }
          }
        };
    assertThrows(
        IllegalStateException.class,
        () -> Training.run(c, data, out.resolve("parts"), null, crash));
    // killed again between renaming the last checkpoint aside and the new one in
    java.nio.file.Files.move(
        out.resolve("parts/last"), io.chfen.files.FileOps.previous(out.resolve("parts/last")));
    Training.Result resumed =
        Training.run(c, data, out.resolve("parts"), out.resolve("parts/last"), null);
    List<Training.Epoch> a = whole.history();
    List<Training.Epoch> b = resumed.history();
    assertEquals(a.size(), b.size());
    for (int i = 0; i < a.size(); i++) {
      assertEquals(a.get(i).trainLoss(), b.get(i).trainLoss(), 1e-5, "epoch " + (i + 1));
    }
    assertEquals(testWar(whole), testWar(resumed), 1e-9);
  }

  @Test
  void withoutASignalTheRunStopsEarlyAtItsBestEpoch() throws Exception {
    java.util.Random r = new java.util.Random(11);
    Map<String, List<io.chfen.records.EncodedSample>> noise = new java.util.LinkedHashMap<>();
    for (String split : List.of("train", "validation")) {
      noise.put(
          split,
          Rows.planted(split, 96, split.length()).stream()
              .map(
                  x ->
                      io.chfen.records.EncodedSample.newBuilder(x)
                          .setLabels(Rows.label(r.nextInt(4), 2))
                          .build())
              .toList());
    }
    Path dir = out.resolve("noise");
    ShardManifest.writeShards(dir, noise, 1, 1 << 16);
    TrainConfig c = config();
    c.epochs = 60;
    c.patience = 3;
    Training.Result res = Training.run(c, Training.Data.open(dir), out.resolve("run"), null, null);
    assertTrue(res.stoppedEarly(), "stopped early");
    assertEquals(res.bestEpoch() + 3, res.history().size(), "3 epochs past the best");
    double bestF1 = res.history().get(res.bestEpoch() - 1).validationMacroF1();
    assertEquals(
        bestF1, res.evaluations().get("validation").scores().macroF1(), 1e-9, "best weights kept");
  }

  @Test
  void aCheckpointOfOtherShardsIsRefused() throws Exception {
    Training.Data data = Training.Data.open(shards);
    TrainConfig c = config();
    c.epochs = 1;
    c.maxBatches = 2;
    Training.run(c, data, out, null, null);
    Path other = out.resolve("other");
    ShardManifest.writeShards(other, Map.of("train", Rows.planted("train", 40, 9)), 1, 1 << 16);
    Exception e =
        assertThrows(
            java.io.IOException.class,
            () ->
                Training.run(
                    c, Training.Data.open(other), out.resolve("o"), out.resolve("last"), null));
    assertTrue(e.getMessage().contains("other shards"), e.getMessage());
  }
}
