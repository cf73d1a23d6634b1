package io.chfen.media;

import java.nio.file.Path;
import org.bytedeco.javacv.FFmpegFrameGrabber;

/**
 * What the container says about a media file before decoding.
 *
 * @param durationS the container's duration (0 when it does not say)
 */
public record MediaInfo(
    Path file,
    double durationS,
    int width,
    int height,
    double frameRate,
    String videoCodec,
    boolean hasAudio,
    int audioSampleRate,
    int audioChannels) {

  /** Whether the file has a picture (sound alone has none: no size, rate or codec). */
  public boolean hasVideo() {
    return width > 0;
  }

  /** What a started grabber says; without a video stream, no size, rate or codec. */
  static MediaInfo of(Path file, FFmpegFrameGrabber g) {
    boolean video = hasVideo(g);
    return new MediaInfo(
        file,
        Math.max(0, g.getLengthInTime()) / 1e6,
        video ? g.getImageWidth() : 0,
        video ? g.getImageHeight() : 0,
        video ? g.getFrameRate() : 0,
        video ? g.getVideoCodecName() : null,
        g.hasAudio() && g.getAudioChannels() > 0,
        g.getSampleRate(),
        g.getAudioChannels());
  }

  static boolean hasVideo(FFmpegFrameGrabber g) {
    return g.hasVideo() && g.getImageWidth() > 0;
  }
}
