package io.chfen.eval;

import static org.bytedeco.opencv.global.opencv_imgcodecs.imread;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.chfen.corpus.CorpusSources;
import io.chfen.faces.FaceAnalyzer;
import io.chfen.faces.FaceDetector;
import io.chfen.media.Analyzer;
import io.chfen.media.DecodeLimits;
import io.chfen.media.FrameSample;
import io.chfen.media.MediaException;
import io.chfen.media.MediaInfo;
import io.chfen.media.SinglePassDecoder;
import io.chfen.pipelines.Table;
import io.chfen.records.ModalityResult;
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
import java.util.stream.Stream;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Face tracking quality on the sample corpus against its truth (every frame's annotated faces):
 * CLEAR-MOT accuracy (MOTA) and identity F1 (IDF1) of the analyzer's persons, at IoU 0.5 on the
 * sampled frames, and whether each video's number of unique persons is exact. Identities are the
 * analyzer's persons, not its tracks: a person must stay one identity across cuts and occlusions.
 * Truth faces less than half visible neither count as missed nor make a match a false positive.
 */
public final class FaceEvaluation {
  private static final ObjectMapper JSON = new ObjectMapper();
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
    try (Stream<Path> s = Files.list(corpus)) {
      for (Path d : s.sorted().toList()) {
        Path truth = d.resolve("truth/faces.json");
        if (Files.exists(truth) && JSON.readTree(truth.toFile()).path("known").asBoolean()) {
          ids.add(d.getFileName().toString());
        }
      }
    }
    return ids;
  }

  /**
   * The detector on the corpus's real photos: for each, whether its annotated face is found (IoU ≥
   * 0.5) and how many boxes were reported; one table row per photo.
   */
  public static void photoRecall(
      Table t, FaceDetector detector, List<CorpusSources.Person> people) {
    for (CorpusSources.Person p : people) {
      Mat img = imread(p.photo().toString());
      if (img.empty()) {
        throw new IllegalStateException("cannot read " + p.photo());
      }
      List<FaceDetector.Face> found = detector.detect(img, true);
      FaceDetector.Face want =
          new FaceDetector.Face(p.face().x, p.face().y, p.face().width, p.face().height, 1);
      double best = found.stream().mapToDouble(f -> f.iou(want)).max().orElse(0);
      t.row(
          p.photo().getFileName(),
          p.id(),
          best >= IOU ? "yes" : "no",
          String.format("%.2f", best),
          Integer.toString(found.size()));
      img.close();
    }
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
          .get("faces")
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
              .get("faces");
      if (!"ok".equals(r.getStatus())) {
        throw new IOException(video + ": faces " + r.getStatus() + ": " + r.getMessage());
      }
    }
    long ms = (System.nanoTime() - t0) / 1_000_000;
    JsonNode truth = JSON.readTree(corpus.resolve(video + "/truth/faces.json").toFile());
    JsonNode got = JSON.readTree(dir.resolve("faces.json").toFile());
    Score s = score(truthBoxes(truth, sampled), predicted(got));
    s.videos = 1;
    s.ms = ms;
    int want = truth.get("persons").size();
    int have = got.get("persons").size();
    s.exactCount = want == have ? 1 : 0;
    return new Result(video, want, have, s);
  }

  /**
   * Scores a finished faces.json (a pipeline's artifact) against the truth: the analyzer saw the
   * frames of its grid, {@code samples} times {@code 1 / fps} apart.
   */
  public static Score score(JsonNode truth, JsonNode faces) {
    double fps = faces.path("fps").asDouble();
    List<Long> sampled = new ArrayList<>();
    for (long k = 0; k < faces.path("samples").asLong(); k++) {
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
  private static TreeMap<Long, List<Box>> truthBoxes(JsonNode truth, List<Long> sampled) {
    TreeMap<Long, JsonNode> frames = new TreeMap<>();
    for (JsonNode f : truth.get("frames")) {
      frames.put(f.get("timeUs").asLong(), f.get("faces"));
    }
    TreeMap<Long, List<Box>> out = new TreeMap<>();
    for (long t : sampled) {
      Map.Entry<Long, JsonNode> at = frames.ceilingEntry(t - 1000);
      List<Box> boxes = new ArrayList<>();
      if (at != null && at.getKey() - t <= MAX_FRAME_GAP_US) {
        for (JsonNode b : at.getValue()) {
          boxes.add(
              new Box(
                  b.get("person").asText(),
                  new FaceDetector.Face(
                      b.get("x").asInt(),
                      b.get("y").asInt(),
                      b.get("w").asInt(),
                      b.get("h").asInt(),
                      1),
                  b.get("visibility").asDouble() < MIN_VISIBILITY));
        }
      }
      out.put(t, boxes);
    }
    return out;
  }

  /** The analyzer's boxes by sample time, each with its person's id. */
  private static Map<Long, List<Box>> predicted(JsonNode faces) {
    Map<Long, List<Box>> out = new HashMap<>();
    for (JsonNode p : faces.get("persons")) {
      String id = p.get("id").asText();
      for (JsonNode t : p.get("tracks")) {
        for (JsonNode s : t.get("samples")) {
          JsonNode b = s.get("box");
          long us = Math.round(s.get("t").asDouble() * 1e6);
          out.computeIfAbsent(us, k -> new ArrayList<>())
              .add(
                  new Box(
                      id,
                      new FaceDetector.Face(
                          b.get(0).asInt(),
                          b.get(1).asInt(),
                          b.get(2).asInt(),
                          b.get(3).asInt(),
                          s.get("score").asDouble()),
                      false));
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

  public static Table table() {
    return new Table(
        "video",
        "persons (truth)",
        "persons",
        "MOTA",
        "IDF1",
        "recall",
        "precision",
        "ID switches",
        "frames",
        "ms");
  }

  public static void row(Table t, String video, String truth, String persons, Score s) {
    t.row(
        video,
        truth,
        persons,
        String.format("%.3f", s.mota()),
        String.format("%.3f", s.idf1()),
        String.format("%.3f", s.recall()),
        String.format("%.3f", s.precision()),
        Long.toString(s.switches),
        Long.toString(s.frames),
        Long.toString(s.ms));
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
