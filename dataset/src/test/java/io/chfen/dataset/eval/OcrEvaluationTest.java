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
}
