package io.chfen.trainer;

import io.chfen.records.EncodedSample;
import io.chfen.schemas.ParquetFiles;
import io.chfen.schemas.Schemas;
import io.chfen.schemas.ShardManifest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Random;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.parquet.hadoop.ParquetReader;

/**
 * One split of the tensor shards, verified against {@code manifest.json} (schema version, sizes,
 * SHA-256) before a row is read, streamed by Parquet row group: memory holds a shuffle window of
 * row groups, not the split. An epoch visits the row groups in an order shuffled from the seed and
 * the epoch, shuffles the rows inside a window of them, groups rows of like length into padded
 * batches ({@link Collate}) sent out in a shuffled order, on a background thread, a bounded queue
 * ahead of the training loop; two threads read the next row groups meanwhile.
 */
public final class ShardDataset {
  /** Row groups read at once, ahead of their turn. */
  private static final int READERS = 2;

  private final String split;
  private final List<ParquetFiles.RowGroup> groups;
  private final int size;
  // the rows kept, null for all
  private final Predicate<EncodedSample> keep;

  private ShardDataset(
      String split, List<ParquetFiles.RowGroup> groups, int size, Predicate<EncodedSample> keep) {
    this.split = split;
    this.groups = groups;
    this.size = size;
    this.keep = keep;
  }

  /** The rows of {@code split} in the shards directory {@code dir}, after verification. */
  public static ShardDataset open(Path dir, String split) throws IOException {
    ShardManifest m = ShardManifest.read(dir);
    m.verify(dir);
    List<ParquetFiles.RowGroup> groups = new ArrayList<>();
    long size = 0;
    for (ShardManifest.Shard s : m.split(split)) {
      List<ParquetFiles.RowGroup> g = ParquetFiles.rowGroups(dir.resolve(s.file()));
      long rows = g.stream().mapToLong(ParquetFiles.RowGroup::rows).sum();
      if (rows != s.rows()) {
        throw new IOException(
            dir.resolve(s.file()) + " holds " + rows + " rows, the manifest says " + s.rows());
      }
      groups.addAll(g);
      size += rows;
    }
    return new ShardDataset(split, groups, Math.toIntExact(size), null);
  }

  /** Several splits read as one, named {@code name} (whole splits only, not filtered ones). */
  public static ShardDataset union(String name, List<ShardDataset> parts) {
    List<ParquetFiles.RowGroup> groups = new ArrayList<>();
    int size = 0;
    for (ShardDataset d : parts) {
      if (d.keep != null) {
        throw new IllegalArgumentException("a union of filtered splits: " + d.split);
      }
      groups.addAll(d.groups);
      size += d.size;
    }
    return new ShardDataset(name, groups, size, null);
  }

  /**
   * The rows of this one that {@code p} keeps, named {@code name}. Counts them by reading the split
   * once, a row group at a time; row groups with none are not read again.
   */
  public ShardDataset where(String name, Predicate<EncodedSample> p) throws IOException {
    Predicate<EncodedSample> both = keep == null ? p : keep.and(p);
    List<ParquetFiles.RowGroup> kept = new ArrayList<>();
    int n = 0;
    for (ParquetFiles.RowGroup g : groups) {
      int before = n;
      for (EncodedSample r : read(g)) {
        n += both.test(r) ? 1 : 0;
      }
      if (n > before) {
        kept.add(g);
      }
    }
    return new ShardDataset(name, kept, n, both);
  }

  public String split() {
    return split;
  }

  public int size() {
    return size;
  }

  /** Row groups in the split. */
  public int rowGroups() {
    return groups.size();
  }

  /** What an epoch reads and how. */
  public record Plan(int batchSize, String labels, long seed, int epoch, boolean shuffle) {
    /** Shuffled for training: the order depends on the seed and the epoch only. */
    public static Plan training(int batchSize, String labels, long seed, int epoch) {
      return new Plan(batchSize, labels, seed, epoch, true);
    }

    /** In file order, for evaluation. */
    public static Plan inOrder(int batchSize, String labels) {
      return new Plan(batchSize, labels, 0, 0, false);
    }
  }

  /**
   * The epoch's batches, prepared {@code ahead} at most in advance on a background thread. Close it
   * (or read it to the end) to stop the thread.
   */
  public Batches batches(Plan plan, int ahead) {
    return new Batches(plan, ahead);
  }

  /** Every row of the split in file order (small splits, tests). */
  public List<EncodedSample> rows() throws IOException {
    List<EncodedSample> out = new ArrayList<>();
    for (ParquetFiles.RowGroup g : groups) {
      out.addAll(kept(g));
    }
    return out;
  }

  /** A row group's rows that this dataset keeps. */
  private List<EncodedSample> kept(ParquetFiles.RowGroup g) throws IOException {
    List<EncodedSample> rows = read(g);
    return keep == null ? rows : rows.stream().filter(keep).toList();
  }

