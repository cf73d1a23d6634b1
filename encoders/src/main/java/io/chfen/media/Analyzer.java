package io.chfen.media;

import io.chfen.records.ModalityResult;
import io.chfen.schemas.Status;
import java.io.IOException;
import java.nio.file.Path;

/**
 * One thing the process stage extracts from a video (keyframes, audio, subtitles, faces, ...), fed
 * by {@link SinglePassDecoder} so that every analyzer shares one decoding pass. An analyzer states
 * the frames it wants (a sampling rate) and the audio it wants (a format); the decoder picks and
 * converts frames once per rate and resamples audio once per format.
 *
 * <p>One instance serves one video at a time and is not thread-safe.
 */
public interface Analyzer extends AutoCloseable {
  /** Frames on every decoded frame. */
  double ALL_FRAMES = Double.POSITIVE_INFINITY;

  /** The modality this analyzer produces; the key of its result in {@code VideoArtifacts}. */
  String modality();

  /** Frames per second wanted on a grid k / rate (0: none, {@link #ALL_FRAMES}: every frame). */
  default double frameRate() {
    return 0;
  }

  /** The audio wanted, or null for none. */
  default AudioFormat audioFormat() {
    return null;
  }

  /** A new video starts; files go under {@code outDir} (the video's artifact directory). */
  void begin(MediaInfo info, Path outDir) throws IOException;

  default void frame(FrameSample frame) throws IOException {}

  default void audio(AudioSamples audio) throws IOException {}

  /**
   * The video ended; returns this modality's outcome (files relative to {@code outDir}).
   *
   * @param decodedDurationS the decoded media's duration from stream timestamps
   */
  ModalityResult end(double decodedDurationS) throws IOException;

  /** The video failed mid-way: drop per-video state (open files); the instance is reused. */
  default void abort() {}

  /** Releases what the instance holds across videos (native buffers). Called by its owner. */
  @Override
  default void close() {}

  static ModalityResult ok(java.util.List<String> files, java.util.Map<String, Double> stats) {
    return ModalityResult.newBuilder().setStatus(Status.OK).setFiles(files).setStats(stats).build();
  }

  static ModalityResult absent(String reason, String message) {
    return ModalityResult.newBuilder()
        .setStatus(Status.ABSENT)
        .setReason(reason)
        .setMessage(message)
        .build();
  }

  static ModalityResult failed(String reason, String message) {
    return ModalityResult.newBuilder()
        .setStatus(Status.FAILED)
        .setReason(reason)
        .setMessage(message)
        .build();
  }
}
