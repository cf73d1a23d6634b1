package io.chfen.dataset.encode;

import io.chfen.dataset.labels.Annotations;
import io.chfen.dataset.labels.Consensus;
import io.chfen.dataset.labels.DatasetLabels;
import io.chfen.dataset.labels.LabelMapping;
import io.chfen.files.FileOps;
import io.chfen.records.EncodedSample;
import io.chfen.schemas.ParquetFiles;
import io.chfen.schemas.Schemas;
import io.chfen.schemas.ShardManifest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetReader;

/**
 * What the encode stage knows for {@code manifest.json}: a written shard's facts (rows from its
 * Parquet footer, size, SHA-256), the grid and the encoders of its spec, the label agreement of its
 * annotations. {@link ShardManifest} reads and writes the file.
 */
public final class ManifestFacts {
  private ManifestFacts() {}

  /** A written shard's facts; {@code file} lies under {@code dir/<split>/}. */
  public static ShardManifest.Shard shard(Path dir, Path file) throws IOException {
    long rows;
    try (ParquetFileReader r = ParquetFileReader.open(new ParquetFiles.NioInputFile(file))) {
      rows = r.getRecordCount();
    }
    String rel = dir.relativize(file).toString();
    return new ShardManifest.Shard(
        rel, rel.substring(0, rel.indexOf('/')), rows, Files.size(file), FileOps.sha256(file));
  }

  /** The manifest of these shards as {@code spec} encoded them. */
  public static ShardManifest manifest(
      Path dir,
      List<ShardManifest.Shard> shards,
      EncodeSpec spec,
      long labelledSamples,
      long sentimentSamples,
      long failures)
      throws IOException {
    Annotations.Import rows = spec.annotationRows();
    DatasetLabels.Import d = spec.datasetLabels();
    Consensus.Agreement a = spec.consensus(d).agreement();
    ShardManifest.Labels labels =
        new ShardManifest.Labels(
            spec.annotations,
            rows.rejected().size(),
            labelledSamples,
            a.videos(),
            a.annotators(),
            lower(a.perModality()),
            lower(a.perEmotion()),
            a.lowAgreementVideos(),
            a.floor(),
            spec.labels == null
                ? null
                : new ShardManifest.DatasetLabels(
                    spec.labels,
                    LabelMapping.load(spec.labelMapping).asMap(),
                    d.rejected().size(),
                    sentimentSamples,
                    d.notes()));
    ShardManifest.Grid grid =
        new ShardManifest.Grid(spec.stepS, spec.ratios, spec.shardsPerSplit, spec.rowGroupBytes);
    return ShardManifest.of(shards, failures, grid, encoders(dir, shards), labels);
  }

  /**
   * Each tensor's encoder, model SHA-256 and dimension as the rows were written (the first row's
   * provenance: one spec encodes a run), so a reader takes dimensions from the manifest; the
   * defaults when no row was written.
   */
  static Map<String, String> encoders(Path dir, List<ShardManifest.Shard> shards)
      throws IOException {
    for (ShardManifest.Shard s : shards) {
      if (s.rows() == 0) {
        continue;
      }
      for (ParquetFiles.RowGroup g : ParquetFiles.rowGroups(dir.resolve(s.file()))) {
        try (ParquetReader<EncodedSample> r = ParquetFiles.reader(g, Schemas.ENCODED_SAMPLE)) {
          EncodedSample first = r.read();
          if (first != null) {
            Map<String, String> out = new java.util.TreeMap<>();
            first
                .getProvenance()
                .getEncoders()
                .forEach((k, v) -> out.put(k.toString(), v.toString()));
            return out;
          }
        }
      }
    }
    return SampleEncoder.encoders();
  }

  private static <E extends Enum<E>> Map<String, Double> lower(Map<E, Double> m) {
    Map<String, Double> out = new LinkedHashMap<>();
    m.forEach((k, v) -> out.put(k.name().toLowerCase(Locale.ROOT), v));
    return out;
  }
}
