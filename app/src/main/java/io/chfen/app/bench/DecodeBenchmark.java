package io.chfen.app.bench;

import io.chfen.app.print.Numbers;
import io.chfen.app.print.Table;
import io.chfen.dataset.eval.Stats;
import io.chfen.dataset.process.ProcessSpec;
import io.chfen.files.FileOps;
import io.chfen.media.Analyzer;
import io.chfen.media.AudioFormat;
import io.chfen.media.AudioSamples;
import io.chfen.media.DecodeLimits;
import io.chfen.media.MediaInfo;
import io.chfen.media.SinglePassDecoder;
import io.chfen.ocr.OcrEngine;
import io.chfen.pipelines.io.Records;
import io.chfen.pipelines.process.ProcessVideos;
import io.chfen.records.ModalityResult;
import io.chfen.records.VideoMetadata;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.beam.runners.direct.DirectOptions;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.transforms.Count;
import org.apache.beam.sdk.transforms.Create;

/**
 * Decoding throughput on one core: the single pass (every frame decoded, audio decoded and
 * resampled to 16 kHz mono, no analyzer work) against {@code ffmpeg -threads 1 -i F -f null -}
 * (Debian's ffmpeg, its own {@code -benchmark} real time, so process start-up is not counted), and
 * the whole process stage's analyzers (1 fps JPEG keyframes with quality statistics, audio.wav) on
 * the same files. A warm-up pass precedes the measured runs; each figure is a median.
 */
public final class DecodeBenchmark {
  private final List<Path> files;
  private final int runs;

  public DecodeBenchmark(List<Path> files, int runs) {
    this.files = files;
    this.runs = runs;
  }

  /** Consumes audio and frames without doing anything: what decoding alone costs. */
  static final class DecodeOnly implements Analyzer {
    @Override
    public String modality() {
      return "decode-only";
    }

    @Override
    public AudioFormat audioFormat() {
      return AudioFormat.SPEECH;
    }

    @Override
    public void begin(MediaInfo info, Path outDir) {}

    @Override
    public void audio(AudioSamples a) {}

    @Override
    public ModalityResult end(double decodedDurationS) {
      return Analyzer.ok(List.of(), Map.of());
    }
  }

  public String run() throws Exception {
    SinglePassDecoder decoder = new SinglePassDecoder(DecodeLimits.DEFAULT, 1);
    Path out = Files.createTempDirectory("chfen-bench-decode");
    Table t =
        new Table(
            "file",
            "shape",
            "video s",
            "ffmpeg CLI s",
            "single pass s",
            "ratio",
            "process stage s",
            "process × real time");
    double sumVideo = 0;
    double sumFfmpeg = 0;
    double sumDecode = 0;
    double sumProcess = 0;
    List<Analyzer> analyzers = decodeAnalyzers().analyzers();
    try {
      for (int round = -1; round < runs; round++) { // warm-up: JIT, page cache, native libraries
        for (Path f : files) {
          ffmpeg(f, null);
          decoder.decode(f, List.of(new DecodeOnly()), out);
          decoder.decode(f, analyzers, out);
        }
      }
      for (Path f : files) {
        double[] ff = new double[runs];
        double[] dec = new double[runs];
        double[] proc = new double[runs];
        SinglePassDecoder.Report r = null;
        for (int i = 0; i < runs; i++) {
          ff[i] = ffmpeg(f, null);
          long t0 = System.nanoTime();
          r = decoder.decode(f, List.of(new DecodeOnly()), out);
          dec[i] = (System.nanoTime() - t0) / 1e9;
          t0 = System.nanoTime();
          decoder.decode(f, analyzers, out);
          proc[i] = (System.nanoTime() - t0) / 1e9;
        }
        double video = r.decodedDurationS();
        double mf = Stats.median(ff);
        double md = Stats.median(dec);
        double mp = Stats.median(proc);
        sumVideo += video;
        sumFfmpeg += mf;
        sumDecode += md;
        sumProcess += mp;
        t.row(
            f.getFileName(),
            r.info().width() + "x" + r.info().height(),
            Numbers.fixed(video, 2),
            Numbers.fixed(mf, 3),
            Numbers.fixed(md, 3),
            Numbers.fixed(md / mf, 2),
            Numbers.fixed(mp, 3),
            Numbers.fixed(video / mp, 2) + "×");
      }
      t.row(
          "all",
          "",
          Numbers.fixed(sumVideo, 2),
          Numbers.fixed(sumFfmpeg, 3),
          Numbers.fixed(sumDecode, 3),
          Numbers.fixed(sumDecode / sumFfmpeg, 2),
          Numbers.fixed(sumProcess, 3),
          Numbers.fixed(sumVideo / sumProcess, 2) + "×");
    } finally {
      analyzers.forEach(Analyzer::close);
      FileOps.deleteTree(out);
    }
    double stage = processStage();
    return t
        + String.format(
            Locale.ROOT,
            "%nsingle pass: %.1f video-seconds per wall-second on one core (ffmpeg CLI: %.1f); the single pass takes %.2f× the CLI's decode-only time%n"
                + "process stage through Beam (DirectRunner, %d cores, %d videos, %.0f s of video): %.2f s wall, %.1f× real time%n",
            sumVideo / sumDecode,
            sumVideo / sumFfmpeg,
            sumDecode / sumFfmpeg,
            Runtime.getRuntime().availableProcessors(),
            files.size(),
            sumVideo,
            stage,
            sumVideo / stage);
  }

