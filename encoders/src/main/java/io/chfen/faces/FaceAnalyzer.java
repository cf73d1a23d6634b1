package io.chfen.faces;

import static org.bytedeco.opencv.global.opencv_core.CV_64F;
import static org.bytedeco.opencv.global.opencv_core.meanStdDev;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imwrite;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGR2GRAY;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.Laplacian;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

import io.chfen.artifacts.FaceSample;
import io.chfen.artifacts.FaceTrack;
import io.chfen.artifacts.FacesFile;
import io.chfen.artifacts.Person;
import io.chfen.layout.ArtifactFiles;
import io.chfen.media.Analyzer;
import io.chfen.media.FrameSample;
import io.chfen.media.MediaInfo;
import io.chfen.media.ShotChange;
import io.chfen.records.ModalityResult;
import io.chfen.schemas.Analysis;
import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bytedeco.javacpp.indexer.DoubleIndexer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * The people in a video: faces detected on a 5 fps grid, tracked within shots (ByteTrack-style,
 * {@link FaceTracker}; a shot cut ends every track), each track checked by a second detector
 * ({@link HaarCascades#verify}) and embedded ({@link FaceEmbedder}) on a few of its best samples,
 * then tracks clustered into the video's unique persons ({@link Identities}): the same person
 * across cuts and occlusions is one person.
 *
 * <p>Writes {@code faces.json} (persons → tracks → per-sample time, box, score, 68 landmarks,
 * sharpness and yaw) and {@code faces/pNN_K.jpg}, each person's best aligned 112×112 crops. A video
 * without faces gets an empty person list (status ok); more persons than {@code maxPersons} (a
 * crowd) keeps the most visible ones and says so. Not thread-safe (one video's state); the models
 * are shared.
 */
public final class FaceAnalyzer implements Analyzer {

  /** What the analyzer does; defaults measured on the sample corpus (chfen eval-faces). */
  public static final class Settings implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Samples per second. */
    public double fps = 5;

    /** The detector: UltraFace (the ONNX model) or Haar (OpenCV's cascades, less accurate). */
    public FaceDetector.Kind detector = FaceDetector.Kind.ULTRAFACE;

    /** Boxes kept from the detector; those under {@link #highScore} only extend tracks. */
    public double detectThreshold = 0.5;

    public double highScore = 0.7;
    public double matchIou = 0.3;

    /** How long a track may go unseen (occlusion, a turned head) before it ends. */
    public double maxMissedS = 1.0;

    /**
     * Small faces are searched for on every n-th sample, and on each while a tracked one is small.
     */
    public int thoroughEvery = 5;

    /** A face shorter than this fraction of the frame's shorter side counts as small. */
    public double smallFace = 0.1;

    /** Thumbnail change ({@link ShotChange}) between samples that counts as a shot cut. */
    public double cutThreshold = 0.12;

    /** Tracks seen on fewer samples are dropped (flicker). */
    public int minTrackSamples = 3;

    /** Samples of a track checked by the cascades, and how many must pass (ultraface only). */
    public int verifyTries = 8;

    public int minVerified = 2;

    /**
     * Seconds between a track's candidate samples for identity (aligned, scored by {@link
     * FaceAnalyzer#quality}).
     */
    public double embedEveryS = 0.6;

    /**
     * The best candidates of a track (by quality) that are embedded, once the track is known to be
     * kept: a track's identity is the quality-weighted mean of these, and the rest would add little
     * but cost (the embedding is the analyzer's most costly step).
     */
    public int embedsPerTrack = 4;

    /** Cosine distance under which tracks are joined into one person (average linkage). */
    public double identityDistance = 0.5;

    /** More persons than this are a crowd: the most visible are kept. */
    public int maxPersons = 20;

    public int cropsPerPerson = 3;

    /**
     * The identity embedding: {@code face-feature} (512-d, aligned crop) or {@code
     * face-recognition-128} ({@link FaceDescriptor128}); {@link #identityDistance} is in its space.
     */
    public String identityModel = "face-feature";

    /** Classify each face sample's expression ({@link FaceExpressions}). */
    public boolean expressions = true;
  }

  /** One sample of a track; {@code expression} null when the expression model is off. */
  record Sample(
      double t,
      FaceDetector.Face box,
      float[] landmarks,
      double sharpness,
      double yaw,
      float[] expression) {}

  /** A track's samples and what was learnt about it. */
  private static final class TrackState {
    final List<Sample> samples = new ArrayList<>();
    final List<float[]> embeddings = new ArrayList<>();
    final List<Double> weights = new ArrayList<>();
    final List<Crop> crops = new ArrayList<>();
    double lastEmbedS = Double.NEGATIVE_INFINITY;
    double lastVerifyS = Double.NEGATIVE_INFINITY;
    int lastSample;
    int tries;
    int verified;
  }

  /** An aligned crop and its quality. */
  private record Crop(Mat image, double quality) {}

  private final Settings settings;
  private final FaceDetector detector;
  private final FaceEmbedder embedder;
  private final FaceExpressions expressions;
  private final FaceDescriptor128 descriptor128;
  private final HaarCascades verifier;
  private final ShotChange shots = new ShotChange();
  private final Map<String, long[]> timings = new LinkedHashMap<>();
  private final Mat gray = new Mat();
  private final Mat small = new Mat();
  private final Mat lap = new Mat();

  private Path outDir;
  private MediaInfo info;
  private FaceTracker tracker;
  private final Map<Integer, TrackState> states = new HashMap<>();
  private final List<Double> cuts = new ArrayList<>();
  private int samples;
  private int samplesWithFaces;

  /**
   * @param expressions the facial expression model, or null for none
   * @param verifier the second opinion on tracks, or null to trust the detector
   */
  public FaceAnalyzer(
      Settings settings,
      FaceDetector detector,
      FaceEmbedder embedder,
      FaceExpressions expressions,
      FaceDescriptor128 descriptor128,
      HaarCascades verifier) {
    this.settings = settings;
    this.detector = detector;
    this.embedder = embedder;
    this.expressions = expressions;
    this.descriptor128 = descriptor128;
    this.verifier = verifier;
    for (String stage :
        List.of(
            "shots",
            "detection",
            "tracking",
            "landmarks",
            "expression",
            "verification",
            "embedding")) {
      timings.put(stage, new long[2]);
    }
  }

  /** The analyzer as settings say, on the models in {@code modelsDir}. */
  public static FaceAnalyzer create(Settings settings, Path modelsDir) {
    FaceDetector detector =
        switch (settings.detector) {
          case ULTRAFACE -> UltraFace.shared(modelsDir);
          case HAAR -> new HaarCascades();
          case NONE -> throw new IllegalArgumentException("no face detector: no face analyzer");
        };
    HaarCascades verifier = detector instanceof HaarCascades ? null : new HaarCascades();
    return new FaceAnalyzer(
        settings,
        detector,
        FaceEmbedder.shared(modelsDir),
        settings.expressions ? FaceExpressions.shared(modelsDir) : null,
        FaceDescriptor128.MODEL.equals(settings.identityModel)
            ? FaceDescriptor128.shared(modelsDir)
            : null,
        verifier);
  }

  @Override
  public String modality() {
    return Analysis.FACES;
  }

  @Override
  public double frameRate() {
    return settings.fps;
  }

  @Override
  public void begin(MediaInfo info, Path outDir) {
    this.info = info;
    this.outDir = outDir;
    int maxMissed = Math.max(1, (int) Math.round(settings.maxMissedS * settings.fps));
    tracker = new FaceTracker(settings.highScore, settings.matchIou, maxMissed);
    abort();
  }

  @Override
  public void frame(FrameSample f) {
    Mat bgr = f.bgr();
    double t = f.timestampUs() / 1e6;
    long t0 = System.nanoTime();
    boolean cut = shots.next(bgr) > settings.cutThreshold;
    if (cut) {
      cuts.add(t);
    }
    long t1 = time("shots", t0);
    boolean thorough = samples % settings.thoroughEvery == 0 || trackingSmallFace(bgr);
    List<FaceDetector.Face> found =
        detector.detect(bgr, thorough).stream()
            .filter(d -> d.score() >= settings.detectThreshold)
            .toList();
    long t2 = time("detection", t1);
    List<FaceTracker.Track> seen = tracker.update(f.timestampUs(), found, cut);
    time("tracking", t2);
    if (!seen.isEmpty()) {
      samplesWithFaces++;
    }
    for (FaceTracker.Track track : seen) {
      observe(bgr, t, track);
    }
    samples++;
  }

  private boolean trackingSmallFace(Mat bgr) {
    double small = settings.smallFace * Math.min(bgr.cols(), bgr.rows());
    for (TrackState s : states.values()) {
      Sample last = s.samples.get(s.samples.size() - 1);
      if (last.box().height() < small && samples - s.lastSample <= settings.thoroughEvery) {
        return true;
      }
    }
    return false;
  }

  /** Landmarks and quality of a track's new box; a verification and an embedding when due. */
  private void observe(Mat bgr, double t, FaceTracker.Track track) {
    FaceDetector.Face box = FaceTracker.last(track);
    TrackState s = states.computeIfAbsent(track.id, k -> new TrackState());
    long t0 = System.nanoTime();
    float[] lm = embedder.landmarks(bgr, box);
    double sharpness = sharpness(bgr, box);
    double yaw = yaw(lm);
    long t1 = time("landmarks", t0);
    float[] expression = null;
    if (expressions != null) {
      expression = expressions.classify(bgr, List.of(box))[0];
      t1 = time("expression", t1);
    }
    s.samples.add(new Sample(t, box, lm, sharpness, yaw, expression));
    s.lastSample = samples;
    boolean confident = box.score() >= settings.highScore;
    if (verifier != null
        && confident
        && s.verified < settings.minVerified
        && s.tries < settings.verifyTries
        && t - s.lastVerifyS >= 0.3) {
      s.tries++;
      s.lastVerifyS = t;
      if (verifier.verify(bgr, box)) {
        s.verified++;
      }
      t1 = time("verification", t1);
    }
    if (confident && t - s.lastEmbedS >= settings.embedEveryS) {
      s.lastEmbedS = t;
      double q = quality(box, sharpness, yaw);
      if (descriptor128 != null) {
        // the 128-d descriptor reads the frame itself: it cannot wait for the track's end
        s.embeddings.add(descriptor128.describe(bgr, box));
        s.weights.add(q);
      }
      int keep = Math.max(settings.cropsPerPerson, settings.embedsPerTrack);
      if (s.crops.size() < keep || q > s.crops.get(s.crops.size() - 1).quality()) {
        s.crops.add(new Crop(embedder.align(bgr, lm), q));
        s.crops.sort(Comparator.comparingDouble(Crop::quality).reversed());
        while (s.crops.size() > keep) {
          s.crops.remove(s.crops.size() - 1).image().close();
        }
      }
      time("embedding", t1);
    }
  }

  /**
   * A kept track's identity samples: its best candidates embedded (done here, when the track is
   * known to be kept, so short and unverified tracks cost no embedding).
   */
  private void embed(TrackState s) {
    if (!s.embeddings.isEmpty()) {
      return;
    }
    long t0 = System.nanoTime();
    for (int k = 0; k < Math.min(settings.embedsPerTrack, s.crops.size()); k++) {
      Crop c = s.crops.get(k);
      s.embeddings.add(embedder.embed(c.image()));
      s.weights.add(c.quality());
    }
    time("embedding", t0);
  }

  /**
   * How useful a face sample is for identity, 0–1: large (saturating at the embedding's 112 px),
   * sharp and frontal.
   */
  static double quality(FaceDetector.Face box, double sharpness, double yaw) {
    double size = Math.min(1, Math.min(box.width(), box.height()) / 112.0);
    double sharp = sharpness / (sharpness + 100);
    double frontal = Math.max(0.05, 1 - 2 * Math.abs(yaw));
    return size * sharp * frontal;
  }

  /** Variance of the Laplacian of the face's luma at 64×64 (low: blurred). */
  private double sharpness(Mat bgr, FaceDetector.Face f) {
    int x = Math.max(0, f.x());
    int y = Math.max(0, f.y());
    int w = Math.min(bgr.cols() - x, f.width());
    int h = Math.min(bgr.rows() - y, f.height());
    if (w < 2 || h < 2) {
      return 0;
    }
    try (Mat crop = new Mat(bgr, new Rect(x, y, w, h));
        Mat mu = new Mat();
        Mat sigma = new Mat()) {
      resize(crop, small, new Size(64, 64), 0, 0, INTER_AREA);
      cvtColor(small, gray, COLOR_BGR2GRAY);
      Laplacian(gray, lap, CV_64F);
      meanStdDev(lap, mu, sigma);
      try (DoubleIndexer ix = sigma.createIndexer()) {
        double sd = ix.get(0);
        return sd * sd;
      }
    }
  }

  /**
   * Head turn from the landmarks: the nose tip's offset from the eyes' midpoint over the distance
   * between the eyes (0 frontal, about ±0.5 in three-quarter view; sign: towards image right).
   */
  static double yaw(float[] lm) {
    double left = (lm[2 * 36] + lm[2 * 39]) / 2;
    double right = (lm[2 * 42] + lm[2 * 45]) / 2;
    double eyes = Math.abs(right - left);
    return eyes < 1e-3 ? 0 : (lm[2 * 30] - (left + right) / 2) / eyes;
  }

  private long time(String stage, long since) {
    long now = System.nanoTime();
    long[] s = timings.get(stage);
    s[0] += now - since;
    s[1]++;
    return now;
  }

  /** Wall time per stage since construction: stage → {total nanoseconds, calls}. For benchmarks. */
  public Map<String, long[]> timings() {
    return timings;
  }

  @Override
  public ModalityResult end(double decodedDurationS) throws IOException {
    List<FaceTracker.Track> tracks = tracker.tracks();
    int shortTracks = 0;
    int unverified = 0;
    List<Identities.TrackEmbedding> kept = new ArrayList<>();
    for (FaceTracker.Track track : tracks) {
      TrackState s = states.get(track.id);
      if (track.seen() < settings.minTrackSamples || s == null || s.crops.isEmpty()) {
        shortTracks++;
      } else if (verifier != null
          && (s.verified == 0 || s.verified < Math.min(settings.minVerified, s.tries))) {
        unverified++;
      } else {
        embed(s);
        kept.add(
            new Identities.TrackEmbedding(
                track.id,
                Identities.mean(s.embeddings, s.weights),
                track.timesUs.get(0),
                track.timesUs.get(track.timesUs.size() - 1)));
      }
    }
    List<List<Integer>> clusters = Identities.cluster(kept, settings.identityDistance);
    // the most visible persons first: a crowd keeps those
    clusters = new ArrayList<>(clusters);
    clusters.sort(Comparator.comparingInt((List<Integer> c) -> -visible(c)));
    List<String> warnings = new ArrayList<>();
    if (clusters.size() > settings.maxPersons) {
      warnings.add(
          "crowd: "
              + clusters.size()
              + " persons, the "
              + settings.maxPersons
              + " most visible kept (settings.maxPersons)");
      clusters = clusters.subList(0, settings.maxPersons);
    }
    Path cropDir = outDir.resolve("faces");
    if (!clusters.isEmpty()) {
      Files.createDirectories(cropDir);
    }
    List<String> files = new ArrayList<>(List.of(ArtifactFiles.FACES));
    List<Person> persons = new ArrayList<>();
    int trackCount = 0;
    int sampleCount = 0;
    double sizeSum = 0;
    for (int p = 0; p < clusters.size(); p++) {
      String id = String.format("p%02d", p + 1);
      List<Integer> ids = clusters.get(p);
      List<Crop> crops = new ArrayList<>();
      List<float[]> embeddings = new ArrayList<>();
      List<Double> weights = new ArrayList<>();
      List<FaceTrack> personTracks = new ArrayList<>();
      for (int tid : ids) {
        TrackState s = states.get(tid);
        crops.addAll(s.crops);
        embeddings.addAll(s.embeddings);
        weights.addAll(s.weights);
        personTracks.add(track(tid, s));
        trackCount++;
        sampleCount += s.samples.size();
        for (Sample x : s.samples) {
          sizeSum += Math.sqrt((double) x.box().width() * x.box().height());
        }
      }
      crops.sort(Comparator.comparingDouble(Crop::quality).reversed());
      List<String> cropFiles = new ArrayList<>();
      for (int k = 0; k < Math.min(settings.cropsPerPerson, crops.size()); k++) {
        String name = ArtifactFiles.faceCrop(id, k + 1);
        if (!imwrite(outDir.resolve(name).toString(), crops.get(k).image())) {
          throw new IOException("cannot write " + outDir.resolve(name));
        }
        cropFiles.add(name);
      }
      files.addAll(cropFiles);
      persons.add(
          new Person(
              id,
              round(visible(ids) / settings.fps, 2),
              cropFiles,
              rounded(Identities.mean(embeddings, weights), 5),
              personTracks));
    }
    new FacesFile(
            detector.name(),
            settings.fps,
            info.width(),
            info.height(),
            samples,
            cuts.stream().map(c -> round(c, 3)).toList(),
            persons,
            new FacesFile.Dropped(shortTracks, unverified, kept.size() - trackCount),
            warnings)
        .write(outDir.resolve(ArtifactFiles.FACES));
    Map<String, Double> stats = new LinkedHashMap<>();
    stats.put("persons", (double) persons.size());
    stats.put("tracks", (double) trackCount);
    stats.put("faceSamples", (double) sampleCount);
    stats.put("samplesWithFaces", samples == 0 ? 0 : round((double) samplesWithFaces / samples, 4));
    stats.put("meanFaceSize", sampleCount == 0 ? 0 : round(sizeSum / sampleCount, 1));
    stats.put("shotCuts", (double) cuts.size());
    stats.put("droppedTracks", (double) (shortTracks + unverified + kept.size() - trackCount));
    ModalityResult r = Analyzer.ok(files, stats);
    if (!warnings.isEmpty()) {
      r.setMessage(String.join("; ", warnings));
    }
    abort();
    return r;
  }

  /** Samples in which any of these tracks was seen. */
  private int visible(List<Integer> trackIds) {
    return trackIds.stream().mapToInt(id -> states.get(id).samples.size()).sum();
  }

  private FaceTrack track(int id, TrackState s) {
    List<FaceSample> samples = new ArrayList<>();
    double size = 0;
    double sharp = 0;
    double yaw = 0;
    for (Sample x : s.samples) {
      FaceDetector.Face b = x.box();
      samples.add(
          new FaceSample(
              round(x.t(), 3),
              new int[] {b.x(), b.y(), b.width(), b.height()},
              round(b.score(), 4),
              round(x.sharpness(), 1),
              round(x.yaw(), 3),
              rounded(x.landmarks(), 1),
              x.expression() == null ? null : rounded(x.expression(), 4)));
      size += Math.sqrt((double) b.width() * b.height());
      sharp += x.sharpness();
      yaw += Math.abs(x.yaw());
    }
    int n = s.samples.size();
    return new FaceTrack(
        id,
        round(s.samples.get(0).t(), 3),
        round(s.samples.get(n - 1).t(), 3),
        verifier == null ? null : s.verified,
        new FaceTrack.Quality(round(size / n, 1), round(sharp / n, 1), round(yaw / n, 3)),
        samples);
  }

  private static double round(double v, int digits) {
    double f = Math.pow(10, digits);
    return Math.round(v * f) / f;
  }

  private static double[] rounded(float[] v, int digits) {
    double[] out = new double[v.length];
    for (int i = 0; i < v.length; i++) {
      out[i] = round(v[i], digits);
    }
    return out;
  }

  @Override
  public void abort() {
    for (TrackState s : states.values()) {
      s.crops.forEach(c -> c.image().close());
    }
    states.clear();
    cuts.clear();
    shots.reset();
    samples = 0;
    samplesWithFaces = 0;
  }

  @Override
  public void close() {
    abort();
    shots.close();
    gray.close();
    small.close();
    lap.close();
  }
}
