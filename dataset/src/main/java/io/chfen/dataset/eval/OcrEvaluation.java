package io.chfen.dataset.eval;

import io.chfen.artifacts.SubtitleCue;
import io.chfen.files.FileOps;
import io.chfen.formats.Srt;
import io.chfen.layout.ArtifactFiles;
import io.chfen.layout.GroundTruth;
import io.chfen.media.DecodeLimits;
import io.chfen.media.SinglePassDecoder;
import io.chfen.ocr.OcrEngine;
import io.chfen.ocr.PaddleOcr;
import io.chfen.ocr.SubtitleExtractor;
import io.chfen.ocr.TesseractOcr;
import io.chfen.ocr.TextSimilarity;
import io.chfen.records.ModalityResult;
import io.chfen.schemas.Analysis;
import io.chfen.schemas.Status;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Subtitle OCR quality on the sample corpus against its truth: character error rate of matched
 * cues, cue recall and precision (a cue matches when the time intersection-over-union is at least
 * 0.5 and its CER at most 20%), median start and end error; with OCR calls and wall time, so
 * engines and the naive baseline (full-frame OCR of every 5 fps sample, fuzzy merge, no refinement)
 * compare in one table.
 */
public final class OcrEvaluation {

  /** One configuration's figures over a set of videos. */
  public record Result(
      String name,
      int truthCues,
      int hypCues,
      int matched,
      long edits,
      long chars,
      List<Long> startErr,
      List<Long> endErr,
      long ocrCalls,
      double videoS,
      double wallS) {
    public double cer() {
      return chars == 0 ? 0 : edits / (double) chars;
    }

    public double recall() {
      return truthCues == 0 ? 1 : matched / (double) truthCues;
    }

    public double precision() {
      return hypCues == 0 ? 1 : matched / (double) hypCues;
    }

    public double medianStartMs() {
      return Stats.median(startErr);
    }

    public double medianEndMs() {
      return Stats.median(endErr);
    }

    /** The results of several videos as one: counts added, cues pooled. */
    public static Result sum(String name, List<Result> parts) {
      int truthCues = 0;
      int hypCues = 0;
      int matched = 0;
      long edits = 0;
      long chars = 0;
      long calls = 0;
      double videoS = 0;
      double wallS = 0;
      List<Long> startErr = new ArrayList<>();
      List<Long> endErr = new ArrayList<>();
      for (Result v : parts) {
        truthCues += v.truthCues;
        hypCues += v.hypCues;
        matched += v.matched;
        edits += v.edits;
        chars += v.chars;
        calls += v.ocrCalls;
        videoS += v.videoS;
        wallS += v.wallS;
        startErr.addAll(v.startErr);
        endErr.addAll(v.endErr);
      }
      return new Result(
          name, truthCues, hypCues, matched, edits, chars, startErr, endErr, calls, videoS, wallS);
    }
  }

  private final Path corpus;
  private final Path models;
  private Path keep;

  public OcrEvaluation(Path corpus, Path models) {
    this.corpus = corpus;
    this.models = models;
  }

  /** Keeps each video's subtitles.srt and onscreen_text.json under {@code dir/<run>/<id>/}. */
  public OcrEvaluation keepOutputs(Path dir) {
    this.keep = dir;
    return this;
  }

  /** The baseline's settings: full-frame OCR on every sample, fuzzy merge, no refinement. */
  public static SubtitleExtractor.Settings baseline() {
    SubtitleExtractor.Settings b = new SubtitleExtractor.Settings();
    b.discoverySeconds = 1 / b.sampleFps;
    b.discoveryNewCells = 0; // every sample is read, changed or not
    b.refineBoundaries = false;
    return b;
  }

