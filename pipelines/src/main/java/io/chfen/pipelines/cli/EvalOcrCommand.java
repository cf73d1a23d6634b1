package io.chfen.pipelines.cli;

import io.chfen.eval.OcrEvaluation;
import io.chfen.models.ModelFiles;
import io.chfen.ocr.SubtitleExtractor;
import io.chfen.pipelines.Table;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code chfen eval-ocr}: subtitle OCR quality and cost on the sample corpus against its truth. */
@Command(
    name = "eval-ocr",
    mixinStandardHelpOptions = true,
    description =
        "Score subtitle OCR (CER, cue recall/precision, timing error, OCR calls) on the sample corpus; prints tables.")
final class EvalOcrCommand implements Callable<Integer> {
  @Option(
      names = "--engine",
      defaultValue = "both",
      description = "ppocr, tesseract or both (default ${DEFAULT-VALUE}).")
  String engine;

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

  @Override
  public Integer call() throws Exception {
    Path corpus = DemoCommand.mediaDir(null);
    OcrEvaluation eval = new OcrEvaluation(corpus, ModelFiles.dir()).keepOutputs(keep);
    List<String> ids = videos.isEmpty() ? OcrEvaluation.corpusVideos(corpus) : videos;
    Table rows = OcrEvaluation.table();
    Table overall = OcrEvaluation.table();
    List<String> engines = engine.equals("both") ? List.of("ppocr", "tesseract") : List.of(engine);
    for (String e : engines) {
      System.err.println("eval-ocr: " + e + " on " + ids.size() + " videos ...");
      OcrEvaluation.row(
          overall,
          e,
          "all",
          eval.run(e, e, new SubtitleExtractor.Settings(), ids, perVideo ? rows : null));
    }
    if (baseline) {
      System.err.println("eval-ocr: baseline (ppocr on every 5 fps sample) ...");
      OcrEvaluation.row(
          overall,
          "baseline-ppocr",
          "all",
          eval.run(
              "baseline-ppocr", "ppocr", OcrEvaluation.baseline(), ids, perVideo ? rows : null));
    }
    if (perVideo) {
      System.out.print(rows);
      System.out.println();
    }
    System.out.print(overall);
    return 0;
  }
}
