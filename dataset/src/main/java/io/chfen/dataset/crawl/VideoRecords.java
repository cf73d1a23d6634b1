package io.chfen.dataset.crawl;

import io.chfen.records.VideoMetadata;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** Builds {@link VideoMetadata} from extracted raw fields: normalizes values, derives the id. */
public final class VideoRecords {
  private VideoRecords() {}

  /**
   * @param source the site profile's name, else the page host
   * @param zone zone for dates written without one (the site's local time)
   */
  public static VideoMetadata build(
      VideoFields f, String pageUrl, String source, Instant crawledAt, ZoneId zone) {
    String canonical = Normalize.canonicalUrl(pageUrl);
    if (f.has(Field.CANONICAL_URL)) {
      String c = Normalize.canonicalUrl(f.get(Field.CANONICAL_URL));
      canonical = c != null ? c : canonical;
    }
    return build(f, pageUrl, canonical, source, crawledAt, zone);
  }

  /**
   * The same with the canonical address given: for items that have no web page (an ingested file's
   * is {@code local:<relative path>}).
   */
  public static VideoMetadata build(
      VideoFields f,
      String pageUrl,
      String canonical,
      String source,
      Instant crawledAt,
      ZoneId zone) {
    Map<String, String> sources = new LinkedHashMap<>();
    f.asMap().forEach((field, value) -> sources.put(field.key, value.source()));
    String platformId = f.get(Field.PLATFORM_ID);
    VideoMetadata.Builder b =
        VideoMetadata.newBuilder()
            .setId(videoId(source, platformId, canonical))
            .setSource(source)
            .setPageUrl(pageUrl)
            .setCanonicalUrl(canonical)
            .setMediaUrl(f.get(Field.MEDIA_URL))
            .setThumbnailUrl(f.get(Field.THUMBNAIL_URL))
            .setTitle(f.get(Field.TITLE))
            .setDescription(f.get(Field.DESCRIPTION))
            .setAuthor(f.get(Field.AUTHOR))
            .setTags(f.tags())
            .setPublishedAt(Normalize.instant(f.get(Field.PUBLISHED_AT), zone).orElse(null))
            .setDurationS(Normalize.durationSeconds(f.get(Field.DURATION)).orElse(null))
            .setWidth(Normalize.pixels(f.get(Field.WIDTH)).orElse(null))
            .setHeight(Normalize.pixels(f.get(Field.HEIGHT)).orElse(null))
            .setViewCount(Normalize.count(f.get(Field.VIEWS)).orElse(null))
            .setLikeCount(Normalize.count(f.get(Field.LIKES)).orElse(null))
            .setCommentCount(Normalize.count(f.get(Field.COMMENTS)).orElse(null))
            .setShareCount(Normalize.count(f.get(Field.SHARES)).orElse(null))
            .setCrawledAt(crawledAt)
            .setTitleSimhash(f.has(Field.TITLE) ? SimHash.ofTitle(f.get(Field.TITLE)) : null);
    String lang = language(f.get(Field.LANGUAGE));
    if (lang == null) {
      lang = detectLanguage(f.get(Field.TITLE));
      if (lang != null) {
        sources.put(Field.LANGUAGE.key, "derived");
      }
    }
    b.setLanguage(lang);
    b.setFieldSources(sources);
    return b.build();
  }

  /** Longest id part kept as it is. */
  private static final int MAX_PART = 64;

  /** Readable prefix kept of a part that needs a hash. */
  private static final int READABLE = 40;

  /**
   * The stable id: {@code <source>_<platform id>}, else {@code u_<sha256(canonical URL)>}. Each
   * part is kept as it is when it is a short plain file name; otherwise (other characters, too
   * long) it becomes a readable prefix, {@code ~} and 16 hex digits of SHA-256 over the whole
   * original, so two different ids never meet (视频一 and 视频二, or two ids sharing 64 leading
   * characters). The source part keeps no {@code _}, so the first {@code _} always ends it, and no
   * part but a URL id is {@code u}.
   */
  public static String videoId(String source, String platformId, String canonicalUrl) {
    if (platformId != null && !platformId.isBlank()) {
      String s = part(source, "[^A-Za-z0-9.-]+");
      if (s.equals(URL_ID_SOURCE)) {
        s = hashed(s, source);
      }
      return s + "_" + part(platformId, "[^A-Za-z0-9._-]+");
    }
    return urlId(canonicalUrl);
  }

  private static final String URL_ID_SOURCE = "u";

  /** The id of anything known only by its URL (failed pages, videos without a platform id). */
  public static String urlId(String url) {
    return URL_ID_SOURCE + "_" + sha256Hex(url).substring(0, 20);
  }

  private static String part(String original, String unsafe) {
    String x = original.replaceAll(unsafe, "-").replaceAll("^-+|-+$", "");
    return x.equals(original) && x.length() <= MAX_PART ? x : hashed(x, original);
  }

  private static String hashed(String readable, String original) {
    String prefix = readable.length() > READABLE ? readable.substring(0, READABLE) : readable;
    return prefix + "~" + sha256Hex(original).substring(0, 16);
  }

  public static String sha256Hex(String s) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Primary language subtag: "zh_CN", "zh-Hans", "Chinese" → "zh"; "en-US" → "en". */
  static String language(String raw) {
    if (raw == null || raw.isBlank()) {
      return null;
    }
    String s = raw.trim().toLowerCase(Locale.ROOT);
    if (s.startsWith("chinese") || s.equals("中文") || s.startsWith("mandarin")) {
      return "zh";
    }
    if (s.startsWith("english")) {
      return "en";
    }
    String primary = s.split("[-_]")[0];
    return primary.matches("[a-z]{2,3}") ? primary : null;
  }

  /**
   * Language from the script of the title: any Han character → zh; else mostly Latin letters → en
   * (a guess, marked "derived" in fieldSources); else unknown.
   */
  public static String detectLanguage(String title) {
    if (title == null) {
      return null;
    }
    int han = 0;
    int latin = 0;
    int kana = 0;
    int hangul = 0;
    for (int i = 0; i < title.length(); ) {
      int cp = title.codePointAt(i);
      Character.UnicodeScript sc = Character.UnicodeScript.of(cp);
      switch (sc) {
        case HAN -> han++;
        case LATIN -> latin++;
        case HIRAGANA, KATAKANA -> kana++;
        case HANGUL -> hangul++;
        default -> {}
      }
      i += Character.charCount(cp);
    }
    if (kana > 0) {
      return "ja";
    }
    if (hangul > 0) {
      return "ko";
    }
    if (han > 0) {
      return "zh";
    }
    return latin >= 3 ? "en" : null;
  }
}
