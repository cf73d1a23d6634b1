package io.chfen.trainer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.chfen.files.FileOps;
import io.chfen.records.EncodedSample;
import io.chfen.schemas.ParquetFiles;
import io.chfen.schemas.Schemas;
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
    Path f = dir.resolve("train/part-00000-of-00001.parquet");
    Files.createDirectories(f.getParent());
    ParquetFiles.write(f, Schemas.ENCODED_SAMPLE, rows);
    Map<String, Object> shard =
        Map.of(
            "file",
            "train/part-00000-of-00001.parquet",
            "split",
            "train",
            "rows",
            10,
            "bytes",
            Files.size(f),
            "sha256",
            FileOps.sha256(f));
    new ObjectMapper()
        .writeValue(
            dir.resolve("manifest.json").toFile(),
            Map.of("schemaVersion", Schemas.SCHEMA_VERSION, "rows", 10, "shards", List.of(shard)));
  }

  @Test
  void aSplitIsReadInSeededShuffledBatches() throws Exception {
    shards();
    ShardDataset d = ShardDataset.open(dir, "train");
    assertEquals(10, d.size());
    assertEquals(0, ShardDataset.open(dir, "test").size());
    List<Collate.Padded> e0 = d.batches(4, 7, 0, "overall");
    assertEquals(3, e0.size());
    assertEquals(2, e0.get(2).shapes().get("frames")[0], "10 = 4 + 4 + 2");
    float[] again = d.batches(4, 7, 0, "overall").get(0).values().get("title");
    assertTrue(java.util.Arrays.equals(e0.get(0).values().get("title"), again), "same seed, epoch");
    float[] next = d.batches(4, 7, 1, "overall").get(0).values().get("title");
    assertNotEquals(
        java.util.Arrays.toString(again), java.util.Arrays.toString(next), "reshuffled");
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
