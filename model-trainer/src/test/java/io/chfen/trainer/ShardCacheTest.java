package io.chfen.trainer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chfen.files.Location;
import io.chfen.schemas.ShardManifest;
import io.chfen.storage.LocalS3;
import io.chfen.storage.Storage;
import io.chfen.storage.StorageOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The trainer's shards from a bucket (a real S3 API: S3Proxy on loopback): fetched and checked
 * against the manifest's SHA-256, read by the dataset, reused by the next run, a changed object
 * refused naming it, a shard the manifest no longer lists dropped from the cache.
 */
class ShardCacheTest {
  @TempDir static Path dir;
  private static LocalS3 s3;

  @BeforeAll
  static void startS3() throws IOException {
    s3 = LocalS3.start(dir.resolve("s3"), 0).bucket("shards");
    StorageOptions.fromArgs(s3.options());
  }

  @AfterAll
  static void stopS3() throws Exception {
    s3.close();
  }

  @Test
  void shardsAreFetchedVerifiedReusedAndATamperedOneRefused() throws Exception {
    Path made = Files.createDirectories(dir.resolve("made"));
    ShardManifest m =
        ShardManifest.writeShards(
            made,
            Map.of(
                ShardManifest.TRAIN,
                Rows.planted(ShardManifest.TRAIN, 40, 1),
                ShardManifest.TEST,
                Rows.planted(ShardManifest.TEST, 8, 2)),
            2,
            1 << 20);
    Location stored = Location.of("s3://shards/run/shards");
    Storage.uploadTree(made, stored);
    Path cache = dir.resolve("cache");

    ShardCache.Fetched first = ShardCache.local(stored, cache);
    assertEquals(m.shards().size(), first.fetched());
    assertEquals(0, first.reused());
    assertEquals(40, ShardDataset.open(first.dir(), ShardManifest.TRAIN).size());
    ShardManifest.read(first.dir()).verify(first.dir());

    ShardCache.Fetched again = ShardCache.local(stored, cache);
    assertEquals(0, again.fetched());
    assertEquals(m.shards().size(), again.reused(), "a resume reads the cache");

    // a stray file in the cache (an older shard set's) goes
    Path stray = Files.writeString(again.dir().resolve("train/old.parquet"), "old");
    ShardCache.local(stored, cache);
    assertFalse(Files.exists(stray));

    // an object changed after the manifest was written: refused, naming it
    String victim = m.shards().get(0).file();
    Files.delete(again.dir().resolve(victim));
    Storage.write(stored.child(victim), Files.readAllBytes(made.resolve(m.shards().get(1).file())));
    IOException e = assertThrows(IOException.class, () -> ShardCache.local(stored, cache));
    assertTrue(e.getMessage().contains(stored.child(victim).toString()), e.getMessage());
    assertFalse(
        Files.exists(again.dir().resolve(ShardManifest.FILE)),
        "an incomplete cache has no manifest, so no dataset opens on it");
  }
}
