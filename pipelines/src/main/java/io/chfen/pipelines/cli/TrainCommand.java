package io.chfen.pipelines.cli;

import io.chfen.pipelines.Table;
import io.chfen.trainer.Chfen;
import io.chfen.trainer.Contributions;
import io.chfen.trainer.CrossLingual;
import io.chfen.trainer.Evaluation;
import io.chfen.trainer.Experiment;
import io.chfen.trainer.Scores;
import io.chfen.trainer.TrainConfig;
import io.chfen.trainer.Training;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

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
      description = "The shards directory (manifest.json, train/, validation/, test/).")
  Path shards;

  @Option(names = "--out", description = "Output directory (default: <shards>/../training).")
  Path out;

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
    Path dest = out != null ? out : shards.toAbsolutePath().getParent().resolve("training");
    TrainConfig cfg = trainOptions.config(new TrainConfig());
    Training.Data data = Training.Data.open(shards);
    if (resume != null) {
      // the run goes on with its own settings; --epochs may lengthen it
      cfg = Training.Checkpoint.config(resume);
      if (trainOptions.epochs != null) {
        cfg.epochs = trainOptions.epochs;
      }
      try (TrainingProgress p = new TrainingProgress(System.err)) {
        Training.Result r = Training.run(cfg, data, resume.toAbsolutePath().getParent(), resume, p);
        printRun(r, System.out);
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
      System.out.print(crossLingualTable(d));
      return 0;
    }
    train(cfg, data, dest, trainOptions.seeds, trainOptions.ablations);
    return 0;
  }

  static Table crossLingualTable(List<CrossLingual.Direction> directions) {
    Table t =
        new Table(
            "direction",
            "source rows",
            "target rows",
            "in-domain WAR",
            "in-domain UAR",
            "target WAR",
            "target UAR",
            "retention WAR",
            "retention UAR");
    for (CrossLingual.Direction d : directions) {
      t.row(
          d.source() + " → " + d.target(),
          d.sourceRows(),
          d.targetRows(),
          d.inDomainWar(),
          d.inDomainUar(),
          d.targetWar(),
          d.targetUar(),
          d.retentionWar(),
          d.retentionUar());
    }
    return t;
  }

  /** Trains as configured, prints the tables, returns the summary. */
  static Experiment.Summary train(
      TrainConfig cfg, Training.Data data, Path dest, int seeds, boolean ablations)
      throws java.io.IOException {
    System.err.printf(
        Locale.ROOT,
        "train: %d train, %d validation, %d test rows from %s → %s%n",
        data.train().size(),
        data.validation().size(),
        data.test().size(),
        data.dir(),
        dest.toAbsolutePath());
    if (data.validation().size() == 0) {
      System.err.println(
          "train: no validation rows: no early stopping, the best checkpoint is the lowest training loss");
    }
    Experiment.Summary s;
    try (TrainingProgress p = new TrainingProgress(System.err)) {
      s = Experiment.run(cfg, data, dest, seeds, ablations, p);
    }
    printSummary(s, System.out);
    return s;
  }

  static void printRun(Training.Result r, PrintStream out) {
    Table t = new Table("split", "rows", "labelled", "loss", "WAR", "UAR", "macro-F1");
    for (Evaluation.Report rep : r.evaluations().values()) {
      Scores s = rep.scores();
      t.row(
          rep.split(),
          rep.rows(),
          rep.labelled(),
          f(rep.loss()),
          f(s.war()),
          f(s.uar()),
          f(s.macroF1()));
    }
    out.println();
    out.printf(
        Locale.ROOT,
        "Training (best epoch %d of %d, %s, %.1f s)%n",
        r.bestEpoch(),
        r.history().size(),
        r.device(),
        r.seconds());
    out.print(t);
  }

  static void printSummary(Experiment.Summary s, PrintStream out) {
    Experiment.Run first = s.runs().get(0);
    Training.Result r0 = first.result();
    double seconds = s.runs().stream().mapToDouble(x -> x.result().seconds()).sum();
    out.println();
    out.printf(
        Locale.ROOT,
        "Training summary (%s; %d run(s), %d parameters, %s, %.1f s)%n",
        s.out().resolve("metrics.json").toAbsolutePath(),
        s.runs().size(),
        r0.parameters(),
        r0.device(),
        seconds);
    Table e =
        new Table(
            "epoch",
            "train loss",
            "val loss",
            "val macro-F1",
            "lr at start",
            "samples/s",
            "loader wait s");
    int n = r0.history().size();
    int every = Math.max(1, (n + 9) / 10);
    for (Training.Epoch x : r0.history()) {
      // at most about ten rows: the first, every k-th, the best and the last
      if (x.epoch() != 1
          && x.epoch() % every != 0
          && x.epoch() != r0.bestEpoch()
          && x.epoch() != n) {
        continue;
      }
      e.row(
          x.epoch() + (x.best() ? " *" : ""),
          f(x.trainLoss()),
          f(x.validationLoss()),
          f(x.validationMacroF1()),
          String.format(Locale.ROOT, "%.2e", x.learningRate()),
          String.format(Locale.ROOT, "%.1f", x.samplesPerS()),
          String.format(Locale.ROOT, "%.2f", x.loaderWaitS()));
    }
    out.println(
        "First run ("
            + first.variant()
            + ", seed "
            + first.seed()
            + "; * = a new best; best epoch "
            + r0.bestEpoch()
            + (n > 10 ? "; one epoch in " + every + " shown" : "")
            + "):");
    out.print(e);
    out.println();
    out.println(
        "Scores on the "
            + s.reportSplit()
            + " split ("
            + s.full().n() / Math.max(1, s.table().get("full").get("war").runs())
            + " labelled row(s)), mean ± std over seeds"
            + (s.reportSplit().equals("train") ? " (no held-out rows: a fit, not a result)" : "")
            + ":");
    Table t = new Table("variant", "WAR", "UAR", "macro-F1");
    for (Map.Entry<String, Map<String, Scores.Spread>> row : s.table().entrySet()) {
      t.row(
          row.getKey(),
          row.getValue().get("war"),
          row.getValue().get("uar"),
          row.getValue().get("macroF1"));
    }
    out.print(t);
    Table c = new Table("emotion", "F1 (full, seeds pooled)");
    s.full().f1().forEach((k, v) -> c.row(k, v.isNaN() ? "-" : f(v)));
    out.println();
    out.print(c);
    out.println();
    out.println(
        "Modality contributions (full net, "
            + s.reportSplit()
            + " split, seeds pooled): mean drop in the predicted emotion's probability when the"
            + " modality is masked out; the gate's mean weight per decision head:");
    out.print(contributions("predicted emotion", s.explained()));
    out.println(
        "Plots: loss.png, metrics.png, confusion.png, contributions.png,"
            + " contributions-language.png in "
            + s.out().toAbsolutePath());
  }

  /** One row per emotion, one per language, then all: ablation drops and gate weights. */
  static Table contributions(String group, Experiment.Explained x) {
    List<String> header = new ArrayList<>(List.of(group, "videos"));
    Contributions.MODALITIES.keySet().forEach(m -> header.add("Δp " + m));
    Chfen.HEADS.forEach(h -> header.add("gate " + h));
    Table t = new Table(header.toArray(String[]::new));
    Map<String, Contributions.Group> rows = new LinkedHashMap<>(x.byEmotion());
    x.byLanguage().forEach((k, v) -> rows.put("language " + k, v));
    if (x.overall() != null) {
      rows.put("all", x.overall());
    }
    rows.forEach(
        (k, g) -> {
          List<Object> cells = new ArrayList<>(List.of(k, g.videos()));
          g.ablation().values().forEach(v -> cells.add(String.format(Locale.ROOT, "%+.3f", v)));
          g.gate().values().forEach(v -> cells.add(f(v)));
          t.row(cells.toArray());
        });
    return t;
  }

  private static String f(double v) {
    return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.3f", v);
  }
}
