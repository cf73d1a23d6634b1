package io.chfen.dataset.process;

import io.chfen.encode.CtcTranscriber;
import io.chfen.faces.FaceAnalyzer;
import io.chfen.faces.FaceAnonymizer;
import io.chfen.faces.FaceDescriptor128;
import io.chfen.faces.FaceDetector;
import io.chfen.faces.FaceExpressions;
import io.chfen.media.Analyzer;
import io.chfen.media.AudioFormat;
import io.chfen.media.DecodeLimits;
import io.chfen.media.UnavailableAnalyzer;
import io.chfen.models.ModelFiles;
import io.chfen.models.ModelRegistry;
import io.chfen.ocr.OcrEngine;
import io.chfen.ocr.PaddleOcr;
import io.chfen.ocr.SubtitleExtractor;
import io.chfen.ocr.TesseractOcr;
import io.chfen.process.AudioExtractor;
import io.chfen.process.KeyframeSampler;
import io.chfen.schemas.Analysis;
import io.chfen.separation.HtDemucs;
import io.chfen.separation.OnnxSeparator;
import io.chfen.separation.SeparationAnalyzer;
import io.chfen.separation.Separator;
import io.chfen.separation.SileroVad;
import io.chfen.separation.SpeechMusicSeparator;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the process stage runs on each video: decoding guards, decoder threads, and the analyzers'
 * settings. Serializable: Beam ships it to workers, which build the analyzers from it. {@link
 * #validate} refuses a bad setting at start-up, naming it and the allowed values; a model file that
 * a worker cannot find is that worker's per-video {@code model_unavailable}.
 */
public final class ProcessSpec implements Serializable {
  private static final long serialVersionUID = 2L;

  public double maxDurationS = DecodeLimits.DEFAULT.maxDurationS();
  public long maxPixels = DecodeLimits.DEFAULT.maxPixels();
  public long timeBudgetMs = DecodeLimits.DEFAULT.timeBudgetMs();

  /** FFmpeg decoder threads per video (0: FFmpeg chooses). Videos already run in parallel. */
  public int decoderThreads = 1;

  public double keyframeFps = 1.0;
  public int keyframeJpegQuality = 90;
  public double sceneCutThreshold = 0.12;
  public int audioSampleRate = AudioFormat.SPEECH.sampleRate();
  public int audioChannels = AudioFormat.SPEECH.channels();

  /** Subtitle OCR: PP-OCR (default), Tesseract, or none. */
  public OcrEngine.Kind ocrEngine = OcrEngine.Kind.PPOCR;

  public SubtitleExtractor.Settings subtitles = new SubtitleExtractor.Settings();

  /** Separate vocals from music (vocals.wav, music.wav, speech_segments.json). */
  public boolean separate = true;

  public SpeechMusicSeparator.Settings separation = new SpeechMusicSeparator.Settings();

  /** Which separator: the built-in one (default) or HT-Demucs. */
  public Separator.Kind separator = Separator.Kind.SPEECH_AWARE;

  /** A user's waveform separation model to use instead (null: {@link #separator}). */
  public OnnxSeparator.Config separationModel;

  /** Faces: detect, track and identify them (faces.json, faces/ crops); detector NONE: skip. */
  public FaceAnalyzer.Settings faceSettings = new FaceAnalyzer.Settings();

  /**
   * Privacy: blur or pixelate every tracked face in the stored keyframes and face crops (the face
   * embeddings are taken before); null keeps the images as decoded.
   */
  public FaceAnonymizer.Mode anonymizeFaces;

  /**
   * Speech to text on the separated vocals of videos without subtitles (transcript.srt, read by the
   * encode stage as the text modality): a CTC export and its vocabulary; null: no transcripts. A
   * missing model is a note on every video, never a failure.
   */
  public CtcTranscriber.Config asr;

  /** Where fetched models lie (null: ModelFiles.dir(), from chfen.home). */
  public String modelsDir;

  /** Throws naming the first bad setting and what it may be; returns this spec. */
  public ProcessSpec validate() {
    positive("max duration (s)", maxDurationS);
    positive("max pixels", maxPixels);
    positive("time budget (ms)", timeBudgetMs);
    positive("keyframe fps", keyframeFps);
    positive("audio sample rate", audioSampleRate);
    positive("audio channels", audioChannels);
    if (decoderThreads < 0) {
      throw new IllegalArgumentException("decoder threads must be 0 (FFmpeg's choice) or more");
    }
    if (keyframeJpegQuality < 1 || keyframeJpegQuality > 100) {
      throw new IllegalArgumentException(
          "keyframe JPEG quality must be 1 to 100, not " + keyframeJpegQuality);
    }
    if (ocrEngine == null || faceSettings.detector == null) {
      throw new IllegalArgumentException(
          "the OCR engine and the face detector must be set (none turns either off)");
    }
    if (!List.of("face-feature", FaceDescriptor128.MODEL).contains(faceSettings.identityModel)) {
      throw new IllegalArgumentException(
          "the identity model is face-feature or "
              + FaceDescriptor128.MODEL
              + ", not "
              + faceSettings.identityModel);
    }
    if (subtitles.bandTop != null || subtitles.bandBottom != null) {
      double top = subtitles.bandTop == null ? 0 : subtitles.bandTop;
      double bottom = subtitles.bandBottom == null ? 1 : subtitles.bandBottom;
      if (top < 0 || bottom > 1 || top >= bottom) {
        throw new IllegalArgumentException(
            "the subtitle band is top,bottom with 0 <= top < bottom <= 1, not "
                + subtitles.bandTop
                + ","
                + subtitles.bandBottom);
      }
    }
    if (separationModel != null && separator != Separator.Kind.SPEECH_AWARE) {
      throw new IllegalArgumentException(
          "a separation model file and the " + separator + " separator exclude each other");
    }
    if (separationModel != null) {
      separationModel.validate();
      if (!Files.isRegularFile(Path.of(separationModel.model))) {
        throw new IllegalArgumentException(
            "the separation model " + separationModel.model + " is not a file");
      }
    }
    if (asr != null && (asr.model == null || asr.tokens == null)) {
      throw new IllegalArgumentException("speech to text needs a model and its vocabulary");
    }
    return this;
  }

  private static void positive(String what, double v) {
    if (!(v > 0)) {
      throw new IllegalArgumentException(what + " must be positive, not " + v);
    }
  }

  /** Whether faces are analyzed. */
  public boolean faces() {
    return faceSettings.detector != FaceDetector.Kind.NONE;
  }

  public DecodeLimits limits() {
    return new DecodeLimits(maxDurationS, maxPixels, timeBudgetMs);
  }

  /** A fresh set of analyzers (one set per worker thread: analyzers are not thread-safe). */
  public List<Analyzer> analyzers() {
    List<Analyzer> a = new ArrayList<>();
    a.add(new KeyframeSampler(keyframeFps, keyframeJpegQuality, sceneCutThreshold));
    a.add(new AudioExtractor(new AudioFormat(audioSampleRate, audioChannels)));
    if (ocrEngine != OcrEngine.Kind.NONE) {
      a.add(subtitleExtractor());
    }
    if (separate) {
      a.add(separator());
    }
    if (faces()) {
      a.add(faceAnalyzer());
    }
    return a;
  }

  /** The separation analyzer, or a stand-in that fails the modality when its model is missing. */
  private Analyzer separator() {
    try {
      SileroVad vad = SileroVad.shared(models());
      Separator sep =
          separationModel != null
              ? OnnxSeparator.shared(separationModel)
              : separator == Separator.Kind.HTDEMUCS
                  ? HtDemucs.shared(models()).withVad(vad, separation.speechThreshold)
                  : new SpeechMusicSeparator(separation).withVad(vad);
      return new SeparationAnalyzer(sep, vad);
    } catch (IllegalStateException | UnsatisfiedLinkError e) {
      return new UnavailableAnalyzer(Analysis.SEPARATION, "model_unavailable", e.getMessage());
    }
  }

  /** The face analyzer, or a stand-in that fails the modality when its models are missing. */
  private Analyzer faceAnalyzer() {
    try {
      return FaceAnalyzer.create(faceSettings, models());
    } catch (IllegalStateException | UnsatisfiedLinkError e) {
      return new UnavailableAnalyzer(Analysis.FACES, "model_unavailable", e.getMessage());
    }
  }

  private Path models() {
    return modelsDir != null ? Path.of(modelsDir) : ModelFiles.dir();
  }

  /** The subtitle analyzer, or a stand-in that fails the modality when its models are missing. */
  private Analyzer subtitleExtractor() {
    try {
      PaddleOcr ppocr = PaddleOcr.shared(models());
      OcrEngine reader = ocrEngine == OcrEngine.Kind.TESSERACT ? new TesseractOcr(ppocr) : ppocr;
      return new SubtitleExtractor(subtitles, ppocr, reader, reader != ppocr);
    } catch (IllegalStateException | UnsatisfiedLinkError e) {
      return new UnavailableAnalyzer(Analysis.SUBTITLES, "model_unavailable", e.getMessage());
    }
  }

  /** The modalities every complete artifact directory has a final status for. */
  public List<String> modalities() {
    List<String> m = new ArrayList<>(List.of(Analysis.KEYFRAMES, Analysis.AUDIO));
    if (ocrEngine != OcrEngine.Kind.NONE) {
      m.add(Analysis.SUBTITLES);
    }
    if (separate) {
      m.add(Analysis.SEPARATION);
    }
    if (faces()) {
      m.add(Analysis.FACES);
    }
    if (asr != null) {
      m.add(Analysis.TRANSCRIPT);
    }
    return m;
  }

  /**
   * What runs, for people (a runner's UI, a report): the analyses and their main settings, each
   * model by name and SHA-256.
   */
  public Map<String, String> describe() {
    Map<String, String> d = new LinkedHashMap<>();
    d.put("analyses", String.join(", ", modalities()));
    d.put(
        "limits",
        "duration ≤ " + maxDurationS + " s, pixels ≤ " + maxPixels + ", " + timeBudgetMs + " ms");
    d.put("keyframeFps", Double.toString(keyframeFps));
    d.put("ocrEngine", ocrEngine.toString());
    if (ocrEngine != OcrEngine.Kind.NONE) {
      for (String m : List.of("ppocr-det", "ppocr-rec", "ppocr-cls")) {
        d.put("model " + m, ModelRegistry.get(m).sha256());
      }
    }
    if (separate) {
      if (separationModel != null) {
        d.put(
            "separator",
            separationModel.model
                + (separationModel.sha256 == null ? "" : " " + separationModel.sha256));
      } else if (separator == Separator.Kind.HTDEMUCS) {
        d.put(
            "separator", separator + " (weights for personal and research use only; models.yaml)");
        d.put(
            "model " + HtDemucs.REGISTRY_NAME, ModelRegistry.get(HtDemucs.REGISTRY_NAME).sha256());
      } else {
        d.put("separator", separator + " spectral (built in)");
      }
      d.put("model silero-vad-v5", ModelRegistry.get("silero-vad-v5").sha256());
    }
    d.put("faceDetector", faceSettings.detector.toString());
    if (faces()) {
      if (faceSettings.detector == FaceDetector.Kind.ULTRAFACE) {
        d.put("model ultraface-rfb-320", ModelRegistry.get("ultraface-rfb-320").sha256());
      }
      d.put("model face-landmarks-68", ModelRegistry.get("face-landmarks-68").sha256());
      d.put(
          "model " + faceSettings.identityModel,
          ModelRegistry.get(faceSettings.identityModel).sha256());
      if (faceSettings.expressions) {
        d.put("model " + FaceExpressions.MODEL, ModelRegistry.get(FaceExpressions.MODEL).sha256());
      }
    }
    if (anonymizeFaces != null) {
      d.put("anonymizeFaces", anonymizeFaces.toString());
    }
    if (asr != null) {
      d.put("asr", asr.model + (asr.sha256 == null ? "" : " " + asr.sha256));
    }
    return d;
  }
}
