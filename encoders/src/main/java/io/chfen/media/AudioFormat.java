package io.chfen.media;

/** The audio an analyzer wants: 32-bit float samples at this rate and channel count. */
public record AudioFormat(int sampleRate, int channels) {
  public static final AudioFormat SPEECH = new AudioFormat(16_000, 1);
  public static final AudioFormat MUSIC_STEREO = new AudioFormat(44_100, 2);

  /**
   * The FFmpeg filter graph from {@code inputChannels} to this format. A mono source is copied into
   * every output channel at full level: FFmpeg's own upmix puts it at -3 dB (0.707) per channel,
   * and stems that add up to that would not add up to the source.
   */
  String filter(int inputChannels) {
    String upmix =
        inputChannels == 1 && channels > 1 ? "pan=" + layout() + "|" + copies() + "," : "";
    return upmix
        + "aresample="
        + sampleRate
        + ",aformat=sample_fmts=flt:channel_layouts="
        + layout();
  }

  private String layout() {
    return channels == 1 ? "mono" : channels == 2 ? "stereo" : channels + "c";
  }

  /** {@code c0=c0|c1=c0|...}: every output channel the one input channel. */
  private String copies() {
    StringBuilder s = new StringBuilder();
    for (int c = 0; c < channels; c++) {
      s.append(c == 0 ? "" : "|").append("c").append(c).append("=c0");
    }
    return s.toString();
  }
}
