package io.chfen.app.print;

import io.chfen.schemas.Plutchik;
import io.chfen.trainer.Chfen;
import io.chfen.trainer.Contributions;
import io.chfen.trainer.CrossLingual;
import io.chfen.trainer.Evaluation;
import io.chfen.trainer.Experiment;
import io.chfen.trainer.Scores;
import io.chfen.trainer.Sentiment;
import io.chfen.trainer.Training;
import io.chfen.trainer.TrainingFiles;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;

/** The tables of {@code chfen train} and {@code chfen explain}. */
public final class TrainingTables {
  private TrainingTables() {}

  public static Table crossLingual(List<CrossLingual.Direction> directions) {
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

  public static void run(Training.Result r, PrintStream out) {
    Table t =
        new Table(
            "split",
            "rows",
            "labelled",
            "loss",
            "WAR",
            "UAR",
            "macro-F1",
            "Acc2 has-0",
            "MAE",
            "Corr");
    for (Evaluation.Report rep : r.evaluations().values()) {
      Scores s = rep.scores();
      Sentiment.Metrics m = rep.sentiment();
      t.row(
          rep.split(),
          rep.rows(),
          rep.labelled(),
          f3(rep.loss()),
          f3(s.war()),
          f3(s.uar()),
          f3(s.macroF1()),
          m == null ? "-" : f3(m.acc2Has0()),
          m == null ? "-" : f3(m.mae()),
          m == null ? "-" : f3(m.corr()));
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

  public static void summary(Experiment.Summary s, PrintStream out) {
    Experiment.Run first = s.runs().get(0);
    Training.Result r0 = first.result();
    double seconds = s.runs().stream().mapToDouble(x -> x.result().seconds()).sum();
    out.println();
    out.printf(
        Locale.ROOT,
        "Training summary (%s; %d run(s), %d parameters, %s, %.1f s)%n",
        s.out().resolve(TrainingFiles.METRICS).toAbsolutePath(),
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
          f3(x.trainLoss()),
          f3(x.validationLoss()),
          f3(x.validationMacroF1()),
          String.format(Locale.ROOT, "%.2e", x.learningRate()),
          Numbers.fixed(x.samplesPerS(), 1),
          Numbers.fixed(x.loaderWaitS(), 2));
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
    boolean sentiment = s.table().get(Experiment.FULL).containsKey("mae");
    if (sentiment) {
      out.println();
      out.println(
          "Sentiment, as the CH-SIMS v2 / CMU-MOSEI tables report it (MMSA: Acc2 with and without"
              + " the zeros, weighted F1, Acc3 by the neutral band, MAE and Pearson r in the"
              + " dataset's units):");
      Table m =
          new Table(
              "variant", "Acc2 has-0", "F1 has-0", "Acc2 non-0", "F1 non-0", "Acc3", "MAE", "Corr");
      for (Map.Entry<String, Map<String, Scores.Spread>> row : s.table().entrySet()) {
        Map<String, Scores.Spread> v = row.getValue();
        m.row(
            row.getKey(),
            v.get("acc2Has0"),
            v.get("f1Has0"),
            v.get("acc2Non0"),
            v.get("f1Non0"),
            v.get("acc3"),
            v.get("mae"),
            v.get("corr"));
      }
      out.print(m);
    }
    Table c = new Table(sentiment ? "class" : "emotion", "F1 (full, seeds pooled)");
    s.full().f1().forEach((k, v) -> c.row(k, v.isNaN() ? "-" : f3(v)));
    out.println();
    out.print(c);
    out.println();
    if (sentiment) {
      out.println("Plots: loss.png, metrics.png, confusion.png in " + s.out().toAbsolutePath());
      return;
    }
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
  public static Table contributions(String group, Experiment.Explained x) {
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
          g.ablation().values().forEach(v -> cells.add(Numbers.signed(v, 3)));
          g.gate().values().forEach(v -> cells.add(f3(v)));
          t.row(cells.toArray());
        });
    return t;
  }

  public static void explanation(
      Contributions.Row r, String split, Path checkpoint, PrintStream out) {
    out.printf(
        Locale.ROOT,
        "%s (%s split, language %s): %s, p = %.3f   [%s]%n",
        r.id(),
        split,
        r.language(),
        r.emotion(),
        r.probability(),
        checkpoint);
    Table p = new Table("emotion", "probability");
    IntStream.range(0, Plutchik.NUM_EMOTIONS)
        .boxed()
        .sorted(Comparator.comparingDouble(k -> -r.probabilities()[k]))
        .limit(3)
        .forEach(k -> p.row(Plutchik.EMOTION_NAMES.get(k), f3(r.probabilities()[k])));
    out.print(p);
    Table a = new Table("modality", "contribution (Δp when masked out)");
    r.ablation().forEach((m, v) -> a.row(m, Numbers.signed(v, 3)));
    out.println();
    out.print(a);
    Table g = new Table("decision head", "gate weight");
    r.gate().forEach((h, v) -> g.row(h, f3(v)));
    out.println();
    out.print(g);
  }

  private static String f3(double v) {
    return Numbers.fixed(v, 3);
  }
}
