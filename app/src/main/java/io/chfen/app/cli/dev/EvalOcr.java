package io.chfen.app.cli.dev;

import io.chfen.app.print.EvalTables;
import io.chfen.app.print.Table;
import io.chfen.dataset.eval.OcrEvaluation;
import io.chfen.layout.GroundTruth;
import io.chfen.models.ModelFiles;
import io.chfen.ocr.OcrEngine;
import io.chfen.ocr.SubtitleExtractor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code chfen dev eval ocr}: subtitle OCR quality and cost on the sample corpus. */
@Command(
    name = "ocr",
    mixinStandardHelpOptions = true,
    description =
        "Score subtitle OCR (CER, cue recall/precision, timing error, OCR calls) on the sample"
            + " corpus against its truth; prints tables.")
final class EvalOcr implements Callable<Integer> {
  @Option(
      names = "--engine",
      split = ",",
      defaultValue = "ppocr,tesseract",
      description = "Engines to score: ppocr, tesseract (default ${DEFAULT-VALUE}).")
  List<OcrEngine.Kind> engines;

  @Option(
      names = "--baseline",
      description =
          "Also run the naive baseline: full-frame OCR of every 5 fps sample, fuzzy merge.")
  boolean baseline;

  @Option(names = "--per-video", description = "Print a row per video.")
  boolean perVideo;

  @Option(names = "--video", description = "Only these corpus videos (repeatable, e.g. c01).")
  List<String> videos = new ArrayList<>();

  @Option(
      names = "--keep",
      paramLabel = "DIR",
      description =
          "Keep each run's subtitles.srt and onscreen_text.json under DIR/<run>/<video>/.")
  Path keep;

  @Mixin Corpora corpora;

  @Override
  public Integer call() throws Exception {
    Path corpus = corpora.dir();
    OcrEvaluation eval = new OcrEvaluation(corpus, ModelFiles.dir()).keepOutputs(keep);
    List<String> ids = videos.isEmpty() ? GroundTruth.ids(corpus) : videos;
    Table overall = EvalTables.ocr("", List.of());
    for (OcrEngine.Kind e : engines) {
      System.err.println("eval ocr: " + e + " on " + ids.size() + " videos ...");
      report(
          overall, e.toString(), eval.run(e.toString(), e, new SubtitleExtractor.Settings(), ids));
    }
    if (baseline) {
      System.err.println("eval ocr: baseline (ppocr on every 5 fps sample) ...");
      String run = "baseline-ppocr";
      report(overall, run, eval.run(run, OcrEngine.Kind.PPOCR, OcrEvaluation.baseline(), ids));
    }
    System.out.print(overall);
    return 0;
  }

  private void report(Table overall, String run, List<OcrEvaluation.Result> perVideoResults) {
    if (perVideo) {
      System.out.print(EvalTables.ocr(run, perVideoResults));
      System.out.println();
    }
    EvalTables.ocrRow(overall, run, OcrEvaluation.Result.sum("all", perVideoResults));
  }
}
