package io.chfen.trainer;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.tracker.CosineTracker;
import ai.djl.training.tracker.Tracker;
import ai.djl.training.tracker.WarmUpTracker;
import ai.djl.util.Pair;
import io.chfen.files.FileOps;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One training run of CHFEN on the shards: AdamW with warm-up and cosine decay, global-norm
 * gradient clipping, early stopping on the validation macro-F1 (the loss for sentiment), best and
 * last checkpoints with their provenance, and resumption from a checkpoint. The same seed and data
 * give the same run.
 */
public final class Training {
  /** What a run reports as it goes. */
  public interface Listener {
    default void epochStart(int epoch, int epochs, int batches) {}

    default void batch(int epoch, int batch, float loss, double samplesPerS) {}

    default void epochEnd(Epoch e) {}

    Listener NONE = new Listener() {};
  }

  /** One epoch's record. */
  public record Epoch(
      int epoch,
      int steps,
      double trainLoss,
      double validationLoss,
      double validationWar,
      double validationUar,
      double validationMacroF1,
      float learningRate,
      double samplesPerS,
      double seconds,
      double loaderWaitS,
      int skippedSteps,
      boolean best) {}

  /** A finished run: its epochs, the best epoch, and the best model's scores. */
  public record Result(
      TrainConfig config,
      List<Epoch> history,
      int bestEpoch,
      boolean stoppedEarly,
      Map<String, Evaluation.Report> evaluations,
      double seconds,
      long parameters,
      String device) {}

  /** The training, validation and test splits of a shards directory. */
  public record Data(Path dir, ShardDataset train, ShardDataset validation, ShardDataset test) {
    public static Data open(Path dir) throws IOException {
      return new Data(
          dir,
          ShardDataset.open(dir, "train"),
          ShardDataset.open(dir, "validation"),
          ShardDataset.open(dir, "test"));
    }

    /** The split called {@code name}: train, validation or test. */
    public ShardDataset split(String name) {
      return switch (name) {
        case "train" -> train;
        case "validation" -> validation;
        case "test" -> test;
        default -> throw new IllegalArgumentException("no split " + name);
      };
    }
  }

  /** The device to train on: a GPU when one is visible (auto), else the CPU. */
  static Device device(Engine engine, io.chfen.schemas.Device wanted) {
    return switch (wanted) {
      case CPU -> Device.cpu();
      case GPU -> {
        if (engine.getGpuCount() == 0) {
          throw new IllegalStateException("--device gpu: no GPU is visible to PyTorch");
        }
        yield Device.gpu();
      }
      case AUTO -> engine.getGpuCount() > 0 ? Device.gpu() : Device.cpu();
    };
  }

  private Training() {}

  /** The engine's seed for an epoch: a function of the run's seed and the epoch alone. */
  static int epochSeed(long seed, int epoch) {
    return (int) (seed * 1_000_003L + epoch);
  }

