package io.chfen.media;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FrameGrabber;

/**
 * What a media file's container says without decoding it: its streams ({@link MediaInfo}, with no
 * video stream a width and height of 0) and its metadata tags (title, language, creation_time,
 * comment...), keys lower-cased. For ingesting files that come with no page around them.
 */
public final class MediaProbe {
  static {
    // a refused file is reported with FFmpeg's message; its stream dump adds only noise
    avutil.av_log_set_level(avutil.AV_LOG_FATAL);
  }

  /** The container's facts and tags. */
  public record Probe(MediaInfo info, boolean hasVideo, Map<String, String> tags) {
    /** A tag's value, or null when the container has none (or only blanks). */
    public String tag(String key) {
      String v = tags.get(key.toLowerCase(Locale.ROOT));
      return v == null || v.isBlank() ? null : v.strip();
    }
  }

  private MediaProbe() {}

  public static Probe probe(Path file) throws MediaException {
    if (!Files.isRegularFile(file)) {
      throw new MediaException("missing_file", file + " does not exist");
    }
    try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(file.toFile())) {
      try {
        g.start();
      } catch (FrameGrabber.Exception e) {
        throw new MediaException(
            "not_media",
            file.getFileName() + " is not a readable media file: " + e.getMessage(),
            e);
      }
      Map<String, String> tags = new TreeMap<>();
      g.getMetadata().forEach((k, v) -> tags.put(k.toLowerCase(Locale.ROOT), v));
      MediaInfo info = MediaInfo.of(file, g);
      boolean video = MediaInfo.hasVideo(g);
      g.stop();
      return new Probe(info, video, tags);
    } catch (FrameGrabber.Exception e) {
      throw new MediaException("decode_error", file.getFileName() + ": " + e.getMessage(), e);
    }
  }
}
