package io.chfen.pipelines.cli;

import io.chfen.eval.SeparationEvaluation;
import io.chfen.models.ModelFiles;
import io.chfen.pipelines.Table;
import io.chfen.separation.SpeechMusicSeparator;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code chfen eval-separation}: vocals/music separation quality on the corpus's true stems. */
@Command(
    name = "eval-separation",
    mixinStandardHelpOptions = true,
    description =
        "Score vocals/music separation (SI-SDR improvement over the mixture) on the sample corpus's"
            + " true stems, at its own mixes and remixed at -5, 0 and +5 dB; prints tables.")
final class EvalSeparationCommand implements Callable<Integer> {
  @Option(names = "--per-clip", description = "Print a row per clip.")
  boolean perClip;

  @Option(names = "--clip", description = "Only these corpus clips (repeatable, e.g. c01).")
  List<String> clips = new ArrayList<>();

  @Option(
      names = "--smr",
      split = ",",
      defaultValue = "-5,0,5",
      description = "Speech-to-music ratios (dB) to remix the stems at (default ${DEFAULT-VALUE}).")
  List<Double> smrs;

  @Override
  public Integer call() throws Exception {
    SeparationEvaluation eval =
        new SeparationEvaluation(DemoCommand.mediaDir(null), ModelFiles.dir());
    List<String> ids = clips.isEmpty() ? eval.clips() : clips;
    List<Double> mixes = new ArrayList<>();
    mixes.add(null);
    mixes.addAll(smrs);
    Table rows =
        new Table(
            "clip",
            "mix",
            "method",
            "vocals SI-SDR",
            "vocals SI-SDRi",
            "music SI-SDR",
            "music SI-SDRi",
            "estimated SMR dB");
    List<SeparationEvaluation.Score> all = new ArrayList<>();
    for (Double smr : mixes) {
      System.err.println(
          "eval-separation: "
              + (smr == null ? "corpus mixes" : smr + " dB")
              + ", "
              + ids.size()
              + " clips ...");
      for (String id : ids) {
        for (SeparationEvaluation.Score s :
            eval.run(id, smr, new SpeechMusicSeparator.Settings())) {
          all.add(s);
          rows.row(
              s.clip(),
              s.mix(),
              s.method(),
              f(s.vocalsSdr()),
              f(s.vocalsSdri()),
              f(s.musicSdr()),
              f(s.musicSdri()),
              f(s.estimatedSmrDb()));
        }
      }
    }
    if (perClip) {
      System.out.print(rows);
      System.out.println();
    }
    Table summary = SeparationEvaluation.table();
    for (Double smr : mixes) {
      String mix = SeparationEvaluation.mixName(smr);
      for (String method : List.of("mixture", "repet-sim", "speech-aware")) {
        List<SeparationEvaluation.Score> xs =
            all.stream().filter(s -> s.mix().equals(mix) && s.method().equals(method)).toList();
        double secs = xs.stream().mapToDouble(SeparationEvaluation.Score::seconds).sum();
        double wall = xs.stream().mapToDouble(SeparationEvaluation.Score::wallS).sum();
        summary.row(
            mix,
            method,
            xs.size(),
            f(median(xs.stream().mapToDouble(SeparationEvaluation.Score::vocalsSdri).toArray())),
            f(median(xs.stream().mapToDouble(SeparationEvaluation.Score::musicSdri).toArray())),
            f(median(xs.stream().mapToDouble(SeparationEvaluation.Score::vocalsSdr).toArray())),
            f(median(xs.stream().mapToDouble(SeparationEvaluation.Score::musicSdr).toArray())),
            wall == 0 ? "" : String.format(Locale.ROOT, "%.1f", secs / wall));
      }
    }
    System.out.print(summary);
    List<SeparationEvaluation.Score> ours =
        all.stream().filter(s -> s.method().equals("speech-aware")).toList();
    System.out.printf(
        Locale.ROOT,
        "%nSpearman correlation of the estimated SMR with the true vocals SI-SDR over %d clip-mixes:"
            + " %.2f (with the vocals SI-SDRi: %.2f)%n",
        ours.size(),
        spearman(
            ours.stream().mapToDouble(SeparationEvaluation.Score::estimatedSmrDb).toArray(),
            ours.stream().mapToDouble(SeparationEvaluation.Score::vocalsSdr).toArray()),
        spearman(
            ours.stream().mapToDouble(SeparationEvaluation.Score::estimatedSmrDb).toArray(),
            ours.stream().mapToDouble(SeparationEvaluation.Score::vocalsSdri).toArray()));
    return 0;
  }

  static double spearman(double[] a, double[] b) {
    return new org.apache.commons.math3.stat.correlation.SpearmansCorrelation().correlation(a, b);
  }

  static double median(double[] v) {
    if (v.length == 0) {
      return Double.NaN;
    }
    double[] s = v.clone();
    Arrays.sort(s);
    return s.length % 2 == 1 ? s[s.length / 2] : 0.5 * (s[s.length / 2 - 1] + s[s.length / 2]);
  }

  static String f(double x) {
    return Double.isNaN(x) ? "" : String.format(Locale.ROOT, "%.2f", x);
  }
}
