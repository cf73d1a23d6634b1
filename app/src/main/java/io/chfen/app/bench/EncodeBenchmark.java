package io.chfen.app.bench;

import io.chfen.app.print.Numbers;
import io.chfen.app.print.Table;
import io.chfen.dataset.encode.EncodeSpec;
import io.chfen.dataset.encode.SampleEncoder;
import io.chfen.encode.OnnxImageEncoder;
import io.chfen.encode.TextEncoder;
import io.chfen.faces.FaceCrops;
import io.chfen.faces.FaceDetector;
import io.chfen.faces.FaceExpressions;
import io.chfen.faces.UltraFace;
import io.chfen.layout.GroundTruth;
import io.chfen.layout.RunLayout;
import io.chfen.models.ModelFiles;
import io.chfen.models.ModelRegistry;
import io.chfen.models.Onnx;
import io.chfen.records.VideoArtifacts;
import io.chfen.records.VideoMetadata;
import io.chfen.schemas.ParquetFiles;
import io.chfen.schemas.Schemas;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.OpenCVFrameConverter;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Encode-stage speed on one thread: whole samples per second over a process output (every modality,
 * labels aside), then each ONNX encoder at batch 32 against batch 1, then the resident memory of
 * the process over 10 000 encoder calls (native leaks show as growth). Warm-up first.
 */
public final class EncodeBenchmark {
  private final Path processed;
  private final Path corpus;

  /**
   * @param processed a process stage output (processed/, artifacts/)
   * @param corpus the sample corpus (its frames and subtitles feed the encoder benchmarks)
   */
  public EncodeBenchmark(Path processed, Path corpus) {
    this.processed = processed;
    this.corpus = corpus;
  }

  public String run(int leakCalls) throws Exception {
    StringBuilder out = new StringBuilder();
    out.append("ONNX Runtime device: ").append(device()).append("\n\n");
    out.append(samples()).append("\n");
    out.append(batches()).append("\n");
    out.append(leaks(leakCalls));
    return out.toString();
  }

  private static String device() {
    Onnx.session(ModelFiles.dir(), "vad/silero_vad_v5.onnx");
    return Onnx.device();
  }

  private String samples() throws IOException {
    List<VideoArtifacts> videos =
        ParquetFiles.readAll(RunLayout.at(processed).processed().path(), Schemas.VIDEO_ARTIFACTS);
    if (videos.isEmpty()) {
      throw new IOException("no processed videos in " + processed + ": run ./chfen demo first");
    }
    Table t = new Table("frames", "videos", "video s", "wall s", "samples/s", "video-s per wall-s");
    Map<String, VideoMetadata> meta = new HashMap<>();
    for (VideoMetadata v :
        ParquetFiles.<VideoMetadata>readAll(
            RunLayout.at(processed).metadata().path(), Schemas.VIDEO_METADATA)) {
      meta.put(v.getId().toString(), v);
    }
    for (boolean engineered : new boolean[] {true, false}) {
      EncodeSpec spec = new EncodeSpec();
      spec.engineeredFrames = engineered;
      samples(spec, videos, meta, t, engineered ? "engineered 32-d" : SampleEncoder.FRAME_MODEL);
    }
    return "Encode stage (every modality of each processed video, one thread), before (engineered"
        + " frames) and after (the frame model):\n"
        + t;
  }

  private void samples(
      EncodeSpec spec,
      List<VideoArtifacts> videos,
      Map<String, VideoMetadata> meta,
      Table t,
      String frames)
      throws IOException {
    try (SampleEncoder enc = new SampleEncoder(spec)) {
      for (int round = 0; round < 2; round++) { // the first is the warm-up
        double video = 0;
        long t0 = System.nanoTime();
        for (VideoArtifacts a : videos) {
          enc.encode(
              a,
              processed.resolve(a.getArtifactsDir()),
              meta.get(a.getId().toString()),
              null,
              "train");
          video += a.getDurationS();
        }
        double wall = (System.nanoTime() - t0) / 1e9;
        if (round == 1) {
          t.row(
              frames,
              videos.size(),
              Numbers.fixed(video, 1),
              Numbers.fixed(wall, 2),
              Numbers.fixed(videos.size() / wall, 2),
              Numbers.fixed(video / wall, 1));
        }
      }
    }
  }

