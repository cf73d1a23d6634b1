package io.chfen.app.bench;

import io.chfen.app.print.Numbers;
import io.chfen.app.print.Table;
import io.chfen.faces.FaceAnalyzer;
import io.chfen.files.FileOps;
import io.chfen.media.Analyzer;
import io.chfen.media.DecodeLimits;
import io.chfen.media.FrameSample;
import io.chfen.media.MediaInfo;
import io.chfen.media.SinglePassDecoder;
import io.chfen.records.ModalityResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Face analysis speed on one thread: each video decoded once with the face analyzer at its 5 fps
 * and once with an analyzer that only takes the same 5 fps frames (what decoding and frame
 * conversion cost), after a warm-up pass over all videos. The analyzer's own time is the sum of its
 * stages (shot change, detection, tracking, landmarks and quality, verification, embedding); its
 * real-time factor is video seconds per second of that time.
 */
public final class FaceBenchmark {
  private final List<Path> files;
  private final Path modelsDir;
  private final FaceAnalyzer.Settings settings;

  public FaceBenchmark(List<Path> files, Path modelsDir, FaceAnalyzer.Settings settings) {
    this.files = files;
    this.modelsDir = modelsDir;
    this.settings = settings;
  }

  /** Takes the frames a 5 fps analyzer gets and does nothing with them. */
  private static final class FramesOnly implements Analyzer {
    private final double fps;

    FramesOnly(double fps) {
      this.fps = fps;
    }

    @Override
    public String modality() {
      return "frames-only";
    }

    @Override
    public double frameRate() {
      return fps;
    }

    @Override
    public void begin(MediaInfo info, Path outDir) {}

    @Override
    public void frame(FrameSample f) {}

    @Override
    public ModalityResult end(double decodedDurationS) {
      return Analyzer.ok(List.of(), Map.of());
    }
  }

  public String run() throws Exception {
    SinglePassDecoder decoder = new SinglePassDecoder(DecodeLimits.DEFAULT, 1);
    Path out = Files.createTempDirectory("chfen-bench-faces");
    Table videos =
        new Table(
            "file",
            "shape",
            "video s",
            "samples",
            "faces/sample",
            "analyzer ms/frame",
            "analyzer × real time",
            "decode ms/frame",
            "with decoding × real time");
    Map<String, long[]> stages = new LinkedHashMap<>();
    double sumVideo = 0;
    double sumAnalyzer = 0;
    double sumDecode = 0;
    long sumSamples = 0;
    try {
      for (Path f : files) { // warm-up: JIT, native libraries, model sessions
        try (FaceAnalyzer a = FaceAnalyzer.create(settings, modelsDir)) {
          decoder.decode(f, List.of(a), out);
        }
      }
      for (Path f : files) {
        long t0 = System.nanoTime();
        SinglePassDecoder.Report r = decoder.decode(f, List.of(new FramesOnly(settings.fps)), out);
        double decode = (System.nanoTime() - t0) / 1e9;
        double analyzer = 0;
        long samples;
        double faces;
        try (FaceAnalyzer a = FaceAnalyzer.create(settings, modelsDir)) {
          ModalityResult m = decoder.decode(f, List.of(a), out).results().get("faces");
          for (Map.Entry<String, long[]> e : a.timings().entrySet()) {
            analyzer += e.getValue()[0] / 1e9;
            long[] s = stages.computeIfAbsent(e.getKey(), k -> new long[2]);
            s[0] += e.getValue()[0];
            s[1] += e.getValue()[1];
          }
          samples = a.timings().get("shots")[1];
          faces = m.getStats().get("faceSamples");
        }
        double video = r.decodedDurationS();
        sumVideo += video;
        sumAnalyzer += analyzer;
        sumDecode += decode;
        sumSamples += samples;
        videos.row(
            f.getFileName(),
            r.info().width() + "x" + r.info().height(),
            Numbers.fixed(video, 1),
            samples,
            Numbers.fixed(faces / samples, 2),
            Numbers.fixed(analyzer * 1000 / samples, 1),
            Numbers.fixed(video / analyzer, 1) + "×",
            Numbers.fixed(decode * 1000 / samples, 1),
            Numbers.fixed(video / (analyzer + decode), 1) + "×");
      }
      videos.row(
          "all",
          "",
          Numbers.fixed(sumVideo, 1),
          sumSamples,
          "",
          Numbers.fixed(sumAnalyzer * 1000 / sumSamples, 1),
          Numbers.fixed(sumVideo / sumAnalyzer, 1) + "×",
          Numbers.fixed(sumDecode * 1000 / sumSamples, 1),
          Numbers.fixed(sumVideo / (sumAnalyzer + sumDecode), 1) + "×");
    } finally {
      FileOps.deleteTree(out);
    }
    Table perStage = new Table("stage", "calls", "ms per call", "ms per sampled frame", "share");
    double total = stages.values().stream().mapToDouble(s -> s[0]).sum();
    for (Map.Entry<String, long[]> e : stages.entrySet()) {
      long[] s = e.getValue();
      perStage.row(
          e.getKey(),
          s[1],
          s[1] == 0 ? "-" : Numbers.fixed(s[0] / 1e6 / s[1], 2),
          Numbers.fixed(s[0] / 1e6 / sumSamples, 2),
          Numbers.fixed(100 * s[0] / total, 1) + "%");
    }
    return videos + "\n" + perStage;
  }
}
