package io.chfen.separation;

import java.util.ArrayList;
import java.util.List;

/**
 * Speech segments from per-window speech probabilities, with hysteresis (a segment opens at 0.5 and
 * closes below 0.35, as Silero's own tooling does), short pauses bridged and blips dropped.
 */
public final class SpeechSegments {
  static final float ON = 0.5f;
  static final float OFF = 0.35f;
  static final long MIN_SPEECH_MS = 250;
  static final long MIN_PAUSE_MS = 300;

  /** A stretch of speech, milliseconds from the start of the audio. */
  public record Segment(long startMs, long endMs) {}

  /** The segments a speech_segments.json holds (written by the separation analyzer). */
  public static List<Segment> read(java.nio.file.Path json) throws java.io.IOException {
    List<Segment> out = new java.util.ArrayList<>();
    for (com.fasterxml.jackson.databind.JsonNode seg :
        new com.fasterxml.jackson.databind.ObjectMapper()
            .readTree(json.toFile())
            .path("segments")) {
      out.add(new Segment(seg.get("startMs").asLong(), seg.get("endMs").asLong()));
    }
    return out;
  }

  private SpeechSegments() {}

  public static List<Segment> of(float[] probabilities) {
    double windowMs = SileroVad.WINDOW * 1000.0 / SileroVad.RATE;
    List<Segment> raw = new ArrayList<>();
    int start = -1;
    for (int i = 0; i <= probabilities.length; i++) {
      float p = i < probabilities.length ? probabilities[i] : 0;
      if (start < 0 && p >= ON) {
        start = i;
      } else if (start >= 0 && p < OFF) {
        raw.add(new Segment(Math.round(start * windowMs), Math.round(i * windowMs)));
        start = -1;
      }
    }
    List<Segment> out = new ArrayList<>();
    for (Segment s : raw) {
      Segment last = out.isEmpty() ? null : out.get(out.size() - 1);
      if (last != null && s.startMs() - last.endMs() < MIN_PAUSE_MS) {
        out.set(out.size() - 1, new Segment(last.startMs(), s.endMs()));
      } else {
        out.add(s);
      }
    }
    out.removeIf(s -> s.endMs() - s.startMs() < MIN_SPEECH_MS);
    return out;
  }
}
