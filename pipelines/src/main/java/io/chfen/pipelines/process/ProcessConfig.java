package io.chfen.pipelines.process;

import io.chfen.encode.CtcTranscriber;
import io.chfen.faces.FaceAnalyzer;
import io.chfen.faces.FaceAnonymizer;
import io.chfen.media.Analyzer;
import io.chfen.media.AudioFormat;
import io.chfen.media.DecodeLimits;
import io.chfen.media.UnavailableAnalyzer;
import io.chfen.models.ModelFiles;
import io.chfen.ocr.OcrEngine;
import io.chfen.ocr.PaddleOcr;
import io.chfen.ocr.SubtitleExtractor;
import io.chfen.ocr.TesseractOcr;
import io.chfen.process.AudioExtractor;
import io.chfen.process.KeyframeSampler;
import io.chfen.separation.OnnxSeparator;
import io.chfen.separation.SeparationAnalyzer;
import io.chfen.separation.Separator;
import io.chfen.separation.SileroVad;
import io.chfen.separation.SpeechMusicSeparator;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What the process stage runs on each video: decoding guards, decoder threads, and the analyzers'
 * settings. Serializable: Beam ships it to workers, which build the analyzers from it.
 */
public final class ProcessConfig implements Serializable {
  private static final long serialVersionUID = 1L;

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

  /** Subtitle OCR: ppocr (default), tesseract, or none. */
  public String ocrEngine = "ppocr";

  public SubtitleExtractor.Settings subtitles = new SubtitleExtractor.Settings();

  /** Separate vocals from music (vocals.wav, music.wav, speech_segments.json). */
  public boolean separate = true;

  public SpeechMusicSeparator.Settings separation = new SpeechMusicSeparator.Settings();

  /** A waveform separation model to use instead of the default (null: the default). */
  public OnnxSeparator.Config separationModel;

  /** Detect, track and identify faces (faces.json, faces/ crops). */
  public boolean faces = true;

  public FaceAnalyzer.Settings faceSettings = new FaceAnalyzer.Settings();

  /**
   * Privacy: blur or pixelate every tracked face in the stored keyframes and face crops (the face
   * embeddings are taken before); null keeps the images as decoded.
   */
  public FaceAnonymizer.Mode anonymizeFaces;

  /**
   * Speech to text on the separated vocals of videos without subtitles (transcript.srt, read by the
   * encode stage as the text modality): a CTC export and its vocabulary; null: no transcripts.
   */
  public CtcTranscriber.Config asr;

  /** Where fetched models lie (null: ModelFiles.dir(), from chfen.home). */
  public String modelsDir;

  public DecodeLimits limits() {
    return new DecodeLimits(maxDurationS, maxPixels, timeBudgetMs);
  }

  /** A fresh set of analyzers (one set per worker thread: analyzers are not thread-safe). */
  public List<Analyzer> analyzers() {
    List<Analyzer> a = new ArrayList<>();
    a.add(new KeyframeSampler(keyframeFps, keyframeJpegQuality, sceneCutThreshold));
    a.add(new AudioExtractor(new AudioFormat(audioSampleRate, audioChannels)));
    if (!ocrEngine.equals("none")) {
      a.add(subtitleExtractor());
    }
    if (separate) {
      a.add(separator());
    }
    if (faces) {
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
              : new SpeechMusicSeparator(separation).withVad(vad);
      return new SeparationAnalyzer(sep, vad);
    } catch (IllegalStateException | IllegalArgumentException | UnsatisfiedLinkError e) {
      return new UnavailableAnalyzer("separation", "model_unavailable", e.getMessage());
    }
  }

  /** The face analyzer, or a stand-in that fails the modality when its models are missing. */
  private Analyzer faceAnalyzer() {
    try {
      return FaceAnalyzer.create(faceSettings, models());
    } catch (IllegalStateException | UnsatisfiedLinkError e) {
      return new UnavailableAnalyzer("faces", "model_unavailable", e.getMessage());
    }
  }

  private Path models() {
    return modelsDir != null ? Path.of(modelsDir) : ModelFiles.dir();
  }

  /** The subtitle analyzer, or a stand-in that fails the modality when its models are missing. */
  private Analyzer subtitleExtractor() {
    try {
      PaddleOcr ppocr = PaddleOcr.shared(models());
      OcrEngine reader =
          switch (ocrEngine) {
            case "ppocr" -> ppocr;
            case "tesseract" -> new TesseractOcr();
            default ->
                throw new IllegalArgumentException(
                    "unknown OCR engine '" + ocrEngine + "' (ppocr, tesseract, none)");
          };
      return new SubtitleExtractor(subtitles, ppocr, reader, reader != ppocr);
    } catch (IllegalStateException | UnsatisfiedLinkError e) {
      return new UnavailableAnalyzer("subtitles", "model_unavailable", e.getMessage());
    }
  }

  /** The modalities every complete artifact directory has a final status for. */
  public List<String> modalities() {
    List<String> m = new ArrayList<>(List.of("keyframes", "audio"));
    if (!ocrEngine.equals("none")) {
      m.add("subtitles");
    }
    if (separate) {
      m.add("separation");
    }
    if (faces) {
      m.add("faces");
    }
    if (asr != null) {
      m.add("transcript");
    }
    return m;
  }
}
