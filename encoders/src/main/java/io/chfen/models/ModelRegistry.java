package io.chfen.models;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The models the project uses, as declared in {@code models.yaml} beside this class: each model's
 * source package, licence, files with their SHA-256, and how it is fed (preprocessing) and read
 * (output, pooling, dimension).
 */
public final class ModelRegistry {
  /** One declared model. */
  public record Model(
      String name,
      String source,
      String licence,
      String use,
      Map<String, String> files,
      String output,
      String pooling,
      Integer dim,
      Map<String, Object> preprocessing) {

    public Model {
      files = files == null ? Map.of() : Map.copyOf(files);
      preprocessing = preprocessing == null ? Map.of() : Map.copyOf(preprocessing);
    }

    /** The one file whose name ends so (e.g. ".onnx"), relative to the models directory. */
    public String file(String suffix) {
      List<String> f = files.keySet().stream().filter(n -> n.endsWith(suffix)).toList();
      if (f.size() != 1) {
        throw new IllegalStateException(
            "model " + name + " declares " + f.size() + " files ending in " + suffix);
      }
      return f.get(0);
    }

    /** The SHA-256 of the file the model loads first (its .onnx). */
    public String sha256() {
      return files.get(file(".onnx"));
    }
  }

  private record Doc(List<Model> models) {}

  private static final Map<String, Model> MODELS = load();

  private ModelRegistry() {}

  public static Model get(String name) {
    Model m = MODELS.get(name);
    if (m == null) {
      throw new IllegalArgumentException(
          "no model '" + name + "' in models.yaml (known: " + MODELS.keySet() + ")");
    }
    return m;
  }

  public static Map<String, Model> all() {
    return MODELS;
  }

  /** Every declared file (relative to the models directory) → its SHA-256. */
  static Map<String, String> checksums() {
    Map<String, String> sums = new LinkedHashMap<>();
    MODELS.values().forEach(m -> sums.putAll(m.files()));
    return sums;
  }

  private static Map<String, Model> load() {
    try (InputStream in = ModelRegistry.class.getResourceAsStream("models.yaml")) {
      if (in == null) {
        throw new IllegalStateException("models.yaml is missing from the encoders jar");
      }
      Doc doc =
          new ObjectMapper(new YAMLFactory())
              .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true)
              .readValue(in, Doc.class);
      Map<String, Model> m = new LinkedHashMap<>();
      for (Model x : doc.models()) {
        if (m.put(x.name(), x) != null) {
          throw new IllegalStateException("model " + x.name() + " is declared twice");
        }
      }
      return m;
    } catch (IOException e) {
      throw new IllegalStateException("cannot read models.yaml: " + e.getMessage(), e);
    }
  }
}
