package io.chfen.dataset.encode;

import io.chfen.encode.TextEncoder;
import io.chfen.records.VideoMetadata;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;

/**
 * A video's metadata context: when it was published, how long it is and how it was received, and
 * what its tags say — external signals beside the content, an optional input of the conditional
 * query. Engineered numbers first ({@link #FEATURES}), then the text embedding of the tags.
 */
public final class ContextVector {
  /** The engineered part, in order; the tags' embedding follows. */
  public static final List<String> FEATURES =
      List.of(
          "hour_sin", // publish hour (UTC) on the unit circle: 23 h is next to 0 h
          "hour_cos",
          "weekday_sin", // publish weekday, Monday = 0
          "weekday_cos",
          "log_duration", // ln(1 + seconds) / 5
          "log_views", // ln(1 + count) / 10: a billion views is about 2
          "log_likes",
          "log_comments",
          "log_shares",
          "has_published",
          "has_duration",
          "has_views",
          "has_likes",
          "has_comments",
          "has_shares",
          "has_tags");

  private ContextVector() {}

  /** The vector's size with {@code text} embedding the tags. */
  public static int dimension(TextEncoder text) {
    return FEATURES.size() + text.dimension();
  }

  /**
   * @param durationS the decoded duration (the page's may be missing or wrong)
   */
  public static float[] of(VideoMetadata m, double durationS, TextEncoder text) {
    float[] v = new float[dimension(text)];
    if (m.getPublishedAt() != null) {
      ZonedDateTime t = m.getPublishedAt().atZone(ZoneOffset.UTC);
      double hour = 2 * Math.PI * (t.getHour() + t.getMinute() / 60.0) / 24;
      double day = 2 * Math.PI * (t.getDayOfWeek().getValue() - 1) / 7;
      v[0] = (float) Math.sin(hour);
      v[1] = (float) Math.cos(hour);
      v[2] = (float) Math.sin(day);
      v[3] = (float) Math.cos(day);
      v[9] = 1;
    }
    if (durationS > 0) {
      v[4] = (float) (Math.log1p(durationS) / 5);
      v[10] = 1;
    }
    Long[] counts = {m.getViewCount(), m.getLikeCount(), m.getCommentCount(), m.getShareCount()};
    for (int i = 0; i < counts.length; i++) {
      if (counts[i] != null && counts[i] >= 0) {
        v[5 + i] = (float) (Math.log1p(counts[i]) / 10);
        v[11 + i] = 1;
      }
    }
    if (!m.getTags().isEmpty()) {
      String tags = String.join(", ", m.getTags().stream().map(CharSequence::toString).toList());
      System.arraycopy(text.encode(List.of(tags))[0], 0, v, FEATURES.size(), text.dimension());
      v[15] = 1;
    }
    return v;
  }
}
