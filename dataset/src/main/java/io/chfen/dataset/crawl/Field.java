package io.chfen.dataset.crawl;

/** The video facts the extractors look for; each maps onto a {@code VideoMetadata} field. */
public enum Field {
  PLATFORM_ID("platformId"),
  CANONICAL_URL("canonicalUrl"),
  MEDIA_URL("mediaUrl"),
  MEDIA_TYPE("mediaType"),
  THUMBNAIL_URL("thumbnailUrl"),
  TITLE("title"),
  DESCRIPTION("description"),
  AUTHOR("author"),
  TAGS("tags"),
  PUBLISHED_AT("publishedAt"),
  DURATION("durationS"),
  WIDTH("width"),
  HEIGHT("height"),
  VIEWS("viewCount"),
  LIKES("likeCount"),
  COMMENTS("commentCount"),
  SHARES("shareCount"),
  LANGUAGE("language");

  /** The name used in site profiles, {@code fieldSources} and reason codes. */
  public final String key;

  Field(String key) {
    this.key = key;
  }

  public static Field ofKey(String key) {
    for (Field f : values()) {
      if (f.key.equals(key)) {
        return f;
      }
    }
    throw new IllegalArgumentException("unknown video field '" + key + "'");
  }
}
