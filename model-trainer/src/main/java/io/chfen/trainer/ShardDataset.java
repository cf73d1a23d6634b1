package io.chfen.trainer;

import io.chfen.records.EncodedSample;
import io.chfen.schemas.ParquetFiles;
import io.chfen.schemas.Schemas;
import io.chfen.schemas.ShardManifest;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * One split of the tensor shards, verified against {@code manifest.json} (schema version, sizes,
 * SHA-256) before a row is read, in batches of padded arrays ({@link Collate}); the order is
 * shuffled per epoch from a seed, so a run is reproducible.
 */
public final class ShardDataset {
  private final List<EncodedSample> rows;

  private ShardDataset(List<EncodedSample> rows) {
    this.rows = rows;
  }

  /** The rows of {@code split} in the shards directory {@code dir}, after verification. */
  public static ShardDataset open(Path dir, String split) throws IOException {
    ShardManifest m = ShardManifest.read(dir);
    m.verify();
    List<EncodedSample> rows = new ArrayList<>();
    for (ShardManifest.Shard s : m.split(split)) {
      List<EncodedSample> part =
          ParquetFiles.readFile(dir.resolve(s.file()), Schemas.ENCODED_SAMPLE);
      if (part.size() != s.rows()) {
        throw new IOException(
            dir.resolve(s.file())
                + " holds "
                + part.size()
                + " rows, the manifest says "
                + s.rows());
      }
      rows.addAll(part);
    }
    rows.sort((a, b) -> a.getId().toString().compareTo(b.getId().toString()));
    return new ShardDataset(rows);
  }

  public int size() {
    return rows.size();
  }

  /** The epoch's batches: the rows shuffled by {@code seed} and {@code epoch}, then cut. */
  public List<Collate.Padded> batches(int batchSize, long seed, int epoch, String labelModality) {
    List<EncodedSample> order = new ArrayList<>(rows);
    Collections.shuffle(order, new Random(seed * 1_000_003L + epoch));
    List<Collate.Padded> out = new ArrayList<>();
    for (int from = 0; from < order.size(); from += batchSize) {
      out.add(
          Collate.batch(
              order.subList(from, Math.min(order.size(), from + batchSize)), labelModality));
    }
    return out;
  }
}