  private String batches() throws Exception {
    Table t =
        new Table("encoder", "inputs", "batch 1 ms/input", "batch 32 ms/input", "speed-up", "note");
    List<String> lines = GroundTruth.subtitleLines(corpus);
    List<String> texts = new ArrayList<>();
    while (texts.size() < 256) {
      texts.addAll(lines);
    }
    texts = texts.subList(0, 256);
    try (TextEncoder one = new TextEncoder(ModelFiles.dir(), TextEncoder.DEFAULT_MODEL, 1);
        TextEncoder many = new TextEncoder(ModelFiles.dir(), TextEncoder.DEFAULT_MODEL, 32)) {
      List<String> x = texts;
      double a = time(() -> one.encode(x), texts.size());
      double b = time(() -> many.encode(x), texts.size());
      t.row(
          "bge-small-zh-v1.5-q (text)",
          texts.size(),
          Numbers.fixed(a, 2),
          Numbers.fixed(b, 2),
          Numbers.fixed(a / b, 2) + "×",
          "int8: batches change vectors (default batch 1)");
    }
    List<Mat> frames = frames(64);
    OnnxImageEncoder one = new OnnxImageEncoder(cls(1));
    OnnxImageEncoder many = new OnnxImageEncoder(cls(32));
    double a = time(() -> one.encode(frames), frames.size());
    double b = time(() -> many.encode(frames), frames.size());
    t.row(
        "ppocr-cls via the image path",
        frames.size(),
        Numbers.fixed(a, 2),
        Numbers.fixed(b, 2),
        Numbers.fixed(a / b, 2) + "×",
        "float: batch = single");
    OnnxImageEncoder.Config frameModel =
        OnnxImageEncoder.Config.registered(ModelFiles.dir(), SampleEncoder.FRAME_MODEL);
    frameModel.batch = 1;
    OnnxImageEncoder mOne = new OnnxImageEncoder(frameModel);
    frameModel.batch = 32;
    OnnxImageEncoder mMany = new OnnxImageEncoder(frameModel);
    double c = time(() -> mOne.encode(frames), frames.size());
    double d = time(() -> mMany.encode(frames), frames.size());
    t.row(
        SampleEncoder.FRAME_MODEL + " (frames)",
        frames.size(),
        Numbers.fixed(c, 2),
        Numbers.fixed(d, 2),
        Numbers.fixed(c / d, 2) + "×",
        "1792-d, 224×224");
    List<Mat> faces = faces(frames);
    FaceExpressions expressions = FaceExpressions.shared(ModelFiles.dir());
    float[] all = FaceCrops.rgbNhwc(faces);
    double e = time(() -> expressionBatches(expressions, all, faces.size(), 1), faces.size());
    double g = time(() -> expressionBatches(expressions, all, faces.size(), 32), faces.size());
    t.row(
        FaceExpressions.MODEL,
        faces.size(),
        Numbers.fixed(e, 2),
        Numbers.fixed(g, 2),
        Numbers.fixed(e / g, 2) + "×",
        "per face, 112×112 crop");
    t.row("face-feature", "", "", "", "", "export fixes batch 1: no batching");
    return "ONNX encoders, batch 32 vs batch 1 (one thread):\n" + t;
  }

  private String leaks(int calls) throws Exception {
    Table t =
        new Table(
            "encoder",
            "calls",
            "native MB at 10% → 55% → 100%",
            "growth, first half MB",
            "growth, second half MB");
    try (TextEncoder text = new TextEncoder(ModelFiles.dir())) {
      List<String> x = List.of("每三帧就少一帧");
      leak(t, "bge-small-zh-v1.5-q", calls, () -> text.encode(x));
    }
    List<Mat> pic = frames(1);
    OnnxImageEncoder img = new OnnxImageEncoder(cls(1));
    leak(t, "ppocr-cls via the image path", calls, () -> img.encode(pic));
    return "Resident memory over " + calls + " calls (native leaks would grow it):\n" + t;
  }

