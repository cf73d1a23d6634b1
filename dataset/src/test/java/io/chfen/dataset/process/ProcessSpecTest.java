package io.chfen.dataset.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chfen.faces.FaceDetector;
import io.chfen.files.Location;
import io.chfen.media.Analyzer;
import io.chfen.media.DecodeLimits;
import io.chfen.media.SinglePassDecoder;
import io.chfen.media.UnavailableAnalyzer;
import io.chfen.models.ModelFiles;
import io.chfen.models.TestModels;
import io.chfen.ocr.OcrEngine;
import io.chfen.records.ModalityResult;
import io.chfen.sample.SampleData;
import io.chfen.schemas.Analysis;
import io.chfen.separation.OnnxSeparator;
import io.chfen.separation.Separator;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A bad setting is an error at start-up, naming it; a good one builds what it says. */
class ProcessSpecTest {
  @TempDir Path out;

  private static OnnxSeparator.Config midSide() {
    OnnxSeparator.Config c = new OnnxSeparator.Config();
    c.model = TestModels.separator().toString();
    c.segmentSeconds = 1;
    c.overlapSeconds = 0.25;
    return c;
  }

  @Test
  void badSettingsFailAtStartUpNamingTheSettingAndTheAllowedValues() {
    ProcessSpec noVocals = new ProcessSpec();
    noVocals.separationModel = midSide();
    noVocals.separationModel.sources = List.of("drums", "bass", "other");
    Exception e = assertThrows(IllegalArgumentException.class, noVocals::validate);
    assertTrue(e.getMessage().contains("'vocals'"), e.getMessage());

    ProcessSpec missingModel = new ProcessSpec();
    missingModel.separationModel = midSide();
    missingModel.separationModel.model = out.resolve("nope.onnx").toString();
    e = assertThrows(IllegalArgumentException.class, missingModel::validate);
    assertTrue(e.getMessage().contains("nope.onnx"), e.getMessage());

    ProcessSpec twoSeparators = new ProcessSpec();
    twoSeparators.separationModel = midSide();
    twoSeparators.separator = Separator.Kind.HTDEMUCS;
    e = assertThrows(IllegalArgumentException.class, twoSeparators::validate);
    assertTrue(e.getMessage().contains("htdemucs separator"), e.getMessage());

    ProcessSpec band = new ProcessSpec();
    band.subtitles.bandTop = 0.9;
    band.subtitles.bandBottom = 0.7;
    e = assertThrows(IllegalArgumentException.class, band::validate);
    assertTrue(e.getMessage().contains("subtitle band"), e.getMessage());

    ProcessSpec fps = new ProcessSpec();
    fps.keyframeFps = 0;
    e = assertThrows(IllegalArgumentException.class, fps::validate);
    assertTrue(e.getMessage().contains("keyframe fps"), e.getMessage());

    // and the processor refuses the spec before it opens anything
    assertThrows(
        IllegalArgumentException.class,
        () -> new VideoProcessor(noVocals, Location.of(SampleData.corpus()), Location.of(out)));
  }

  @Test
  void theAnalysesFollowTheEnginesChosen() {
    ProcessSpec none = new ProcessSpec();
    none.ocrEngine = OcrEngine.Kind.NONE;
    none.faceSettings.detector = FaceDetector.Kind.NONE;
    none.separate = false;
    assertEquals(List.of(Analysis.KEYFRAMES, Analysis.AUDIO), none.validate().modalities());
    Map<String, String> d = new ProcessSpec().describe();
    assertEquals("ppocr", d.get("ocrEngine"));
    assertEquals("ultraface", d.get("faceDetector"));
    assertEquals(64, d.get("model ppocr-rec").length(), "each model by its SHA-256");
    assertTrue(d.get("separator").startsWith("speech-aware"), d.get("separator"));
    ProcessSpec learned = new ProcessSpec();
    learned.separator = Separator.Kind.HTDEMUCS;
    Map<String, String> l = learned.describe();
    assertTrue(l.get("separator").contains("research use only"), l.get("separator"));
    assertEquals(64, l.get("model htdemucs-v4").length());
  }

  private static Analyzer separationOf(List<Analyzer> analyzers) {
    return analyzers.stream()
        .filter(a -> a.modality().equals(Analysis.SEPARATION))
        .findFirst()
        .orElseThrow();
  }

  /** Chosen by the spec, a user's ONNX separator runs in the process stage on a corpus video. */
  @Test
  void aConfiguredSeparationModelRunsInTheAnalyzers() throws Exception {
    ProcessSpec spec = new ProcessSpec();
    spec.separationModel = midSide();
    spec.ocrEngine = OcrEngine.Kind.NONE;
    spec.faceSettings.detector = FaceDetector.Kind.NONE;
    spec.modelsDir = ModelFiles.dir().toString();
    List<Analyzer> analyzers = spec.validate().analyzers();
    try {
      Analyzer separation = separationOf(analyzers);
      assertTrue(!(separation instanceof UnavailableAnalyzer), "the model was found");
      ModalityResult r =
          new SinglePassDecoder(DecodeLimits.DEFAULT, 1)
              .decode(SampleData.corpus().resolve("c01.mp4"), List.of(separation), out)
              .results()
              .get(Analysis.SEPARATION);
      assertEquals("ok", r.getStatus(), String.valueOf(r));
    } finally {
      analyzers.forEach(Analyzer::close);
    }
  }

  /**
   * HT-Demucs chosen on a machine without its model: the separation modality fails for each video
   * naming the file and the command that fetches it; the run and the other analyses go on.
   */
  @Test
  void htDemucsWithoutItsModelFailsTheModalityNamingTheFix() throws Exception {
    java.nio.file.Path models = java.nio.file.Files.createDirectories(out.resolve("models"));
    java.nio.file.Files.createSymbolicLink(
        models.resolve("vad"), ModelFiles.dir().resolve("vad").toAbsolutePath());
    ProcessSpec spec = new ProcessSpec();
    spec.separator = Separator.Kind.HTDEMUCS;
    spec.ocrEngine = OcrEngine.Kind.NONE;
    spec.faceSettings.detector = FaceDetector.Kind.NONE;
    spec.modelsDir = models.toString();
    List<Analyzer> analyzers = spec.validate().analyzers();
    try {
      Analyzer separation = separationOf(analyzers);
      ModalityResult r = separation.end(1);
      assertEquals("failed", r.getStatus(), String.valueOf(r));
      assertEquals("model_unavailable", r.getReason());
      assertTrue(
          r.getMessage().contains("htdemucs.onnx") && r.getMessage().contains(ModelFiles.FETCH),
          r.getMessage());
    } finally {
      analyzers.forEach(Analyzer::close);
    }
  }
}
