package io.chfen.trainer;

import ai.djl.Model;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.ToDoubleFunction;

/**
 * Training as a result worth reporting: the full net over N seeds and, optionally, each ablation
 * over the same seeds, each run trained from scratch; scores as mean ± standard deviation over the
 * seeds. Writes {@code metrics.json}, the PNG plots and {@code contributions.json} (every
 * prediction of the full net on the report split with its modality breakdown) beside the runs'
 * checkpoints.
 */
public final class Experiment {
  /** The variant with every modality and both fusion levels: the net itself. */
  public static final String FULL = "full";

  /** A configuration of the net to train and compare. */
  public record Variant(String name, String what, Consumer<Chfen.Config> change) {}

  /** The full net first, then the ablations DESIGN.md §4 asks for. */
  public static final List<Variant> VARIANTS =
      List.of(
          new Variant(FULL, "every modality, conditional query, both fusion levels", c -> {}),
          new Variant("no_visual", "frames and faces dropped", c -> c.dropped = drop(c, "visual")),
          new Variant(
              "no_expression",
              "the faces' expression probabilities left out of the visual sequence",
              c -> c.expressions = false),
          new Variant("no_text", "subtitle text dropped", c -> c.dropped = drop(c, "text")),
          new Variant(
              "no_acoustic", "vocals and music dropped", c -> c.dropped = drop(c, "acoustic")),
          new Variant("no_title", "title dropped", c -> c.dropped = drop(c, "title")),
          new Variant(
              "no_context",
              "no metadata context in the query (publish time, duration, engagement, tags)",
              c -> c.contextInQuery = false),
          new Variant(
              "no_conditional_query",
              "learned query only, no title or audio condition",
              c -> c.conditionalQuery = false),
          new Variant(
              "feature_level_only",
              "only the pair-fusion heads decide",
              c -> c.modalityHeads = false),
          new Variant(
              "decision_level_only",
              "per-modality heads only, no pair fusion",
              c -> c.featureFusion = false));

  private static Set<String> drop(Chfen.Config c, String m) {
    Set<String> s = new java.util.TreeSet<>(c.dropped);
    s.add(m);
    return s;
  }

  /** One trained run. */
  public record Run(String variant, long seed, Training.Result result) {}

  /** What an experiment found; {@code metrics.json} holds the same. */
  public record Summary(
      Path out,
      String reportSplit,
      List<Run> runs,
      Map<String, Map<String, Scores.Spread>> table,
      Scores full,
      Explained explained) {}

  /**
   * The full net's predictions on the report split explained (every seed's best weights), and their
   * means per predicted emotion, per language and overall.
   */
  public record Explained(
      List<Contributions.Row> rows,
      Map<String, Contributions.Group> byEmotion,
      Map<String, Contributions.Group> byLanguage,
      Contributions.Group overall) {
    static Explained of(List<Contributions.Row> rows) {
      return new Explained(
          rows,
          Contributions.aggregate(rows, Contributions.Row::emotion),
          Contributions.aggregate(rows, Contributions.Row::language),
          Contributions.aggregate(rows, r -> "all").getOrDefault("all", null));
    }
  }

  /** Hears about each run as it starts, then its epochs. */
  public interface Listener extends Training.Listener {
    default void runStart(int index, int of, String variant, long seed) {}
  }

  private Experiment() {}

  /**
   * Trains {@code seeds} runs (seeds base.seed, base.seed + 1, …) of the full net, and of every
   * ablation when {@code ablations}; each run's checkpoints in {@code out/runs/<variant>/seed-<s>}.
   */
  public static Summary run(
      TrainConfig base,
      Training.Data data,
      Path out,
      int seeds,
      boolean ablations,
      Listener listener)
      throws IOException {
    if (listener == null) {
      listener = new Listener() {};
    }
    List<Variant> variants = ablations ? VARIANTS : VARIANTS.subList(0, 1);
    String split = reportSplit(data);
    List<Run> runs = new ArrayList<>();
    int index = 0;
    for (Variant v : variants) {
      for (int s = 0; s < seeds; s++) {
        TrainConfig c = base.withSeed(base.seed + s);
        v.change().accept(c.model);
        listener.runStart(++index, variants.size() * seeds, v.name(), c.seed);
        Path dir = TrainingFiles.run(out, v.name(), c.seed);
        runs.add(new Run(v.name(), c.seed, Training.run(c, data, dir, null, listener)));
      }
    }
    Map<String, Map<String, Scores.Spread>> table = new LinkedHashMap<>();
    for (Variant v : variants) {
      List<Run> mine = runs.stream().filter(r -> r.variant().equals(v.name())).toList();
      Map<String, Scores.Spread> row = new LinkedHashMap<>();
      row.put("war", spread(mine, split, Scores::war));
      row.put("uar", spread(mine, split, Scores::uar));
      row.put("macroF1", spread(mine, split, Scores::macroF1));
      if (base.sentiment()) {
        row.put("acc2Has0", sentiment(mine, split, Sentiment.Metrics::acc2Has0));
        row.put("f1Has0", sentiment(mine, split, Sentiment.Metrics::f1Has0));
        row.put("acc2Non0", sentiment(mine, split, Sentiment.Metrics::acc2Non0));
        row.put("f1Non0", sentiment(mine, split, Sentiment.Metrics::f1Non0));
        row.put("acc3", sentiment(mine, split, Sentiment.Metrics::acc3));
        row.put("mae", sentiment(mine, split, Sentiment.Metrics::mae));
        row.put("corr", sentiment(mine, split, Sentiment.Metrics::corr));
      }
      table.put(v.name(), row);
    }
    Scores full = pooled(runs.stream().filter(r -> r.variant().equals(FULL)).toList(), split);
    Map<String, List<Contributions.Row>> explained = new LinkedHashMap<>();
    for (Run r : runs) {
      // the breakdown reads emotion probabilities: the emotion target's alone
      if (r.variant().equals(FULL) && !base.sentiment()) {
        Path best = TrainingFiles.run(out, FULL, r.seed()).resolve(TrainingFiles.BEST);
        try (Model model = Checkpoint.loadModel(best, data)) {
          explained.put(
              "seed-" + r.seed(),
              Contributions.explain(
                  (Chfen) model.getBlock(),
                  model.getNDManager(),
                  data.split(split),
                  base.batchSize));
        }
      }
    }
    Json.write(out.resolve(TrainingFiles.CONTRIBUTIONS), explained);
    Summary summary =
        new Summary(
            out,
            split,
            runs,
            table,
            full,
            Explained.of(explained.values().stream().flatMap(List::stream).toList()));
    write(summary, data, base, variants);
    return summary;
  }

