package io.chfen.pipelines.io;

import io.chfen.files.Location;
import io.chfen.records.VideoMetadata;
import io.chfen.schemas.Schemas;
import io.chfen.storage.Storage;
import io.chfen.storage.StoredRecords;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.io.BoundedSource;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.util.CoderUtils;

/**
 * The crawl stage's videos as a work queue: a bounded source that splits into one split per video
 * (up to {@link #MAX_SPLITS}), most expensive first. Runners hand splits out on request (Flink's
 * batch sources do: a worker asks for the next split when it has finished the last), so two workers
 * stay busy until the queue is empty. A random-key shuffle instead fixes each worker's share up
 * front, and with a few dozen videos of uneven length one worker idles while the other still has a
 * third of the queue (37 against 23 videos, measured on the 2-slot cluster).
 *
 * <p>Splitting reads the metadata files where the runner splits (Flink: the JobManager), so they
 * must be on storage it sees, as every stage's inputs are. The splits carry the metadata rows (a
 * few hundred bytes per video), never media.
 */
public final class VideoQueue extends BoundedSource<VideoMetadata> {
  private static final long serialVersionUID = 1L;

  /** More splits than this are chunks of neighbours in cost order. */
  static final int MAX_SPLITS = 4096;

  private final String metadataDir;
  // null: the whole directory, not yet split
  private final ArrayList<byte[]> rows;

  private VideoQueue(String metadataDir, ArrayList<byte[]> rows) {
    this.metadataDir = metadataDir;
    this.rows = rows;
  }

  /** The videos in {@code metadataDir} (the crawl stage's {@code metadata/} Parquet files). */
  public static VideoQueue of(Location metadataDir) {
    return new VideoQueue(metadataDir.uri(), null);
  }

  /**
   * What processing a video costs, roughly: its length in seconds (decoding, OCR, separation and
   * faces all scale with it), else its size at 1 Mbit/s.
   */
  static double cost(VideoMetadata v) {
    if (v.getDurationS() != null) {
      return v.getDurationS();
    }
    return v.getMediaBytes() == null ? 0 : v.getMediaBytes() / 125_000.0;
  }

  @Override
  public List<VideoQueue> split(long desiredBundleSizeBytes, PipelineOptions options)
      throws IOException {
    if (rows != null) {
      return List.of(this);
    }
    List<VideoMetadata> videos = read();
    // cheapest first: Flink's DefaultInputSplitAssigner hands out the last split first, so the
    // longest videos start first and the short ones fill the gaps at the end
    videos.sort(Comparator.comparingDouble(VideoQueue::cost));
    int splits = Math.min(videos.size(), MAX_SPLITS);
    List<VideoQueue> out = new ArrayList<>(splits);
    for (int s = 0; s < splits; s++) {
      int from = (int) ((long) videos.size() * s / splits);
      int to = (int) ((long) videos.size() * (s + 1) / splits);
      ArrayList<byte[]> chunk = new ArrayList<>(to - from);
      for (VideoMetadata v : videos.subList(from, to)) {
        chunk.add(CoderUtils.encodeToByteArray(Records.VIDEO, v));
      }
      out.add(new VideoQueue(metadataDir, chunk));
    }
    return out;
  }

  private List<VideoMetadata> read() throws IOException {
    return new ArrayList<>(StoredRecords.readAll(Location.of(metadataDir), Schemas.VIDEO_METADATA));
  }

  @Override
  public long getEstimatedSizeBytes(PipelineOptions options) throws IOException {
    if (rows == null) {
      long bytes = 0;
      for (Location f : Storage.list(Location.of(metadataDir))) {
        bytes += Math.max(0, Storage.size(f));
      }
      return bytes;
    }
    return rows.stream().mapToLong(r -> r.length).sum();
  }

  @Override
  public Coder<VideoMetadata> getOutputCoder() {
    return Records.VIDEO;
  }

  @Override
  public BoundedReader<VideoMetadata> createReader(PipelineOptions options) {
    return new Reader(this);
  }

  private static final class Reader extends BoundedReader<VideoMetadata> {
    private final VideoQueue source;
    private Iterator<VideoMetadata> it;
    private VideoMetadata current;

    Reader(VideoQueue source) {
      this.source = source;
    }

    @Override
    public boolean start() throws IOException {
      List<VideoMetadata> videos;
      if (source.rows == null) {
        videos = source.read();
      } else {
        videos = new ArrayList<>(source.rows.size());
        for (byte[] r : source.rows) {
          videos.add(CoderUtils.decodeFromByteArray(Records.VIDEO, r));
        }
      }
      it = videos.iterator();
      return advance();
    }

    @Override
    public boolean advance() {
      current = it.hasNext() ? it.next() : null;
      return current != null;
    }

    @Override
    public VideoMetadata getCurrent() {
      if (current == null) {
        throw new NoSuchElementException();
      }
      return current;
    }

    @Override
    public BoundedSource<VideoMetadata> getCurrentSource() {
      return source;
    }

    @Override
    public void close() {}
  }
}
