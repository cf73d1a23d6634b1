package io.chfen.process;

import static org.bytedeco.opencv.global.opencv_core.CV_64F;
import static org.bytedeco.opencv.global.opencv_core.meanStdDev;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMWRITE_JPEG_QUALITY;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imwrite;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGR2GRAY;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.Laplacian;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.chfen.layout.ArtifactFiles;
import io.chfen.media.Analyzer;
import io.chfen.media.FrameSample;
import io.chfen.media.MediaInfo;
import io.chfen.media.ShotChange;
import io.chfen.records.ModalityResult;
import io.chfen.schemas.Analysis;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * Keyframes on a fixed grid (1 fps by default) as JPEG, with per-frame quality statistics:
 * brightness (mean luma, 0–1), sharpness (variance of the Laplacian of the luma at 360 px height;
 * low means blurry) and scene cuts ({@link ShotChange} from the previous keyframe above a
 * threshold). Writes {@code keyframes/kf_NNNNNN.jpg} and {@code keyframes.json}. Not thread-safe.
 */
public final class KeyframeSampler implements Analyzer {
  /** One keyframe's facts, as written to keyframes.json. */
  public record Keyframe(
      int index,
      double t,
      double target,
      String file,
      double brightness,
      double sharpness,
      double change,
      boolean sceneCut) {}

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final double fps;
  private final int jpegQuality;
  private final double cutThreshold;
  private Path outDir;
  private final List<Keyframe> frames = new ArrayList<>();
  private final Mat gray = new Mat();
  private final Mat lap = new Mat();
  private final ShotChange shots = new ShotChange();
  private final Mat analysis = new Mat();

  /**
   * @param fps keyframes per second
   * @param cutThreshold mean absolute luma change (0–1) between keyframes that counts as a cut
   */
  public KeyframeSampler(double fps, int jpegQuality, double cutThreshold) {
    this.fps = fps;
    this.jpegQuality = jpegQuality;
    this.cutThreshold = cutThreshold;
  }

  public KeyframeSampler() {
    this(1.0, 90, 0.12);
  }

  @Override
  public String modality() {
    return Analysis.KEYFRAMES;
  }

  @Override
  public double frameRate() {
    return fps;
  }

  @Override
  public void begin(MediaInfo info, Path outDir) throws IOException {
    this.outDir = outDir;
    Files.createDirectories(outDir.resolve(ArtifactFiles.KEYFRAMES_DIR));
    frames.clear();
    shots.reset();
  }

  @Override
  public void frame(FrameSample f) throws IOException {
    int index = (int) Math.round(f.targetUs() * fps / 1e6);
    String name = ArtifactFiles.keyframe(index);
    Path file = outDir.resolve(name);
    if (!imwrite(file.toString(), f.bgr(), new IntPointer(IMWRITE_JPEG_QUALITY, jpegQuality))) {
      throw new IOException("cannot write " + file);
    }
    cvtColor(f.bgr(), gray, COLOR_BGR2GRAY);
    double scale = 360.0 / gray.rows();
    Mat g = gray;
    if (scale < 1) {
      resize(
          gray, analysis, new Size((int) Math.round(gray.cols() * scale), 360), 0, 0, INTER_AREA);
      g = analysis;
    }
    double brightness = mean(g) / 255.0;
    Laplacian(g, lap, CV_64F);
    double sd = stddev(lap);
    double change = shots.next(f.bgr());
    frames.add(
        new Keyframe(
            index,
            round(f.seconds()),
            round(f.targetUs() / 1e6),
            name,
            round(brightness),
            round(sd * sd),
            round(change),
            !frames.isEmpty() && change > cutThreshold));
  }

  @Override
  public ModalityResult end(double decodedDurationS) throws IOException {
    if (frames.isEmpty()) {
      return Analyzer.absent("no_frames", "no frame fell on the keyframe grid");
    }
    JSON.writeValue(
        outDir.resolve(ArtifactFiles.KEYFRAMES).toFile(), Map.of("fps", fps, "keyframes", frames));
    List<String> files = new ArrayList<>(List.of(ArtifactFiles.KEYFRAMES));
    frames.forEach(k -> files.add(k.file()));
    Map<String, Double> stats = new LinkedHashMap<>();
    stats.put("count", (double) frames.size());
    stats.put(
        "meanBrightness",
        round(frames.stream().mapToDouble(Keyframe::brightness).average().orElse(0)));
    stats.put(
        "meanSharpness",
        round(frames.stream().mapToDouble(Keyframe::sharpness).average().orElse(0)));
    stats.put("sceneCuts", (double) frames.stream().filter(Keyframe::sceneCut).count());
    stats.put("darkFrames", (double) frames.stream().filter(k -> k.brightness() < 0.08).count());
    return Analyzer.ok(files, stats);
  }

  @Override
  public void close() {
    gray.close();
    lap.close();
    shots.close();
    analysis.close();
  }

  /** Reads a keyframes.json back. */
  public static List<Keyframe> read(Path keyframesJson) throws IOException {
    var root = JSON.readTree(keyframesJson.toFile());
    return List.of(JSON.treeToValue(root.get("keyframes"), Keyframe[].class));
  }

  private static double mean(Mat m) {
    return org.bytedeco.opencv.global.opencv_core.mean(m).get(0);
  }

  private static double stddev(Mat m) {
    Mat mu = new Mat();
    Mat sigma = new Mat();
    meanStdDev(m, mu, sigma);
    double s =
        sigma.createIndexer() instanceof org.bytedeco.javacpp.indexer.DoubleIndexer di
            ? di.get(0)
            : 0;
    mu.close();
    sigma.close();
    return s;
  }

  private static double round(double v) {
    return Math.round(v * 10_000) / 10_000.0;
  }
}
