package io.chfen.pipelines.cli;

import io.chfen.encode.CtcTranscriber;
import io.chfen.faces.FaceAnonymizer;
import io.chfen.pipelines.process.ProcessConfig;
import io.chfen.separation.OnnxSeparator;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;

/** The process stage's settings on the command line (defaults: {@link ProcessConfig}). */
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

  @Option(names = "--ocr-engine", description = "Subtitle OCR: ppocr (default), tesseract or none.")
  String ocrEngine;

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
          "Faces: ultraface (default, the ONNX model), haar (OpenCV's cascades) or none (no faces).")
  String faceDetector;

  @Option(
      names = "--max-persons",
      description = "Faces: persons kept per video (a crowd keeps the most visible; default 20).")
  Integer maxPersons;

  @Option(
      names = "--anonymize-faces",
      paramLabel = "blur|pixelate",
      description =
          "Privacy: blur or pixelate every tracked face in the stored keyframes and face crops"
              + " (face embeddings are taken from the real faces first).")
  String anonymizeFaces;

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

  ProcessConfig config() {
    ProcessConfig c = new ProcessConfig();
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
    if (anonymizeFaces != null) {
      if (!List.of("blur", "pixelate").contains(anonymizeFaces)) {
        throw new IllegalArgumentException(
            "--anonymize-faces must be blur or pixelate, not " + anonymizeFaces);
      }
      c.anonymizeFaces = FaceAnonymizer.Mode.parse(anonymizeFaces);
    }
    c.separate = !noSeparation;
    if (faceDetector != null) {
      if (!List.of("ultraface", "haar", "none").contains(faceDetector)) {
        throw new IllegalArgumentException(
            "--face-detector must be ultraface, haar or none, not " + faceDetector);
      }
      c.faces = !faceDetector.equals("none");
      c.faceSettings.detector = c.faces ? faceDetector : c.faceSettings.detector;
    }
    if (maxPersons != null) {
      c.faceSettings.maxPersons = maxPersons;
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
      if (!List.of("ppocr", "tesseract", "none").contains(ocrEngine)) {
        throw new IllegalArgumentException(
            "--ocr-engine must be ppocr, tesseract or none, not " + ocrEngine);
      }
      c.ocrEngine = ocrEngine;
    }
    if (subtitleBand != null) {
      if (subtitleBand.size() != 2 || subtitleBand.get(0) >= subtitleBand.get(1)) {
        throw new IllegalArgumentException(
            "--subtitle-band takes top,bottom with top < bottom, e.g. 0.75,0.95");
      }
      c.subtitles.bandTop = subtitleBand.get(0);
      c.subtitles.bandBottom = subtitleBand.get(1);
    }
    return c;
  }
}
