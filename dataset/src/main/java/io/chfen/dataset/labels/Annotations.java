package io.chfen.dataset.labels;

import io.chfen.dataset.tables.Tables;
import io.chfen.records.Annotation;
import io.chfen.records.Emotion;
import io.chfen.records.Modality;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads emotion annotations as an annotation tool exports them: CSV with a header, or JSON Lines,
 * one judgement per row with the fields {@code video, annotator, modality, emotion, intensity}.
 *
 * <ul>
 *   <li>{@code modality}: overall, visual, acoustic or text;
 *   <li>{@code emotion}: one of Plutchik's 8 primaries (joy, trust, fear, surprise, sadness,
 *       disgust, anger, anticipation);
 *   <li>{@code intensity}: 0 absent, 1 low, 2 basic, 3 high.
 * </ul>
 *
 * An annotator who has any row for a video's modality has judged that modality: the emotions they
 * did not list are absent (0). A malformed row is rejected with its line and cause; the rest are
 * kept.
 */
public final class Annotations {
  /** The rows read and the rows rejected ("file:line: cause"). */
  public record Import(List<Annotation> rows, List<String> rejected) {}

  private Annotations() {}

  /**
   * The sample annotations bundled for the demo's videos (three annotators; {@code
   * sample-annotations.csv} beside this class).
   */
  public static Import sample() throws IOException {
    Path tmp = Files.createTempFile("chfen-sample-annotations", ".csv");
    try (var in = Annotations.class.getResourceAsStream("sample-annotations.csv")) {
      if (in == null) {
        throw new IOException("sample-annotations.csv is missing from the pipelines jar");
      }
      Files.copy(in, tmp, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      return read(tmp);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /**
   * Writes {@code rows} as the CSV {@link #read} reads (header {@code
   * video,annotator,modality,emotion,intensity}), replacing {@code file} whole: a reader never sees
   * half of it.
   */
  public static void write(Path file, List<Annotation> rows) throws IOException {
    StringBuilder csv = new StringBuilder("video,annotator,modality,emotion,intensity\n");
    for (Annotation a : rows) {
      csv.append(Tables.csvCell(a.getVideoId()))
          .append(',')
          .append(Tables.csvCell(a.getAnnotatorId()))
          .append(',')
          .append(a.getModality().name().toLowerCase(Locale.ROOT))
          .append(',')
          .append(a.getEmotion().name().toLowerCase(Locale.ROOT))
          .append(',')
          .append(a.getIntensity())
          .append('\n');
    }
    Path dir = file.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path tmp = Files.createTempFile(dir, ".annotations", ".csv");
    try {
      Files.writeString(tmp, csv, java.nio.charset.StandardCharsets.UTF_8);
      Files.move(
          tmp,
          file,
          java.nio.file.StandardCopyOption.REPLACE_EXISTING,
          java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  public static Import read(Path file) throws IOException {
    List<Annotation> rows = new ArrayList<>();
    List<Tables.Rejected> rejected = new ArrayList<>();
    Tables.read(file, (line, cells) -> rows.add(row(cells)), rejected);
    return new Import(rows, rejected.stream().map(Tables.Rejected::toString).toList());
  }

  private static Annotation row(Map<String, String> r) {
    String video = text(r, "video");
    String annotator = text(r, "annotator");
    Modality modality = parse(Modality.class, text(r, "modality"), "modality");
    Emotion emotion = parse(Emotion.class, text(r, "emotion"), "emotion");
    String raw = text(r, "intensity");
    int intensity;
    try {
      intensity = Integer.parseInt(raw.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("intensity '" + raw + "' is not a number 0-3");
    }
    if (intensity < 0 || intensity > 3) {
      throw new IllegalArgumentException("intensity " + intensity + " is outside 0-3");
    }
    return Annotation.newBuilder()
        .setVideoId(video)
        .setAnnotatorId(annotator)
        .setModality(modality)
        .setEmotion(emotion)
        .setIntensity(intensity)
        .build();
  }

  private static String text(Map<String, String> r, String field) {
    String v = r.get(field);
    if (v == null || v.isBlank()) {
      throw new IllegalArgumentException("missing " + field);
    }
    return v.trim();
  }

  private static <E extends Enum<E>> E parse(Class<E> type, String value, String field) {
    try {
      return Enum.valueOf(type, value.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      List<String> names = new ArrayList<>();
      for (E c : type.getEnumConstants()) {
        names.add(c.name().toLowerCase(Locale.ROOT));
      }
      throw new IllegalArgumentException(field + " '" + value + "' is not one of " + names);
    }
  }
}
