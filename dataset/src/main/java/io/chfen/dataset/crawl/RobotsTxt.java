package io.chfen.dataset.crawl;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A parsed robots.txt (RFC 9309): the group for our user agent (else {@code *}), Allow/Disallow by
 * longest match with {@code *} and {@code $} wildcards (Allow wins a tie), Crawl-delay and Sitemap
 * lines. Immutable and thread-safe.
 */
public final class RobotsTxt {
  private record Rule(boolean allow, String path, Pattern pattern) {}

  private final List<Rule> rules;
  private final long crawlDelayMs;
  private final List<String> sitemaps;

  private RobotsTxt(List<Rule> rules, long crawlDelayMs, List<String> sitemaps) {
    this.rules = rules;
    this.crawlDelayMs = crawlDelayMs;
    this.sitemaps = List.copyOf(sitemaps);
  }

  public static final RobotsTxt ALLOW_ALL = new RobotsTxt(List.of(), 0, List.of());
  public static final RobotsTxt DISALLOW_ALL =
      new RobotsTxt(List.of(new Rule(false, "/", compile("/"))), 0, List.of());

  /** Parses robots.txt for the product token in {@code userAgent} (its part before '/'). */
  public static RobotsTxt parse(String text, String userAgent) {
    String product = userAgent.split("[/ ]")[0].toLowerCase(Locale.ROOT);
    List<Rule> mine = new ArrayList<>();
    List<Rule> star = new ArrayList<>();
    long myDelay = -1;
    long starDelay = -1;
    List<String> sitemaps = new ArrayList<>();
    boolean inMine = false;
    boolean inStar = false;
    boolean lastWasAgent = false;
    boolean sawMine = false;
    for (String rawLine : text.split("\\r?\\n|\\r")) {
      String line = rawLine.replaceAll("#.*", "").trim();
      int colon = line.indexOf(':');
      if (colon < 0) {
        continue;
      }
      String key = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
      String value = line.substring(colon + 1).trim();
      switch (key) {
        case "user-agent" -> {
          if (!lastWasAgent) {
            inMine = false;
            inStar = false;
          }
          String ua = value.toLowerCase(Locale.ROOT);
          if (ua.equals("*")) {
            inStar = true;
          } else if (!ua.isEmpty() && product.startsWith(ua.split("/")[0])) {
            inMine = true;
            sawMine = true;
          }
          lastWasAgent = true;
        }
        case "allow", "disallow" -> {
          lastWasAgent = false;
          if (value.isEmpty()) {
            continue; // "Disallow:" with no path allows everything
          }
          Rule r = new Rule(key.equals("allow"), value, compile(value));
          if (inMine) {
            mine.add(r);
          }
          if (inStar) {
            star.add(r);
          }
        }
        case "crawl-delay" -> {
          lastWasAgent = false;
          try {
            long ms = Math.round(Double.parseDouble(value) * 1000);
            if (inMine) {
              myDelay = ms;
            }
            if (inStar) {
              starDelay = ms;
            }
          } catch (NumberFormatException ignored) {
            // an unreadable delay is no delay (RFC 9309 leaves it to the crawler)
          }
        }
        case "sitemap" -> sitemaps.add(value);
        default -> lastWasAgent = false;
      }
    }
    return sawMine
        ? new RobotsTxt(mine, Math.max(0, myDelay), sitemaps)
        : new RobotsTxt(star, Math.max(0, starDelay), sitemaps);
  }

  private static Pattern compile(String path) {
    StringBuilder re = new StringBuilder("^");
    boolean anchored = path.endsWith("$");
    String p = anchored ? path.substring(0, path.length() - 1) : path;
    for (String part : p.split("\\*", -1)) {
      if (re.length() > 1) {
        re.append(".*");
      }
      re.append(Pattern.quote(part));
    }
    if (anchored) {
      re.append("$");
    }
    return Pattern.compile(re.toString());
  }

  /** Whether the URL's path and query may be fetched. */
  public boolean allows(String url) {
    URI u = URI.create(url);
    String path = (u.getRawPath() == null || u.getRawPath().isEmpty()) ? "/" : u.getRawPath();
    if (u.getRawQuery() != null) {
      path += "?" + u.getRawQuery();
    }
    if (path.equals("/robots.txt")) {
      return true;
    }
    Rule best = null;
    for (Rule r : rules) {
      if (r.pattern.matcher(path).lookingAt()) {
        if (best == null
            || r.path.length() > best.path.length()
            || (r.path.length() == best.path.length() && r.allow && !best.allow)) {
          best = r;
        }
      }
    }
    return best == null || best.allow;
  }

  public long crawlDelayMs() {
    return crawlDelayMs;
  }

  public List<String> sitemaps() {
    return sitemaps;
  }
}
