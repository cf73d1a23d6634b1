package io.chfen.schemas;

import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.avro.AvroParquetReader;
import org.apache.parquet.avro.AvroParquetWriter;
import org.apache.parquet.avro.AvroReadSupport;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.DelegatingSeekableInputStream;
import org.apache.parquet.io.InputFile;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.PositionOutputStream;
import org.apache.parquet.io.SeekableInputStream;

/**
 * Reads the Parquet outputs back outside Beam, without Hadoop's file system: a plain {@code
 * java.nio} {@link InputFile} (Parquet 1.13 has no LocalInputFile). Used by the run summary, the
 * trainer's row-group streaming and tests.
 */
public final class ParquetFiles {
  private ParquetFiles() {}

  /**
   * Every record of every {@code *.parquet} file directly in {@code dir}, as the specific class.
   */
  public static <T> List<T> readAll(Path dir, Schema schema) throws IOException {
    List<T> out = new ArrayList<>();
    if (!Files.isDirectory(dir)) {
      return out;
    }
    List<Path> files;
    try (Stream<Path> s = Files.list(dir)) {
      files = s.filter(p -> p.getFileName().toString().endsWith(".parquet")).sorted().toList();
    }
    for (Path f : files) {
      out.addAll(ParquetFiles.<T>readFile(f, schema));
    }
    return out;
  }

  /** Every record of one Parquet file, as the specific class. */
  public static <T> List<T> readFile(Path f, Schema schema) throws IOException {
    return readFile(new NioInputFile(f), schema);
  }

  /** Every record of one Parquet file wherever it is stored, as the specific class. */
  public static <T> List<T> readFile(InputFile f, Schema schema) throws IOException {
    List<T> out = new ArrayList<>();
    Configuration conf = new Configuration(false);
    conf.set(AvroReadSupport.AVRO_REQUESTED_PROJECTION, schema.toString());
    try (ParquetReader<T> r =
        AvroParquetReader.<T>builder(f).withDataModel(RecordsData.get()).withConf(conf).build()) {
      for (T rec = r.read(); rec != null; rec = r.read()) {
        out.add(rec);
      }
    }
    return out;
  }

  /**
   * Every record of one Parquet file of any schema (a user's table: written by pandas, DuckDB,
   * Spark), as generic records in the file's own schema.
   */
  public static List<GenericRecord> readGeneric(Path f) throws IOException {
    List<GenericRecord> out = new ArrayList<>();
    try (ParquetReader<GenericRecord> r =
        AvroParquetReader.<GenericRecord>builder(new NioInputFile(f))
            .withDataModel(GenericData.get())
            .withConf(new Configuration(false))
            .build()) {
      for (GenericRecord rec = r.read(); rec != null; rec = r.read()) {
        out.add(rec);
      }
    }
    return out;
  }

  /** One row group of a Parquet file: its byte range and row count. */
  public record RowGroup(Path file, long start, long end, long rows) {}

  /** The row groups of a Parquet file, from its footer. */
  public static List<RowGroup> rowGroups(Path f) throws IOException {
    List<RowGroup> out = new ArrayList<>();
    try (ParquetFileReader r = ParquetFileReader.open(new NioInputFile(f))) {
      for (BlockMetaData b : r.getFooter().getBlocks()) {
        out.add(
            new RowGroup(
                f,
                b.getStartingPos(),
                b.getStartingPos() + b.getCompressedSize(),
                b.getRowCount()));
      }
    }
    return out;
  }

  /** The records of one row group, streamed in file order as the specific class. */
  public static <T> ParquetReader<T> reader(RowGroup g, Schema schema) throws IOException {
    Configuration conf = new Configuration(false);
    conf.set(AvroReadSupport.AVRO_REQUESTED_PROJECTION, schema.toString());
    return AvroParquetReader.<T>builder(new NioInputFile(g.file()))
        .withDataModel(RecordsData.get())
        .withConf(conf)
        .withFileRange(g.start(), g.end())
        .build();
  }

