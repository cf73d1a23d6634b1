package io.chfen.pipelines.encode;

import io.chfen.dataset.encode.EncodeSpec;
import io.chfen.records.EncodedSample;
import io.chfen.schemas.RecordsData;
import io.chfen.schemas.Schemas;
import io.chfen.schemas.ShardManifest;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.io.WriteFilesResult;
import org.apache.beam.sdk.io.parquet.ParquetIO;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.apache.beam.sdk.values.PCollection;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;

/**
 * Writes encoded samples as Parquet shards {@code <dir>/<split>/part-KKKKK-of-NNNNN.parquet}: one
 * file per split and shard, a video's shard a hash of its id (so the same input lands in the same
 * files), written to a temporary name and renamed when complete (FileIO's own protocol).
 */
public final class WriteTensorShards
    extends PTransform<PCollection<EncodedSample>, WriteFilesResult<String>> {
  private static final long serialVersionUID = 1L;

  private final EncodeSpec config;
  private final String dir;

  private WriteTensorShards(EncodeSpec config, String dir) {
    this.config = config;
    this.dir = dir;
  }

  /** Shards of {@code config}'s layout under {@code dir}. */
  public static WriteTensorShards to(EncodeSpec config, String dir) {
    if (dir == null || dir.isBlank()) {
      throw new IllegalArgumentException("WriteTensorShards needs a directory");
    }
    return new WriteTensorShards(config.validate(), dir);
  }

  @Override
  public void populateDisplayData(DisplayData.Builder builder) {
    super.populateDisplayData(builder);
    builder
        .add(DisplayData.item("directory", dir))
        .add(DisplayData.item("shardsPerSplit", config.shardsPerSplit))
        .add(DisplayData.item("rowGroupBytes", config.rowGroupBytes));
  }

  /** The destination of a sample: "split/shard". */
  static String destination(EncodeSpec c, EncodedSample s) {
    return s.getSplit() + "/" + c.shard(s.getId().toString());
  }

  @Override
  @SuppressWarnings("unchecked")
  public WriteFilesResult<String> expand(PCollection<EncodedSample> samples) {
    EncodeSpec c = config;
    FileIO.Sink<EncodedSample> sink =
        (FileIO.Sink<EncodedSample>)
            (FileIO.Sink<?>)
                ParquetIO.sink(Schemas.ENCODED_SAMPLE)
                    .withAvroDataModel(RecordsData.get())
                    .withCompressionCodec(CompressionCodecName.SNAPPY)
                    .withRowGroupSize(c.rowGroupBytes);
    int n = c.shardsPerSplit;
    return samples.apply(
        "WriteShards",
        FileIO.<String, EncodedSample>writeDynamic()
            .by(s -> destination(c, s))
            .withDestinationCoder(StringUtf8Coder.of())
            .via(sink)
            .to(dir)
            .withNaming(
                d ->
                    (window, pane, numShards, shardIndex, compression) -> {
                      String[] p = d.split("/");
                      return ShardManifest.shardFile(p[0], Integer.parseInt(p[1]), n);
                    })
            .withNumShards(1));
  }
}
