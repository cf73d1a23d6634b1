package io.chfen.sample.corpus;

import java.awt.Color;
import java.util.List;

/**
 * What one corpus video contains; {@link CorpusPlan} writes them, {@link VideoRenderer} makes them.
 */
record VideoSpec(
    String id,
    String title,
    List<String> tags,
    int width,
    int height,
    double fps,
    /**
     * Drop these frame slots (every n-th, n > 0) to make the frame rate variable; 0 for constant.
     */
    int dropEvery,
    double durationS,
    String background,
    Speech speech,
    List<String> lines,
    String song,
    double speechToMusicDb,
    boolean stereo,
    boolean audio,
    List<FacePath> faces,
    List<Occluder> occluders,
    SubtitleStyle subtitleStyle,
    String overlay,
    String overlayText,
    String watermark,
    List<String> exercises) {

  /** Where the spoken words come from. */
  enum Speech {
    NONE,
    ESPEAK_CMN,
    ESPEAK_EN,
    ALSA,
    MEGAMIND
  }

  /**
   * A face moving linearly from (x0, y0) to (x1, y1) between t0 and t1 (face centre as a fraction
   * of the frame; outside 0..1 is off screen, for entering and leaving), its width a fraction of
   * the frame width.
   */
  record FacePath(
      String person,
      double t0,
      double t1,
      double x0,
      double y0,
      double x1,
      double y1,
      double w0,
      double w1) {}

  /** An opaque object crossing the frame horizontally between t0 and t1 at height y (fractions). */
  record Occluder(double t0, double t1, double x0, double x1, double y, double w, double h) {}

  /**
   * How subtitles are drawn: font family, bold, size and baseline as fractions of the frame height,
   * fill, outline (null for none), a dark box behind (true/false).
   */
  record SubtitleStyle(
      String font,
      boolean bold,
      double size,
      double baseline,
      Color fill,
      Color outline,
      float outlineWidth,
      boolean box) {}
}
