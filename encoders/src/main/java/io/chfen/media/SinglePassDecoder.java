package io.chfen.media;

import io.chfen.records.ModalityResult;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameFilter;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Decodes a media file once and feeds every {@link Analyzer}: video frames are grabbed without
 * colour conversion and converted to BGR only when some analyzer's sampling grid picks them (once
 * per frame, however many analyzers and rates want it); audio is resampled once per requested
 * format by FFmpeg's resampler. Times come from the streams' timestamps (variable frame rate
 * works). Guards (duration, resolution, wall-time budget) and broken input end as a {@link
 * MediaException} with a reason code. An analyzer that throws is marked failed and no longer fed;
 * the others go on. Analyzers belong to the caller, which closes them.
 *
 * <p>Holds no state between calls; one instance may decode many files, one at a time per thread.
 */
public final class SinglePassDecoder {
  static {
    // broken input is reported as a MediaException with FFmpeg's message; its log adds only noise
    avutil.av_log_set_level(avutil.AV_LOG_FATAL);
  }

  /** Tolerance for picking the frame at a grid time (timestamps are rounded to µs). */
  private static final long PICK_TOLERANCE_US = 1_000;

  /** What one pass produced. */
  public record Report(
      MediaInfo info,
      double decodedDurationS,
      long videoFrames,
      double meanFps,
      long wallMs,
      Map<String, ModalityResult> results,
      Map<String, Double> cpuMs) {}

  private final DecodeLimits limits;
  private final int threads;

  /**
   * @param threads decoder threads (0: FFmpeg chooses)
   */
  public SinglePassDecoder(DecodeLimits limits, int threads) {
    this.limits = limits;
    this.threads = threads;
  }

  public Report decode(Path file, List<Analyzer> analyzers, Path outDir) throws MediaException {
    return decode(file, analyzers, outDir, new CpuMeter());
  }

