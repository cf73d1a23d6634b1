package io.chfen.trainer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chfen.records.EncodedSample;
import io.chfen.schemas.ShardManifest;
import io.chfen.schemas.Tensors;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Transfer between two planted "languages": kept when they share the signal, lost when not. */
class CrossLingualTest {
  @TempDir Path dir;

  /**
   * Planted rows (the class in the text steps), the first half en, the second zh; with {@code
   * shifted} the zh rows carry their class in another text direction (k + 4), as if the two
   * languages' subtitles meant different things.
   */
  private Training.Data shards(String name, boolean shifted) throws Exception {
    Random r = new Random(11);
    List<EncodedSample> rows = new ArrayList<>();
    for (int i = 0; i < 400; i++) {
      boolean zh = i >= 200;
      EncodedSample s = Rows.planted("v" + i, "train", i % 4, r);
      EncodedSample.Builder b = EncodedSample.newBuilder(s).setLanguage(zh ? "zh" : "en");
      if (zh && shifted) {
        float[] t = Tensors.floats(s.getText());
        int d = Rows.PLANTED_D;
        for (int step = 0; step < s.getSteps(); step++) {
          float k = t[step * d + i % 4];
          t[step * d + i % 4] = t[step * d + i % 4 + 4];
          t[step * d + i % 4 + 4] = k;
        }
        b.setText(Tensors.of(t, s.getSteps(), d));
      }
      rows.add(b.build());
    }
    Path shards = dir.resolve(name);
    ShardManifest.writeShards(shards, Map.of("train", rows), 1, 1 << 16);
    return Training.Data.open(shards);
  }

  private static TrainConfig config() {
    TrainConfig c = new TrainConfig();
    c.model.d = 16;
    c.epochs = 15;
    c.batchSize = 32;
    c.learningRate = 3e-3f;
    return c;
  }

  @Test
  void sharedSignalTransfersAndADifferentOneDoesNot() throws Exception {
    Path out = dir.resolve("shared-out");
    List<CrossLingual.Direction> shared =
        CrossLingual.run(config(), shards("shared", false), out, 1, 2, "en", "zh", null);
    assertEquals(2, shared.size());
    CrossLingual.Direction enZh = shared.get(0);
    assertEquals("en", enZh.source());
    assertEquals(200, enZh.sourceRows());
    assertEquals(200, enZh.targetRows());
    assertTrue(enZh.inDomainWar().mean() > 0.8, "in-domain " + enZh);
    assertTrue(enZh.retentionWar().mean() > 0.8, "shared signal is retained: " + enZh);
    assertTrue(Files.exists(out.resolve("cross-lingual.json")));

    List<CrossLingual.Direction> shifted =
        CrossLingual.run(
            config(), shards("shifted", true), dir.resolve("shifted-out"), 1, 2, "en", "zh", null);
    CrossLingual.Direction moved = shifted.get(0);
    assertTrue(moved.inDomainWar().mean() > 0.8, "each language alone is learnable: " + moved);
    assertTrue(moved.retentionWar().mean() < 0.5, "a different signal does not transfer: " + moved);
  }
}
