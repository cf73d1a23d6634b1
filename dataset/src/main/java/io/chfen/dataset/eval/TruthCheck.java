package io.chfen.dataset.eval;

import io.chfen.artifacts.FaceTruth;
import io.chfen.artifacts.FacesFile;
import io.chfen.artifacts.SubtitleCue;
import io.chfen.files.FileOps;
import io.chfen.files.Location;
import io.chfen.formats.Srt;
import io.chfen.formats.WavReader;
import io.chfen.layout.ArtifactFiles;
import io.chfen.layout.GroundTruth;
import io.chfen.layout.RunLayout;
import io.chfen.records.VideoMetadata;
import io.chfen.separation.SiSdr;
import io.chfen.storage.Storage;
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
  public static List<VideoScore> score(Location out, Path corpus, List<VideoMetadata> videos)
      throws IOException {
    Map<String, String> bySha = new HashMap<>();
    for (String id : GroundTruth.ids(corpus)) {
      if (Files.isDirectory(GroundTruth.truthDir(corpus, id))) {
        bySha.put(FileOps.sha256(corpus.resolve(id + ".mp4")), id);
      }
    }
    RunLayout layout = RunLayout.at(out);
    List<VideoScore> scores = new ArrayList<>();
    for (VideoMetadata v : videos) {
      String corpusVideo =
          v.getMediaSha256() == null ? null : bySha.get(v.getMediaSha256().toString());
      if (corpusVideo == null) {
        continue;
      }
      Location dir = layout.artifacts(v.getId().toString());
      if (!Storage.exists(dir.child(ArtifactFiles.ARTIFACTS))) {
        continue;
      }
      try (Storage.Local local = Storage.local(dir)) {
        scores.add(
            score(
                v.getId().toString(),
                corpusVideo,
                local.path(),
                GroundTruth.truthDir(corpus, corpusVideo)));
      }
    }
    return scores;
  }

  static VideoScore score(String id, String corpusVideo, Path dir, Path truth) throws IOException {
    OcrEvaluation.Result ocr = null;
    Path trueCues = truth.resolve(ArtifactFiles.SUBTITLES);
    if (Files.exists(trueCues)) {
      // no subtitles.srt: the analyzer found none (absent), every true cue is missed
      Path cues = dir.resolve(ArtifactFiles.SUBTITLES);
      List<SubtitleCue> hyp = Files.exists(cues) ? Srt.read(cues) : List.of();
      ocr = OcrEvaluation.score(id, Srt.read(trueCues), hyp, 0, 0, 0);
    }
    Separation separation = null;
    if (Files.exists(truth.resolve(ArtifactFiles.VOCALS))
        && Files.exists(dir.resolve(ArtifactFiles.VOCALS))) {
      separation = separation(dir, truth);
    }
    FaceEvaluation.Score faces = null;
    Integer truthPersons = null;
    Integer persons = null;
    Path trueFacesFile = truth.resolve(ArtifactFiles.FACES);
    FaceTruth trueFaces = Files.exists(trueFacesFile) ? FaceTruth.read(trueFacesFile) : null;
    if (trueFaces != null && trueFaces.known() && Files.exists(dir.resolve(ArtifactFiles.FACES))) {
      FacesFile got = FacesFile.read(dir.resolve(ArtifactFiles.FACES));
      faces = FaceEvaluation.score(trueFaces, got);
      truthPersons = trueFaces.persons().size();
      persons = got.persons().size();
      faces.exactCount = truthPersons.equals(persons) ? 1 : 0;
    }
    return new VideoScore(id, corpusVideo, ocr, separation, faces, truthPersons, persons);
  }

  /**
   * Null when a true stem is silent (speech without music, music without speech): there is nothing
   * to separate, and SI-SDR against silence means nothing.
   */
  private static Separation separation(Path dir, Path truth) throws IOException {
    WavReader.Audio trueVocals = WavReader.read(truth.resolve(ArtifactFiles.VOCALS));
    float[] trueV = trueVocals.mono();
    float[] trueM = WavReader.read(truth.resolve(ArtifactFiles.MUSIC)).mono();
    if (SeparationEvaluation.rms(trueV) < AUDIBLE || SeparationEvaluation.rms(trueM) < AUDIBLE) {
      return null;
    }
    WavReader.Audio v = WavReader.read(dir.resolve(ArtifactFiles.VOCALS));
    WavReader.Audio m = WavReader.read(dir.resolve(ArtifactFiles.MUSIC));
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
