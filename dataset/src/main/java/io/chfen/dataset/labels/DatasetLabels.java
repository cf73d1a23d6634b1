package io.chfen.dataset.labels;

import io.chfen.dataset.ingest.ListSource;
import io.chfen.dataset.tables.Tables;
import io.chfen.records.Annotation;
import io.chfen.records.Emotion;
import io.chfen.records.Modality;
import io.chfen.records.SentimentLabel;
import io.chfen.schemas.Plutchik;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A dataset's own label file read through its {@link LabelMapping}: each row's video id (the same
 * as ingest gives the row when the file is the list), its emotions as Plutchik annotation rows of
 * one annotator (the mapping's name; 8 rows per labelled video, absent primaries at 0), and its
 * sentiment per modality. A row whose labels do not parse (an unknown class, a number out of range)
 * is rejected with its line and cause; a row with no label at all is an unlabelled video.
 */
public final class DatasetLabels {

  /**
   * What a label file gave.
   *
   * @param emotions annotation rows, annotator = the mapping's name
   * @param sentiment video id → modality (lower case) → score
   * @param rejected rows that do not parse, with their line and cause
   * @param rows rows read (labelled, unlabelled or rejected)
   * @param notes what the mapping declared that the file does not have (a label block skipped)
   */
  public record Import(
      List<Annotation> emotions,
      Map<String, Map<String, SentimentLabel>> sentiment,
      List<String> rejected,
      int rows,
      List<String> notes) {
    public static final Import NONE = new Import(List.of(), Map.of(), List.of(), 0, List.of());
  }

  private DatasetLabels() {}

  public static Import read(Path file, LabelMapping m) throws IOException {
    ListSource.Columns columns = ListSource.Columns.DEFAULT.with(m.columns);
    Path base = file.toAbsolutePath().getParent();
    List<Annotation> emotions = new ArrayList<>();
    Map<String, Map<String, SentimentLabel>> sentiment = new TreeMap<>();
    List<Tables.Rejected> rejected = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    int[] rows = {0};
    Set<String> header = new LinkedHashSet<>();
    Set<String> seen = new LinkedHashSet<>();
    Tables.read(
        file,
        (line, cells) -> {
          rows[0]++;
          if (header.isEmpty()) {
            header.addAll(cells.keySet());
            notes.addAll(missing(m, header));
          }
          String id = ListSource.id(line, cells, columns, base);
          if (!seen.add(id)) {
            throw new IllegalArgumentException("a second row for " + id);
          }
          Map<Emotion, Integer> e = emotions(m, cells, header);
          Map<String, SentimentLabel> s = sentiment(m, cells, header);
          if (e != null) {
            for (Emotion x : Plutchik.EMOTIONS) {
              emotions.add(
                  Annotation.newBuilder()
                      .setVideoId(id)
                      .setAnnotatorId(m.name)
                      .setModality(Modality.OVERALL)
                      .setEmotion(x)
                      .setIntensity(e.getOrDefault(x, Plutchik.ABSENT))
                      .build());
            }
          }
          if (!s.isEmpty()) {
            sentiment.put(id, s);
          }
        },
        rejected);
    return new Import(
        emotions,
        sentiment,
        rejected.stream().map(Tables.Rejected::toString).toList(),
        rows[0],
        notes);
  }

  /** The label blocks the file's header cannot serve: skipped, and said so. */
  private static List<String> missing(LabelMapping m, Set<String> header) {
    List<String> notes = new ArrayList<>();
    if (m.emotions != null && !has(header, emotionColumns(m))) {
      notes.add("no emotion columns " + emotionColumns(m) + ": emotions not read");
    }
    if (m.sentiment != null && !has(header, m.sentiment.scores.values())) {
      notes.add("no sentiment columns " + m.sentiment.scores.values() + ": sentiment not read");
    }
    return notes;
  }

  private static List<String> emotionColumns(LabelMapping m) {
    return m.emotions.classColumn != null
        ? List.of(m.emotions.classColumn)
        : List.copyOf(m.emotions.intensities.keySet());
  }

  private static boolean has(Set<String> header, Collection<String> columns) {
    return columns.stream().anyMatch(header::contains);
  }

  /** The row's primaries and intensities, or null when it gives no emotion label. */
  private static Map<Emotion, Integer> emotions(
      LabelMapping m, Map<String, String> cells, Set<String> header) {
    if (m.emotions == null || !has(header, emotionColumns(m))) {
      return null;
    }
    Map<Emotion, Integer> out = new EnumMap<>(Emotion.class);
    if (m.emotions.classColumn != null) {
      String c = cell(cells, m.emotions.classColumn);
      if (c == null) {
        return null;
      }
      Map<String, Integer> to = m.emotions.classes.get(c.toLowerCase(Locale.ROOT));
      if (to == null) {
        throw new IllegalArgumentException(
            m.emotions.classColumn
                + " '"
                + c
                + "' is none of the mapping's classes "
                + m.emotions.classes.keySet());
      }
      to.forEach((e, level) -> out.put(Emotion.valueOf(e.toUpperCase(Locale.ROOT)), level));
      return out;
    }
    boolean any = false;
    double lo = m.emotions.scale[0];
    double hi = m.emotions.scale[1];
    for (Map.Entry<String, String> col : m.emotions.intensities.entrySet()) {
      String c = cell(cells, col.getKey());
      if (c == null) {
        continue;
      }
      double v = number(col.getKey(), c, lo, hi);
      int level = (int) Math.round((v - lo) / (hi - lo) * Plutchik.HIGH);
      out.merge(Emotion.valueOf(col.getValue().toUpperCase(Locale.ROOT)), level, Math::max);
      any = true;
    }
    return any ? out : null;
  }

  private static Map<String, SentimentLabel> sentiment(
      LabelMapping m, Map<String, String> cells, Set<String> header) {
    Map<String, SentimentLabel> out = new LinkedHashMap<>();
    if (m.sentiment == null || !has(header, m.sentiment.scores.values())) {
      return out;
    }
    double lo = m.sentiment.range[0];
    double hi = m.sentiment.range[1];
    m.sentiment.scores.forEach(
        (modality, column) -> {
          String c = cell(cells, column);
          if (c != null) {
            out.put(
                modality.toLowerCase(Locale.ROOT),
                SentimentLabel.newBuilder()
                    .setScore(number(column, c, lo, hi))
                    .setMin(lo)
                    .setMax(hi)
                    .setNeutral(m.sentiment.neutral)
                    .build());
          }
        });
    return out;
  }

  private static double number(String column, String cell, double lo, double hi) {
    double v;
    try {
      v = Double.parseDouble(cell);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(column + " '" + cell + "' is not a number");
    }
    if (!(v >= lo && v <= hi)) {
      throw new IllegalArgumentException(
          column + " " + cell + " is outside the mapping's range [" + lo + ", " + hi + "]");
    }
    return v;
  }

  private static String cell(Map<String, String> cells, String column) {
    String v = cells.get(column);
    return v == null || v.isBlank() ? null : v.strip();
  }
}