  /**
   * The split the scores are reported on: test when it has labelled rows, else validation, else
   * train (then the scores are only a fit, and the report says so).
   */
  static String reportSplit(Training.Data data) {
    if (data.test().size() > 0) {
      return "test";
    }
    return data.validation().size() > 0 ? "validation" : "train";
  }

  private static Scores.Spread spread(List<Run> runs, String split, ToDoubleFunction<Scores> f) {
    List<Double> v = new ArrayList<>();
    for (Run r : runs) {
      Evaluation.Report rep = r.result().evaluations().get(split);
      if (rep != null) {
        v.add(f.applyAsDouble(rep.scores()));
      }
    }
    return Scores.Spread.of(v);
  }

  private static Scores.Spread sentiment(
      List<Run> runs, String split, ToDoubleFunction<Sentiment.Metrics> f) {
    List<Double> v = new ArrayList<>();
    for (Run r : runs) {
      Evaluation.Report rep = r.result().evaluations().get(split);
      if (rep != null && rep.sentiment() != null) {
        v.add(f.applyAsDouble(rep.sentiment()));
      }
    }
    return Scores.Spread.of(v);
  }

  /** The confusion matrices of the runs summed, with the scores of the sum. */
  private static Scores pooled(List<Run> runs, String split) {
    List<Scores> parts = new ArrayList<>();
    for (Run r : runs) {
      Evaluation.Report rep = r.result().evaluations().get(split);
      if (rep != null) {
        parts.add(rep.scores());
      }
    }
    return Scores.pooled(parts);
  }

  private static void write(Summary s, Training.Data data, TrainConfig base, List<Variant> variants)
      throws IOException {
    Files.createDirectories(s.out());
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("shards", data.dir().toAbsolutePath().normalize().toString());
    Map<String, Integer> rows = new LinkedHashMap<>();
    rows.put("train", data.train().size());
    rows.put("validation", data.validation().size());
    rows.put("test", data.test().size());
    json.put("rows", rows);
    json.put("reportSplit", s.reportSplit());
    if (s.reportSplit().equals("train")) {
      json.put(
          "warning", "no validation or test rows: the scores are the fit on the training rows");
    }
    json.put("config", base);
    Map<String, String> what = new LinkedHashMap<>();
    variants.forEach(v -> what.put(v.name(), v.what()));
    json.put("variants", what);
    json.put("table", s.table());
    json.put("full", s.full());
    Map<String, Object> contributions = new LinkedHashMap<>();
    contributions.put(
        "what",
        "ablation: mean drop in the predicted emotion's probability when the modality is masked"
            + " out; gate: mean decision-level weight per head; over the "
            + s.reportSplit()
            + " split, every seed of the full net");
    contributions.put("overall", s.explained().overall());
    contributions.put("byEmotion", s.explained().byEmotion());
    contributions.put("byLanguage", s.explained().byLanguage());
    json.put("contributions", contributions);
    List<Map<String, Object>> runs = new ArrayList<>();
    for (Run r : s.runs()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("variant", r.variant());
      m.put("seed", r.seed());
      m.put("bestEpoch", r.result().bestEpoch());
      m.put("stoppedEarly", r.result().stoppedEarly());
      m.put("seconds", r.result().seconds());
      m.put("parameters", r.result().parameters());
      m.put("device", r.result().device());
      m.put("evaluations", r.result().evaluations());
      m.put("history", r.result().history());
      runs.add(m);
    }
    json.put("runs", runs);
    Json.write(s.out().resolve(TrainingFiles.METRICS), json);

    Map<String, List<Training.Epoch>> curves = new LinkedHashMap<>();
    for (Run r : s.runs()) {
      if (r.variant().equals(FULL)) {
        curves.put("seed " + r.seed(), r.result().history());
      }
    }
    Plots.losses(s.out().resolve(TrainingFiles.LOSS_PLOT), curves);
    Plots.metrics(s.out().resolve(TrainingFiles.METRICS_PLOT), curves);
    Plots.contributions(
        s.out().resolve(TrainingFiles.CONTRIBUTIONS_PLOT),
        "Modality contributions per predicted emotion (" + s.reportSplit() + " split)",
        s.explained().byEmotion());
    Plots.contributions(
        s.out().resolve(TrainingFiles.CONTRIBUTIONS_LANGUAGE_PLOT),
        "Modality contributions per language (" + s.reportSplit() + " split)",
        s.explained().byLanguage());
    Plots.confusion(
        s.out().resolve(TrainingFiles.CONFUSION_PLOT),
        "Full net, " + s.reportSplit() + " split, all seeds",
        List.copyOf(s.full().f1().keySet()),
        s.full().confusion());
  }
}