  /**
   * As {@link #decode(Path, List, Path)}, charging this thread's CPU time to {@code meter}: opening
   * and decoding to {@link CpuMeter#DECODE}, colour conversion and resampling to theirs, each
   * analyzer's work to its modality. The report's {@code cpuMs} is the meter's state at the end.
   */
  public Report decode(Path file, List<Analyzer> analyzers, Path outDir, CpuMeter meter)
      throws MediaException {
    long t0 = System.nanoTime();
    Map<String, ModalityResult> results = new LinkedHashMap<>();
    List<Analyzer> live = new ArrayList<>(analyzers);
    boolean completed = false;
    try (FFmpegFrameGrabber g = open(file);
        BgrConverter bgr = new BgrConverter()) {
      MediaInfo info = info(file, g);
      checkGuards(file, info);
      if (info.hasVideo()) {
        checkNotAPicture(file, g);
      }
      meter.charge(CpuMeter.DECODE);
      for (Analyzer a : analyzers) {
        if (!info.hasVideo() && a.frameRate() > 0 && a.audioFormat() == null) {
          results.put(
              a.modality(),
              Analyzer.absent(NO_VIDEO_STREAM, file.getFileName() + " is sound alone"));
          live.remove(a);
          continue;
        }
        try {
          a.begin(info, outDir);
        } catch (IOException | RuntimeException e) {
          fail(a, e, results, live);
        }
        meter.charge(a.modality());
      }
      Map<Double, RateGroup> rates = new TreeMap<>();
      Map<AudioFormat, AudioGroup> audio = new LinkedHashMap<>();
      for (Analyzer a : live) {
        if (a.frameRate() > 0) {
          rates.computeIfAbsent(a.frameRate(), RateGroup::new).analyzers.add(a);
        }
        if (a.audioFormat() != null && info.hasAudio()) {
          audio.computeIfAbsent(a.audioFormat(), f -> new AudioGroup(f, g, meter)).analyzers.add(a);
        }
      }
      long frames = 0;
      long firstUs = -1;
      long lastUs = 0;
      long audioEndUs = 0;
      Frame f;
      // sound alone is read through even with no audio analyzer: its length is the decoded length
      boolean readAudio = !audio.isEmpty() || !info.hasVideo();
      while ((f = g.grabFrame(readAudio, true, true, false)) != null) {
        meter.charge(CpuMeter.DECODE);
        if (f.image != null) {
          long ts = f.timestamp;
          checkFrameSize(file, (AVFrame) f.opaque, ts);
          firstUs = firstUs < 0 ? ts : firstUs;
          lastUs = Math.max(lastUs, ts);
          frames++;
          checkBudget(file, t0, ts);
          Mat converted = null;
          for (RateGroup r : rates.values()) {
            long target = r.pick(ts);
            if (target < 0 || r.analyzers.isEmpty()) {
              continue;
            }
            if (converted == null) {
              converted = bgr.convert((AVFrame) f.opaque);
              meter.charge(CpuMeter.CONVERT);
            }
            FrameSample s = new FrameSample(ts, frames - 1, target, converted);
            for (Analyzer a : List.copyOf(r.analyzers)) {
              try {
                a.frame(s);
              } catch (IOException | RuntimeException e) {
                fail(a, e, results, live);
                r.analyzers.remove(a);
              }
              meter.charge(a.modality());
            }
          }
        }
        if (f.samples != null) {
          audioEndUs = Math.max(audioEndUs, f.timestamp + durationUs(f));
          if (!info.hasVideo()) {
            checkBudget(file, t0, f.timestamp);
          }
          for (AudioGroup ag : audio.values()) {
            ag.push(f, results, live);
          }
        }
      }
      for (AudioGroup ag : audio.values()) {
        ag.close();
      }
      meter.charge(CpuMeter.RESAMPLE);
      if (info.hasVideo() && frames < 2) {
        throw new MediaException(
            NOT_A_VIDEO,
            file.getFileName() + " holds " + frames + " video frame(s): a still, not a video");
      }
      double fps = frames > 1 ? (frames - 1) / ((lastUs - firstUs) / 1e6) : info.frameRate();
      double decoded =
          info.hasVideo() ? (lastUs + (fps > 0 ? 1e6 / fps : 0)) / 1e6 : audioEndUs / 1e6;
      if (info.durationS() > 1 && decoded < 0.9 * info.durationS() - 0.5) {
        throw new MediaException(
            "truncated",
            String.format(
                java.util.Locale.ROOT,
                "%s: decoded %.2f s of the %.2f s the container declares",
                file.getFileName(),
                decoded,
                info.durationS()));
      }
      for (Analyzer a : live) {
        try {
          results.put(a.modality(), a.end(decoded));
        } catch (IOException | RuntimeException e) {
          results.put(a.modality(), Analyzer.failed("analyzer_error", e.toString()));
        }
        meter.charge(a.modality());
      }
      completed = true;
      return new Report(
          info,
          decoded,
          frames,
          fps,
          (System.nanoTime() - t0) / 1_000_000,
          results,
          meter.millis());
    } catch (FrameGrabber.Exception | FFmpegFrameFilter.Exception e) {
      throw new MediaException("decode_error", file.getFileName() + ": " + e.getMessage(), e);
    } finally {
      if (!completed) {
        analyzers.forEach(Analyzer::abort);
      }
    }
  }

  private FFmpegFrameGrabber open(Path file) throws MediaException, FrameGrabber.Exception {
    if (!Files.exists(file)) {
      throw new MediaException("missing_file", file + " does not exist");
    }
    try {
      if (Files.size(file) == 0) {
        throw new MediaException("empty_file", file.getFileName() + " is empty (0 bytes)");
      }
    } catch (IOException e) {
      throw new MediaException("missing_file", file + ": " + e.getMessage(), e);
    }
    FFmpegFrameGrabber g = new FFmpegFrameGrabber(file.toFile());
    g.setImageMode(FrameGrabber.ImageMode.RAW);
    g.setSampleMode(FrameGrabber.SampleMode.FLOAT);
    if (threads > 0) {
      g.setVideoOption("threads", Integer.toString(threads));
    }
    try {
      g.start();
    } catch (FrameGrabber.Exception e) {
      g.close();
      throw new MediaException(
          "not_media", file.getFileName() + " is not a readable media file: " + e.getMessage(), e);
    }
    return g;
  }

