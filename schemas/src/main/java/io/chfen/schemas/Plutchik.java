package io.chfen.schemas;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.chfen.records.Emotion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Plutchik's wheel of emotions: the 8 primaries (the Avro enum {@link Emotion}, in wheel order),
 * the names of their three intensities, their opposites and the primary dyads.
 *
 * <p>The data lives in {@code plutchik.json} beside this class so that Python and SQL users read
 * the same taxonomy; this class loads it once and checks it against the enum. Immutable and
 * thread-safe.
 */
public final class Plutchik {

  /** The primaries, in wheel order (joy, trust, ... anticipation): the classes of every label. */
  public static final List<Emotion> EMOTIONS = List.of(Emotion.values());

  /** How many primaries: the label tensors' and the trainer's class count. */
  public static final int NUM_EMOTIONS = EMOTIONS.size();

  /** The primaries' names, lower case, in wheel order (the label and column names). */
  public static final List<String> EMOTION_NAMES =
      EMOTIONS.stream().map(e -> e.name().toLowerCase(Locale.ROOT)).toList();

  /** Intensity levels as stored in {@code Annotation.intensity}. */
  public static final int ABSENT = 0;

  public static final int LOW = 1;
  public static final int BASIC = 2;
  public static final int HIGH = 3;

  /** How many intensity levels, absent included: a label's soft distribution per emotion. */
  public static final int NUM_INTENSITIES = HIGH + 1;

  /** One primary emotion's facts. */
  public record Primary(
      Emotion emotion, String chineseName, List<String> intensityNames, Emotion opposite) {

    /** Name of an intensity level 1..3, e.g. JOY: 1 serenity, 2 joy, 3 ecstasy. */
    public String intensityName(int level) {
      if (level < LOW || level > HIGH) {
        throw new IllegalArgumentException("intensity level must be 1..3, got " + level);
      }
      return intensityNames.get(level - 1);
    }
  }

  /** A primary dyad: the feeling named for two adjacent primaries felt together. */
  public record Dyad(String name, String chineseName, Emotion first, Emotion second) {}

  private static final Plutchik WHEEL = load();

  private final Map<Emotion, Primary> primaries;
  private final List<Dyad> dyads;

  private Plutchik(Map<Emotion, Primary> primaries, List<Dyad> dyads) {
    this.primaries = Collections.unmodifiableMap(primaries);
    this.dyads = List.copyOf(dyads);
  }

  public static Plutchik wheel() {
    return WHEEL;
  }

  public Primary primary(Emotion emotion) {
    return primaries.get(emotion);
  }

  public Emotion opposite(Emotion emotion) {
    return primaries.get(emotion).opposite();
  }

  /** The 8 primaries in wheel order (the order of the model's output classes). */
  public List<Emotion> primaries() {
    return List.of(Emotion.values());
  }

  public List<Dyad> primaryDyads() {
    return dyads;
  }

  /** The dyad of two adjacent primaries, in either order; empty for non-adjacent pairs. */
  public Optional<Dyad> dyad(Emotion a, Emotion b) {
    return dyads.stream()
        .filter(d -> (d.first() == a && d.second() == b) || (d.first() == b && d.second() == a))
        .findFirst();
  }

  /** Steps between two primaries around the wheel: 0 same, 1 adjacent, 4 opposite. */
  public static int wheelDistance(Emotion a, Emotion b) {
    int n = Emotion.values().length;
    int d = Math.abs(a.ordinal() - b.ordinal());
    return Math.min(d, n - d);
  }

  /**
   * Resolves an emotion word (a primary in any case, an intensity name such as "ecstasy", or a
   * Chinese primary name) to its primary and intensity level.
   */
  public Optional<Map.Entry<Emotion, Integer>> lookup(String word) {
    String w = word.trim().toLowerCase(Locale.ROOT);
    for (Primary p : primaries.values()) {
      if (p.emotion().name().toLowerCase(Locale.ROOT).equals(w) || p.chineseName().equals(w)) {
        return Optional.of(Map.entry(p.emotion(), BASIC));
      }
      int level = p.intensityNames().indexOf(w);
      if (level >= 0) {
        return Optional.of(Map.entry(p.emotion(), level + 1));
      }
    }
    return Optional.empty();
  }

  private static Plutchik load() {
    try (InputStream in = Plutchik.class.getResourceAsStream("plutchik.json")) {
      if (in == null) {
        throw new IllegalStateException("plutchik.json is missing from the schemas jar");
      }
      JsonNode root = new ObjectMapper().readTree(in);
      Map<Emotion, Primary> primaries = new EnumMap<>(Emotion.class);
      for (JsonNode p : root.get("primaries")) {
        List<String> names = new ArrayList<>();
        p.get("intensities").forEach(n -> names.add(n.asText()));
        if (names.size() != 3) {
          throw new IllegalStateException(
              "plutchik.json: " + p.get("name") + " needs 3 intensities");
        }
        Emotion e = Emotion.valueOf(p.get("name").asText());
        primaries.put(
            e,
            new Primary(
                e,
                p.get("zh").asText(),
                List.copyOf(names),
                Emotion.valueOf(p.get("opposite").asText())));
      }
      if (primaries.size() != Emotion.values().length) {
        throw new IllegalStateException("plutchik.json does not list every primary of Emotion");
      }
      List<Dyad> dyads = new ArrayList<>();
      for (JsonNode d : root.get("primaryDyads")) {
        Emotion a = Emotion.valueOf(d.get("of").get(0).asText());
        Emotion b = Emotion.valueOf(d.get("of").get(1).asText());
        if (wheelDistance(a, b) != 1) {
          throw new IllegalStateException(
              "plutchik.json: dyad " + d.get("name") + " is not adjacent");
        }
        dyads.add(new Dyad(d.get("name").asText(), d.get("zh").asText(), a, b));
      }
      return new Plutchik(primaries, dyads);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read plutchik.json", e);
    }
  }
}
