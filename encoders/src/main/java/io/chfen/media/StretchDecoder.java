package io.chfen.media;

import static org.bytedeco.ffmpeg.global.avformat.AVSEEK_FLAG_BACKWARD;
import static org.bytedeco.ffmpeg.global.avformat.avformat_index_get_entries_count;
import static org.bytedeco.ffmpeg.global.avformat.avformat_index_get_entry_from_timestamp;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_VIDEO;
import static org.bytedeco.ffmpeg.global.avutil.AV_NOPTS_VALUE;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVIndexEntry;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Decodes chosen stretches of a video again, after its single pass (an analyzer that wants every
 * frame around a few moments: a subtitle's first frame lies between two samples). The stretches are
 * visited in time order and each frame is decoded once, however many stretches hold it: from one
 * stretch to the next the decoder reads on when the key frame the next one would seek to is already
 * behind it (reading on then decodes no more frames than the seek would), and seeks otherwise. Key
 * frames come from the container's index (MP4's sync samples, Matroska's cues); a file without one
 * is sought for every stretch. Frames are converted to BGR only when some stretch holds them. On
 * the calling thread (FFmpeg's default, a thread per core, would oversubscribe a worker's core and
 * hide the work from its {@link CpuMeter}). Times are the frames' own timestamps, as {@link
 * FrameSample#timestampUs()} in the pass.
 */
public final class StretchDecoder {

  /** What a stretch's frames are shown to. */
  @FunctionalInterface
  public interface Watcher {
    /**
     * A frame of the stretch, in time order ({@code bgr} is reused after the call).
     *
     * @return whether to go on: false once the watcher has seen what it wanted
     */
    boolean frame(long timestampUs, Mat bgr);
  }

  /**
   * The frames whose timestamps lie in [{@code fromUs}, {@code toUs}) — the first one read at
   * {@code fromUs} itself when a frame starts there — shown to {@code watcher}.
   */
  public record Stretch(long fromUs, long toUs, Watcher watcher) {}

  /** What the decoding did: frames decoded and converted, seeks made. */
  public record Work(long decoded, long converted, int seeks) {}

  private StretchDecoder() {}

  /**
   * Decodes {@code stretches} of {@code file}.
   *
   * @throws MediaException when the file cannot be opened, sought or decoded
   */
  public static Work decode(Path file, List<Stretch> stretches) throws MediaException {
    List<Stretch> todo = new ArrayList<>(stretches);
    todo.removeIf(s -> s.toUs() <= s.fromUs());
    todo.sort(Comparator.comparingLong(Stretch::fromUs).thenComparingLong(Stretch::toUs));
    if (todo.isEmpty()) {
      return new Work(0, 0, 0);
    }
    long decoded = 0;
    long converted = 0;
    int seeks = 0;
    try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(file.toFile());
        BgrConverter bgr = new BgrConverter()) {
      g.setImageMode(FrameGrabber.ImageMode.RAW);
      g.setVideoOption("threads", "1");
      g.start();
      KeyFrames keys = KeyFrames.of(g.getFormatContext());
      List<Stretch> open = new ArrayList<>();
      int next = 0;
      // the timestamp of the frame last decoded; none after a seek
      long at = Long.MIN_VALUE;
      while (next < todo.size() || !open.isEmpty()) {
        if (open.isEmpty() && !keys.reachable(at, todo.get(next).fromUs())) {
          // JavaCV adds the stream's start time to the time it is given
          g.setVideoTimestamp(todo.get(next).fromUs() - keys.startUs);
          seeks++;
        }
        Frame f = g.grabFrame(false, true, true, false);
        if (f == null) {
          break;
        }
        decoded++;
        long ts = f.timestamp;
        at = ts;
        // the 1 µs: a frame time rounded to whole microseconds on one side and not the other
        while (next < todo.size() && todo.get(next).fromUs() - 1 <= ts) {
          open.add(todo.get(next++));
        }
        open.removeIf(s -> ts >= s.toUs());
        if (!open.isEmpty()) {
          Mat m = bgr.convert((AVFrame) f.opaque);
          converted++;
          open.removeIf(s -> !s.watcher().frame(ts, m));
        }
      }
      return new Work(decoded, converted, seeks);
    } catch (FrameGrabber.Exception e) {
      throw new MediaException(
          "decode_error", file.getFileName() + ": decoding again: " + e.getMessage(), e);
    }
  }

  /** The video stream's key frames as its container indexes them. */
  private static final class KeyFrames {
    private final AVStream stream;
    private final long startUs;

    private KeyFrames(AVStream stream, long startUs) {
      this.stream = stream;
      this.startUs = startUs;
    }

    static KeyFrames of(AVFormatContext oc) {
      for (int i = 0; i < oc.nb_streams(); i++) {
        AVStream st = oc.streams(i);
        if (st.codecpar().codec_type() == AVMEDIA_TYPE_VIDEO) {
          long start =
              st.start_time() != AV_NOPTS_VALUE
                  ? toUs(st, st.start_time())
                  : oc.start_time() != AV_NOPTS_VALUE ? oc.start_time() : 0;
          return new KeyFrames(st, start);
        }
      }
      throw new IllegalStateException("no video stream");
    }

    /**
     * Whether reading on from the frame at {@code atUs} reaches {@code targetUs} decoding no more
     * than a seek to it would: the key frame a seek would start from is not after {@code atUs}.
     */
    boolean reachable(long atUs, long targetUs) {
      if (atUs == Long.MIN_VALUE || atUs >= targetUs - 1) {
        return false;
      }
      if (avformat_index_get_entries_count(stream) == 0) {
        return false;
      }
      AVRational tb = stream.time_base();
      long target = Math.floorDiv(targetUs * tb.den(), 1_000_000L * tb.num());
      AVIndexEntry key =
          avformat_index_get_entry_from_timestamp(stream, target, AVSEEK_FLAG_BACKWARD);
      return key != null && !key.isNull() && toUs(stream, key.timestamp()) <= atUs;
    }

    private static long toUs(AVStream st, long t) {
      AVRational tb = st.time_base();
      return Math.floorDiv(t * 1_000_000L * tb.num(), tb.den());
    }
  }
}