  /**
   * Trains and evaluates. Checkpoints go to {@code out/best} and {@code out/last}; {@code resume}
   * (or null) is a checkpoint directory to continue from, normally {@code out/last}.
   */
  public static Result run(TrainConfig cfg, Data data, Path out, Path resume, Listener listener)
      throws IOException {
    cfg.validated();
    if (data.train().size() == 0) {
      throw new IllegalArgumentException(data.dir() + ": the train split has no rows");
    }
    listener = listener == null ? Listener.NONE : listener;
    long started = System.nanoTime();
    Engine engine = Engine.getEngine("PyTorch");
    // PyTorch's grad mode is per thread and on by default: a run on a thread other than the one
    // that started the engine would record the optimizer's in-place updates
    ai.djl.pytorch.jni.JniUtils.setGradMode(false);
    engine.setRandomSeed((int) cfg.seed);
    Device device = device(engine, cfg.device);
    int perEpoch = (data.train().size() + cfg.batchSize - 1) / cfg.batchSize;
    if (cfg.maxBatches > 0) {
      perEpoch = Math.min(perEpoch, cfg.maxBatches);
    }
    int total = Math.max(1, perEpoch * cfg.epochs);
    AdamW optimizer = new AdamW(schedule(cfg, total), cfg.weightDecay);
    TrainingProvenance provenance = TrainingProvenance.of(data.dir(), device);
    Files.createDirectories(out);
    // a crash while a checkpoint was swapped in leaves it under its previous name
    FileOps.recover(out.resolve(TrainingFiles.LAST));
    FileOps.recover(out.resolve(TrainingFiles.BEST));
    if (resume != null) {
      FileOps.recover(resume);
    }
    try (Model model = Model.newInstance("chfen", device, "PyTorch")) {
      Chfen net = new Chfen(cfg.model);
      model.setBlock(net);
      DefaultTrainingConfig tc =
          new DefaultTrainingConfig(Loss.l2Loss())
              .optOptimizer(optimizer)
              .optDevices(new Device[] {device});
      Shape[] shapes = inputShapes(data.train(), cfg);
      TrainingState state = new TrainingState();
      if (resume != null) {
        // weights go in before the trainer exists: its parameter store keeps the arrays it saw
        state = Checkpoint.state(resume);
        if (!state.manifestSha256.equals(provenance.manifestSha256())) {
          throw new IOException(
              resume + " was trained on other shards (manifest " + state.manifestSha256 + ")");
        }
        net.initialize(model.getNDManager(), DataType.FLOAT32, shapes);
        Checkpoint.loadWeights(resume, model);
      }
      try (Trainer trainer = model.newTrainer(tc)) {
        trainer.initialize(shapes);
        if (resume != null) {
          Checkpoint.loadOptimizer(resume, optimizer, trainer.getManager(), net);
        }
        NDArray classWeights =
            cfg.classWeights ? classWeights(data.train(), cfg, trainer.getManager()) : null;
        long parameters = countParameters(net);
        for (int epoch = state.epochsDone; epoch < cfg.epochs && !state.stoppedEarly; epoch++) {
          // dropout draws from the engine's generator: seeded per epoch, a run resumed at an
          // epoch's start draws what the uninterrupted run drew
          engine.setRandomSeed(epochSeed(cfg.seed, epoch));
          listener.epochStart(epoch + 1, cfg.epochs, perEpoch);
          Epoch e = epoch(trainer, optimizer, cfg, data, epoch, perEpoch, classWeights, listener);
          boolean best = state.better(e, cfg.sentiment());
          e = withBest(e, best);
          state.history.add(e);
          state.epochsDone = epoch + 1;
          if (best) {
            state.bestEpoch = epoch + 1;
            state.bestF1 = e.validationMacroF1();
            state.bestLoss = selectionLoss(e);
          } else if (cfg.patience > 0
              && data.validation().size() > 0
              && epoch + 1 - state.bestEpoch >= cfg.patience) {
            state.stoppedEarly = true;
          }
          state.manifestSha256 = provenance.manifestSha256();
          Checkpoint.save(
              out.resolve(TrainingFiles.LAST), model, optimizer, cfg, state, provenance);
          if (best) {
            Checkpoint.save(
                out.resolve(TrainingFiles.BEST), model, optimizer, cfg, state, provenance);
          }
          listener.epochEnd(e);
        }
        // the best weights answer for the run
        if (!Files.isDirectory(out.resolve(TrainingFiles.BEST))) {
          throw new IOException(
              out + " has no best checkpoint: resume into the run's own directory");
        }
        Checkpoint.loadWeights(out.resolve(TrainingFiles.BEST), model);
        Map<String, Evaluation.Report> evaluations = new LinkedHashMap<>();
        for (ShardDataset split : List.of(data.train(), data.validation(), data.test())) {
          if (split.size() > 0) {
            evaluations.put(
                split.split(),
                Evaluation.evaluate(
                    net, trainer.getManager(), split, cfg, classWeights, cfg.prefetch));
          }
        }
        return new Result(
            cfg,
            List.copyOf(state.history),
            state.bestEpoch,
            state.stoppedEarly,
            evaluations,
            (System.nanoTime() - started) / 1e9,
            parameters,
            device.toString());
      }
    }
  }

