package io.chfen.dataset.crawl;

import java.math.BigDecimal;
import java.net.URI;
import java.net.URISyntaxException;
import java.text.Normalizer;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.Month;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jsoup.parser.Parser;

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
      Pattern.compile(
          "^(\\d[\\d.,'’]*)(万|亿|千|百万|(?i:mio\\.?|mln|mn|mil|tsd\\.?|mrd\\.?|bn|[wkmb]))?\\+?$");

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
    if (s.matches("(?i)T\\d.*")) {
      s = "P" + s; // "T1M02S": ISO-8601 without its leading P, as some CMSs write it
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
   * A count as platforms print it, in any locale's digit grouping: {@code 12,345}, {@code
   * 1.077.715}, {@code 12 345}, {@code 1'234}, with a unit {@code 1.2万} (10⁴), {@code 3.4w}, {@code
   * 1.1亿} (10⁸), {@code 2.3k}, {@code 7,3 K} (decimal comma), {@code 1.5M}, {@code 2 Mio.}, and
   * words around it such as "次播放" or "views". A separator followed by exactly three digits groups
   * thousands; any other is the decimal mark.
   */
  public static Optional<Long> count(String raw) {
    if (raw == null) {
      return Optional.empty();
    }
    String s = raw.trim().replaceAll("[\\s\u00a0\u202f\u2009]+", "").replace('，', ',');
    // Drop the words platforms put around a number ("播放", "次观看", "views", "likes").
    s = s.replaceAll(COUNT_WORDS, "");
    Matcher m = NUMBER_WITH_UNIT.matcher(s);
    if (!m.matches()) {
      return Optional.empty();
    }
    BigDecimal v = decimal(m.group(1), m.group(2) != null);
    if (v == null) {
      return Optional.empty();
    }
    String unit = m.group(2);
    if (unit != null) {
      long mult =
          switch (unit.toLowerCase(Locale.ROOT).replace(".", "")) {
            case "万", "w" -> 10_000L;
            case "亿" -> 100_000_000L;
            case "千", "k", "mil", "tsd" -> 1_000L;
            case "m", "百万", "mio", "mln", "mn" -> 1_000_000L;
            case "b", "bn", "mrd" -> 1_000_000_000L;
            default -> 1L;
          };
      v = v.multiply(BigDecimal.valueOf(mult));
    }
    return Optional.of(v.longValue());
  }

  private static final String COUNT_WORDS =
      "(?i)(次?播放|次?观看|次|views?|likes?|plays?|comments?|shares?|reproducciones|"
          + "visualizações|visualizaciones|vues|aufrufe|点赞|评论|分享|转发)$";

  /**
   * Digits with separators; {@code unitFollows} reads a lone separator as the decimal mark ("7,3
   * K"), otherwise a separator before exactly three digits groups thousands ("1.077"). Null for a
   * grouping that is neither ("1.2.3").
   */
  private static BigDecimal decimal(String digits, boolean unitFollows) {
    Matcher groups = GROUPED.matcher(digits);
    if (groups.matches()
        && !(unitFollows && digits.chars().filter(c -> !Character.isDigit(c)).count() == 1)) {
      return new BigDecimal(digits.replaceAll("[^0-9]", ""));
    }
    Matcher dec = DECIMAL.matcher(digits);
    if (dec.matches()) {
      return new BigDecimal(dec.group(1) + "." + dec.group(2));
    }
    return digits.matches("\\d+") ? new BigDecimal(digits) : null;
  }

  private static final Pattern GROUPED =
      Pattern.compile("\\d{1,3}(?:([.,'’])\\d{3})(?:\\1\\d{3})*");
  private static final Pattern DECIMAL = Pattern.compile("(\\d+)[.,](\\d+)");

  /** Local forms; single pattern letters read "9" and "09" alike ("2019-9-7 21:30:50"). */
  private static final List<DateTimeFormatter> LOCAL_DATE_TIMES =
      List.of(
          DateTimeFormatter.ofPattern("yyyy-M-d H:mm:ss"),
          DateTimeFormatter.ofPattern("yyyy-M-d H:mm"),
          DateTimeFormatter.ofPattern("yyyy/M/d H:mm:ss"),
          DateTimeFormatter.ofPattern("yyyy/M/d H:mm"),
          DateTimeFormatter.ofPattern("yyyy.M.d H:mm:ss"),
          DateTimeFormatter.ofPattern("yyyy.M.d H:mm"),
          DateTimeFormatter.ofPattern("yyyy年M月d日 H:mm:ss"),
          DateTimeFormatter.ofPattern("yyyy年M月d日 H:mm"),
          DateTimeFormatter.ofPattern("yyyy年M月d日H:mm"),
          DateTimeFormatter.ofPattern("d.M.yyyy H:mm"));

  private static final List<DateTimeFormatter> LOCAL_DATES =
      List.of(
          DateTimeFormatter.ofPattern("yyyy-M-d"),
          DateTimeFormatter.ofPattern("yyyy/M/d"),
          DateTimeFormatter.ofPattern("yyyy.M.d"),
          DateTimeFormatter.ofPattern("yyyy年M月d日"),
          DateTimeFormatter.ofPattern("d.M.yyyy"));

  /**
   * A point in time from ISO-8601 (with or without offset), RFC 1123, JavaScript's {@code
   * Date.toString()}, epoch seconds or millis, common local numeric formats ({@code 2024/05/01
   * 12:30}, {@code 2019-9-7 21:30:50}, {@code 2024年5月1日}) and dates with a month name in any of
   * {@link #MONTH_LOCALES} ({@code 14 abr 2017}, {@code Jun 12, 2024}, {@code 3. März 2021}); times
   * without a zone are read in {@code defaultZone}. Day-first numeric dates ({@code 7.9.2019}) are
   * read only with dots, the one separator that is never month-first.
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
    // ISO-8601 as sites bend it: a space for the T, an offset without its colon (+0100)
    String iso =
        s.replaceFirst("^(\\d{4}-\\d{2}-\\d{2}) (\\d{2}:)", "$1T$2")
            .replaceFirst(
                "([T ]\\d{2}:\\d{2}(?::\\d{2}(?:\\.\\d+)?)?[+-]\\d{2})(\\d{2})$", "$1:$2");
    for (String candidate : iso.equals(s) ? List.of(s) : List.of(s, iso)) {
      for (DateTimeFormatter f :
          List.of(
              DateTimeFormatter.ISO_OFFSET_DATE_TIME,
              DateTimeFormatter.ISO_ZONED_DATE_TIME,
              DateTimeFormatter.RFC_1123_DATE_TIME)) {
        try {
          return Optional.of(ZonedDateTime.parse(candidate, f).toInstant());
        } catch (DateTimeParseException ignored) {
          // try the next form
        }
      }
    }
    try {
      return Optional.of(Instant.parse(s));
    } catch (DateTimeParseException ignored) {
      // try the next form
    }
    Optional<Instant> js = javaScriptDate(s);
    if (js.isPresent()) {
      return js;
    }
    try {
      return Optional.of(LocalDateTime.parse(s).atZone(defaultZone).toInstant());
    } catch (DateTimeParseException ignored) {
      // try the next form
    }
    String d = s;
    for (DateTimeFormatter f : LOCAL_DATE_TIMES) {
      try {
        return Optional.of(LocalDateTime.parse(d, f).atZone(defaultZone).toInstant());
      } catch (DateTimeParseException ignored) {
        // try the next form
      }
    }
    for (DateTimeFormatter f : LOCAL_DATES) {
      try {
        return Optional.of(LocalDate.parse(d, f).atStartOfDay(defaultZone).toInstant());
      } catch (DateTimeParseException ignored) {
        // try the next form
      }
    }
    return withMonthName(s, defaultZone);
  }

  /** {@code Sat Sep 07 2019 21:30:50 GMT+0800 (China Standard Time)}, as JavaScript prints it. */
  private static final Pattern JS_DATE =
      Pattern.compile(
          "^(?:[A-Za-z]{3},?\\s+)?([A-Za-z]{3})\\s+(\\d{1,2})\\s+(\\d{4})\\s+(\\d{1,2}):(\\d{2})(?::(\\d{2}))?"
              + "\\s+(?:GMT|UTC)([+-]\\d{2}):?(\\d{2})(?:\\s*\\(.*\\))?$");

  private static Optional<Instant> javaScriptDate(String s) {
    Matcher m = JS_DATE.matcher(s);
    if (!m.matches()) {
      return Optional.empty();
    }
    Integer month = MONTHS.get(m.group(1).toLowerCase(Locale.ROOT));
    if (month == null) {
      return Optional.empty();
    }
    try {
      int hours = Integer.parseInt(m.group(7));
      int minutes = Integer.parseInt(m.group(8)) * (m.group(7).startsWith("-") ? -1 : 1);
      return Optional.of(
          LocalDateTime.of(
                  Integer.parseInt(m.group(3)),
                  month,
                  Integer.parseInt(m.group(2)),
                  Integer.parseInt(m.group(4)),
                  Integer.parseInt(m.group(5)),
                  m.group(6) == null ? 0 : Integer.parseInt(m.group(6)))
              .atOffset(ZoneOffset.ofHoursMinutes(hours, minutes))
              .toInstant());
    } catch (DateTimeException e) {
      return Optional.empty();
    }
  }

  /** Languages whose month names (full and abbreviated) dates may carry. */
  static final List<Locale> MONTH_LOCALES =
      List.of(
          Locale.ENGLISH,
          Locale.forLanguageTag("es"),
          Locale.forLanguageTag("pt"),
          Locale.FRENCH,
          Locale.GERMAN,
          Locale.ITALIAN,
          Locale.forLanguageTag("nl"),
          Locale.forLanguageTag("id"),
          Locale.forLanguageTag("tr"),
          Locale.forLanguageTag("pl"),
          Locale.forLanguageTag("sv"),
          Locale.forLanguageTag("ru"));

  /**
   * Month name or abbreviation (lower case, no accents, no dot) → month; ambiguous ones left out.
   */
  private static final Map<String, Integer> MONTHS = monthNames();

  private static Map<String, Integer> monthNames() {
    Map<String, Integer> names = new HashMap<>();
    Set<String> ambiguous = new HashSet<>();
    for (Locale l : MONTH_LOCALES) {
      for (TextStyle style :
          List.of(
              TextStyle.FULL,
              TextStyle.SHORT,
              TextStyle.FULL_STANDALONE,
              TextStyle.SHORT_STANDALONE)) {
        for (Month month : Month.values()) {
          String key = monthKey(month.getDisplayName(style, l));
          if (key.isEmpty() || key.chars().allMatch(Character::isDigit)) {
            continue;
          }
          Integer was = names.putIfAbsent(key, month.getValue());
          if (was != null && was != month.getValue()) {
            ambiguous.add(key);
          }
        }
      }
    }
    ambiguous.forEach(names::remove);
    // the English three-letter forms JavaScript and HTTP print, whatever the locale data says
    for (Month month : Month.values()) {
      names.put(monthKey(month.getDisplayName(TextStyle.SHORT, Locale.ENGLISH)), month.getValue());
    }
    return Map.copyOf(names);
  }

  private static String monthKey(String name) {
    return Normalizer.normalize(name.toLowerCase(Locale.ROOT), Normalizer.Form.NFD)
        .replaceAll("\\p{M}", "")
        .replaceAll("[.\\s]", "");
  }

  private static final Pattern DAY_MONTH_YEAR =
      Pattern.compile(
          "^(\\d{1,2})\\.?\\s*(?:de\\s+)?([\\p{L}.]{3,})\\s*,?\\s*(?:de\\s+)?(\\d{4})(?:[\\s,]+(?:à\\s+|um\\s+|at\\s+)?(\\d{1,2}):(\\d{2})(?::(\\d{2}))?)?$",
          Pattern.CASE_INSENSITIVE);
  private static final Pattern MONTH_DAY_YEAR =
      Pattern.compile(
          "^([\\p{L}.]{3,})\\s+(\\d{1,2})(?:st|nd|rd|th)?,?\\s+(\\d{4})(?:[\\s,]+(?:at\\s+)?(\\d{1,2}):(\\d{2})(?::(\\d{2}))?)?$",
          Pattern.CASE_INSENSITIVE);

  private static Optional<Instant> withMonthName(String s, ZoneId zone) {
    Matcher m = DAY_MONTH_YEAR.matcher(s);
    int day;
    String month;
    if (m.matches()) {
      day = Integer.parseInt(m.group(1));
      month = m.group(2);
    } else {
      m = MONTH_DAY_YEAR.matcher(s);
      if (!m.matches()) {
        return Optional.empty();
      }
      month = m.group(1);
      day = Integer.parseInt(m.group(2));
    }
    Integer mm = MONTHS.get(monthKey(month));
    if (mm == null) {
      return Optional.empty();
    }
    try {
      LocalDateTime t =
          LocalDateTime.of(
              Integer.parseInt(m.group(3)),
              mm,
              day,
              m.group(4) == null ? 0 : Integer.parseInt(m.group(4)),
              m.group(5) == null ? 0 : Integer.parseInt(m.group(5)),
              m.group(6) == null ? 0 : Integer.parseInt(m.group(6)));
      return Optional.of(t.atZone(zone).toInstant());
    } catch (DateTimeException e) {
      return Optional.empty();
    }
  }

  public static Optional<Instant> instant(String raw) {
    return instant(raw, ZoneOffset.UTC);
  }

  /**
   * Resolves {@code href} against {@code base} into one spelling of the same resource: lower-case
   * scheme and host, no default port, no fragment; every query parameter is kept (media and CDN
   * addresses are often signed). Empty for non-http(s) or unparsable results.
   */
  public static Optional<String> absoluteUrl(String base, String href) {
    if (href == null || href.isBlank()) {
      return Optional.empty();
    }
    try {
      URI resolved =
          base == null
              ? new URI(encodeSpaces(href))
              : new URI(base).resolve(new URI(encodeSpaces(href)));
      return Optional.ofNullable(spelled(resolved.toString(), false));
    } catch (URISyntaxException | IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private static String encodeSpaces(String href) {
    return href.trim().replace(" ", "%20");
  }

  /**
   * A page's identity: {@link #absoluteUrl}'s spelling without an empty query and without the
   * tracking parameters in {@link #TRACKING} (analytics and share-attribution tags that never
   * change the page). Null unless http(s). Only for deduplication and ids, never to fetch media.
   */
  public static String canonicalUrl(String url) {
    return spelled(url, true);
  }

  private static String spelled(String url, boolean dropTracking) {
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
      String query = dropTracking ? stripTracking(u.getRawQuery()) : u.getRawQuery();
      return scheme
          + "://"
          + u.getHost().toLowerCase(Locale.ROOT)
          + (port == -1 ? "" : ":" + port)
          + path
          + (query == null || query.isEmpty() ? "" : "?" + query);
    } catch (URISyntaxException | IllegalArgumentException e) {
      return null;
    }
  }

  /**
   * Parameters that only attribute a visit. Names such as {@code from}, {@code page} or {@code id}
   * are not here: on some sites they select the content (an offset, a page, a video).
   */
  static final Set<String> TRACKING =
      Set.of(
          "spm",
          "spm_id_from",
          "fbclid",
          "gclid",
          "yclid",
          "msclkid",
          "igshid",
          "share_source",
          "share_medium",
          "share_plat",
          "share_session_id",
          "share_tag",
          "vd_source",
          "is_from_webapp",
          "sender_device");

  private static String stripTracking(String rawQuery) {
    if (rawQuery == null || rawQuery.isEmpty()) {
      return null;
    }
    List<String> kept = new ArrayList<>();
    for (String p : rawQuery.split("&")) {
      String key = p.split("=", 2)[0].toLowerCase(Locale.ROOT);
      if (!key.startsWith("utm_") && !TRACKING.contains(key) && !p.isEmpty()) {
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

  /**
   * Collapses whitespace and trims; null for blank. HTML character references left in a value are
   * decoded: JSON-LD and script state hold text HTML-escaped by the site's templates ({@code
   * &amp;nbsp;}, {@code &apos;}), and some pages escape meta content twice.
   */
  public static String text(String raw) {
    if (raw == null) {
      return null;
    }
    String s = raw;
    for (int i = 0; i < 2 && ENTITY.matcher(s).find(); i++) {
      s = Parser.unescapeEntities(s, true); // attribute rules: "&copy=2" in a URL stays
    }
    s = s.replace('\u00a0', ' ').replaceAll("\\s+", " ").trim();
    return s.isEmpty() ? null : s;
  }

  private static final Pattern ENTITY =
      Pattern.compile("&(?:[A-Za-z][A-Za-z0-9]{1,31}|#\\d{1,7}|#[xX][0-9A-Fa-f]{1,6});");

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