  /** The ProcessVideos composite on the DirectRunner over every file (fresh output each run). */
  private double processStage() throws IOException {
    Path root = files.get(0).getParent();
    double[] secs = new double[runs];
    for (int r = -1; r < runs; r++) {
      Path out = Files.createTempDirectory("chfen-bench-process");
      List<VideoMetadata> videos = new ArrayList<>();
      for (Path f : files) {
        videos.add(
            VideoMetadata.newBuilder()
                .setId("bench_" + f.getFileName().toString().replace(".mp4", ""))
                .setSource("bench")
                .setPageUrl(f.toUri().toString())
                .setCanonicalUrl(f.toUri().toString())
                .setCrawledAt(Instant.EPOCH)
                .setMediaPath(root.relativize(f).toString())
                .build());
      }
      Pipeline p = Pipeline.create(PipelineOptionsFactory.as(DirectOptions.class));
      p.apply(Create.of(videos).withCoder(Records.VIDEO))
          .apply(ProcessVideos.with(decodeAnalyzers(), root.toString(), out.toString()))
          .processed
          .apply(Count.globally());
      long t0 = System.nanoTime();
      p.run().waitUntilFinish();
      if (r >= 0) {
        secs[r] = (System.nanoTime() - t0) / 1e9;
      }
      FileOps.deleteTree(out);
    }
    return Stats.median(secs);
  }

  /**
   * Keyframes and audio only: what this benchmark has measured since the process stage began.
   * Subtitle OCR has its own figures (chfen eval-ocr), so they stay comparable.
   */
  private static ProcessSpec decodeAnalyzers() {
    ProcessSpec c = new ProcessSpec();
    c.ocrEngine = OcrEngine.Kind.NONE;
    return c;
  }

  /**
   * ffmpeg's own measure of its decode-only run ("bench: ... rtime=Xs"), one decoding thread.
   *
   * @param cpus the cores to pin it to ({@code taskset -c}), or null for none
   */
  static double ffmpeg(Path f, String cpus) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    if (cpus != null) {
      cmd.addAll(List.of("taskset", "-c", cpus));
    }
    cmd.addAll(
        List.of(
            "ffmpeg",
            "-hide_banner",
            "-nostdin",
            "-benchmark",
            "-threads",
            "1",
            "-i",
            f.toString(),
            "-f",
            "null",
            "-"));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String log = new String(p.getInputStream().readAllBytes());
    if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IOException("ffmpeg failed on " + f + ": " + log);
    }
    int i = log.lastIndexOf("rtime=");
    if (i < 0) {
      throw new IOException("ffmpeg printed no benchmark line for " + f);
    }
    String v = log.substring(i + 6).split("s")[0];
    return Double.parseDouble(v);
  }
}
