package io.chfen.schemas;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.chfen.files.FileOps;
import io.chfen.records.EncodedSample;
import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The tensor shards' {@code manifest.json} as a reader sees it: the schema version and every shard
 * with its split, rows, bytes and SHA-256. {@link #verify} refuses shards that are missing, changed
 * or written under another schema version, naming the file and the cause, before anything trains on
 * them.
 */
public record ShardManifest(Path dir, int schemaVersion, long rows, List<Shard> shards) {
  public static final String FILE = "manifest.json";

  /** One shard's facts, its file relative to the shards directory. */
  public record Shard(String file, String split, long rows, long bytes, String sha256)
      implements Serializable {}

  public static ShardManifest read(Path dir) throws IOException {
    Path f = dir.resolve(FILE);
    if (!Files.isRegularFile(f)) {
      throw new IOException(
          "no " + FILE + " in " + dir + ": not a shards directory (chfen encode)");
    }
    JsonNode m = new ObjectMapper().readTree(f.toFile());
    List<Shard> shards = new ArrayList<>();
    for (JsonNode s : m.get("shards")) {
      shards.add(
          new Shard(
              s.get("file").asText(),
              s.get("split").asText(),
              s.get("rows").asLong(),
              s.get("bytes").asLong(),
              s.get("sha256").asText()));
    }
    return new ShardManifest(dir, m.get("schemaVersion").asInt(), m.get("rows").asLong(), shards);
  }

  /**
   * Writes each split's rows to Parquet shard files ({@code split/part-NNNNN-of-NNNNN.parquet},
   * rows dealt round-robin) and a minimal manifest for them: for tools and tests; the encode stage
   * writes the full manifest.
   */
  public static ShardManifest write(
      Path dir, Map<String, List<EncodedSample>> splits, int filesPerSplit, int rowGroupBytes)
      throws IOException {
    List<Shard> shards = new ArrayList<>();
    long total = 0;
    for (Map.Entry<String, List<EncodedSample>> e : splits.entrySet()) {
      List<EncodedSample> rows = e.getValue();
      for (int f = 0; f < filesPerSplit; f++) {
        List<EncodedSample> part = new ArrayList<>();
        for (int i = f; i < rows.size(); i += filesPerSplit) {
          part.add(rows.get(i));
        }
        String name =
            String.format(
                java.util.Locale.ROOT,
                "%s/part-%05d-of-%05d.parquet",
                e.getKey(),
                f,
                filesPerSplit);
        Path file = dir.resolve(name);
        Files.createDirectories(file.getParent());
        ParquetFiles.write(file, Schemas.ENCODED_SAMPLE, part, rowGroupBytes);
        shards.add(
            new Shard(name, e.getKey(), part.size(), Files.size(file), FileOps.sha256(file)));
        total += part.size();
      }
    }
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("schemaVersion", Schemas.SCHEMA_VERSION);
    json.put("rows", total);
    json.put("shards", shards);
    FileOps.writeAtomically(dir.resolve(FILE), new ObjectMapper().writeValueAsBytes(json));
    return new ShardManifest(dir, Schemas.SCHEMA_VERSION, total, shards);
  }

  /** The shards of one split. */
  public List<Shard> split(String split) {
    return shards.stream().filter(s -> s.split().equals(split)).toList();
  }

  /**
   * Checks the schema version against this build's and each shard's size and SHA-256 against the
   * manifest; throws naming the first mismatch.
   */
  public void verify() throws IOException {
    if (schemaVersion != Schemas.SCHEMA_VERSION) {
      throw new IOException(
          dir.resolve(FILE)
              + ": shards written with schema version "
              + schemaVersion
              + ", this build reads version "
              + Schemas.SCHEMA_VERSION
              + ": encode them again");
    }
    for (Shard s : shards) {
      Path f = dir.resolve(s.file());
      if (!Files.isRegularFile(f)) {
        throw new IOException("shard " + f + " is missing");
      }
      if (Files.size(f) != s.bytes()) {
        throw new IOException(
            "shard " + f + " has " + Files.size(f) + " bytes, the manifest says " + s.bytes());
      }
      String sha = FileOps.sha256(f);
      if (!sha.equals(s.sha256())) {
        throw new IOException(
            "shard "
                + f
                + " has changed since it was written (SHA-256 "
                + sha
                + ", manifest "
                + s.sha256()
                + ")");
      }
    }
  }
}