  /**
   * Runs one configuration over the corpus's videos: a result per video ({@link Result#sum} adds
   * them up); {@code name} names the run where outputs are kept.
   */
  public List<Result> run(
      String name, OcrEngine.Kind engine, SubtitleExtractor.Settings settings, List<String> videos)
      throws Exception {
    if (engine == OcrEngine.Kind.NONE) {
      throw new IllegalArgumentException("no OCR engine to evaluate");
    }
    PaddleOcr ppocr = PaddleOcr.shared(models);
    OcrEngine reader = engine == OcrEngine.Kind.TESSERACT ? new TesseractOcr(ppocr) : ppocr;
    SinglePassDecoder decoder = new SinglePassDecoder(DecodeLimits.DEFAULT, 1);
    Path out = Files.createTempDirectory("chfen-eval-ocr");
    List<Result> perVideoResults = new ArrayList<>();
    try (SubtitleExtractor x = new SubtitleExtractor(settings, ppocr, reader, reader != ppocr)) {
      for (String id : videos) {
        long t0 = System.nanoTime();
        SinglePassDecoder.Report r = decoder.decode(corpus.resolve(id + ".mp4"), List.of(x), out);
        double wall = (System.nanoTime() - t0) / 1e9;
        ModalityResult m = r.results().get(Analysis.SUBTITLES);
        if (m == null || Status.FAILED.equals(m.getStatus())) {
          throw new IllegalStateException(
              id
                  + ": subtitle extraction failed: "
                  + (m == null ? "no result" : m.getReason() + ": " + m.getMessage()));
        }
        List<SubtitleCue> truth = Srt.read(GroundTruth.truth(corpus, id, ArtifactFiles.SUBTITLES));
        List<SubtitleCue> hyp = Srt.read(out.resolve(ArtifactFiles.SUBTITLES));
        if (keep != null) {
          Path dir = Files.createDirectories(keep.resolve(name).resolve(id));
          for (String f : List.of(ArtifactFiles.SUBTITLES, ArtifactFiles.ONSCREEN_TEXT)) {
            Files.copy(out.resolve(f), dir.resolve(f), StandardCopyOption.REPLACE_EXISTING);
          }
        }
        Result v =
            score(
                id,
                truth,
                hyp,
                m.getStats().getOrDefault("ocrCalls", 0.0).longValue(),
                r.decodedDurationS(),
                wall);
        perVideoResults.add(v);
      }
    } finally {
      FileOps.deleteTree(out);
    }
    return perVideoResults;
  }

  public static Result score(
      String name,
      List<SubtitleCue> truth,
      List<SubtitleCue> hyp,
      long calls,
      double videoS,
      double wallS) {
    boolean[] used = new boolean[hyp.size()];
    int matched = 0;
    long edits = 0;
    long chars = 0;
    List<Long> startErr = new ArrayList<>();
    List<Long> endErr = new ArrayList<>();
    for (SubtitleCue t : truth) {
      String ref = TextSimilarity.normalizeSpace(t.text());
      int best = -1;
      double bestIou = 0;
      for (int i = 0; i < hyp.size(); i++) {
        if (used[i]) {
          continue;
        }
        double iou = iou(t, hyp.get(i));
        if (iou >= 0.5
            && iou > bestIou
            && TextSimilarity.cer(ref, TextSimilarity.normalizeSpace(hyp.get(i).text())) <= 0.2) {
          best = i;
          bestIou = iou;
        }
      }
      if (best >= 0) {
        used[best] = true;
        matched++;
        SubtitleCue h = hyp.get(best);
        edits += TextSimilarity.distance(ref, TextSimilarity.normalizeSpace(h.text()));
        chars += ref.codePointCount(0, ref.length());
        startErr.add(Math.abs(h.startMs() - t.startMs()));
        endErr.add(Math.abs(h.endMs() - t.endMs()));
      }
    }
    return new Result(
        name,
        truth.size(),
        hyp.size(),
        matched,
        edits,
        chars,
        startErr,
        endErr,
        calls,
        videoS,
        wallS);
  }

  static double iou(SubtitleCue a, SubtitleCue b) {
    long inter = Math.max(0, Math.min(a.endMs(), b.endMs()) - Math.max(a.startMs(), b.startMs()));
    long union = Math.max(a.endMs(), b.endMs()) - Math.min(a.startMs(), b.startMs());
    return union == 0 ? 0 : inter / (double) union;
  }
}