  /**
   * Writes records to one Parquet file (Snappy) with the specific data model, to a temporary name
   * renamed when complete. For tests and tools; pipelines write through Beam.
   */
  public static <T> void write(Path file, Schema schema, List<T> records) throws IOException {
    write(file, schema, records, ParquetWriter.DEFAULT_BLOCK_SIZE);
  }

  /** As {@link #write(Path, Schema, List)}, with row groups of about {@code rowGroupBytes}. */
  public static <T> void write(Path file, Schema schema, List<T> records, int rowGroupBytes)
      throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.deleteIfExists(tmp);
    try (ParquetWriter<T> w =
        AvroParquetWriter.<T>builder(new NioOutputFile(tmp))
            .withSchema(schema)
            .withDataModel(RecordsData.get())
            .withCompressionCodec(CompressionCodecName.SNAPPY)
            .withRowGroupSize((long) rowGroupBytes)
            .build()) {
      for (T r : records) {
        w.write(r);
      }
    }
    io.chfen.files.FileOps.moveAtomically(tmp, file);
  }

  /** A local file as a Parquet {@link OutputFile}. */
  static final class NioOutputFile implements OutputFile {
    private final Path path;

    NioOutputFile(Path path) {
      this.path = path;
    }

    @Override
    public PositionOutputStream create(long blockSizeHint) throws IOException {
      return stream(Files.newOutputStream(path, StandardOpenOption.CREATE_NEW));
    }

    @Override
    public PositionOutputStream createOrOverwrite(long blockSizeHint) throws IOException {
      return stream(Files.newOutputStream(path));
    }

    @Override
    public boolean supportsBlockSize() {
      return false;
    }

    @Override
    public long defaultBlockSize() {
      return 0;
    }

    private static PositionOutputStream stream(OutputStream out) {
      return new PositionOutputStream() {
        private long pos;

        @Override
        public long getPos() {
          return pos;
        }

        @Override
        public void write(int b) throws IOException {
          out.write(b);
          pos++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
          out.write(b, off, len);
          pos += len;
        }

        @Override
        public void flush() throws IOException {
          out.flush();
        }

        @Override
        public void close() throws IOException {
          out.close();
        }
      };
    }
  }

  /** A local file as a Parquet {@link InputFile}. */
  public static final class NioInputFile extends ChannelInputFile {
    public NioInputFile(Path path) {
      super(path.toString(), () -> Files.size(path), () -> Files.newByteChannel(path));
    }
  }

  /** Opens a stored file's bytes for random access. */
  @FunctionalInterface
  public interface ChannelOpener {
    SeekableByteChannel open() throws IOException;
  }

  /** Measures a stored file. */
  @FunctionalInterface
  public interface Length {
    long get() throws IOException;
  }

  /**
   * A file anywhere (a local disk, an object store) as a Parquet {@link InputFile}, through a
   * seekable channel: Parquet reads the footer, then only the row groups and columns it needs.
   */
  public static class ChannelInputFile implements InputFile {
    private final String name;
    private final Length length;
    private final ChannelOpener opener;

    public ChannelInputFile(String name, Length length, ChannelOpener opener) {
      this.name = name;
      this.length = length;
      this.opener = opener;
    }

    @Override
    public long getLength() throws IOException {
      return length.get();
    }

    @Override
    public SeekableInputStream newStream() throws IOException {
      SeekableByteChannel ch = opener.open();
      return new DelegatingSeekableInputStream(java.nio.channels.Channels.newInputStream(ch)) {
        @Override
        public long getPos() throws IOException {
          return ch.position();
        }

        @Override
        public void seek(long newPos) throws IOException {
          ch.position(newPos);
        }

        @Override
        public void readFully(byte[] bytes, int start, int len) throws IOException {
          ByteBuffer b = ByteBuffer.wrap(bytes, start, len);
          while (b.hasRemaining()) {
            if (ch.read(b) < 0) {
              throw new EOFException("unexpected end of " + name);
            }
          }
        }

        @Override
        public void close() throws IOException {
          ch.close();
        }
      };
    }

    @Override
    public String toString() {
      return name;
    }
  }
}
