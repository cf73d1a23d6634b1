package io.chfen.app.cli;

import io.chfen.dataset.process.ProcessSpec;
import io.chfen.encode.CtcTranscriber;
import io.chfen.faces.FaceAnonymizer;
import io.chfen.faces.FaceDetector;
import io.chfen.ocr.OcrEngine;
import io.chfen.separation.OnnxSeparator;
import io.chfen.separation.Separator;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;

/** The process stage's settings on the command line (defaults: {@link ProcessSpec}). */
final class ProcessOptions {
  @Option(
      names = "--max-duration-s",
      description = "Longest video processed; longer ones fail with duration_exceeds_limit.")
  Double maxDurationS;

  @Option(
      names = "--max-pixels",
      description = "Largest frame (width × height); larger fail with resolution_exceeds_limit.")
  Long maxPixels;

  @Option(
      names = "--time-budget-ms",
      description = "Wall time one video may take; beyond it fails with time_budget_exceeded.")
  Long timeBudgetMs;

  @Option(names = "--keyframe-fps", description = "Keyframes per second (default 1).")
  Double keyframeFps;

  @Option(
      names = "--ocr-engine",
      description = "Subtitle OCR: ${COMPLETION-CANDIDATES} (default ppocr).")
  OcrEngine.Kind ocrEngine;

  @Option(
      names = "--subtitle-band",
      split = ",",
      description =
          "Manual subtitle band as fractions of the height, top,bottom (e.g. 0.75,0.95); default: detected.")
  List<Double> subtitleBand;

  @Option(
      names = "--no-separation",
      description = "Skip separating vocals from music (vocals.wav, music.wav).")
  boolean noSeparation;

  @Option(
      names = "--separator",
      description =
          "Vocals/music: ${COMPLETION-CANDIDATES} (default speech-aware, built in; htdemucs: the"
              + " learned HT-Demucs v4, far better, its weights for personal and research use"
              + " only).")
  Separator.Kind separator;

  @Option(
      names = "--separation-model",
      paramLabel = "FILE",
      description =
          "An ONNX waveform separation model ([1,channels,samples] -> [1,sources,channels,samples],"
              + " 44.1 kHz) to use instead of the built-in separator.")
  Path separationModel;

  @Option(
      names = "--separation-sources",
      split = ",",
      description =
          "The model's sources in output order, one named vocals (default vocals,music; HT-Demucs:"
              + " drums,bass,other,vocals).")
  List<String> separationSources;

  @Option(
      names = "--face-detector",
      description =
          "Faces: ${COMPLETION-CANDIDATES} (default ultraface, the ONNX model; haar: OpenCV's"
              + " cascades; none: no faces).")
  FaceDetector.Kind faceDetector;

  @Option(
      names = "--max-persons",
      description = "Faces: persons kept per video (a crowd keeps the most visible; default 20).")
  Integer maxPersons;

  @Option(
      names = "--anonymize-faces",
      description =
          "Privacy: ${COMPLETION-CANDIDATES} every tracked face in the stored keyframes and face"
              + " crops (face embeddings are taken from the real faces first).")
  FaceAnonymizer.Mode anonymizeFaces;

  @Option(
      names = "--asr-model",
      paramLabel = "FILE",
      description =
          "Speech to text for videos without subtitles: a CTC export (16 kHz waveform [1, samples]"
              + " -> logits [1, frames, vocabulary]); its transcript feeds the text modality. A"
              + " missing file skips the step with a note.")
  Path asrModel;

  @Option(
      names = "--asr-tokens",
      paramLabel = "FILE",
      description = "The model's vocabulary, one token per line in id order.")
  Path asrTokens;

  @Option(names = "--asr-blank", description = "The CTC blank's id (default 0).")
  Integer asrBlank;

  @Option(
      names = "--asr-standardize",
      description = "Scale each speech segment to zero mean, unit variance (wav2vec2 exports).")
  boolean asrStandardize;

  /** The spec, validated: a bad setting is a start-up error naming it. */
  ProcessSpec config() {
    ProcessSpec c = new ProcessSpec();
    if (asrModel != null) {
      if (asrTokens == null) {
        throw new IllegalArgumentException("--asr-model needs --asr-tokens (its vocabulary)");
      }
      c.asr = new CtcTranscriber.Config();
      c.asr.model = asrModel.toAbsolutePath().toString();
      c.asr.tokens = asrTokens.toAbsolutePath().toString();
      c.asr.blank = asrBlank != null ? asrBlank : 0;
      c.asr.standardize = asrStandardize;
    }
    c.anonymizeFaces = anonymizeFaces;
    c.separate = !noSeparation;
    if (faceDetector != null) {
      c.faceSettings.detector = faceDetector;
    }
    if (maxPersons != null) {
      c.faceSettings.maxPersons = maxPersons;
    }
    if (separator != null) {
      c.separator = separator;
    }
    if (separationModel != null) {
      c.separationModel = new OnnxSeparator.Config();
      c.separationModel.model = separationModel.toAbsolutePath().toString();
      if (separationSources != null) {
        c.separationModel.sources = List.copyOf(separationSources);
      }
    }
    if (maxDurationS != null) {
      c.maxDurationS = maxDurationS;
    }
    if (maxPixels != null) {
      c.maxPixels = maxPixels;
    }
    if (timeBudgetMs != null) {
      c.timeBudgetMs = timeBudgetMs;
    }
    if (keyframeFps != null) {
      c.keyframeFps = keyframeFps;
    }
    if (ocrEngine != null) {
      c.ocrEngine = ocrEngine;
    }
    if (subtitleBand != null) {
      if (subtitleBand.size() != 2) {
        throw new IllegalArgumentException(
            "--subtitle-band takes top,bottom, e.g. 0.75,0.95, not " + subtitleBand);
      }
      c.subtitles.bandTop = subtitleBand.get(0);
      c.subtitles.bandBottom = subtitleBand.get(1);
    }
    return c.validate();
  }
}
