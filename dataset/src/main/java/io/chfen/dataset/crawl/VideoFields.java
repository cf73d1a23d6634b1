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

  /**
   * A value, where it came from, and the rule or property that gave it (null when not recorded);
   * tags are joined with '\u001f'.
   */
  public record Value(String raw, String source, String rule) implements Serializable {}

  static final String TAG_SEPARATOR = "\u001f";

  private final EnumMap<Field, Value> values = new EnumMap<>(Field.class);

  /** Every address offered as the media, in order: the merge keeps the most direct one. */
  private final List<Value> media = new ArrayList<>();

  /** Sets a field unless already set (sources are merged in priority order). */
  public VideoFields offer(Field field, String raw, String source) {
    return offer(field, raw, source, null);
  }

  public VideoFields offer(Field field, String raw, String source, String rule) {
    String v = Normalize.text(raw);
    if (v != null && !values.containsKey(field)) {
      values.put(field, new Value(v, source, rule));
    }
    return this;
  }

  /** Offers a media address: the first is the field's value, every one a candidate. */
  public VideoFields offerMedia(String raw, String source, String rule) {
    String v = Normalize.text(raw);
    if (v != null) {
      media.add(new Value(v, source, rule));
      offer(Field.MEDIA_URL, v, source, rule);
    }
    return this;
  }

  /** The media addresses offered, in order (the field's own value first if set directly). */
  public List<Value> mediaCandidates() {
    List<Value> out = new ArrayList<>();
    Value set = values.get(Field.MEDIA_URL);
    if (set != null && media.stream().noneMatch(m -> m.raw().equals(set.raw()))) {
      out.add(set);
    }
    out.addAll(media);
    return out;
  }

  /** Sets a field whatever it held (a better candidate found after the merge). */
  VideoFields replace(Field field, Value value) {
    if (value == null) {
      values.remove(field);
    } else {
      values.put(field, value);
    }
    return this;
  }

  public Value value(Field f) {
    return values.get(f);
  }

  public VideoFields offerTags(List<String> tags, String source) {
    return offerTags(tags, source, null);
  }

  public VideoFields offerTags(List<String> tags, String source, String rule) {
    List<String> clean = new ArrayList<>();
    for (String t : tags) {
      String v = Normalize.text(t);
      if (v != null && !clean.contains(v)) {
        clean.add(v);
      }
    }
    if (!clean.isEmpty() && !values.containsKey(Field.TAGS)) {
      values.put(Field.TAGS, new Value(String.join(TAG_SEPARATOR, clean), source, rule));
    }
    return this;
  }

  /** Fills every field still missing from {@code lower}, keeping lower's sources. */
  public VideoFields mergeFrom(VideoFields lower) {
    lower.values.forEach(values::putIfAbsent);
    media.addAll(lower.media);
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
