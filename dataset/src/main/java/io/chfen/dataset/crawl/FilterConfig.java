package io.chfen.dataset.crawl;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * Which found videos are kept. A check whose field the video lacks passes, unless the field is in
 * {@code requiredFields}. Keywords match title, description and tags, case-insensitively (Chinese
 * and English alike).
 */
@JsonIgnoreProperties(ignoreUnknown = false)
public final class FilterConfig implements Serializable {
  private static final long serialVersionUID = 1L;

  public Double minDurationS;
  public Double maxDurationS;

  /** Least pixels on the shorter side (360 keeps 640×360 and 360×640). */
  public Integer minShortSide;

  /** Any of vertical, horizontal, square; empty keeps all. */
  public List<String> orientations = new ArrayList<>();

  /** Primary language subtags (zh, en); empty keeps all. */
  public List<String> languages = new ArrayList<>();

  /** A video must contain at least one of these (if any are given). */
  public List<String> includeKeywords = new ArrayList<>();

  /** A video containing any of these is rejected. */
  public List<String> excludeKeywords = new ArrayList<>();

  /** ISO-8601 instants or dates, inclusive. */
  public String publishedAfter;

  public String publishedBefore;
  public Long minViews;
  public Long minLikes;
  public Long minComments;
  public Long minShares;

  /** Titles whose 64-bit SimHashes differ in at most this many bits are flagged near duplicates. */
  public int nearDuplicateMaxDistance = 3;

  /** VideoMetadata field names that must be present (title, mediaUrl, durationS, ...). */
  public List<String> requiredFields = new ArrayList<>();

  /** Throws naming the first bad filter; returns this. */
  public FilterConfig validated() {
    if (nearDuplicateMaxDistance < 0 || nearDuplicateMaxDistance > 15) {
      throw new IllegalArgumentException("filters.nearDuplicateMaxDistance must be 0..15");
    }
    for (String o : orientations) {
      if (!List.of("vertical", "horizontal", "square").contains(o)) {
        throw new IllegalArgumentException("filters.orientations: unknown '" + o + "'");
      }
    }
    for (String f : requiredFields) {
      Field.ofKey(f);
    }
    for (String d : new String[] {publishedAfter, publishedBefore}) {
      if (d != null && Normalize.instant(d).isEmpty()) {
        throw new IllegalArgumentException("filters: cannot read date '" + d + "'");
      }
    }
    return this;
  }

  /** The filters set, as compact JSON (for a runner's UI and the logs). */
  public String describe() {
    try {
      return new ObjectMapper()
          .setSerializationInclusion(JsonInclude.Include.NON_EMPTY)
          .writeValueAsString(this);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
