package io.chfen.pipelines.encode;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.chfen.files.FileOps;
import io.chfen.labels.Consensus;
import io.chfen.pipelines.process.VideoProcessor;
import io.chfen.schemas.ParquetFiles;
import io.chfen.schemas.Schemas;
import io.chfen.schemas.ShardManifest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.parquet.hadoop.ParquetFileReader;

/**
 * {@code manifest.json} beside the shards: every shard with its split, rows, bytes and SHA-256, the
 * rows per split, the schema and pipeline versions, the encoders behind each tensor, the grid, and
 * the label agreement. The trainer checks shards against it.
 */
public final class Manifest {
  public static final String FILE = ShardManifest.FILE;

  private Manifest() {}

  /** A written shard's facts (rows from its Parquet footer). */
  public static ShardManifest.Shard shard(Path dir, Path file) throws IOException {
    long rows;
    try (ParquetFileReader r = ParquetFileReader.open(new ParquetFiles.NioInputFile(file))) {
      rows = r.getRecordCount();
    }
    String rel = dir.relativize(file).toString();
    return new ShardManifest.Shard(
        rel, rel.substring(0, rel.indexOf('/')), rows, Files.size(file), FileOps.sha256(file));
  }

  /** Writes the manifest for these shards; returns its content. */
  public static Map<String, Object> write(
      Path dir,
      List<ShardManifest.Shard> shards,
      EncodeConfig config,
      Consensus consensus,
      long labelledSamples,
      long failures)
      throws IOException {
    List<ShardManifest.Shard> sorted = new ArrayList<>(shards);
    sorted.sort(Comparator.comparing(ShardManifest.Shard::file));
    Map<String, Map<String, Long>> splits = new LinkedHashMap<>();
    for (String s : EncodeConfig.SPLITS) {
      Map<String, Long> m = new LinkedHashMap<>();
      m.put(
          "rows",
          sorted.stream()
              .filter(x -> x.split().equals(s))
              .mapToLong(ShardManifest.Shard::rows)
              .sum());
      m.put(
          "bytes",
          sorted.stream()
              .filter(x -> x.split().equals(s))
              .mapToLong(ShardManifest.Shard::bytes)
              .sum());
      m.put("shards", sorted.stream().filter(x -> x.split().equals(s)).count());
      splits.put(s, m);
    }
    Map<String, Object> grid = new LinkedHashMap<>();
    grid.put("stepSeconds", config.stepS);
    grid.put("ratios", config.ratios);
    grid.put("shardsPerSplit", config.shardsPerSplit);
    grid.put("rowGroupBytes", config.rowGroupBytes);
    Consensus.Agreement a = consensus.agreement();
    Map<String, Object> labels = new LinkedHashMap<>();
    labels.put("annotations", config.annotations);
    labels.put("labelledSamples", labelledSamples);
    labels.put("annotatedVideos", a.videos());
    labels.put("annotators", a.annotators());
    labels.put("alphaPerModality", lower(a.perModality()));
    labels.put("alphaPerEmotion", lower(a.perEmotion()));
    labels.put("lowAgreementVideos", a.lowAgreementVideos());
    labels.put("agreementFloor", a.floor());
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("schemaVersion", Schemas.SCHEMA_VERSION);
    m.put("pipelineVersion", VideoProcessor.PIPELINE_VERSION);
    m.put("rows", sorted.stream().mapToLong(ShardManifest.Shard::rows).sum());
    m.put("failures", failures);
    m.put("splits", splits);
    m.put("grid", grid);
    m.put("encoders", SampleEncoder.encoders());
    m.put("labels", labels);
    m.put("shards", sorted);
    Files.createDirectories(dir);
    FileOps.writeAtomically(
        dir.resolve(FILE),
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsBytes(m));
    return m;
  }

  private static <E extends Enum<E>> Map<String, Double> lower(Map<E, Double> m) {
    Map<String, Double> out = new LinkedHashMap<>();
    m.forEach((k, v) -> out.put(k.name().toLowerCase(java.util.Locale.ROOT), v));
    return out;
  }
}
