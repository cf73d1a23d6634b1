package io.chfen.app.cli;

import io.chfen.app.print.TrainingProgress;
import io.chfen.app.print.TrainingTables;
import io.chfen.files.Location;
import io.chfen.layout.RunLayout;
import io.chfen.trainer.Checkpoint;
import io.chfen.trainer.CrossLingual;
import io.chfen.trainer.ShardCache;
import io.chfen.trainer.TrainConfig;
import io.chfen.trainer.Training;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Unmatched;

/** {@code chfen train}: CHFEN from the tensor shards, evaluated, with ablations and plots. */
@Command(
    name = "train",
    mixinStandardHelpOptions = true,
    description = {
      "Train CHFEN on the tensor shards (manifest checked first) with the DJL PyTorch engine, on a"
          + " GPU when one is visible: AdamW, warm-up + cosine, early stopping on validation"
          + " macro-F1, best/last checkpoints. Writes metrics.json, loss.png, metrics.png and"
          + " confusion.png, and prints the scores (mean ± std over --seeds)."
    })
final class TrainCommand implements Callable<Integer> {
  @Option(
      names = "--shards",
      required = true,
      description =
          "The shards (manifest.json, train/, validation/, test/): a directory, or s3://… fetched"
              + " into --shard-cache and verified against the manifest's SHA-256.")
  Location shards;

  @Option(
      names = "--out",
      description =
          "Output directory, on this machine (default: <shards>/../training for local shards).")
  Path out;

  @Option(
      names = "--shard-cache",
      paramLabel = "DIR",
      description =
          "Where shards from object storage are kept between runs (default: <out>/.shard-cache).")
  Path shardCache;

  @Mixin RunnerOptions runnerOptions = new RunnerOptions();

  @Unmatched List<String> storageArgs = new ArrayList<>();

  @Option(
      names = "--resume",
      description =
          "A checkpoint directory (…/last) to continue its run from, with the run's own settings"
              + " (--epochs may lengthen it).")
  Path resume;

  @Option(
      names = "--cross-lingual",
      split = ",",
      paramLabel = "A,B",
      description =
          "Cross-lingual transfer between two languages (e.g. zh,en) instead of the usual run:"
              + " each direction's in-domain score by --folds-fold cross-validation over the"
              + " source language's rows, its target score by a net trained on every source row"
              + " and scored on every target row, and the retention (target ÷ in-domain).")
  List<String> crossLingual;

  @Option(
      names = "--folds",
      defaultValue = "5",
      description = "Folds of the in-domain cross-validation (default ${DEFAULT-VALUE}).")
  int folds;

  @Mixin TrainOptions trainOptions = new TrainOptions();

  @Override
  public Integer call() throws Exception {
    if (out == null && !shards.isLocal()) {
      throw new CommandLine.ParameterException(
          new CommandLine(this), "--shards " + shards + " is not local: give --out");
    }
    Path dest = out != null ? out : shards.path().getParent().resolve(RunLayout.TRAINING);
    Runs.storage(runnerOptions.args(storageArgs));
    ShardCache.Fetched local =
        ShardCache.local(shards, shardCache != null ? shardCache : dest.resolve(".shard-cache"));
    if (!shards.isLocal()) {
      System.err.printf(
          "train: %s → %s (%d shard(s) fetched, %.1f MB; %d reused, every one verified)%n",
          shards, local.dir(), local.fetched(), local.bytes() / 1e6, local.reused());
    }
    TrainConfig cfg = trainOptions.config(new TrainConfig());
    Training.Data data = Training.Data.open(local.dir());
    if (resume != null) {
      // the run goes on with its own settings; --epochs may lengthen it
      cfg = Checkpoint.config(resume);
      if (trainOptions.epochs != null) {
        cfg.epochs = trainOptions.epochs;
      }
      try (TrainingProgress p = new TrainingProgress(System.err)) {
        Training.Result r = Training.run(cfg, data, resume.toAbsolutePath().getParent(), resume, p);
        TrainingTables.run(r, System.out);
      }
      return 0;
    }
    if (crossLingual != null) {
      if (crossLingual.size() != 2) {
        throw new CommandLine.ParameterException(
            new CommandLine(this), "--cross-lingual takes two languages, e.g. zh,en");
      }
      Path x = dest.resolve("cross-lingual");
      List<CrossLingual.Direction> d;
      try (TrainingProgress p = new TrainingProgress(System.err)) {
        d =
            CrossLingual.run(
                cfg,
                data,
                x,
                trainOptions.seeds,
                folds,
                crossLingual.get(0),
                crossLingual.get(1),
                p);
      }
      System.out.println();
      System.out.println(
          "Cross-lingual transfer (mean ± std over "
              + trainOptions.seeds
              + " seed(s); in-domain by "
              + folds
              + "-fold cross-validation; "
              + x.resolve("cross-lingual.json").toAbsolutePath()
              + "):");
      System.out.print(TrainingTables.crossLingual(d));
      return 0;
    }
    Runs.train(cfg, data, dest, trainOptions.seeds, trainOptions.ablations);
    return 0;
  }
}