  /**
   * Native memory (RSS less what the JVM has committed) after 10%, 55% and 100% of the calls: a
   * leak grows it steadily, an allocator's high-water mark stops growing.
   */
  private static void leak(Table t, String name, int calls, Runnable call) throws IOException {
    double[] at = new double[3];
    int[] marks = {calls / 10, calls * 55 / 100, calls};
    int done = 0;
    for (int k = 0; k < 3; k++) {
      for (; done < marks[k]; done++) {
        call.run();
      }
      System.gc();
      at[k] = rssMb() - jvmCommittedMb();
    }
    t.row(
        name,
        calls,
        Numbers.fixed(at[0], 1) + " → " + Numbers.fixed(at[1], 1) + " → " + Numbers.fixed(at[2], 1),
        Numbers.fixed(at[1] - at[0], 1),
        Numbers.fixed(at[2] - at[1], 1));
  }

  /** Heap and non-heap memory the JVM has committed (what RSS holds besides native buffers). */
  private static double jvmCommittedMb() {
    var m = java.lang.management.ManagementFactory.getMemoryMXBean();
    return (m.getHeapMemoryUsage().getCommitted() + m.getNonHeapMemoryUsage().getCommitted())
        / 1048576.0;
  }

  private static double rssMb() throws IOException {
    for (String l : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (l.startsWith("VmRSS:")) {
        return Long.parseLong(l.replaceAll("\\D+", "")) / 1024.0;
      }
    }
    return Double.NaN;
  }

  private static double time(Runnable r, int inputs) {
    r.run(); // warm-up
    long t0 = System.nanoTime();
    for (int i = 0; i < 3; i++) {
      r.run();
    }
    return (System.nanoTime() - t0) / 1e6 / 3 / inputs;
  }

  private OnnxImageEncoder.Config cls(int batch) {
    OnnxImageEncoder.Config c = new OnnxImageEncoder.Config();
    ModelRegistry.Model m = ModelRegistry.get("ppocr-cls");
    c.model = ModelFiles.verified(ModelFiles.dir(), m.file(".onnx")).toString();
    c.sha256 = m.sha256();
    c.width = 192;
    c.height = 48;
    c.normalize = false;
    c.batch = batch;
    return c;
  }

  /** The expression model over n faces (RGB NHWC, back to back) in batches of {@code batch}. */
  private static void expressionBatches(FaceExpressions model, float[] faces, int n, int batch) {
    int per = faces.length / n;
    for (int from = 0; from < n; from += batch) {
      int k = Math.min(batch, n - from);
      float[] part = new float[k * per];
      System.arraycopy(faces, from * per, part, 0, part.length);
      model.run(part, k);
    }
  }

  /** The faces UltraFace finds in the frames, as the expression model's square crops. */
  private static List<Mat> faces(List<Mat> frames) {
    UltraFace detector = UltraFace.shared(ModelFiles.dir());
    List<Mat> out = new ArrayList<>();
    for (Mat f : frames) {
      for (FaceDetector.Face face : detector.detect(f)) {
        out.add(FaceCrops.square(f, face, FaceExpressions.SIDE));
      }
    }
    return out;
  }

  private List<Mat> frames(int n) throws Exception {
    List<Mat> out = new ArrayList<>();
    try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(corpus.resolve("c07.mp4").toFile());
        OpenCVFrameConverter.ToMat conv = new OpenCVFrameConverter.ToMat()) {
      g.start();
      Frame f;
      int i = 0;
      while ((f = g.grabImage()) != null && out.size() < n) {
        if (i++ % 10 == 0) {
          out.add(conv.convert(f).clone());
        }
      }
    }
    return out;
  }
}