  /** The row with this id, read one row group at a time. */
  public java.util.Optional<EncodedSample> find(String id) throws IOException {
    for (ParquetFiles.RowGroup g : groups) {
      for (EncodedSample r : kept(g)) {
        if (r.getId().toString().equals(id)) {
          return java.util.Optional.of(r);
        }
      }
    }
    return java.util.Optional.empty();
  }

  private static List<EncodedSample> read(ParquetFiles.RowGroup g) throws IOException {
    List<EncodedSample> out = new ArrayList<>();
    try (ParquetReader<EncodedSample> r = ParquetFiles.reader(g, Schemas.ENCODED_SAMPLE)) {
      for (EncodedSample rec = r.read(); rec != null; rec = r.read()) {
        out.add(rec);
      }
    }
    if (out.size() != g.rows()) {
      throw new IOException(
          g.file() + " row group at " + g.start() + " gave " + out.size() + " of " + g.rows());
    }
    return out;
  }

  /** An epoch's batches from the background reader; rethrows what failed there. */
  public final class Batches implements Iterator<Collate.Padded>, AutoCloseable {
    private static final Object END = new Object();
    private final BlockingQueue<Object> queue;
    private final Thread reader;
    private Object next;
    private volatile boolean closed;

    private Batches(Plan plan, int ahead) {
      queue = new ArrayBlockingQueue<>(Math.max(1, ahead));
      reader = new Thread(() -> produce(plan), "chfen-loader-" + split);
      reader.setDaemon(true);
      reader.start();
    }

    private void produce(Plan plan) {
      List<ParquetFiles.RowGroup> order = new ArrayList<>(groups);
      Random random = new Random(plan.seed() * 1_000_003L + plan.epoch());
      if (plan.shuffle()) {
        Collections.shuffle(order, random);
      }
      ExecutorService pool =
          Executors.newFixedThreadPool(
              READERS,
              r -> {
                Thread t = new Thread(r, "chfen-loader-read-" + split);
                t.setDaemon(true);
                return t;
              });
      // row groups are read READERS at a time, ahead, and used in the epoch's order
      Deque<Future<List<EncodedSample>>> pending = new ArrayDeque<>();
      try {
        // a window of at least 8 batches and 2 row groups is shuffled together
        int windowRows = 8 * plan.batchSize();
        List<EncodedSample> window = new ArrayList<>();
        int submitted = 0;
        int g = 0;
        while (g < order.size() && !closed) {
          int groupsIn = 0;
          do {
            while (submitted < order.size() && pending.size() <= READERS) {
              ParquetFiles.RowGroup next = order.get(submitted++);
              pending.add(pool.submit(() -> kept(next)));
            }
            window.addAll(pending.poll().get());
            g++;
            groupsIn++;
          } while (plan.shuffle()
              && g < order.size()
              && (window.size() < windowRows || groupsIn < 2));
          boolean last = g >= order.size();
          List<List<EncodedSample>> cut = new ArrayList<>();
          if (plan.shuffle()) {
            // rows of like length share a batch (little padding to copy and compute), the
            // batches go out in a shuffled order
            Collections.shuffle(window, random);
            window.sort(Comparator.comparingInt(EncodedSample::getSteps));
          }
          int from = 0;
          while (window.size() - from >= plan.batchSize() || last && from < window.size()) {
            int to = Math.min(window.size(), from + plan.batchSize());
            cut.add(window.subList(from, to));
            from = to;
          }
          if (plan.shuffle()) {
            Collections.shuffle(cut, random);
          }
          for (List<EncodedSample> batch : cut) {
            put(Collate.batch(batch, plan.labels()));
          }
          window = new ArrayList<>(window.subList(from, window.size()));
        }
        put(END);
      } catch (ExecutionException e) {
        Throwable c = e.getCause();
        putQuietly(
            c instanceof IOException io
                ? new UncheckedIOException(io)
                : c instanceof RuntimeException re ? re : new IllegalStateException(c));
      } catch (RuntimeException e) {
        putQuietly(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } finally {
        pool.shutdownNow();
      }
    }

    private void put(Object o) throws InterruptedException {
      while (!closed && !queue.offer(o, 100, TimeUnit.MILLISECONDS)) {
        // wait for the consumer, unless it closed
      }
    }

    private void putQuietly(RuntimeException e) {
      try {
        put(e);
      } catch (InterruptedException ie) {
        Thread.currentThread().interrupt();
      }
    }

    @Override
    public boolean hasNext() {
      if (next == null) {
        try {
          next = queue.take();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted while waiting for a batch", e);
        }
      }
      if (next instanceof RuntimeException e) {
        throw e;
      }
      return next != END;
    }

    @Override
    public Collate.Padded next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      Collate.Padded p = (Collate.Padded) next;
      next = null;
      return p;
    }

    /** Batches ready and waiting: near 0 all the time means the loader does not keep up. */
    public int ready() {
      return queue.size();
    }

    @Override
    public void close() {
      closed = true;
      reader.interrupt();
      try {
        reader.join(10_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
