package io.chfen.storage;

import io.chfen.files.Location;
import io.chfen.schemas.ParquetFiles;
import io.chfen.schemas.ShardManifest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.parquet.io.InputFile;

/**
 * The project's Parquet records and the shards' manifest wherever they are stored: read with random
 * access (Parquet reads only what it needs), written whole.
 */
public final class StoredRecords {
  private StoredRecords() {}

  /** Every record of every {@code *.parquet} file directly in {@code dir}; none if it is absent. */
  public static <T> List<T> readAll(Location dir, Schema schema) throws IOException {
    return readAll(dir, "", schema);
  }

  /** The same, of the files whose names start with {@code prefix}. */
  public static <T> List<T> readAll(Location dir, String prefix, Schema schema) throws IOException {
    List<T> out = new ArrayList<>();
    for (Location f : Storage.files(dir, prefix, ".parquet")) {
      out.addAll(StoredRecords.<T>readFile(f, schema));
    }
    return out;
  }

  public static <T> List<T> readFile(Location f, Schema schema) throws IOException {
    return ParquetFiles.readFile(inputFile(f), schema);
  }

  /** A stored file as Parquet reads it. */
  public static InputFile inputFile(Location f) {
    if (f.isLocal()) {
      return new ParquetFiles.NioInputFile(f.path());
    }
    return new ParquetFiles.ChannelInputFile(
        f.uri(),
        () -> {
          long size = Storage.size(f);
          if (size < 0) {
            throw new java.io.FileNotFoundException(f + " does not exist");
          }
          return size;
        },
        () -> Storage.openSeekable(f));
  }

  /** Writes records as one whole Parquet file. */
  public static <T> void write(Location f, Schema schema, List<T> records) throws IOException {
    if (f.isLocal()) {
      Path tmp = f.path().resolveSibling(f.name() + ".tmp");
      Files.createDirectories(tmp.getParent());
      Files.deleteIfExists(tmp);
      ParquetFiles.write(tmp, schema, records);
      Storage.place(tmp, f);
      return;
    }
    try (Scratch s = Scratch.create(f.name(), 0)) {
      Path tmp = s.dir().resolve(f.name());
      ParquetFiles.write(tmp, schema, records);
      Storage.upload(tmp, f);
    }
  }

  /** The manifest of the shards in {@code dir}, refused as {@link ShardManifest#read} refuses. */
  public static ShardManifest manifest(Location dir) throws IOException {
    Location f = dir.child(ShardManifest.FILE);
    if (!Storage.exists(f)) {
      throw new IOException("no " + ShardManifest.FILE + " in " + dir + ": not a shards folder");
    }
    return ShardManifest.parse(Storage.readBytes(f), f.toString());
  }

  /**
   * Every shard the manifest lists is in {@code dir} with its size and, when {@code hash}, its
   * SHA-256 (which reads every byte: on an object store, a download).
   */
  public static void verifyShards(Location dir, ShardManifest m, boolean hash) throws IOException {
    m.verify(
        dir.toString(),
        new ShardManifest.StoredShards() {
          @Override
          public long size(String file) throws IOException {
            return Storage.size(dir.resolve(file));
          }

          @Override
          public String sha256(String file) throws IOException {
            return hash ? Storage.sha256(dir.resolve(file)) : null;
          }
        });
  }
}
