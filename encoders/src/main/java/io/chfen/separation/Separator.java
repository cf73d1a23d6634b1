package io.chfen.separation;

/** Splits one segment of a mixture into vocals and music (interleaved like the input). */
public interface Separator {
  SpeechMusicSeparator.Result separate(float[] mix, int channels, int rate);

  /** The separators a run can use. */
  public enum Kind {
    /** The built-in {@link SpeechMusicSeparator}: no model, permissive, the default. */
    SPEECH_AWARE,
    /** {@link HtDemucs}: learned, far better, research-use weights. */
    HTDEMUCS;

    /** The name on the command line and in reports. */
    @Override
    public String toString() {
      return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
  }
}
