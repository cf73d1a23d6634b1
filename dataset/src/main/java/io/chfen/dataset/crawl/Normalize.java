package io.chfen.dataset.crawl;

import java.math.BigDecimal;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns the many ways short-video pages write durations, counts, dates and URLs into one form.
 * Every method returns empty for input it cannot read rather than guessing. Stateless and
 * thread-safe.
 */
public final class Normalize {
  private Normalize() {}

  private static final Pattern ISO_DURATION =
      Pattern.compile(
          "^P(?:(\\d+(?:\\.\\d+)?)D)?(?:T(?:(\\d+(?:\\.\\d+)?)H)?(?:(\\d+(?:\\.\\d+)?)M)?(?:(\\d+(?:\\.\\d+)?)S)?)?$",
          Pattern.CASE_INSENSITIVE);
  private static final Pattern CLOCK_DURATION =
      Pattern.compile("^(?:(\\d+):)?(\\d{1,2}):(\\d{1,2}(?:\\.\\d+)?)$");
  private static final Pattern NUMBER_WITH_UNIT =
      Pattern.compile("^(\\d+(?:\\.\\d+)?)\\s*(万|w|W|亿|k|K|m|M|b|B|千|百万)?\\+?$");

  /**
   * Duration in seconds from ISO-8601 ({@code PT1M3S}, {@code P0DT1H}), a clock ({@code 1:03},
   * {@code 01:02:03}), or plain seconds ({@code 63}, {@code 63.5s}).
   */
  public static Optional<Double> durationSeconds(String raw) {
    if (raw == null) {
      return Optional.empty();
    }
    String s = raw.trim();
    if (s.isEmpty()) {
      return Optional.empty();
    }
    Matcher m = ISO_DURATION.matcher(s);
    if (m.matches() && s.length() > 1 && !s.equalsIgnoreCase("PT")) {
      double total = 0;
      double[] unit = {86400, 3600, 60, 1};
      boolean any = false;
      for (int g = 1; g <= 4; g++) {
        if (m.group(g) != null) {
          total += Double.parseDouble(m.group(g)) * unit[g - 1];
          any = true;
        }
      }
      return any ? Optional.of(total) : Optional.empty();
    }
    m = CLOCK_DURATION.matcher(s);
    if (m.matches()) {
      double h = m.group(1) == null ? 0 : Double.parseDouble(m.group(1));
      return Optional.of(
          h * 3600 + Double.parseDouble(m.group(2)) * 60 + Double.parseDouble(m.group(3)));
    }
    String plain = s.endsWith("s") || s.endsWith("秒") ? s.substring(0, s.length() - 1).trim() : s;
    try {
      double v = Double.parseDouble(plain);
      return v >= 0 && Double.isFinite(v) ? Optional.of(v) : Optional.empty();
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  /**
   * A count as platforms print it: {@code 12,345}, {@code 1.2万} (10⁴), {@code 3.4w}, {@code 1.1亿}
   * (10⁸), {@code 2.3k}, {@code 1.5M}, {@code 12 345}, with optional words around it such as "次播放"
   * or "views".
   */
  public static Optional<Long> count(String raw) {
    if (raw == null) {
      return Optional.empty();
    }
    String s = raw.trim().replace(",", "").replace("，", "").replace("\u00a0", "").replace(" ", "");
    // Drop the words platforms put around a number ("播放", "次观看", "views", "likes").
    s = s.replaceAll("(?i)(次?播放|次?观看|次|views?|likes?|plays?|comments?|shares?|点赞|评论|分享|转发)$", "");
    Matcher m = NUMBER_WITH_UNIT.matcher(s);
    if (!m.matches()) {
      return Optional.empty();
    }
    BigDecimal v = new BigDecimal(m.group(1));
    String unit = m.group(2);
    if (unit != null) {
      long mult =
          switch (unit) {
            case "万", "w", "W" -> 10_000L;
            case "亿" -> 100_000_000L;
            case "千", "k", "K" -> 1_000L;
            case "m", "M", "百万" -> 1_000_000L;
            case "b", "B" -> 1_000_000_000L;
            default -> 1L;
          };
      v = v.multiply(BigDecimal.valueOf(mult));
    }
    return Optional.of(v.longValue());
  }

  private static final List<DateTimeFormatter> LOCAL_DATE_TIMES =
      List.of(
          DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss"),
          DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm"),
          DateTimeFormatter.ofPattern("yyyy/MM/dd HH:mm:ss"),
          DateTimeFormatter.ofPattern("yyyy/MM/dd HH:mm"),
          DateTimeFormatter.ofPattern("yyyy.MM.dd HH:mm"),
          DateTimeFormatter.ofPattern("yyyy年M月d日 HH:mm"),
          DateTimeFormatter.ofPattern("yyyy年M月d日HH:mm"));
  private static final List<DateTimeFormatter> LOCAL_DATES =
      List.of(
          DateTimeFormatter.ofPattern("yyyy-MM-dd"),
          DateTimeFormatter.ofPattern("yyyy/M/d"),
          DateTimeFormatter.ofPattern("yyyy.M.d"),
          DateTimeFormatter.ofPattern("yyyy年M月d日"),
          DateTimeFormatter.ofPattern("d MMM yyyy", Locale.ENGLISH),
          DateTimeFormatter.ofPattern("MMM d, yyyy", Locale.ENGLISH),
          DateTimeFormatter.ofPattern("MMMM d, yyyy", Locale.ENGLISH));

  /**
   * A point in time from ISO-8601 (with or without offset), RFC 1123, epoch seconds or millis, and
   * common local formats ({@code 2024/05/01 12:30}, {@code 2024年5月1日}); times without a zone are
   * read in {@code defaultZone}.
   */
  public static Optional<Instant> instant(String raw, ZoneId defaultZone) {
    if (raw == null || raw.isBlank()) {
      return Optional.empty();
    }
    String s = raw.trim();
    if (s.matches("\\d{9,13}")) {
      long n = Long.parseLong(s);
      return Optional.of(s.length() >= 12 ? Instant.ofEpochMilli(n) : Instant.ofEpochSecond(n));
    }
    try {
      return Optional.of(OffsetDateTime.parse(s).toInstant());
    } catch (DateTimeParseException ignored) {
      // try the next form
    }
    try {
      return Optional.of(ZonedDateTime.parse(s).toInstant());
    } catch (DateTimeParseException ignored) {
      // try the next form
    }
    try {
      return Optional.of(Instant.parse(s));
    } catch (DateTimeParseException ignored) {
      // try the next form
    }
    try {
      return Optional.of(ZonedDateTime.parse(s, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
    } catch (DateTimeParseException ignored) {
      // try the next form
    }
    try {
      return Optional.of(LocalDateTime.parse(s).atZone(defaultZone).toInstant());
    } catch (DateTimeParseException ignored) {
      // try the next form
    }
    for (DateTimeFormatter f : LOCAL_DATE_TIMES) {
      try {
        return Optional.of(LocalDateTime.parse(s, f).atZone(defaultZone).toInstant());
      } catch (DateTimeParseException ignored) {
        // try the next form
      }
    }
    for (DateTimeFormatter f : LOCAL_DATES) {
      try {
        return Optional.of(LocalDate.parse(s, f).atStartOfDay(defaultZone).toInstant());
      } catch (DateTimeParseException ignored) {
        // try the next form
      }
    }
    return Optional.empty();
  }

  public static Optional<Instant> instant(String raw) {
    return instant(raw, ZoneOffset.UTC);
  }

  /** Resolves {@code href} against {@code base}; empty for non-http(s) or unparsable results. */
  public static Optional<String> absoluteUrl(String base, String href) {
    if (href == null || href.isBlank()) {
      return Optional.empty();
    }
    try {
      URI resolved =
          base == null ? new URI(href.trim()) : new URI(base).resolve(new URI(encodeSpaces(href)));
      return Optional.ofNullable(canonicalUrl(resolved.toString()));
    } catch (URISyntaxException | IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private static String encodeSpaces(String href) {
    return href.trim().replace(" ", "%20");
  }

  /**
   * A URL in one spelling: lower-case scheme and host, no default port, no fragment, no empty
   * query, tracking parameters ({@code utm_*}, {@code spm}, ...) removed. Null unless http(s).
   */
  public static String canonicalUrl(String url) {
    try {
      URI u = new URI(encodeSpaces(url)).normalize();
      String scheme = u.getScheme() == null ? null : u.getScheme().toLowerCase(Locale.ROOT);
      if (!"http".equals(scheme) && !"https".equals(scheme) || u.getHost() == null) {
        return null;
      }
      int port = u.getPort();
      if (("http".equals(scheme) && port == 80) || ("https".equals(scheme) && port == 443)) {
        port = -1;
      }
      String path = u.getRawPath() == null || u.getRawPath().isEmpty() ? "/" : u.getRawPath();
      String query = stripTracking(u.getRawQuery());
      return scheme
          + "://"
          + u.getHost().toLowerCase(Locale.ROOT)
          + (port == -1 ? "" : ":" + port)
          + path
          + (query == null ? "" : "?" + query);
    } catch (URISyntaxException | IllegalArgumentException e) {
      return null;
    }
  }

  private static String stripTracking(String rawQuery) {
    if (rawQuery == null || rawQuery.isEmpty()) {
      return null;
    }
    List<String> kept = new ArrayList<>();
    for (String p : rawQuery.split("&")) {
      String key = p.split("=", 2)[0].toLowerCase(Locale.ROOT);
      if (!key.startsWith("utm_") && !key.equals("spm") && !key.equals("from") && !p.isEmpty()) {
        kept.add(p);
      }
    }
    return kept.isEmpty() ? null : String.join("&", kept);
  }

  /** Host and port of an http(s) URL ("example.com" or "127.0.0.2:8080"), the politeness key. */
  public static String hostKey(String url) {
    URI u = URI.create(url);
    return u.getHost().toLowerCase(Locale.ROOT) + (u.getPort() == -1 ? "" : ":" + u.getPort());
  }

  /** Collapses whitespace and trims; null for blank. */
  public static String text(String raw) {
    if (raw == null) {
      return null;
    }
    String s = raw.replace('\u00a0', ' ').replaceAll("\\s+", " ").trim();
    return s.isEmpty() ? null : s;
  }

  /** Integer pixels from "720", "720px" or "720.0"; empty otherwise. */
  public static Optional<Integer> pixels(String raw) {
    if (raw == null) {
      return Optional.empty();
    }
    String s = raw.trim().toLowerCase(Locale.ROOT).replace("px", "").trim();
    try {
      double v = Double.parseDouble(s);
      return v > 0 && v < 100_000 ? Optional.of((int) Math.round(v)) : Optional.empty();
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }
}
