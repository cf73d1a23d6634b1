package io.chfen.media;

/** The audio an analyzer wants: 32-bit float samples at this rate and channel count. */
public record AudioFormat(int sampleRate, int channels) {
  public static final AudioFormat SPEECH = new AudioFormat(16_000, 1);
  public static final AudioFormat MUSIC_STEREO = new AudioFormat(44_100, 2);

  String filter() {
    return "aresample="
        + sampleRate
        + ",aformat=sample_fmts=flt:channel_layouts="
        + (channels == 1 ? "mono" : channels == 2 ? "stereo" : channels + "c");
  }
}
