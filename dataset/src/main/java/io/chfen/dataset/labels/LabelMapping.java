package io.chfen.dataset.labels;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.chfen.records.Emotion;
import io.chfen.records.Modality;
import io.chfen.schemas.Plutchik;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How a dataset's own label file becomes this project's labels, declared in YAML rather than coded
 * per dataset: which columns name the clip (and its media, its split), how discrete classes or
 * per-emotion intensities map onto Plutchik's primaries with an intensity, and which columns hold a
 * sentiment score per modality, on what range, with what neutral band. Mappings for MER2023/2024,
 * CMU-MOSEI and CH-SIMS v2 ship with the project ({@link #BUILT_IN}); a user's file works the same.
 * Every choice a mapping makes (worried → fear + anticipation) is in the shards' manifest.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public final class LabelMapping implements Serializable {
  private static final long serialVersionUID = 1L;

  /** The mappings that ship with the project, by name. */
  public static final List<String> BUILT_IN =
      List.of("mer2023", "mer2024", "cmu-mosei", "ch-sims-v2");

  /** Its name: the annotator id of its emotion rows. */
  public String name;

  /** Where the label file's layout comes from, for people. */
  public String source;

  /** The list columns, as ingest's {@code --column KEY=COLUMN} (templates like {@code {a}/{b}}). */
  public Map<String, String> columns = new LinkedHashMap<>();

  public Emotions emotions;

  public Sentiment sentiment;

  /** Emotions: a column of discrete classes, or one intensity column per emotion. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static final class Emotions implements Serializable {
    private static final long serialVersionUID = 1L;

    /** The column of discrete classes. */
    @com.fasterxml.jackson.annotation.JsonProperty("class")
    public String classColumn;

    /** Class (lower case) → primary → intensity 1..3; an empty map: all primaries absent. */
    public Map<String, Map<String, Integer>> classes;

    /** Intensity column → primary. */
    public Map<String, String> intensities;

    /** The intensity columns' range, mapped linearly onto 0..3 and rounded. */
    public double[] scale;
  }

  /** Sentiment scores per modality. */
  public static final class Sentiment implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Modality (overall, visual, acoustic, text) → column. */
    public Map<String, String> scores = new LinkedHashMap<>();

    /** The scores' range [min, max]; 0 is neutral. */
    public double[] range;

    /** Scores with |score| at most this are the neutral class. */
    public double neutral;
  }

  private static ObjectMapper yaml() {
    return new ObjectMapper(new YAMLFactory())
        .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);
  }

  /** A built-in mapping by name, or a YAML file; checked. */
  public static LabelMapping load(String nameOrFile) throws IOException {
    LabelMapping m;
    if (BUILT_IN.contains(nameOrFile)) {
      try (InputStream in =
          LabelMapping.class.getResourceAsStream("mappings/" + nameOrFile + ".yaml")) {
        if (in == null) {
          throw new IOException("the built-in label mapping " + nameOrFile + " is missing");
        }
        m = yaml().readValue(in, LabelMapping.class);
      }
    } else {
      Path f = Path.of(nameOrFile);
      if (!Files.isRegularFile(f)) {
        throw new IOException(
            "label mapping '" + nameOrFile + "' is neither a file nor one of " + BUILT_IN);
      }
      try {
        m = yaml().readValue(f.toFile(), LabelMapping.class);
      } catch (IOException e) {
        throw new IOException(
            "cannot read label mapping " + f + ": " + e.getMessage().lines().findFirst().orElse(""),
            e);
      }
    }
    List<String> problems = m.problems();
    if (!problems.isEmpty()) {
      throw new IOException("label mapping " + nameOrFile + ": " + String.join("; ", problems));
    }
    return m;
  }

  /** What is wrong with it, for people; empty when it is usable. */
  List<String> problems() {
    List<String> p = new ArrayList<>();
    if (name == null || name.isBlank()) {
      p.add("no name");
    }
    if (emotions == null && sentiment == null) {
      p.add("neither emotions nor sentiment: it maps no labels");
    }
    if (emotions != null) {
      boolean byClass = emotions.classColumn != null;
      boolean byColumn = emotions.intensities != null;
      if (byClass == byColumn) {
        p.add("emotions: give either class + classes or intensities + scale");
      }
      if (byClass) {
        if (emotions.classes == null || emotions.classes.isEmpty()) {
          p.add("emotions: a class column with no classes");
        } else {
          emotions.classes.forEach(
              (c, m) ->
                  m.forEach(
                      (e, level) -> {
                        primary(e, "emotions.classes." + c, p);
                        if (level == null || level < Plutchik.LOW || level > Plutchik.HIGH) {
                          p.add("emotions.classes." + c + "." + e + ": intensity must be 1..3");
                        }
                      }));
        }
      }
      if (byColumn) {
        emotions.intensities.forEach((col, e) -> primary(e, "emotions.intensities." + col, p));
        if (!validRange(emotions.scale)) {
          p.add("emotions.scale must be [min, max] with min < max");
        }
      }
    }
    if (sentiment != null) {
      if (sentiment.scores.isEmpty()) {
        p.add("sentiment: no score columns");
      }
      sentiment.scores.keySet().forEach(mod -> modality(mod, p));
      if (!validRange(sentiment.range) || sentiment.range[0] >= 0 || sentiment.range[1] <= 0) {
        p.add("sentiment.range must be [min, max] with min < 0 < max");
      } else if (sentiment.neutral < 0 || sentiment.neutral >= sentiment.range[1]) {
        p.add("sentiment.neutral must be 0 or more and under the range's max");
      }
    }
    return p;
  }

  private static boolean validRange(double[] r) {
    return r != null && r.length == 2 && r[0] < r[1];
  }

  static Emotion primary(String name, String where, List<String> problems) {
    try {
      return Emotion.valueOf(name.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      problems.add(where + ": '" + name + "' is not a Plutchik primary " + Plutchik.EMOTION_NAMES);
      return null;
    }
  }

  static Modality modality(String name, List<String> problems) {
    try {
      return Modality.valueOf(name.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      problems.add("'" + name + "' is not a modality (overall, visual, acoustic, text)");
      return null;
    }
  }

  /** The mapping as a JSON-like tree, for the manifest. */
  public Map<String, Object> asMap() {
    return new ObjectMapper().convertValue(this, LinkedHashMap.class);
  }
}
