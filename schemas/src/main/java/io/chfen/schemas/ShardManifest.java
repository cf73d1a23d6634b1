package io.chfen.schemas;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.chfen.files.FileOps;
import io.chfen.records.EncodedSample;
import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The tensor shards' {@code manifest.json}, the one way anything reads or writes it: every shard
 * with its split, rows, bytes and SHA-256; the totals per split; the schema and pipeline versions;
 * the time grid; the encoder behind each tensor; the label agreement. {@link #verify} refuses
 * shards that are missing, changed or written under another schema version, naming the file and the
 * cause, before anything trains on them.
 *
 * @param rows rows in all shards
 * @param failures videos the encode stage dead-lettered
 * @param splits rows, bytes and shards per split, in {@link #SPLITS} order
 * @param encoders per tensor: encoder name, model SHA-256 (or "engineered"), dimension
 * @param labels the annotations behind the labels and their agreement; null when unknown
 */
public record ShardManifest(
    int schemaVersion,
    String pipelineVersion,
    long rows,
    long failures,
    Map<String, SplitTotals> splits,
    Grid grid,
    Map<String, String> encoders,
    Labels labels,
    List<Shard> shards) {
  public static final String FILE = "manifest.json";

  public static final String TRAIN = "train";
  public static final String VALIDATION = "validation";
  public static final String TEST = "test";

  /** The splits, in order; a shard lies in {@code <split>/}. */
  public static final List<String> SPLITS = List.of(TRAIN, VALIDATION, TEST);

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /** One shard's facts, its file relative to the shards directory. */
  public record Shard(String file, String split, long rows, long bytes, String sha256)
      implements Serializable {}

  /** One split's totals. */
  public record SplitTotals(long rows, long bytes, long shards) {}

  /** How rows were laid out: the time grid, the split shares, the files and row groups. */
  public record Grid(double stepSeconds, double[] ratios, int shardsPerSplit, int rowGroupBytes) {}

  /**
   * The labels: where they came from, how many of the file's rows were rejected (each reported with
   * its line when the stage ran), and how far the annotators agreed (Krippendorff's alpha, null
   * where it cannot be computed).
   */
  public record Labels(
      String annotations,
      int rejectedRows,
      long labelledSamples,
      int annotatedVideos,
      int annotators,
      Map<String, Double> alphaPerModality,
      Map<String, Double> alphaPerEmotion,
      int lowAgreementVideos,
      double agreementFloor,
      DatasetLabels datasetLabels) {}

  /**
   * A dataset's own labels: the file, its mapping whole (every declared choice, e.g. worried → fear
   * + anticipation), its rejected rows, the samples with a sentiment label, and what the file
   * lacked of the mapping.
   */
  public record DatasetLabels(
      String file,
      Map<String, Object> mapping,
      int rejectedRows,
      long sentimentSamples,
      List<String> notes) {}

  /** A manifest of this build over {@code shards}: sorted by file, the totals computed. */
  public static ShardManifest of(
      List<Shard> shards, long failures, Grid grid, Map<String, String> encoders, Labels labels) {
    List<Shard> sorted = new ArrayList<>(shards);
    sorted.sort(Comparator.comparing(Shard::file));
    Map<String, SplitTotals> splits = new LinkedHashMap<>();
    for (String s : SPLITS) {
      List<Shard> in = sorted.stream().filter(x -> x.split().equals(s)).toList();
      splits.put(
          s,
          new SplitTotals(
              in.stream().mapToLong(Shard::rows).sum(),
              in.stream().mapToLong(Shard::bytes).sum(),
              in.size()));
    }
    return new ShardManifest(
        Schemas.SCHEMA_VERSION,
        Version.CURRENT,
        sorted.stream().mapToLong(Shard::rows).sum(),
        failures,
        splits,
        grid,
        encoders,
        labels,
        List.copyOf(sorted));
  }

  /**
   * Reads {@code dir/manifest.json}; a file that is not a whole manifest (empty, cut short, without
   * its shard list or a shard's SHA-256, a shard path that leaves {@code dir}) is refused with an
   * error that names it and the cause.
   */
  public static ShardManifest read(Path dir) throws IOException {
    Path f = dir.resolve(FILE);
    if (!Files.isRegularFile(f)) {
      throw new IOException(
          "no " + FILE + " in " + dir + ": not a shards directory (chfen encode)");
    }
    return parse(Files.readAllBytes(f), f.toString());
  }

  /**
   * A manifest from its bytes, wherever they were stored; {@code where} names it in errors. Refused
   * as {@link #read} refuses.
   */
  public static ShardManifest parse(byte[] bytes, String where) throws IOException {
    if (bytes.length == 0) {
      throw new IOException(where + " is not a whole manifest: it is empty (encode again)");
    }
    ShardManifest m;
    try {
      m = JSON.readValue(bytes, ShardManifest.class);
    } catch (IOException e) {
      throw new IOException(
          where
              + " is not a readable manifest: "
              + String.valueOf(e.getMessage()).lines().findFirst().orElse(""),
          e);
    }
    String problem = m == null ? "it is empty" : m.problem();
    if (problem != null) {
      throw new IOException(where + " is not a whole manifest: " + problem + " (encode again)");
    }
    return m;
  }

  /** The manifest as it is stored. */
  public byte[] toJson() throws IOException {
    return JSON.writeValueAsBytes(this);
  }

  /** What makes this manifest unusable, or null. */
  private String problem() {
    if (shards == null) {
      return "no shard list";
    }
    if (splits == null) {
      return "no split totals";
    }
    for (int i = 0; i < shards.size(); i++) {
      Shard s = shards.get(i);
      if (s == null || s.file() == null || s.split() == null) {
        return "shard " + i + " has no file or split";
      }
      if (s.sha256() == null || !s.sha256().matches("[0-9a-f]{64}")) {
        return "shard " + s.file() + " has no SHA-256";
      }
      if (s.rows() < 0 || s.bytes() < 0) {
        return "shard " + s.file() + " has negative counts";
      }
      if (!s.file().matches("[A-Za-z0-9_.-]+(/[A-Za-z0-9_.-]+)*")
          || ("/" + s.file() + "/").contains("/../")
          || ("/" + s.file() + "/").contains("/./")) {
        return "shard path " + s.file() + " leaves its folder";
      }
    }
    long total = shards.stream().mapToLong(Shard::rows).sum();
    return total == rows ? null : "its shards hold " + total + " rows, it says " + rows;
  }

  /** Writes {@code dir/manifest.json}, atomically. */
  public void write(Path dir) throws IOException {
    Files.createDirectories(dir);
    FileOps.writeAtomically(dir.resolve(FILE), toJson());
  }

  /** The same with another schema version (what an older build wrote, say). */
  public ShardManifest withSchemaVersion(int version) {
    return new ShardManifest(
        version, pipelineVersion, rows, failures, splits, grid, encoders, labels, shards);
  }

  /**
   * Writes each split's rows to Parquet shard files ({@code split/part-NNNNN-of-NNNNN.parquet},
   * rows dealt round-robin) and their manifest: for tools and tests; the encode stage writes its
   * shards through Beam.
   */
  public static ShardManifest writeShards(
      Path dir, Map<String, List<EncodedSample>> splits, int filesPerSplit, int rowGroupBytes)
      throws IOException {
    List<Shard> shards = new ArrayList<>();
    for (Map.Entry<String, List<EncodedSample>> e : splits.entrySet()) {
      List<EncodedSample> rows = e.getValue();
      for (int f = 0; f < filesPerSplit; f++) {
        List<EncodedSample> part = new ArrayList<>();
        for (int i = f; i < rows.size(); i += filesPerSplit) {
          part.add(rows.get(i));
        }
        String name = shardFile(e.getKey(), f, filesPerSplit);
        Path file = dir.resolve(name);
        Files.createDirectories(file.getParent());
        ParquetFiles.write(file, Schemas.ENCODED_SAMPLE, part, rowGroupBytes);
        shards.add(
            new Shard(name, e.getKey(), part.size(), Files.size(file), FileOps.sha256(file)));
      }
    }
    ShardManifest m =
        of(
            shards,
            0,
            new Grid(1.0, new double[] {1, 0, 0}, filesPerSplit, rowGroupBytes),
            null,
            null);
    m.write(dir);
    return m;
  }

  /** A shard's file name: {@code <split>/part-KKKKK-of-NNNNN.parquet}. */
  public static String shardFile(String split, int shard, int shards) {
    return String.format(Locale.ROOT, "%s/part-%05d-of-%05d.parquet", split, shard, shards);
  }

  /** The shards of one split. */
  public List<Shard> split(String split) {
    return shards.stream().filter(s -> s.split().equals(split)).toList();
  }

  /**
   * Checks the schema version against this build's and each shard in {@code dir} against its size
   * and SHA-256 here; throws naming the first mismatch.
   */
  public void verify(Path dir) throws IOException {
    verify(
        dir.toString(),
        new StoredShards() {
          @Override
          public long size(String file) throws IOException {
            Path f = FileOps.within(dir, file);
            return Files.isRegularFile(f) ? Files.size(f) : -1;
          }

          @Override
          public String sha256(String file) throws IOException {
            return FileOps.sha256(FileOps.within(dir, file));
          }
        });
  }

  /** What {@link #verify} asks of the folder that holds the shards, wherever it is. */
  public interface StoredShards {
    /** The shard's size in bytes; -1 when it is missing. */
    long size(String file) throws IOException;

    /** The shard's SHA-256, or null to skip the hash (a store that vouches for its bytes). */
    String sha256(String file) throws IOException;
  }

  /** {@link #verify(Path)} for shards stored anywhere; {@code where} names the folder in errors. */
  public void verify(String where, StoredShards stored) throws IOException {
    if (schemaVersion != Schemas.SCHEMA_VERSION) {
      throw new IOException(
          where
              + "/"
              + FILE
              + ": shards written with schema version "
              + schemaVersion
              + ", this build reads version "
              + Schemas.SCHEMA_VERSION
              + ": encode them again");
    }
    for (Shard s : shards) {
      String f = where + "/" + s.file();
      long size = stored.size(s.file());
      if (size < 0) {
        throw new IOException("shard " + f + " is missing");
      }
      if (size != s.bytes()) {
        throw new IOException(
            "shard " + f + " has " + size + " bytes, the manifest says " + s.bytes());
      }
      String sha = stored.sha256(s.file());
      if (sha != null && !sha.equals(s.sha256())) {
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
