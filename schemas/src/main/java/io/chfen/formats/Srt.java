package io.chfen.formats;

import io.chfen.artifacts.SubtitleCue;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** SRT subtitle files (UTF-8, blocks of index, time range and text). Stateless. */
public final class Srt {
  private static final Pattern TIME =
      Pattern.compile(
          "(\\d+):(\\d{2}):(\\d{2})[,.](\\d{3})\\s*-->\\s*(\\d+):(\\d{2}):(\\d{2})[,.](\\d{3})");

  private Srt() {}

  /** The cues of a file. */
  public static List<SubtitleCue> read(Path file) throws IOException {
    return parse(Files.readString(file, StandardCharsets.UTF_8));
  }

  /** Writes cues to a file ({@link #format}). */
  public static void write(Path file, List<SubtitleCue> cues) throws IOException {
    Files.writeString(file, format(cues), StandardCharsets.UTF_8);
  }

  public static List<SubtitleCue> parse(String srt) {
    List<SubtitleCue> out = new ArrayList<>();
    for (String block : srt.replace("\r", "").strip().split("\n\\s*\n")) {
      String[] lines = block.strip().split("\n");
      for (int i = 0; i < lines.length; i++) {
        Matcher m = TIME.matcher(lines[i]);
        if (m.find()) {
          String text =
              String.join("\n", java.util.Arrays.copyOfRange(lines, i + 1, lines.length)).strip();
          out.add(new SubtitleCue(ms(m, 1), ms(m, 5), text));
          break;
        }
      }
    }
    return out;
  }

  /** {@code HH:MM:SS,mmm}. */
  public static String time(long ms) {
    return String.format(
        java.util.Locale.ROOT,
        "%02d:%02d:%02d,%03d",
        ms / 3_600_000,
        ms / 60_000 % 60,
        ms / 1000 % 60,
        ms % 1000);
  }

  /** Cues as SRT, numbered from 1 in the order given. */
  public static String format(List<SubtitleCue> cues) {
    StringBuilder sb = new StringBuilder();
    int n = 0;
    for (SubtitleCue c : cues) {
      sb.append(++n)
          .append('\n')
          .append(time(c.startMs()))
          .append(" --> ")
          .append(time(c.endMs()))
          .append('\n')
          .append(c.text())
          .append("\n\n");
    }
    return sb.toString();
  }

  private static long ms(Matcher m, int g) {
    return Long.parseLong(m.group(g)) * 3_600_000
        + Long.parseLong(m.group(g + 1)) * 60_000
        + Long.parseLong(m.group(g + 2)) * 1000
        + Long.parseLong(m.group(g + 3));
  }
}
