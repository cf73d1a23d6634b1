package io.chfen.trainer;

import io.chfen.files.FileOps;
import io.chfen.files.Location;
import io.chfen.schemas.ShardManifest;
import io.chfen.storage.Storage;
import io.chfen.storage.StoredRecords;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Shards in an object store as a local folder the trainer reads: each shard the manifest lists is
 * fetched into a cache folder of its own location, its size and SHA-256 checked against the
 * manifest before it is used (a shard that differs is refused, naming it), reused by later runs and
 * by a resume while it still verifies; files no longer listed are removed and the manifest is
 * written last, so the cache reads as a whole shard set or not at all. Local shards are read where
 * they are.
 */
public final class ShardCache {
  private ShardCache() {}

  /** How many shards a call fetched and reused. */
  public record Fetched(Path dir, int fetched, int reused, long bytes) {}

  /** The shards at {@code shards} as a local folder; fetched under {@code cacheRoot} if remote. */
  public static Fetched local(Location shards, Path cacheRoot) throws IOException {
    if (shards.isLocal()) {
      return new Fetched(shards.path(), 0, 0, 0);
    }
    ShardManifest m = StoredRecords.manifest(shards);
    Path dir = cacheRoot.resolve(key(shards));
    Files.createDirectories(dir);
    Files.deleteIfExists(dir.resolve(ShardManifest.FILE)); // whole again only when all verify
    int fetched = 0;
    int reused = 0;
    long bytes = 0;
    Set<Path> listed = new HashSet<>();
    for (ShardManifest.Shard s : m.shards()) {
      Path f = FileOps.within(dir, s.file());
      listed.add(f);
      if (Files.isRegularFile(f)
          && Files.size(f) == s.bytes()
          && FileOps.sha256(f).equals(s.sha256())) {
        reused++;
        continue;
      }
      Path part = f.resolveSibling(f.getFileName() + ".part");
      Storage.download(shards.resolve(s.file()), part);
      String sha = FileOps.sha256(part);
      long size = Files.size(part);
      if (size != s.bytes() || !sha.equals(s.sha256())) {
        Files.delete(part);
        throw new IOException(
            "shard "
                + shards.resolve(s.file())
                + " is not the one the manifest lists ("
                + size
                + " bytes, SHA-256 "
                + sha
                + "; manifest: "
                + s.bytes()
                + " bytes, "
                + s.sha256()
                + "): refused, encode again");
      }
      FileOps.moveAtomically(part, f);
      fetched++;
      bytes += size;
    }
    List<Path> stale;
    try (Stream<Path> w = Files.walk(dir)) {
      stale = w.filter(Files::isRegularFile).filter(p -> !listed.contains(p)).toList();
    }
    for (Path p : stale) {
      Files.delete(p);
    }
    FileOps.writeAtomically(dir.resolve(ShardManifest.FILE), m.toJson());
    return new Fetched(dir, fetched, reused, bytes);
  }

  /** One cache folder per location: its scheme, bucket and path as a file name. */
  static String key(Location shards) {
    return shards.uri().replaceFirst("://", "/").replaceAll("[^A-Za-z0-9_.-]+", "_");
  }
}
