package io.chfen.app.cli.dev;

import io.chfen.app.print.EvalTables;
import io.chfen.dataset.eval.SeparationEvaluation;
import io.chfen.models.ModelFiles;
import io.chfen.separation.SpeechMusicSeparator;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.commons.math3.stat.correlation.SpearmansCorrelation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code chfen dev eval separation}: vocals/music separation quality on the true stems. */
@Command(
    name = "separation",
    mixinStandardHelpOptions = true,
    description =
        "Score vocals/music separation (SI-SDR improvement over the mixture) on the sample corpus's"
            + " true stems, at its own mixes and remixed at -5, 0 and +5 dB; prints tables.")
final class EvalSeparation implements Callable<Integer> {
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

  @Mixin Corpora corpora;

  @Override
  public Integer call() throws Exception {
    SeparationEvaluation eval = new SeparationEvaluation(corpora.dir(), ModelFiles.dir());
    List<String> ids = clips.isEmpty() ? eval.clips() : clips;
    List<Double> mixes = new ArrayList<>();
    mixes.add(null);
    mixes.addAll(smrs);
    List<SeparationEvaluation.Score> all = new ArrayList<>();
    for (Double smr : mixes) {
      System.err.println(
          "eval separation: "
              + (smr == null ? "corpus mixes" : smr + " dB")
              + ", "
              + ids.size()
              + " clips ...");
      for (String id : ids) {
        all.addAll(eval.run(id, smr, new SpeechMusicSeparator.Settings()));
      }
    }
    if (perClip) {
      System.out.print(EvalTables.separationClips(all));
      System.out.println();
    }
    System.out.print(
        EvalTables.separation(mixes.stream().map(SeparationEvaluation::mixName).toList(), all));
    List<SeparationEvaluation.Score> ours =
        all.stream().filter(s -> s.method().equals(SeparationEvaluation.SPEECH_AWARE)).toList();
    double[] estimate =
        ours.stream().mapToDouble(SeparationEvaluation.Score::estimatedSmrDb).toArray();
    SpearmansCorrelation rho = new SpearmansCorrelation();
    System.out.printf(
        Locale.ROOT,
        "%nSpearman correlation of the estimated SMR with the true vocals SI-SDR over %d clip-mixes:"
            + " %.2f (with the vocals SI-SDRi: %.2f)%n",
        ours.size(),
        rho.correlation(
            estimate, ours.stream().mapToDouble(SeparationEvaluation.Score::vocalsSdr).toArray()),
        rho.correlation(
            estimate, ours.stream().mapToDouble(SeparationEvaluation.Score::vocalsSdri).toArray()));
    return 0;
  }
}
