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
  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

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

  @Option(
      names = "--methods",
      split = ",",
      description =
          "Methods to score besides the mixture (default repet-sim,speech-aware; htdemucs: the"
              + " learned separator, about 1.6 CPU seconds per audio second).")
  List<String> methods;

  @Option(
      names = "--threads",
      defaultValue = "1",
      description = "Clips scored at once (default 1: the speed columns are then one thread's).")
  int threads;

  @Mixin Corpora corpora;

  @Override
  public Integer call() throws Exception {
    SeparationEvaluation eval = new SeparationEvaluation(corpora.dir(), ModelFiles.dir());
    List<String> ids = clips.isEmpty() ? eval.clips() : clips;
    List<Double> mixes = new ArrayList<>();
    mixes.add(null);
    mixes.addAll(smrs);
    List<SeparationEvaluation.Score> all = new ArrayList<>();
    SpeechMusicSeparator.Settings settings = new SpeechMusicSeparator.Settings();
    List<String> chosen = new ArrayList<>(List.of(SeparationEvaluation.MIXTURE));
    for (String m : methods == null ? SeparationEvaluation.DEFAULT_METHODS : methods) {
      if (!SeparationEvaluation.METHODS.contains(m)) {
        throw new picocli.CommandLine.ParameterException(
            spec.commandLine(), "unknown method " + m + ": " + SeparationEvaluation.METHODS);
      }
      chosen.add(m);
    }
    for (Double smr : mixes) {
      System.err.println(
          "eval separation: "
              + (smr == null ? "corpus mixes" : smr + " dB")
              + ", "
              + ids.size()
              + " clips ...");
      all.addAll(eval.run(ids, smr, settings, chosen, threads));
    }
    if (perClip) {
      System.out.print(EvalTables.separationClips(all));
      System.out.println();
    }
    System.out.print(
        EvalTables.separation(mixes.stream().map(SeparationEvaluation::mixName).toList(), all));
    // the per-clip quality estimate (vocals-to-music ratio under the speech) against the truth
    for (String method : chosen) {
      List<SeparationEvaluation.Score> ours =
          all.stream()
              .filter(s -> s.method().equals(method) && !Double.isNaN(s.estimatedSmrDb()))
              .toList();
      if (ours.size() < 3) {
        continue;
      }
      double[] estimate =
          ours.stream().mapToDouble(SeparationEvaluation.Score::estimatedSmrDb).toArray();
      SpearmansCorrelation rho = new SpearmansCorrelation();
      System.out.printf(
          Locale.ROOT,
          "%n%s: Spearman correlation of the estimated SMR with the true vocals SI-SDR over %d"
              + " clip-mixes: %.2f (with the vocals SI-SDRi: %.2f)%n",
          method,
          ours.size(),
          rho.correlation(
              estimate, ours.stream().mapToDouble(SeparationEvaluation.Score::vocalsSdr).toArray()),
          rho.correlation(
              estimate,
              ours.stream().mapToDouble(SeparationEvaluation.Score::vocalsSdri).toArray()));
    }
    return 0;
  }
}
