package io.chfen.dataset.crawl;

import io.chfen.records.VideoMetadata;
import java.io.Serializable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Applies a {@link FilterConfig} to one video. Stateless and thread-safe. */
public final class VideoFilter implements Serializable {
  private static final long serialVersionUID = 1L;

  /** One failed check: a machine-readable reason code and a readable detail. */
  public record Rejection(String reason, String detail) implements Serializable {}

  private final FilterConfig c;

  public VideoFilter(FilterConfig config) {
    this.c = config;
  }

  /** Every check the video fails, in a fixed order; empty means kept. */
  public List<Rejection> check(VideoMetadata v) {
    List<Rejection> out = new ArrayList<>();
    for (String f : c.requiredFields) {
      if (isMissing(v, f)) {
        out.add(new Rejection("missing_field:" + f, "no " + f + " found on the page"));
      }
    }
    Double d = v.getDurationS();
    if (d != null && c.minDurationS != null && d < c.minDurationS) {
      out.add(
          new Rejection(
              "duration_too_short", fmt("duration %.1f s < min %.1f s", d, c.minDurationS)));
    }
    if (d != null && c.maxDurationS != null && d > c.maxDurationS) {
      out.add(
          new Rejection(
              "duration_too_long", fmt("duration %.1f s > max %.1f s", d, c.maxDurationS)));
    }
    Integer w = v.getWidth();
    Integer h = v.getHeight();
    if (w != null && h != null) {
      int shortSide = Math.min(w, h);
      if (c.minShortSide != null && shortSide < c.minShortSide) {
        out.add(
            new Rejection(
                "resolution_too_low",
                fmt("%dx%d: short side %d < %d", w, h, shortSide, c.minShortSide)));
      }
      String orientation = w < h ? "vertical" : w > h ? "horizontal" : "square";
      if (!c.orientations.isEmpty() && !c.orientations.contains(orientation)) {
        out.add(
            new Rejection(
                "orientation_excluded",
                fmt("%dx%d is %s, kept: %s", w, h, orientation, c.orientations)));
      }
    }
    String lang = v.getLanguage();
    if (lang != null && !c.languages.isEmpty() && !c.languages.contains(lang)) {
      out.add(new Rejection("language_excluded", "language " + lang + ", kept: " + c.languages));
    }
    String text = searchableText(v);
    for (String k : c.excludeKeywords) {
      if (text.contains(k.toLowerCase(Locale.ROOT))) {
        out.add(new Rejection("keyword_excluded", "contains excluded keyword '" + k + "'"));
        break;
      }
    }
    if (!c.includeKeywords.isEmpty()
        && c.includeKeywords.stream().noneMatch(k -> text.contains(k.toLowerCase(Locale.ROOT)))) {
      out.add(new Rejection("keyword_missing", "contains none of " + c.includeKeywords));
    }
    Instant p = v.getPublishedAt();
    if (p != null
        && c.publishedAfter != null
        && p.isBefore(Normalize.instant(c.publishedAfter).get())) {
      out.add(
          new Rejection("published_too_early", "published " + p + " before " + c.publishedAfter));
    }
    if (p != null
        && c.publishedBefore != null
        && p.isAfter(Normalize.instant(c.publishedBefore).get())) {
      out.add(
          new Rejection("published_too_late", "published " + p + " after " + c.publishedBefore));
    }
    below(out, "views_below_min", v.getViewCount(), c.minViews);
    below(out, "likes_below_min", v.getLikeCount(), c.minLikes);
    below(out, "comments_below_min", v.getCommentCount(), c.minComments);
    below(out, "shares_below_min", v.getShareCount(), c.minShares);
    return out;
  }

  private static void below(List<Rejection> out, String reason, Long value, Long min) {
    if (value != null && min != null && value < min) {
      out.add(new Rejection(reason, value + " < " + min));
    }
  }

  private static String searchableText(VideoMetadata v) {
    StringBuilder sb = new StringBuilder();
    if (v.getTitle() != null) {
      sb.append(v.getTitle()).append('\n');
    }
    if (v.getDescription() != null) {
      sb.append(v.getDescription()).append('\n');
    }
    v.getTags().forEach(t -> sb.append(t).append('\n'));
    return sb.toString().toLowerCase(Locale.ROOT);
  }

  static boolean isMissing(VideoMetadata v, String field) {
    Object value =
        switch (Field.ofKey(field)) {
          case PLATFORM_ID -> v.getId();
          case CANONICAL_URL -> v.getCanonicalUrl();
          case MEDIA_URL -> v.getMediaUrl();
          case MEDIA_TYPE -> v.getMediaUrl();
          case THUMBNAIL_URL -> v.getThumbnailUrl();
          case TITLE -> v.getTitle();
          case DESCRIPTION -> v.getDescription();
          case AUTHOR -> v.getAuthor();
          case TAGS -> v.getTags().isEmpty() ? null : v.getTags();
          case PUBLISHED_AT -> v.getPublishedAt();
          case DURATION -> v.getDurationS();
          case WIDTH -> v.getWidth();
          case HEIGHT -> v.getHeight();
          case VIEWS -> v.getViewCount();
          case LIKES -> v.getLikeCount();
          case COMMENTS -> v.getCommentCount();
          case SHARES -> v.getShareCount();
          case LANGUAGE -> v.getLanguage();
        };
    return value == null;
  }

  private static String fmt(String f, Object... args) {
    return String.format(Locale.ROOT, f, args);
  }
}