  /**
   * The reason the visual modalities of sound alone (an audio file, a video container with only an
   * audio track) are absent; the audio modalities are produced as for any video.
   */
  public static final String NO_VIDEO_STREAM = "no_video_stream";

  private static MediaInfo info(Path file, FFmpegFrameGrabber g) throws MediaException {
    MediaInfo info = MediaInfo.of(file, g);
    if (!info.hasVideo() && !info.hasAudio()) {
      throw new MediaException(
          "not_media", file.getFileName() + " has neither a video nor an audio stream");
    }
    return info;
  }

  /** How long an audio frame lasts, from its sample count (planar: one buffer per channel). */
  private static long durationUs(Frame f) {
    if (f.sampleRate <= 0 || f.audioChannels <= 0) {
      return 0;
    }
    int perChannel =
        f.samples.length > 1 ? f.samples[0].limit() : f.samples[0].limit() / f.audioChannels;
    return Math.round(perChannel * 1e6 / f.sampleRate);
  }

  private void checkGuards(Path file, MediaInfo info) throws MediaException {
    if (info.durationS() > limits.maxDurationS()) {
      throw new MediaException(
          "duration_exceeds_limit",
          String.format(
              java.util.Locale.ROOT,
              "%s: %.1f s > limit %.1f s",
              file.getFileName(),
              info.durationS(),
              limits.maxDurationS()));
    }
    if ((long) info.width() * info.height() > limits.maxPixels()) {
      throw new MediaException(
          "resolution_exceeds_limit",
          file.getFileName()
              + ": "
              + info.width()
              + "x"
              + info.height()
              + " > limit of "
              + limits.maxPixels()
              + " pixels");
    }
  }

  /**
   * Every decoded frame against the resolution guard, not only the size the container declares: a
   * stream may change size mid-way (a new sequence header), and nothing larger may reach an
   * analyzer.
   */
  private void checkFrameSize(Path file, AVFrame frame, long ts) throws MediaException {
    if ((long) frame.width() * frame.height() > limits.maxPixels()) {
      throw new MediaException(
          "resolution_exceeds_limit",
          String.format(
              java.util.Locale.ROOT,
              "%s: the frame at %.2f s is %dx%d > limit of %d pixels",
              file.getFileName(),
              ts / 1e6,
              frame.width(),
              frame.height(),
              limits.maxPixels()));
    }
  }

  /** The reason a picture, a one-frame file or an image sequence fails: it is not a video. */
  public static final String NOT_A_VIDEO = "not_a_video";

  /**
   * Pictures that FFmpeg opens as media (a JPEG or PNG named .mp4, a GIF, WebP) are refused by
   * their demuxer before any decoding: FFmpeg reads them through an image demuxer ({@code image2},
   * {@code *_pipe}) or a picture format's own.
   */
  private static void checkNotAPicture(Path file, FFmpegFrameGrabber g) throws MediaException {
    String format = g.getFormat() == null ? "" : g.getFormat();
    for (String f : format.split(",")) {
      if (f.equals("image2") || f.endsWith("_pipe") || PICTURE_FORMATS.contains(f)) {
        throw new MediaException(
            NOT_A_VIDEO,
            file.getFileName() + " is a picture (" + format + "), not a video container");
      }
    }
  }

  private static final Set<String> PICTURE_FORMATS =
      Set.of("gif", "apng", "webp", "ico", "tiff", "bmp");

