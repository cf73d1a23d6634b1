package io.chfen.app.cli;

import ai.djl.Model;
import io.chfen.app.print.TrainingTables;
import io.chfen.files.Location;
import io.chfen.layout.RunLayout;
import io.chfen.records.EncodedSample;
import io.chfen.storage.Scratch;
import io.chfen.trainer.Checkpoint;
import io.chfen.trainer.Chfen;
import io.chfen.trainer.Contributions;
import io.chfen.trainer.Experiment;
import io.chfen.trainer.ShardCache;
import io.chfen.trainer.Training;
import io.chfen.trainer.TrainingFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Unmatched;

/** {@code chfen explain}: one video's prediction and what each modality contributed to it. */
@Command(
    name = "explain",
    mixinStandardHelpOptions = true,
    description = {
      "Explain one video's prediction by a trained CHFEN: the emotion probabilities, the"
          + " decision-level gate's weight on each head, and each modality's contribution (the"
          + " drop in the predicted emotion's probability when the modality is masked out)."
    })
final class ExplainCommand implements Callable<Integer> {
  @Option(
      names = "--shards",
      required = true,
      description =
          "The shards: a directory, or s3://… (fetched and verified, as chfen train does).")
  Location shards;

  @Option(
      names = "--shard-cache",
      paramLabel = "DIR",
      description = "Where shards from object storage are kept (default: a scratch folder).")
  Path shardCache;

  @Mixin RunnerOptions runnerOptions = new RunnerOptions();

  @Unmatched List<String> storageArgs = new ArrayList<>();

  @Option(names = "--id", required = true, description = "The video's id.")
  String id;

  @Option(
      names = "--checkpoint",
      description =
          "A checkpoint directory (…/best). Default: the first seed of the full net under"
              + " <shards>/../training/runs/full/ (local shards only).")
  Path checkpoint;

  @Override
  public Integer call() throws Exception {
    if (checkpoint == null && !shards.isLocal()) {
      throw new CommandLine.ParameterException(
          new CommandLine(this), "--shards " + shards + " is not local: give --checkpoint");
    }
    Path ckpt = checkpoint != null ? checkpoint : defaultCheckpoint(shards.path());
    Runs.storage(runnerOptions.args(storageArgs));
    try (Scratch scratch = Scratch.create("explain", 0)) {
      Path cache = shardCache != null ? shardCache : scratch.dir();
      return explain(ckpt, Training.Data.open(ShardCache.local(shards, cache).dir()));
    }
  }

  private int explain(Path ckpt, Training.Data data) throws Exception {
    EncodedSample row = null;
    String split = null;
    for (String s : List.of("train", "validation", "test")) {
      Optional<EncodedSample> r = data.split(s).find(id);
      if (r.isPresent()) {
        row = r.get();
        split = s;
        break;
      }
    }
    if (row == null) {
      throw new CommandLine.ParameterException(
          new CommandLine(this), "no video " + id + " in " + shards);
    }
    try (Model model = Checkpoint.loadModel(ckpt, data)) {
      Contributions.Row r =
          Contributions.explain((Chfen) model.getBlock(), model.getNDManager(), row);
      TrainingTables.explanation(r, split, ckpt, System.out);
    }
    return 0;
  }

  static Path defaultCheckpoint(Path shards) throws IOException {
    Path runs =
        TrainingFiles.runs(
            RunLayout.at(shards.toAbsolutePath().getParent()).training().path(), Experiment.FULL);
    if (Files.isDirectory(runs)) {
      try (Stream<Path> seeds = Files.list(runs)) {
        Optional<Path> first =
            seeds
                .filter(p -> Files.isDirectory(p.resolve(TrainingFiles.BEST)))
                .min(Comparator.comparing(Path::toString));
        if (first.isPresent()) {
          return first.get().resolve(TrainingFiles.BEST);
        }
      }
    }
    throw new IOException(
        "no trained net under " + runs + ": run chfen train first, or give --checkpoint");
  }
}