  /** The selection loss of an epoch: validation loss when there is a validation split. */
  static double selectionLoss(Epoch e) {
    return Double.isNaN(e.validationLoss()) ? e.trainLoss() : e.validationLoss();
  }

  private static Epoch epoch(
      Trainer trainer,
      AdamW optimizer,
      TrainConfig cfg,
      Data data,
      int epoch,
      int perEpoch,
      NDArray classWeights,
      Listener listener) {
    long t0 = System.nanoTime();
    long waited = 0;
    double lossSum = 0;
    int lossRows = 0;
    int steps = 0;
    int skipped = 0;
    int samples = 0;
    float lr = optimizer.nextLearningRate();
    try (ShardDataset.Batches batches =
        data.train()
            .batches(
                ShardDataset.Plan.training(cfg.batchSize, cfg.labels, cfg.seed, epoch),
                cfg.prefetch)) {
      for (int b = 0; b < perEpoch; b++) {
        long w0 = System.nanoTime();
        if (!batches.hasNext()) {
          break;
        }
        Collate.Padded padded = batches.next();
        waited += System.nanoTime() - w0;
        float loss;
        try (NDManager m = trainer.getManager().newSubManager()) {
          NDList batch = padded.toNd(m);
          try (GradientCollector gc = trainer.newGradientCollector()) {
            NDList outputs = trainer.forward(Chfen.inputs(batch));
            NDArray l = Evaluation.objective(outputs, batch, cfg, classWeights);
            loss = l.getFloat();
            gc.backward(l);
          }
          if (clip(trainer, cfg.clipNorm) && Float.isFinite(loss)) {
            optimizer.beginStep();
            trainer.step();
            steps++;
          } else {
            skipped++;
            zeroGradients(trainer);
          }
        }
        int rows = padded.rows();
        if (Float.isFinite(loss)) {
          lossSum += (double) loss * rows;
          lossRows += rows;
        }
        samples += rows;
        listener.batch(epoch + 1, b + 1, loss, samples / ((System.nanoTime() - t0) / 1e9));
      }
    }
    if (skipped > 0 && steps == 0) {
      throw new ai.djl.TrainingDivergedException(
          "epoch " + (epoch + 1) + ": every step had a non-finite loss or gradient");
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    double valLoss = Double.NaN;
    double war = Double.NaN;
    double uar = Double.NaN;
    double f1 = Double.NaN;
    if (data.validation().size() > 0) {
      Evaluation.Report r =
          Evaluation.evaluate(
              (Chfen) trainer.getModel().getBlock(),
              trainer.getManager(),
              data.validation(),
              cfg,
              classWeights,
              cfg.prefetch);
      valLoss = r.loss();
      war = r.scores().war();
      uar = r.scores().uar();
      f1 = r.scores().macroF1();
    }
    return new Epoch(
        epoch + 1,
        steps,
        lossRows == 0 ? Double.NaN : lossSum / lossRows,
        valLoss,
        war,
        uar,
        f1,
        lr,
        samples / seconds,
        seconds,
        waited / 1e9,
        skipped,
        false);
  }

  private static Epoch withBest(Epoch e, boolean best) {
    return new Epoch(
        e.epoch(),
        e.steps(),
        e.trainLoss(),
        e.validationLoss(),
        e.validationWar(),
        e.validationUar(),
        e.validationMacroF1(),
        e.learningRate(),
        e.samplesPerS(),
        e.seconds(),
        e.loaderWaitS(),
        e.skippedSteps(),
        best);
  }

  /**
   * Scales the gradients to the global L2 norm {@code max} when above it; false (and nothing
   * scaled) when a gradient is NaN or infinite.
   */
  private static boolean clip(Trainer trainer, float max) {
    List<NDArray> grads = new ArrayList<>();
    NDList squares = new NDList();
    try (NDManager m = trainer.getManager().newSubManager()) {
      for (Pair<String, Parameter> p : trainer.getModel().getBlock().getParameters()) {
        NDArray g = p.getValue().getArray().getGradient();
        m.tempAttachAll(g);
        grads.add(g);
        squares.add(g.square().sum());
      }
      float norm = (float) Math.sqrt(NDArrays.stack(squares).sum().getFloat());
      if (!Float.isFinite(norm)) {
        return false;
      }
      if (max > 0 && norm > max) {
        NDArray scale = m.full(new Shape(), max / norm, DataType.FLOAT32);
        for (NDArray g : grads) {
          g.muli(scale);
        }
      }
      return true;
    }
  }

  private static void zeroGradients(Trainer trainer) {
    for (Pair<String, Parameter> p : trainer.getModel().getBlock().getParameters()) {
      AdamW.zeroGradient(p.getValue().getArray());
    }
  }

  private static long countParameters(Chfen net) {
    long n = 0;
    for (Pair<String, Parameter> p : net.getParameters()) {
      n += p.getValue().getArray().size();
    }
    return n;
  }

  /** The input shapes, from the first two rows of the training split. */
  static Shape[] inputShapes(ShardDataset train, TrainConfig cfg) {
    try (ShardDataset.Batches b = train.batches(ShardDataset.Plan.inOrder(2, cfg.labels), 1);
        NDManager m = NDManager.newBaseManager()) {
      NDList in = Chfen.inputs(b.next().toNd(m));
      Shape[] s = new Shape[in.size()];
      for (int i = 0; i < s.length; i++) {
        s[i] = in.get(i).getShape();
      }
      return s;
    }
  }

  /**
   * Class weights [emotions] against imbalance: each class's weight is the inverse of its share of
   * the training targets (mean 1 over the classes that occur; 0 for the others).
   */
  static NDArray classWeights(ShardDataset train, TrainConfig cfg, NDManager manager) {
    double[] mass = new double[Chfen.NUM_EMOTIONS];
    try (ShardDataset.Batches b =
            train.batches(ShardDataset.Plan.inOrder(64, cfg.labels), cfg.prefetch);
        NDManager m = manager.newSubManager()) {
      while (b.hasNext()) {
        NDList batch = b.next().toNd(m);
        NDArray t =
            cfg.model.multiLabel
                ? Losses.presenceTargets(batch.get("labels"))
                : Losses.primaryTargets(batch.get("labels"));
        float[] rows =
            t.mul(batch.get("labelsMask").toType(DataType.FLOAT32, false).expandDims(1))
                .sum(new int[] {0})
                .toFloatArray();
        for (int e = 0; e < Chfen.NUM_EMOTIONS; e++) {
          mass[e] += rows[e];
        }
      }
    }
    double total = 0;
    int present = 0;
    for (double x : mass) {
      total += x;
      present += x > 0 ? 1 : 0;
    }
    float[] w = new float[Chfen.NUM_EMOTIONS];
    for (int e = 0; e < Chfen.NUM_EMOTIONS; e++) {
      w[e] = mass[e] > 0 ? (float) (total / (present * mass[e])) : 0f;
    }
    return manager.create(w);
  }

  private static Tracker schedule(TrainConfig cfg, int total) {
    int warm = Math.round(cfg.warmup * total);
    Tracker cosine =
        CosineTracker.builder()
            .setBaseValue(cfg.learningRate)
            .optFinalValue(cfg.learningRate * cfg.finalLearningRate)
            .setMaxUpdates(Math.max(1, total - warm))
            .build();
    if (warm == 0) {
      return cosine;
    }
    return WarmUpTracker.builder()
        .optWarmUpBeginValue(0f)
        .optWarmUpSteps(warm)
        .setMainTracker(cosine)
        .build();
  }
}
