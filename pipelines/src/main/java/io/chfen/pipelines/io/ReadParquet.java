package io.chfen.pipelines.io;

import io.chfen.schemas.ParquetFiles;
import java.io.IOException;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;

/**
 * Reads the project's Parquet outputs back into specific records in a pipeline: files are matched,
 * then each is read by a worker (never the whole data set at construction time).
 */
public final class ReadParquet<T extends SpecificRecordBase>
    extends PTransform<PBegin, PCollection<T>> {
  private static final long serialVersionUID = 1L;

  private final String filepattern;
  private final String schemaJson;
  private final Coder<T> coder;

  private ReadParquet(String filepattern, Schema schema, Coder<T> coder) {
    this.filepattern = filepattern;
    this.schemaJson = schema.toString();
    this.coder = coder;
  }

  public static <T extends SpecificRecordBase> ReadParquet<T> from(
      String filepattern, Schema schema, Coder<T> coder) {
    return new ReadParquet<>(filepattern, schema, coder);
  }

  @Override
  public PCollection<T> expand(PBegin p) {
    return p.apply("Match", FileIO.match().filepattern(filepattern))
        .apply("Open", FileIO.readMatches())
        .apply("Read", ParDo.of(new ReadFileFn<T>(schemaJson)))
        .setCoder(coder);
  }

  static final class ReadFileFn<T> extends DoFn<FileIO.ReadableFile, T> {
    private static final long serialVersionUID = 1L;

    private final String schemaJson;
    private transient Schema schema;

    ReadFileFn(String schemaJson) {
      this.schemaJson = schemaJson;
    }

    @Setup
    public void setup() {
      schema = new Schema.Parser().parse(schemaJson);
    }

    @ProcessElement
    public void process(@Element FileIO.ReadableFile file, OutputReceiver<T> out)
        throws IOException {
      // through the file system Beam matched it on (a local disk, s3://), with random access
      ParquetFiles.ChannelInputFile in =
          new ParquetFiles.ChannelInputFile(
              file.getMetadata().resourceId().toString(),
              () -> file.getMetadata().sizeBytes(),
              file::openSeekable);
      for (T rec : ParquetFiles.<T>readFile(in, schema)) {
        out.output(rec);
      }
    }
  }
}
