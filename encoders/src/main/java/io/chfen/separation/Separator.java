package io.chfen.separation;

/** Splits one segment of a mixture into vocals and music (interleaved like the input). */
public interface Separator {
  SpeechMusicSeparator.Result separate(float[] mix, int channels, int rate);
}
