package io.chfen.trainer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chfen.records.EncodedSample;
import io.chfen.schemas.ShardManifest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading a split of shards written as the encode stage writes them, and refusing bad ones. */
class ShardDatasetTest {
  @TempDir Path dir;

  /** Writes 10 rows into train/part-00000-of-00001.parquet and a manifest for it. */
  private void shards() throws Exception {
    List<EncodedSample> rows = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      rows.add(CollateTest.row("v" + i, 2 + i % 4, i, i % 2 == 0));
    }
    ShardManifest.writeShards(dir, Map.of("train", rows), 1, 1 << 20);
  }

  private static List<Collate.Padded> epoch(ShardDataset d, int batch, long seed, int epoch) {
    List<Collate.Padded> out = new ArrayList<>();
    try (ShardDataset.Batches b =
        d.batches(ShardDataset.Plan.training(batch, "overall", seed, epoch), 2)) {
      b.forEachRemaining(out::add);
    }
    return out;
  }

  @Test
  void aSplitIsReadInSeededShuffledBatches() throws Exception {
    shards();
    ShardDataset d = ShardDataset.open(dir, "train");
    assertEquals(10, d.size());
    assertEquals(0, ShardDataset.open(dir, "test").size());
    List<Collate.Padded> e0 = epoch(d, 4, 7, 0);
    assertEquals(3, e0.size());
    assertEquals(
        List.of(2, 4, 4),
        e0.stream().map(Collate.Padded::rows).sorted().toList(),
        "10 = 4 + 4 + 2, in some order");
    for (Collate.Padded p : e0) {
      long longest = p.shapes().get("frames")[1];
      long shortest =
          p.ids().stream()
              .mapToLong(id -> 2 + Integer.parseInt(id.substring(1)) % 4)
              .min()
              .orElse(0);
      assertTrue(longest - shortest <= 2, "rows of like length batched together: " + p.ids());
    }
    float[] again = epoch(d, 4, 7, 0).get(0).floats("title");
    assertTrue(java.util.Arrays.equals(e0.get(0).floats("title"), again), "same seed, epoch");
    float[] next = epoch(d, 4, 7, 1).get(0).floats("title");
    assertNotEquals(
        java.util.Arrays.toString(again), java.util.Arrays.toString(next), "reshuffled");
  }

  @Test
  void manyRowGroupsAreStreamedEveryRowOncePerEpoch() throws Exception {
    List<EncodedSample> rows = Rows.planted("train", 700, 3);
    ShardManifest.writeShards(dir, Map.of("train", rows), 2, 4096);
    ShardDataset d = ShardDataset.open(dir, "train");
    assertEquals(700, d.size());
    assertTrue(d.rowGroups() >= 4, d.rowGroups() + " row groups");
    for (int e = 0; e < 2; e++) {
      java.util.Set<String> seen = new java.util.HashSet<>();
      int n = 0;
      for (Collate.Padded p : epoch(d, 32, 1, e)) {
        seen.addAll(p.ids());
        n += p.rows();
      }
      assertEquals(700, n, "epoch " + e);
      assertEquals(700, seen.size(), "epoch " + e + ": each row once");
    }
    List<String> first = epoch(d, 32, 1, 0).get(0).ids();
    assertNotEquals(first, epoch(d, 32, 1, 1).get(0).ids(), "another order each epoch");
  }

  @Test
  void aChangedShardIsRefusedNamingIt() throws Exception {
    shards();
    Files.write(
        dir.resolve("train/part-00000-of-00001.parquet"),
        new byte[] {1},
        java.nio.file.StandardOpenOption.APPEND);
    Exception e = assertThrows(java.io.IOException.class, () -> ShardDataset.open(dir, "train"));
    assertTrue(e.getMessage().contains("part-00000-of-00001.parquet"), e.getMessage());
  }
}
