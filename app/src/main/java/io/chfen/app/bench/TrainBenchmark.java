package io.chfen.app.bench;

import io.chfen.app.print.Numbers;
import io.chfen.app.print.Table;
import io.chfen.dataset.encode.EncodeSpec;
import io.chfen.dataset.encode.SampleEncoder;
import io.chfen.files.FileOps;
import io.chfen.layout.RunLayout;
import io.chfen.records.EncodedSample;
import io.chfen.records.Tensor;
import io.chfen.records.VideoArtifacts;
import io.chfen.records.VideoMetadata;
import io.chfen.schemas.ParquetFiles;
import io.chfen.schemas.Schemas;
import io.chfen.schemas.ShardManifest;
import io.chfen.schemas.Tensors;
import io.chfen.trainer.Collate;
import io.chfen.trainer.ShardDataset;
import io.chfen.trainer.TrainConfig;
import io.chfen.trainer.Training;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Trainer speed: the shard loader against plain reads of the same files, training steps on the CPU
 * (or the GPU PyTorch sees), and an epoch from shards against encoding on the fly, the way the
 * original CHFEN fed its net. Warm-up before every timing; prints tables.
 */
public final class TrainBenchmark {
  private final Path demo;

  /**
   * @param demo a demo output (processed/, artifacts/, shards/)
   */
  public TrainBenchmark(Path demo) {
    this.demo = demo;
  }

  public String run(int rows, Path work) throws Exception {
    Path shards = RunLayout.at(demo).shards().path();
    List<EncodedSample> real = new ArrayList<>();
    for (String split : List.of("train", "validation", "test")) {
      real.addAll(ShardDataset.open(shards, split).rows());
    }
    if (real.isEmpty()) {
      throw new IOException("no shard rows in " + shards + ": run ./chfen demo first");
    }
    // the demo's real rows repeated under new ids, every value scaled by its own random factor
    // (repeated bytes would shrink to nothing in Parquet's dictionaries): real shapes, a
    // realistic volume
    List<EncodedSample> many = new ArrayList<>();
    java.util.Random random = new java.util.Random(7);
    for (int i = 0; i < rows; i++) {
      EncodedSample r = real.get(i % real.size());
      many.add(
          EncodedSample.newBuilder(r)
              .setId(String.format(Locale.ROOT, "%s-%06d", r.getId(), i))
              .setSplit("train")
              .setTitle(jitter(r.getTitle(), random))
              .setVocalsGlobal(jitter(r.getVocalsGlobal(), random))
              .setMusicGlobal(jitter(r.getMusicGlobal(), random))
              .setFrames(jitter(r.getFrames(), random))
              .setFaces(jitter(r.getFaces(), random))
              .setText(jitter(r.getText(), random))
              .setVocals(jitter(r.getVocals(), random))
              .setMusic(jitter(r.getMusic(), random))
              .build());
    }
    Path big = work.resolve("bench-shards");
    FileOps.deleteTree(big);
    // row groups of the size the encode stage writes by default
    ShardManifest.writeShards(big, Map.of("train", many), 4, new EncodeSpec().rowGroupBytes);
    StringBuilder out = new StringBuilder();
    out.append(loader(big)).append('\n');
    out.append(steps(big, work)).append('\n');
    out.append(epochs(shards, work));
    return out.toString();
  }

  private static Tensor jitter(Tensor t, java.util.Random random) {
    float[] v = Tensors.floats(t);
    for (int i = 0; i < v.length; i++) {
      v[i] *= 1 + 0.01f * (float) random.nextGaussian();
    }
    return Tensors.of(v, Tensors.shape(t));
  }

  /** Loader throughput against reading the bytes and against a plain sequential Parquet read. */
  private String loader(Path dir) throws IOException {
    ShardManifest m = ShardManifest.read(dir);
    long bytes = m.shards().stream().mapToLong(ShardManifest.Shard::bytes).sum();
    long n = m.rows();
    double rawBytes = best(() -> readBytes(dir, m));
    double plain = best(() -> readRows(dir, m));
    ShardDataset d = ShardDataset.open(dir, "train");
    double loader = best(() -> loaderEpoch(d, 32));
    Table t = new Table("read", "s", "samples/s", "MB/s", "vs Parquet rows");
    t.row(
        "file bytes (page cache)",
        Numbers.fixed(rawBytes, 3),
        Numbers.fixed(n / rawBytes, 0),
        Numbers.fixed(bytes / 1e6 / rawBytes, 0),
        "-");
    t.row(
        "Parquet rows, sequential",
        Numbers.fixed(plain, 3),
        Numbers.fixed(n / plain, 0),
        Numbers.fixed(bytes / 1e6 / plain, 0),
        "1.00");
    t.row(
        "loader: shuffled, collated batches of 32, prefetch",
        Numbers.fixed(loader, 3),
        Numbers.fixed(n / loader, 0),
        Numbers.fixed(bytes / 1e6 / loader, 0),
        Numbers.fixed(plain / loader, 2));
    return String.format(
            Locale.ROOT,
            "Loader: %d rows, %.1f MB in %d files, %d row groups (best of 3 after a warm-up)%n",
            n,
            bytes / 1e6,
            m.shards().size(),
            d.rowGroups())
        + t;
  }

