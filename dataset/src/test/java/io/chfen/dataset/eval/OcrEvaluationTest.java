package io.chfen.dataset.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chfen.layout.GroundTruth;
import io.chfen.models.ModelFiles;
import io.chfen.ocr.OcrEngine;
import io.chfen.ocr.SubtitleExtractor;
import io.chfen.sample.SampleData;
import org.junit.jupiter.api.Test;

/** Subtitle OCR quality and cost on the whole sample corpus against its truth. */
class OcrEvaluationTest {
  /**
   * The quality and cost figures, on the whole corpus (docs/benchmarks.md has the rows).
   */
  @Test
  void theCorpusMeetsTheQualityAndCostTargets() throws Exception {
    java.nio.file.Path corpus = SampleData.corpus();
    OcrEvaluation eval = new OcrEvaluation(corpus, ModelFiles.dir());
    OcrEvaluation.Result r =
        OcrEvaluation.Result.sum(
            "ppocr",
            eval.run(
                "ppocr",
                OcrEngine.Kind.PPOCR,
                new SubtitleExtractor.Settings(),
                GroundTruth.ids(corpus)));
    assertEquals(36, r.truthCues());
    assertTrue(r.cer() <= 0.02, "CER " + r.cer());
    assertTrue(r.recall() >= 0.97, "recall " + r.recall());
    assertTrue(r.precision() >= 0.97, "precision " + r.precision());
    assertTrue(r.medianStartMs() <= 80, "start error " + r.medianStartMs());
    assertTrue(r.medianEndMs() <= 80, "end error " + r.medianEndMs());
    // the naive baseline reads every 5 fps sample: 5 calls per video-second; at least 5x fewer
    assertTrue(
        r.ocrCalls() <= r.videoS(), r.ocrCalls() + " OCR calls for " + r.videoS() + " video-s");
  }

  /**
   * Issue 20's figures on the field corpus (libass styles, real footage, tickers and logos; made
   * differently from the sample corpus): every cue, two-line ones with both lines, CER at most 1 %,
   * median start and end error at most 60 ms, no ticker, logo or scene text in any SRT, and at
   * least 5x fewer OCR calls than reading every 5 fps sample.
   */
  @Test
  void theFieldCorpusMeetsTheQualityAndCostTargets() throws Exception {
    java.nio.file.Path corpus = SampleData.fieldCorpus();
    java.nio.file.Path keep = java.nio.file.Files.createTempDirectory("chfen-ocr-field");
    OcrEvaluation eval = new OcrEvaluation(corpus, ModelFiles.dir()).keepOutputs(keep);
    java.util.List<String> ids = GroundTruth.ids(corpus);
    OcrEvaluation.Result r =
        OcrEvaluation.Result.sum(
            "ppocr",
            eval.run("ppocr", OcrEngine.Kind.PPOCR, new SubtitleExtractor.Settings(), ids));
    assertEquals(47, r.truthCues());
    assertTrue(r.cer() <= 0.01, "CER " + r.cer());
    assertTrue(r.recall() >= 0.98, "recall " + r.recall());
    assertTrue(r.precision() >= 0.98, "precision " + r.precision());
    assertTrue(r.medianStartMs() <= 60, "start error " + r.medianStartMs());
    assertTrue(r.medianEndMs() <= 60, "end error " + r.medianEndMs());
    // a cue every two seconds here; still at least 5x fewer calls than reading every 5 fps sample
    assertTrue(
        r.ocrCalls() <= r.videoS(), r.ocrCalls() + " OCR calls for " + r.videoS() + " video-s");
    for (String id : ids) {
      String srt =
          java.nio.file.Files.readString(
              keep.resolve("ppocr").resolve(id).resolve(io.chfen.layout.ArtifactFiles.SUBTITLES));
      for (String other : java.util.List.of("BREAK", "council", "本台", "地铁", "OpenCV")) {
        assertTrue(!srt.contains(other), id + ": ticker or logo text in the SRT: " + other);
      }
    }
    io.chfen.files.FileOps.deleteTree(keep);
  }

  /**
   * Tesseract reads the lines PP-OCR's detector finds (so its rows are classified by the same
   * geometry as PP-OCR's), each line binarized two ways with the surer reading kept, and a row
   * whose text runs off a side of the frame is a crawl. Before (whole strips, Tesseract's own
   * layout): f01 and f07 had no subtitle at all (their rows typed off centre or unread), cue recall
   * 60 %, precision 78 %; now 89 % and 88 %, the ticker out of every SRT, and every video's
   * subtitles found.
   */
  @Test
  void tesseractFindsTheSubtitlesOfEveryFieldVideo() throws Exception {
    java.nio.file.Path corpus = SampleData.fieldCorpus();
    java.nio.file.Path keep = java.nio.file.Files.createTempDirectory("chfen-ocr-tesseract");
    java.util.List<String> ids = GroundTruth.ids(corpus);
    java.util.List<OcrEvaluation.Result> perVideo =
        new OcrEvaluation(corpus, ModelFiles.dir())
            .keepOutputs(keep)
            .run("tesseract", OcrEngine.Kind.TESSERACT, new SubtitleExtractor.Settings(), ids);
    OcrEvaluation.Result r = OcrEvaluation.Result.sum("tesseract", perVideo);
    assertTrue(r.recall() >= 0.85, "recall " + r.recall());
    assertTrue(r.precision() >= 0.85, "precision " + r.precision());
    assertTrue(r.cer() <= 0.05, "CER " + r.cer());
    for (OcrEvaluation.Result v : perVideo) {
      assertTrue(v.matched() > 0, v.name() + ": no subtitle found with Tesseract");
    }
    for (String id : ids) {
      String srt =
          java.nio.file.Files.readString(
              keep.resolve("tesseract")
                  .resolve(id)
                  .resolve(io.chfen.layout.ArtifactFiles.SUBTITLES));
      for (String other : java.util.List.of("BREAK", "council", "OpenCV")) {
        assertTrue(!srt.contains(other), id + ": ticker or logo text in the SRT: " + other);
      }
    }
    io.chfen.files.FileOps.deleteTree(keep);
  }

  /**
   * Tesseract on the sample corpus, which it was not tuned on for this (the reading changes were
   * measured on the field corpus first): cue recall 50 -> 81 %, precision 67 -> 91 %.
   */
  @Test
  void tesseractHoldsOnTheSampleCorpus() throws Exception {
    java.nio.file.Path corpus = SampleData.corpus();
    OcrEvaluation.Result r =
        OcrEvaluation.Result.sum(
            "tesseract",
            new OcrEvaluation(corpus, ModelFiles.dir())
                .run(
                    "tesseract",
                    OcrEngine.Kind.TESSERACT,
                    new SubtitleExtractor.Settings(),
                    GroundTruth.ids(corpus)));
    assertTrue(r.recall() >= 0.75, "recall " + r.recall());
    assertTrue(r.precision() >= 0.85, "precision " + r.precision());
    assertTrue(r.cer() <= 0.05, "CER " + r.cer());
  }
}
