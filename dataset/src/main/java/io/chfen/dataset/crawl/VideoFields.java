package io.chfen.dataset.crawl;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Raw field values found for one video, each with the source it came from (jsonld, microdata,
 * opengraph, selector, state_json, json_endpoint, sitemap, derived). Values stay as the page wrote
 * them; {@link VideoRecords} normalizes them. Not thread-safe.
 */
public final class VideoFields implements Serializable {
  private static final long serialVersionUID = 1L;

  /** A value and where it came from; tags are joined with '\u001f'. */
  public record Value(String raw, String source) implements Serializable {}

  static final String TAG_SEPARATOR = "\u001f";

  private final EnumMap<Field, Value> values = new EnumMap<>(Field.class);

  /** Sets a field unless already set (sources are merged in priority order). */
  public VideoFields offer(Field field, String raw, String source) {
    String v = Normalize.text(raw);
    if (v != null && !values.containsKey(field)) {
      values.put(field, new Value(v, source));
    }
    return this;
  }

  public VideoFields offerTags(List<String> tags, String source) {
    List<String> clean = new ArrayList<>();
    for (String t : tags) {
      String v = Normalize.text(t);
      if (v != null && !clean.contains(v)) {
        clean.add(v);
      }
    }
    if (!clean.isEmpty() && !values.containsKey(Field.TAGS)) {
      values.put(Field.TAGS, new Value(String.join(TAG_SEPARATOR, clean), source));
    }
    return this;
  }

  /** Fills every field still missing from {@code lower}, keeping lower's sources. */
  public VideoFields mergeFrom(VideoFields lower) {
    lower.values.forEach(values::putIfAbsent);
    return this;
  }

  public String get(Field f) {
    Value v = values.get(f);
    return v == null ? null : v.raw();
  }

  public String source(Field f) {
    Value v = values.get(f);
    return v == null ? null : v.source();
  }

  public List<String> tags() {
    String t = get(Field.TAGS);
    return t == null ? List.of() : List.of(t.split(TAG_SEPARATOR));
  }

  public boolean has(Field f) {
    return values.containsKey(f);
  }

  public boolean isEmpty() {
    return values.isEmpty();
  }

  public Map<Field, Value> asMap() {
    return java.util.Collections.unmodifiableMap(values);
  }

  @Override
  public String toString() {
    return values.toString();
  }
}