  private static double readBytes(Path dir, ShardManifest m) throws IOException {
    long t0 = System.nanoTime();
    ByteBuffer buf = ByteBuffer.allocateDirect(1 << 20);
    for (ShardManifest.Shard s : m.shards()) {
      try (FileChannel c = FileChannel.open(dir.resolve(s.file()))) {
        while (c.read(buf) > 0) {
          buf.clear();
        }
      }
    }
    return (System.nanoTime() - t0) / 1e9;
  }

  private static double readRows(Path dir, ShardManifest m) throws IOException {
    long t0 = System.nanoTime();
    long n = 0;
    for (ShardManifest.Shard s : m.shards()) {
      n += ParquetFiles.readFile(dir.resolve(s.file()), Schemas.ENCODED_SAMPLE).size();
    }
    if (n != m.rows()) {
      throw new IOException("read " + n + " rows of " + m.rows());
    }
    return (System.nanoTime() - t0) / 1e9;
  }

  private static double loaderEpoch(ShardDataset d, int batch) {
    long t0 = System.nanoTime();
    long n = 0;
    try (ShardDataset.Batches b =
        d.batches(ShardDataset.Plan.training(batch, "overall", 1, 0), 4)) {
      while (b.hasNext()) {
        Collate.Padded p = b.next();
        n += p.rows();
      }
    }
    if (n != d.size()) {
      throw new IllegalStateException("loaded " + n + " of " + d.size());
    }
    return (System.nanoTime() - t0) / 1e9;
  }

  /**
   * Training steps: the time per step and samples/s at the default width, and the loader's share.
   */
  private static String steps(Path dir, Path work) throws IOException {
    Training.Data data =
        new Training.Data(
            dir,
            ShardDataset.open(dir, "train"),
            ShardDataset.open(dir, "validation"),
            ShardDataset.open(dir, "test"));
    Table t =
        new Table(
            "d",
            "layers",
            "batch",
            "parameters",
            "device",
            "ms/step",
            "samples/s",
            "loader wait %");
    for (int[] shape : new int[][] {{64, 1, 16}, {64, 1, 32}, {128, 2, 32}}) {
      TrainConfig c = new TrainConfig();
      c.model.d = shape[0];
      c.model.layers = shape[1];
      c.batchSize = shape[2];
      c.epochs = 2; // the first is the warm-up
      c.maxBatches = 40;
      Training.Result r = Training.run(c, data, work.resolve("bench-steps"), null, null);
      Training.Epoch e = r.history().get(1);
      t.row(
          shape[0],
          shape[1],
          shape[2],
          r.parameters(),
          r.device(),
          Numbers.fixed(1000 * e.seconds() / e.steps(), 1),
          Numbers.fixed(e.samplesPerS(), 1),
          Numbers.fixed(100 * e.loaderWaitS() / e.seconds(), 1));
    }
    return "Training steps (40 per epoch, second epoch timed; T = the demo videos' steps)\n" + t;
  }

  /**
   * An epoch over the corpus's training rows from the shards, against one that encodes every video
   * first, as a trainer without shards must in every epoch.
   */
  private String epochs(Path shards, Path work) throws IOException {
    Training.Data data = Training.Data.open(shards);
    TrainConfig c = new TrainConfig();
    c.epochs = 3;
    c.batchSize = 8;
    Training.Result r = Training.run(c, data, work.resolve("bench-epochs"), null, null);
    double fromShards =
        r.history().subList(1, 3).stream().mapToDouble(Training.Epoch::seconds).average().orElse(0);
    List<VideoArtifacts> videos =
        ParquetFiles.readAll(RunLayout.at(demo).processed().path(), Schemas.VIDEO_ARTIFACTS);
    java.util.Set<String> train = new java.util.HashSet<>();
    for (EncodedSample s : data.train().rows()) {
      train.add(s.getId().toString());
    }
    double encode = 0;
    Map<String, VideoMetadata> meta = new HashMap<>();
    for (VideoMetadata v :
        ParquetFiles.<VideoMetadata>readAll(
            RunLayout.at(demo).metadata().path(), Schemas.VIDEO_METADATA)) {
      meta.put(v.getId().toString(), v);
    }
    try (SampleEncoder enc = new SampleEncoder(new EncodeSpec())) {
      for (int round = 0; round < 2; round++) { // the first is the warm-up
        long t0 = System.nanoTime();
        for (VideoArtifacts a : videos) {
          if (train.contains(a.getId().toString())) {
            enc.encode(
                a,
                demo.resolve(a.getArtifactsDir()),
                meta.get(a.getId().toString()),
                null,
                "train");
          }
        }
        encode = (System.nanoTime() - t0) / 1e9;
      }
    }
    Table t = new Table("epoch over the corpus", "videos", "s", "vs shards");
    t.row("from the shards", data.train().size(), Numbers.fixed(fromShards, 3), "1.0×");
    t.row(
        "encoding on the fly + the same steps",
        train.size(),
        Numbers.fixed(encode + fromShards, 3),
        Numbers.fixed((encode + fromShards) / fromShards, 0) + "×");
    return "Epoch time, sample corpus (train split, batch 8, d 64)\n" + t;
  }

  private interface Timed {
    double run() throws IOException;
  }

  /** Best of 3 after a warm-up. */
  private static double best(Timed t) throws IOException {
    t.run();
    double best = Double.MAX_VALUE;
    for (int i = 0; i < 3; i++) {
      best = Math.min(best, t.run());
    }
    return best;
  }
}
