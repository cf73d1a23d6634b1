package io.chfen.dataset.eval;

import static org.bytedeco.opencv.global.opencv_imgcodecs.imread;

import io.chfen.artifacts.FaceSample;
import io.chfen.artifacts.FaceTrack;
import io.chfen.artifacts.FaceTruth;
import io.chfen.artifacts.FacesFile;
import io.chfen.artifacts.Person;
import io.chfen.faces.FaceAnalyzer;
import io.chfen.faces.FaceDetector;
import io.chfen.layout.ArtifactFiles;
import io.chfen.layout.GroundTruth;
import io.chfen.media.Analyzer;
import io.chfen.media.DecodeLimits;
import io.chfen.media.FrameSample;
import io.chfen.media.MediaException;
import io.chfen.media.MediaInfo;
import io.chfen.media.SinglePassDecoder;
import io.chfen.records.ModalityResult;
import io.chfen.schemas.Analysis;
import io.chfen.schemas.Status;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Face tracking quality on the sample corpus against its truth (every frame's annotated faces):
 * CLEAR-MOT accuracy (MOTA) and identity F1 (IDF1) of the analyzer's persons, at IoU 0.5 on the
 * sampled frames, and whether each video's number of unique persons is exact. Identities are the
 * analyzer's persons, not its tracks: a person must stay one identity across cuts and occlusions.
 * Truth faces less than half visible neither count as missed nor make a match a false positive.
 */
public final class FaceEvaluation {
  static final double IOU = 0.5;
  static final double MIN_VISIBILITY = 0.5;
  // a variable-frame-rate video's longest frame gap in the corpus is well under this
  private static final long MAX_FRAME_GAP_US = 200_000;

  /** Counts over frames; sums over videos. */
  public static final class Score {
    public int videos;
    public int exactCount;
    public long truth;
    public long predicted;
    public long misses;
    public long falsePositives;
    public long switches;
    public long idTp;
    public long frames;
    public long ms;

    public double mota() {
      return truth == 0 ? 1 : 1 - (double) (misses + falsePositives + switches) / truth;
    }

    public double idf1() {
      long denom = truth + predicted;
      return denom == 0 ? 1 : 2.0 * idTp / denom;
    }

    public double recall() {
      return truth == 0 ? 1 : 1 - (double) misses / truth;
    }

    public double precision() {
      long tp = truth - misses;
      return tp + falsePositives == 0 ? 1 : (double) tp / (tp + falsePositives);
    }

    void add(Score o) {
      videos += o.videos;
      exactCount += o.exactCount;
      truth += o.truth;
      predicted += o.predicted;
      misses += o.misses;
      falsePositives += o.falsePositives;
      switches += o.switches;
      idTp += o.idTp;
      frames += o.frames;
      ms += o.ms;
    }
  }

  /** One video's outcome. */
  public record Result(String video, int truthPersons, int persons, Score score) {}

  private record Box(String id, FaceDetector.Face face, boolean ignore) {}

  private final Path corpus;
  private final Path out;

  /**
   * @param out where each video's faces.json and crops are written (out/&lt;video&gt;/)
   */
  public FaceEvaluation(Path corpus, Path out) {
    this.corpus = corpus;
    this.out = out;
  }

  /** Corpus videos with known face truth. */
  public static List<String> videos(Path corpus) throws IOException {
    List<String> ids = new ArrayList<>();
    for (String id : GroundTruth.ids(corpus)) {
      Path truth = GroundTruth.truth(corpus, id, ArtifactFiles.FACES);
      if (Files.exists(truth) && FaceTruth.read(truth).known()) {
        ids.add(id);
      }
    }
    return ids;
  }

  /** A real photo with one hand-annotated face box (pixels). */
  public record LabelledPhoto(String id, Path photo, FaceDetector.Face face) {}

  /** The detector on one photo: whether the annotated face was found, the best IoU, the boxes. */
  public record PhotoResult(LabelledPhoto photo, boolean found, double bestIou, int boxes) {}

  /** The detector on real photos: for each, whether its annotated face is found (IoU ≥ 0.5). */
  public static List<PhotoResult> photoRecall(FaceDetector detector, List<LabelledPhoto> photos) {
    List<PhotoResult> out = new ArrayList<>();
    for (LabelledPhoto p : photos) {
      Mat img = imread(p.photo().toString());
      try {
        if (img.empty()) {
          throw new IllegalStateException("cannot read " + p.photo());
        }
        List<FaceDetector.Face> found = detector.detect(img, true);
        double best = found.stream().mapToDouble(f -> f.iou(p.face())).max().orElse(0);
        out.add(new PhotoResult(p, best >= IOU, best, found.size()));
      } finally {
        img.close();
      }
    }
    return out;
  }

  /**
   * The analyzer on a video without face truth (e.g. Megamind.avi): the share of samples with a
   * face, and its tracks and persons.
   */
  public Map<String, Double> unlabelled(Path video, FaceAnalyzer.Settings settings, Path modelsDir)
      throws IOException, MediaException {
    Path dir = Files.createDirectories(out.resolve("unlabelled"));
    try (FaceAnalyzer faces = FaceAnalyzer.create(settings, modelsDir)) {
      return new SinglePassDecoder(DecodeLimits.DEFAULT, 1)
          .decode(video, List.of(faces), dir)
          .results()
          .get(Analysis.FACES)
          .getStats();
    }
  }

  /** Runs the analyzer on one corpus video and scores it. */
  public Result run(String video, FaceAnalyzer.Settings settings, Path modelsDir)
      throws IOException, MediaException {
    Path dir = Files.createDirectories(out.resolve(video));
    List<Long> sampled = new ArrayList<>();
    long t0 = System.nanoTime();
    try (FaceAnalyzer faces = FaceAnalyzer.create(settings, modelsDir)) {
      Analyzer recording = new Recording(faces, sampled);
      ModalityResult r =
          new SinglePassDecoder(DecodeLimits.DEFAULT, 1)
              .decode(corpus.resolve(video + ".mp4"), List.of(recording), dir)
              .results()
              .get(Analysis.FACES);
      if (!Status.ok(r)) {
        throw new IOException(video + ": faces " + r.getStatus() + ": " + r.getMessage());
      }
    }
    long ms = (System.nanoTime() - t0) / 1_000_000;
    FaceTruth truth = FaceTruth.read(GroundTruth.truth(corpus, video, ArtifactFiles.FACES));
    FacesFile got = FacesFile.read(dir.resolve(ArtifactFiles.FACES));
    Score s = score(truthBoxes(truth, sampled), predicted(got));
    s.videos = 1;
    s.ms = ms;
    int want = truth.persons().size();
    int have = got.persons().size();
    s.exactCount = want == have ? 1 : 0;
    return new Result(video, want, have, s);
  }

  /**
   * Scores a finished faces.json (a pipeline's artifact) against the truth: the analyzer saw the
   * frames of its grid, {@code samples} times {@code 1 / fps} apart.
   */
  public static Score score(FaceTruth truth, FacesFile faces) {
    double fps = faces.fps();
    List<Long> sampled = new ArrayList<>();
    for (long k = 0; k < faces.samples(); k++) {
      sampled.add(Math.round(k * 1e6 / fps));
    }
    Score s = score(truthBoxes(truth, sampled), predicted(faces));
    s.videos = 1;
    return s;
  }

  /**
   * The truth faces of the sampled frames, by sample time: the decoder gives each grid time the
   * first frame at or after it (SinglePassDecoder), so that is the truth frame looked up.
   */
  private static TreeMap<Long, List<Box>> truthBoxes(FaceTruth truth, List<Long> sampled) {
    TreeMap<Long, List<FaceTruth.Box>> frames = new TreeMap<>();
    for (FaceTruth.Frame f : truth.frames()) {
      frames.put(f.timeUs(), f.faces());
    }
    TreeMap<Long, List<Box>> out = new TreeMap<>();
    for (long t : sampled) {
      Map.Entry<Long, List<FaceTruth.Box>> at = frames.ceilingEntry(t - 1000);
      List<Box> boxes = new ArrayList<>();
      if (at != null && at.getKey() - t <= MAX_FRAME_GAP_US) {
        for (FaceTruth.Box b : at.getValue()) {
          boxes.add(
              new Box(
                  b.person(),
                  new FaceDetector.Face(b.x(), b.y(), b.w(), b.h(), 1),
                  b.visibility() < MIN_VISIBILITY));
        }
      }
      out.put(t, boxes);
    }
    return out;
  }

  /** The analyzer's boxes by sample time, each with its person's id. */
  private static Map<Long, List<Box>> predicted(FacesFile faces) {
    Map<Long, List<Box>> out = new HashMap<>();
    for (Person p : faces.persons()) {
      for (FaceTrack t : p.tracks()) {
        for (FaceSample s : t.samples()) {
          int[] b = s.box();
          long us = Math.round(s.t() * 1e6);
          out.computeIfAbsent(us, k -> new ArrayList<>())
              .add(
                  new Box(p.id(), new FaceDetector.Face(b[0], b[1], b[2], b[3], s.score()), false));
        }
      }
    }
    return out;
  }

  /** CLEAR-MOT counts and identity true positives over the sampled frames. */
  static Score score(TreeMap<Long, List<Box>> truth, Map<Long, List<Box>> predicted) {
    Score s = new Score();
    Map<String, String> lastMatch = new HashMap<>();
    Map<String, Integer> gtIndex = new HashMap<>();
    Map<String, Integer> prIndex = new HashMap<>();
    Map<Long, Integer> pairCounts = new HashMap<>();
    for (Map.Entry<Long, List<Box>> e : truth.entrySet()) {
      s.frames++;
      List<Box> gts = e.getValue();
      List<Box> prs = new ArrayList<>(nearest(predicted, e.getKey()));
      // a match to a mostly hidden face is neither a hit nor a false positive
      for (Box g : gts) {
        if (g.ignore()) {
          prs.stream()
              .filter(p -> p.face().iou(g.face()) >= IOU)
              .findFirst()
              .ifPresent(prs::remove);
        }
      }
      List<Box> counted = gts.stream().filter(g -> !g.ignore()).toList();
      s.truth += counted.size();
      s.predicted += prs.size();
      Set<Long> pairs = new HashSet<>(); // a pair of identities counts once per frame
      for (Box g : counted) {
        for (Box p : prs) {
          if (g.face().iou(p.face()) >= IOU) {
            int gi = gtIndex.computeIfAbsent(g.id(), k -> gtIndex.size());
            int pi = prIndex.computeIfAbsent(p.id(), k -> prIndex.size());
            pairs.add(((long) gi << 32) | pi);
          }
        }
      }
      pairs.forEach(k -> pairCounts.merge(k, 1, Integer::sum));
      // CLEAR-MOT: last frame's pairs are kept while they overlap, the rest by best IoU
      List<Box> freeG = new ArrayList<>(counted);
      List<Box> freeP = new ArrayList<>(prs);
      Map<String, String> matched = new HashMap<>();
      for (Box g : counted) {
        String prev = lastMatch.get(g.id());
        freeP.stream()
            .filter(p -> p.id().equals(prev) && p.face().iou(g.face()) >= IOU)
            .findFirst()
            .ifPresent(
                p -> {
                  matched.put(g.id(), p.id());
                  freeG.remove(g);
                  freeP.remove(p);
                });
      }
      while (true) {
        double best = IOU;
        Box bg = null;
        Box bp = null;
        for (Box g : freeG) {
          for (Box p : freeP) {
            double iou = g.face().iou(p.face());
            if (iou >= best) {
              best = iou;
              bg = g;
              bp = p;
            }
          }
        }
        if (bg == null) {
          break;
        }
        String prev = lastMatch.get(bg.id());
        if (prev != null && !prev.equals(bp.id())) {
          s.switches++;
        }
        matched.put(bg.id(), bp.id());
        freeG.remove(bg);
        freeP.remove(bp);
      }
      s.misses += freeG.size();
      s.falsePositives += freeP.size();
      lastMatch.putAll(matched);
    }
    double[][] w = new double[gtIndex.size()][prIndex.size()];
    pairCounts.forEach((k, v) -> w[(int) (k >>> 32)][(int) (k & 0xffffffffL)] = v);
    s.idTp = Math.round(Assignment.maxWeight(w));
    return s;
  }

  private static List<Box> nearest(Map<Long, List<Box>> predicted, long t) {
    for (long d = 0; d <= 1000; d++) {
      List<Box> b = predicted.get(t - d);
      if (b == null) {
        b = predicted.get(t + d);
      }
      if (b != null) {
        return b;
      }
    }
    return List.of();
  }

  /** Sums scores over videos. */
  public static Score total(List<Result> results) {
    Score s = new Score();
    results.forEach(r -> s.add(r.score()));
    return s;
  }

  /** Passes frames to an analyzer, noting the times of those it was given. */
  private record Recording(Analyzer inner, List<Long> times) implements Analyzer {
    @Override
    public String modality() {
      return inner.modality();
    }

    @Override
    public double frameRate() {
      return inner.frameRate();
    }

    @Override
    public void begin(MediaInfo info, Path outDir) throws IOException {
      inner.begin(info, outDir);
    }

    @Override
    public void frame(FrameSample frame) throws IOException {
      times.add(frame.timestampUs());
      inner.frame(frame);
    }

    @Override
    public ModalityResult end(double decodedDurationS) throws IOException {
      return inner.end(decodedDurationS);
    }

    @Override
    public void abort() {
      inner.abort();
    }
  }
}