  private void checkBudget(Path file, long t0, long ts) throws MediaException {
    if (ts / 1e6 > limits.maxDurationS() + 1) {
      throw new MediaException(
          "duration_exceeds_limit",
          file.getFileName() + ": decoded past the " + limits.maxDurationS() + " s limit");
    }
    long ms = (System.nanoTime() - t0) / 1_000_000;
    if (ms > limits.timeBudgetMs()) {
      throw new MediaException(
          "time_budget_exceeded",
          file.getFileName()
              + ": still decoding after "
              + ms
              + " ms (budget "
              + limits.timeBudgetMs()
              + " ms)");
    }
  }

  private static void fail(
      Analyzer a, Exception e, Map<String, ModalityResult> results, List<Analyzer> live) {
    results.put(a.modality(), Analyzer.failed("analyzer_error", a.modality() + ": " + e));
    live.remove(a);
  }

  /** Analyzers sharing a frame rate, and where that rate's grid stands. */
  private static final class RateGroup {
    final double rate;
    final List<Analyzer> analyzers = new ArrayList<>();
    long k;

    RateGroup(double rate) {
      this.rate = rate;
    }

    /** The grid time this frame is picked for, or -1: the first frame at or after each k / rate. */
    long pick(long ts) {
      if (Double.isInfinite(rate)) {
        return ts;
      }
      long target = target(k);
      if (ts < target - PICK_TOLERANCE_US) {
        return -1;
      }
      while (target(k + 1) <= ts + PICK_TOLERANCE_US) {
        k++; // a gap longer than the grid step: this frame stands for the grid times it covers
      }
      long picked = target(k);
      k++;
      return Math.min(picked, ts);
    }

    private long target(long i) {
      return Math.round(i * 1e6 / rate);
    }
  }

  /** Analyzers sharing an audio format, fed through one FFmpeg resampler. */
  private static final class AudioGroup {
    final AudioFormat format;
    final List<Analyzer> analyzers = new ArrayList<>();
    final FFmpegFrameFilter filter;
    final CpuMeter meter;
    long firstUs = -1;
    long emitted;

    AudioGroup(AudioFormat format, FFmpegFrameGrabber g, CpuMeter meter) {
      this.format = format;
      this.meter = meter;
      this.filter =
          new FFmpegFrameFilter(format.filter(g.getAudioChannels()), g.getAudioChannels());
      filter.setSampleRate(g.getSampleRate());
      filter.setSampleFormat(g.getSampleFormat());
      try {
        filter.start();
      } catch (FFmpegFrameFilter.Exception e) {
        throw new IllegalStateException(
            "cannot resample audio to " + format + ": " + e.getMessage(), e);
      }
    }

    void push(Frame f, Map<String, ModalityResult> results, List<Analyzer> live)
        throws FFmpegFrameFilter.Exception {
      if (analyzers.isEmpty()) {
        return;
      }
      if (firstUs < 0) {
        firstUs = f.timestamp;
      }
      filter.push(f);
      Frame out;
      while ((out = filter.pullSamples()) != null) {
        meter.charge(CpuMeter.RESAMPLE);
        FloatBuffer buf = (FloatBuffer) out.samples[0];
        long ts = firstUs + Math.round(emitted * 1e6 / format.sampleRate());
        emitted += buf.remaining() / format.channels();
        for (Analyzer a : List.copyOf(analyzers)) {
          try {
            // each analyzer gets its own view: reading one must not move another's position
            a.audio(new AudioSamples(ts, format.sampleRate(), format.channels(), buf.duplicate()));
          } catch (IOException | RuntimeException e) {
            fail(a, e, results, live);
            analyzers.remove(a);
          }
          meter.charge(a.modality());
        }
      }
      meter.charge(CpuMeter.RESAMPLE);
    }

    void close() {
      try {
        filter.stop();
        filter.release();
      } catch (FFmpegFrameFilter.Exception e) {
        // releasing a filter graph cannot lose data: the samples were all pulled
      }
    }
  }
}
