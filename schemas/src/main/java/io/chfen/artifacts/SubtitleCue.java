package io.chfen.artifacts;

/**
 * One subtitle cue, as {@code subtitles.srt} and {@code transcript.srt} hold it: shown from {@code
 * startMs} to {@code endMs}, lines joined by {@code \n}.
 */
public record SubtitleCue(long startMs, long endMs, String text) {
  /** The text on one line (the encoder embeds that). */
  public String oneLine() {
    return text.replace('\n', ' ').trim();
  }
}
