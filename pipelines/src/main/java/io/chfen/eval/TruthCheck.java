package io.chfen.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.chfen.corpus.SampleCorpus;
import io.chfen.files.FileOps;
import io.chfen.media.WavReader;
import io.chfen.ocr.Srt;
import io.chfen.records.VideoMetadata;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A build's own outputs scored against ground truth: for every processed video whose media is a
 * sample-corpus video (matched by SHA-256), its subtitles.srt against the true cues (CER, cue
 * recall), its vocals.wav and music.wav against the true stems (SI-SDR, and the unseparated
 * mixture's for comparison), and its faces.json against the true boxes and identities (IDF1, MOTA).
 * The same measures as {@code chfen eval-ocr / eval-separation / eval-faces}, but on what the
 * pipeline actually wrote.
 */
public final class TruthCheck {
  private static final ObjectMapper JSON = new ObjectMapper();
  // -60 dBFS RMS
  private static final double AUDIBLE = 1e-3;

  /**
   * One video's figures; a part without truth (or without the artifact, or with nothing to
   * separate) is null.
   */
  public record VideoScore(
      String id,
      String corpusVideo,
      OcrEvaluation.Result ocr,
      Separation separation,
      FaceEvaluation.Score faces,
      Integer truthPersons,
      Integer persons) {}

  /** SI-SDR (dB) of the separated stems and of the mixture, against the true stems. */
  public record Separation(double vocals, double music, double mixtureVocals, double mixtureMusic) {
    public double vocalsGain() {
      return vocals - mixtureVocals;
    }
  }

  private TruthCheck() {}

  /**
   * @param out a process (or build) output: artifacts/&lt;id&gt;/
   * @param corpus a sample corpus (cNN.mp4 and cNN/truth/)
   */
  public static List<VideoScore> score(Path out, Path corpus, List<VideoMetadata> videos)
      throws IOException {
    Map<String, String> bySha = new HashMap<>();
    for (Path mp4 : SampleCorpus.videos(corpus)) {
      Path truth =
          corpus.resolve(mp4.getFileName().toString().replace(".mp4", "")).resolve("truth");
      if (Files.isDirectory(truth)) {
        bySha.put(FileOps.sha256(mp4), mp4.getFileName().toString().replace(".mp4", ""));
      }
    }
    List<VideoScore> scores = new ArrayList<>();
    for (VideoMetadata v : videos) {
      String corpusVideo =
          v.getMediaSha256() == null ? null : bySha.get(v.getMediaSha256().toString());
      Path dir = out.resolve("artifacts").resolve(v.getId().toString());
      if (corpusVideo == null || !Files.isRegularFile(dir.resolve("artifacts.json"))) {
        continue;
      }
      scores.add(
          score(
              v.getId().toString(),
              corpusVideo,
              dir,
              corpus.resolve(corpusVideo).resolve("truth")));
    }
    return scores;
  }

  static VideoScore score(String id, String corpusVideo, Path dir, Path truth) throws IOException {
    OcrEvaluation.Result ocr = null;
    if (Files.exists(truth.resolve("subtitles.srt"))) {
      // no subtitles.srt: the analyzer found none (absent), every true cue is missed
      List<Srt.Cue> hyp =
          Files.exists(dir.resolve("subtitles.srt"))
              ? Srt.parse(Files.readString(dir.resolve("subtitles.srt")))
              : List.of();
      ocr =
          OcrEvaluation.score(
              id, Srt.parse(Files.readString(truth.resolve("subtitles.srt"))), hyp, 0, 0, 0);
    }
    Separation separation = null;
    if (Files.exists(truth.resolve("vocals.wav")) && Files.exists(dir.resolve("vocals.wav"))) {
      separation = separation(dir, truth);
    }
    FaceEvaluation.Score faces = null;
    Integer truthPersons = null;
    Integer persons = null;
    JsonNode trueFaces =
        Files.exists(truth.resolve("faces.json"))
            ? JSON.readTree(truth.resolve("faces.json").toFile())
            : null;
    if (trueFaces != null
        && trueFaces.path("known").asBoolean()
        && Files.exists(dir.resolve("faces.json"))) {
      JsonNode got = JSON.readTree(dir.resolve("faces.json").toFile());
      faces = FaceEvaluation.score(trueFaces, got);
      truthPersons = trueFaces.path("persons").size();
      persons = got.path("persons").size();
      faces.exactCount = truthPersons.equals(persons) ? 1 : 0;
    }
    return new VideoScore(id, corpusVideo, ocr, separation, faces, truthPersons, persons);
  }

  /**
   * Null when a true stem is silent (speech without music, music without speech): there is nothing
   * to separate, and SI-SDR against silence means nothing.
   */
  private static Separation separation(Path dir, Path truth) throws IOException {
    WavReader.Audio trueVocals = WavReader.read(truth.resolve("vocals.wav"));
    float[] trueV = trueVocals.mono();
    float[] trueM = WavReader.read(truth.resolve("music.wav")).mono();
    if (SeparationEvaluation.rms(trueV) < AUDIBLE || SeparationEvaluation.rms(trueM) < AUDIBLE) {
      return null;
    }
    WavReader.Audio v = WavReader.read(dir.resolve("vocals.wav"));
    WavReader.Audio m = WavReader.read(dir.resolve("music.wav"));
    if (v.sampleRate() != trueVocals.sampleRate()) {
      throw new IOException(dir + ": vocals.wav is not at the truth's sample rate");
    }
    int n = Math.min(Math.min(trueV.length, trueM.length), v.frames());
    float[] mix = new float[n];
    for (int i = 0; i < n; i++) {
      mix[i] = trueV[i] + trueM[i];
    }
    float[] tv = java.util.Arrays.copyOf(trueV, n);
    float[] tm = java.util.Arrays.copyOf(trueM, n);
    return new Separation(
        SiSdr.of(java.util.Arrays.copyOf(v.mono(), n), tv),
        SiSdr.of(java.util.Arrays.copyOf(m.mono(), n), tm),
        SiSdr.of(mix, tv),
        SiSdr.of(mix, tm));
  }

  /**
   * The figures over all scored videos: OCR and faces pooled over cues and frames, SI-SDR as means.
   */
  public record Summary(
      int videos,
      OcrEvaluation.Result ocr,
      int separated,
      double vocalsSiSdr,
      double mixtureVocalsSiSdr,
      double musicSiSdr,
      FaceEvaluation.Score faces) {}

  public static Summary summarize(List<VideoScore> scores) {
    List<OcrEvaluation.Result> ocr = new ArrayList<>();
    double sv = 0;
    double sm = 0;
    double mix = 0;
    int separated = 0;
    FaceEvaluation.Score faces = new FaceEvaluation.Score();
    for (VideoScore s : scores) {
      if (s.ocr() != null) {
        ocr.add(s.ocr());
      }
      if (s.separation() != null) {
        separated++;
        sv += s.separation().vocals();
        sm += s.separation().music();
        mix += s.separation().mixtureVocals();
      }
      if (s.faces() != null) {
        faces.add(s.faces());
      }
    }
    return new Summary(
        scores.size(),
        OcrEvaluation.Result.sum("all", ocr),
        separated,
        separated == 0 ? Double.NaN : sv / separated,
        separated == 0 ? Double.NaN : mix / separated,
        separated == 0 ? Double.NaN : sm / separated,
        faces);
  }
}
