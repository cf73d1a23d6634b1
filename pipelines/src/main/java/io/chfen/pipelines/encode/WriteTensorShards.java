package io.chfen.pipelines.encode;

import io.chfen.records.EncodedSample;
import io.chfen.schemas.RecordsData;
import io.chfen.schemas.Schemas;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.io.WriteFilesResult;
import org.apache.beam.sdk.io.parquet.ParquetIO;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.PCollection;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;

/**
 * Writes encoded samples as Parquet shards {@code <dir>/<split>/part-KKKKK-of-NNNNN.parquet}: one
 * file per split and shard, a video's shard a hash of its id (so the same input lands in the same
 * files), written to a temporary name and renamed when complete (FileIO's own protocol).
 */
public final class WriteTensorShards
    extends PTransform<PCollection<EncodedSample>, WriteFilesResult<String>> {
  private final EncodeConfig config;
  private final String dir;

  public WriteTensorShards(EncodeConfig config, String dir) {
    this.config = config;
    this.dir = dir;
  }

  /** The destination of a sample: "split/shard". */
  static String destination(EncodeConfig c, EncodedSample s) {
    return s.getSplit() + "/" + c.shard(s.getId().toString());
  }

  @Override
  @SuppressWarnings("unchecked")
  public WriteFilesResult<String> expand(PCollection<EncodedSample> samples) {
    EncodeConfig c = config;
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
                      return p[0]
                          + "/part-"
                          + String.format("%05d-of-%05d", Integer.parseInt(p[1]), n)
                          + ".parquet";
                    })
            .withNumShards(1));
  }
}
