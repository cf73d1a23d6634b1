package io.chfen.media;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where one worker thread's CPU time goes while it processes one video: each {@link #charge} gives
 * the thread's CPU time since the previous mark to a part (decoding, colour conversion, an analyzer
 * by its modality, ...), so the parts add up to the thread's whole time with nothing counted twice.
 * ONNX Runtime runs on the calling thread (one intra-op thread) and the decoder on one thread, so
 * their work is charged where it happens; the JIT compiler's and the garbage collector's threads
 * are not any video's and are not counted here.
 *
 * <p>Thread CPU time, not wall time: a part is not charged for waiting on the disk or for the core
 * it shares with other workers. Where the JVM cannot read a thread's CPU time the meter counts
 * nothing ({@link #millis} is empty). One instance per video and thread; not thread-safe.
 */
public final class CpuMeter {
  /** Demuxing and decoding (audio and video), opening and probing the file. */
  public static final String DECODE = "decode";

  /** Converting picked frames to BGR (once per frame, shared by every analyzer). */
  public static final String CONVERT = "convert";

  /** FFmpeg's resampling of the audio to each format the analyzers ask for. */
  public static final String RESAMPLE = "resample";

  /** Copying the media from object storage into the worker's scratch. */
  public static final String FETCH = "fetch";

  /**
   * Loading the models and building the analyzers: once per worker, charged to the first video it
   * processes.
   */
  public static final String MODELS = "models";

  /** Hiding the faces in the keyframes and crops (with {@code anonymizeFaces}). */
  public static final String ANONYMIZE = "anonymize";

  /**
   * Writing {@code artifacts.json} and putting the video's folder in place (a rename on a local
   * disk, an upload to object storage).
   */
  public static final String WRITE = "write";

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
  private static final boolean SUPPORTED = supported();

  private final Map<String, Long> nanos = new LinkedHashMap<>();
  private long mark = now();

  /** Gives the CPU time since the previous mark to {@code part}. */
  public void charge(String part) {
    if (!SUPPORTED) {
      return;
    }
    long t = now();
    nanos.merge(part, Math.max(0, t - mark), Long::sum);
    mark = t;
  }

  /** Adds {@code ms} measured elsewhere on this thread (a cost paid before this video). */
  public void add(String part, double ms) {
    if (SUPPORTED && ms > 0) {
      nanos.merge(part, Math.round(ms * 1e6), Long::sum);
    }
  }

  /** The CPU milliseconds charged so far, by part in the order first charged. */
  public Map<String, Double> millis() {
    Map<String, Double> out = new LinkedHashMap<>();
    nanos.forEach((k, v) -> out.put(k, v / 1e6));
    return out;
  }

  /** This thread's CPU time in ms so far (0 where the JVM cannot tell). */
  public static double threadMillis() {
    return threadNanos() / 1e6;
  }

  /** This thread's CPU time in ns so far (0 where the JVM cannot tell). */
  public static long threadNanos() {
    return now();
  }

  private static long now() {
    return SUPPORTED ? THREADS.getCurrentThreadCpuTime() : 0;
  }

  private static boolean supported() {
    try {
      if (!THREADS.isCurrentThreadCpuTimeSupported()) {
        return false;
      }
      if (!THREADS.isThreadCpuTimeEnabled()) {
        THREADS.setThreadCpuTimeEnabled(true);
      }
      return THREADS.getCurrentThreadCpuTime() >= 0;
    } catch (UnsupportedOperationException | SecurityException e) {
      return false;
    }
  }
}
