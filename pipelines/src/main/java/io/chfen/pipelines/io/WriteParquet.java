package io.chfen.pipelines.io;

import io.chfen.schemas.RecordsData;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.io.WriteFilesResult;
import org.apache.beam.sdk.io.parquet.ParquetIO;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.PCollection;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;

/**
 * Writes records as Parquet files {@code <dir>/<name>-SSSSS-of-NNNNN.parquet} with the record's
 * Avro schema, through the specific data model so timestamps keep their logical type (pandas and
 * DuckDB read them as timestamps).
 */
public final class WriteParquet<T extends SpecificRecordBase>
    extends PTransform<PCollection<T>, WriteFilesResult<Void>> {
  private static final long serialVersionUID = 1L;

  private final Schema schema;
  private final String dir;
  private final String name;
  private final int shards;

  private WriteParquet(Schema schema, String dir, String name, int shards) {
    this.schema = schema;
    this.dir = dir;
    this.name = name;
    this.shards = shards;
  }

  /** {@code shards} 0 lets the runner choose; small outputs use 1. */
  public static <T extends SpecificRecordBase> WriteParquet<T> to(
      Schema schema, String dir, String name, int shards) {
    return new WriteParquet<>(schema, dir, name, shards);
  }

  @Override
  @SuppressWarnings("unchecked")
  public WriteFilesResult<Void> expand(PCollection<T> input) {
    // Specific records are GenericRecords, which is what the Parquet sink writes.
    FileIO.Sink<T> sink =
        (FileIO.Sink<T>)
            (FileIO.Sink<?>)
                ParquetIO.sink(schema)
                    .withAvroDataModel(RecordsData.get())
                    .withCompressionCodec(CompressionCodecName.SNAPPY);
    FileIO.Write<Void, T> write =
        FileIO.<T>write().via(sink).to(dir).withPrefix(name).withSuffix(".parquet");
    if (shards > 0) {
      write = write.withNumShards(shards);
    }
    return input.apply("Write", write);
  }
}
