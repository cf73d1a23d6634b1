package io.chfen.dataset.crawl;

import com.fasterxml.jackson.databind.JsonNode;
import com.jayway.jsonpath.Configuration;
import com.jayway.jsonpath.JsonPath;
import com.jayway.jsonpath.Option;
import com.jayway.jsonpath.PathNotFoundException;
import com.jayway.jsonpath.spi.json.JacksonJsonNodeJsonProvider;
import com.jayway.jsonpath.spi.json.JsonProvider;
import com.jayway.jsonpath.spi.mapper.JacksonMappingProvider;
import com.jayway.jsonpath.spi.mapper.MappingProvider;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/** JSON paths over Jackson trees, and the text of a JSON value as metadata reads it. */
final class Json {
  private Json() {}

  static {
    // filters ([?(@.url)]) evaluate their inner paths with JsonPath's defaults, whose built-in
    // provider (json-smart) is not on the class path: make Jackson the default too
    Configuration.setDefaults(
        new Configuration.Defaults() {
          private final JacksonJsonNodeJsonProvider json =
              new JacksonJsonNodeJsonProvider(MetadataExtractor.LENIENT_JSON);
          private final JacksonMappingProvider mapping =
              new JacksonMappingProvider(MetadataExtractor.LENIENT_JSON);

          @Override
          public JsonProvider jsonProvider() {
            return json;
          }

          @Override
          public MappingProvider mappingProvider() {
            return mapping;
          }

          @Override
          public Set<Option> options() {
            return EnumSet.noneOf(Option.class);
          }
        });
  }

  private static final Configuration JSON_PATH =
      Configuration.builder()
          .jsonProvider(new JacksonJsonNodeJsonProvider(MetadataExtractor.LENIENT_JSON))
          .mappingProvider(new JacksonMappingProvider(MetadataExtractor.LENIENT_JSON))
          .options(Option.SUPPRESS_EXCEPTIONS)
          .build();

  /** The nodes a path matches: one for a definite path, each match for a wildcard or filter. */
  static List<JsonNode> nodes(JsonNode root, String path) {
    JsonNode found;
    try {
      found = JsonPath.using(JSON_PATH).parse(root).read(path, JsonNode.class);
    } catch (PathNotFoundException | ClassCastException | IllegalArgumentException e) {
      return List.of();
    }
    if (found == null || found.isNull() || found.isMissingNode()) {
      return List.of();
    }
    // a wildcard's matches come as an array; so does a definite path to an array (tags, items)
    if (!JsonPath.compile(path).isDefinite() || found.isArray()) {
      List<JsonNode> out = new ArrayList<>();
      found.forEach(out::add);
      return out;
    }
    return List.of(found);
  }

  /** The text of each match ({@code all}), else of the first; blank and null values skipped. */
  static List<String> values(JsonNode root, String path, boolean all) {
    List<String> out = new ArrayList<>();
    for (JsonNode n : nodes(root, path)) {
      String t = text(n);
      if (t != null && !t.isBlank()) {
        out.add(t);
        if (!all) {
          break;
        }
      }
    }
    return out;
  }

  /**
   * The text of a value that may be a string, number, array (first item), or an object with {@code
   * name}/{@code value}/{@code url}/{@code contentUrl}/{@code @id}/{@code @type} (JSON-LD writes
   * people, quantities and interaction types that way).
   */
  static String text(JsonNode v) {
    if (v == null || v.isNull() || v.isMissingNode()) {
      return null;
    }
    if (v.isArray()) {
      return v.isEmpty() ? null : text(v.get(0));
    }
    if (v.isObject()) {
      for (String k : List.of("name", "value", "url", "contentUrl", "@id", "@type")) {
        if (v.has(k)) {
          return text(v.get(k));
        }
      }
      return null;
    }
    return v.asText();
  }

  /**
   * The address in a value: a string, or an object's {@code url}/{@code contentUrl}/{@code @id}.
   */
  static String url(JsonNode v) {
    if (v == null || v.isNull()) {
      return null;
    }
    if (v.isArray()) {
      return v.isEmpty() ? null : url(v.get(0));
    }
    if (v.isObject()) {
      for (String k : List.of("url", "contentUrl", "@id")) {
        if (v.has(k)) {
          return url(v.get(k));
        }
      }
      return null;
    }
    return v.asText();
  }
}
