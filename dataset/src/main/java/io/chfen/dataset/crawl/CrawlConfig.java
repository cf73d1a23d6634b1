package io.chfen.dataset.crawl;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.chfen.schemas.Version;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Everything the crawl stage is told, read from YAML (unknown keys are an error, so a typo does not
 * silently fall back to a default). The embedded defaults are {@code crawl-defaults.yaml} beside
 * this class; a user file overrides any subset. Serializable: Beam ships it to workers.
 */
@JsonIgnoreProperties(ignoreUnknown = false)
public final class CrawlConfig implements Serializable {
  private static final long serialVersionUID = 1L;

  public Fetch fetch = new Fetch();
  public Politeness politeness = new Politeness();
  public Limits limits = new Limits();
  public Download download = new Download();
  public FilterConfig filters = new FilterConfig();

  /** Hosts the crawler may fetch from ("host" or "host:port"); empty → the seeds' hosts. */
  public List<String> allowedHosts = new ArrayList<>();

  /** Zone for dates a site writes without one. */
  public String defaultZone = "UTC";

  public List<SiteProfile> sites = new ArrayList<>();

  /**
   * Whether the built-in profile pack ({@code profile-pack.yaml}) applies after {@code sites}: the
   * platforms short-video datasets come from, each tested on real saved pages and responses.
   */
  public boolean profilePack = true;

  private static volatile List<SiteProfile> pack;

  /** The built-in profiles, parsed and checked once per JVM. */
  public static List<SiteProfile> pack() {
    if (pack == null) {
      synchronized (CrawlConfig.class) {
        if (pack == null) {
          try (InputStream in = CrawlConfig.class.getResourceAsStream("profile-pack.yaml")) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            CrawlConfig c =
                withLines(
                    () -> yaml().readValue(text, CrawlConfig.class).validated(),
                    text,
                    "profile-pack.yaml");
            pack = List.copyOf(c.sites);
          } catch (IOException e) {
            throw new UncheckedIOException("cannot read the embedded profile-pack.yaml", e);
          }
        }
      }
    }
    return pack;
  }

  /** HTTP behaviour of every request. */
  public static final class Fetch implements Serializable {
    private static final long serialVersionUID = 1L;
    public String userAgent = "chfen-crawler/" + Version.CURRENT + " (research dataset builder)";

    /** Jsoup's timeout: for the connection and for reading the whole response. */
    public int timeoutMs = 10_000;

    public int maxBodyBytes = 2 * 1024 * 1024;
    public int maxRedirects = 5;

    /** Retries after the first attempt, on 429, 5xx, timeouts and resets. */
    public int maxRetries = 3;

    public long backoffBaseMs = 500;
    public long backoffMaxMs = 30_000;

    /** A Retry-After longer than this fails the page instead of stalling the host. */
    public long maxRetryAfterMs = 60_000;

    public boolean respectRobots = true;
  }

  /** How hard one host is hit. */
  public static final class Politeness implements Serializable {
    private static final long serialVersionUID = 1L;

    /**
     * Least time between the starts of two requests to one host (robots Crawl-delay may raise it).
     */
    public long perHostDelayMs = 1_000;

    public int perHostConcurrency = 1;

    /** Worker threads across all hosts. */
    public int threads = 8;
  }

  /** How far the crawl goes. */
  public static final class Limits implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Link hops from a seed (sitemap entries count as one hop). */
    public int maxDepth = 5;

    /** Pages fetched per host group (robots.txt not counted). */
    public int maxPages = 10_000;
  }

  /** Media download. */
  public static final class Download implements Serializable {
    private static final long serialVersionUID = 1L;
    public boolean enabled = true;
    public long maxBytes = 512L * 1024 * 1024;
    public int timeoutMs = 120_000;

    /** Accepted Content-Type prefixes; the magic bytes must also be a video container. */
    public List<String> contentTypes =
        new ArrayList<>(List.of("video/", "application/octet-stream", "binary/octet-stream"));
  }

  private static ObjectMapper yaml() {
    return new ObjectMapper(new YAMLFactory())
        .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true)
        .configure(DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY, true);
  }

  /** The embedded defaults. */
  public static CrawlConfig defaults() {
    try (InputStream in = CrawlConfig.class.getResourceAsStream("crawl-defaults.yaml")) {
      return yaml().readValue(in, CrawlConfig.class).validated();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the embedded crawl-defaults.yaml", e);
    }
  }

  /** The defaults overridden by a user's YAML file. */
  public static CrawlConfig load(Path file) {
    try {
      String text = Files.readString(file);
      return withLines(
          () -> yaml().readerForUpdating(defaults()).<CrawlConfig>readValue(text).validated(),
          text,
          file.toString());
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "cannot read crawl config " + file + ": " + e.getMessage(), e);
    }
  }

  public static CrawlConfig fromYaml(String text) {
    try {
      return withLines(
          () -> yaml().readerForUpdating(defaults()).<CrawlConfig>readValue(text).validated(),
          text,
          "the crawl config");
    } catch (IOException e) {
      throw new IllegalArgumentException("bad crawl config: " + e.getMessage(), e);
    }
  }

  private interface Load {
    CrawlConfig get() throws IOException;
  }

  /** Runs a load, adding to a profile's error the line of the config that holds the value. */
  private static CrawlConfig withLines(Load load, String text, String where) throws IOException {
    try {
      return load.get();
    } catch (SiteProfile.ProfileException e) {
      String line = "";
      if (e.value != null) {
        String[] lines = text.split("\n", -1);
        Pattern value = Pattern.compile("(?<![\\w.$])" + Pattern.quote(e.value) + "(?![\\w])");
        int from = 0;
        for (int i = 0; i < lines.length; i++) {
          if (lines[i].matches(
              "\\s*-?\\s*name:\\s*['\"]?" + Pattern.quote(e.site) + "['\"]?\\s*")) {
            from = i;
            break;
          }
        }
        for (int i = from; i < lines.length; i++) {
          if (value.matcher(lines[i]).find()) {
            line = " (line " + (i + 1) + " of " + where + ")";
            break;
          }
        }
      }
      throw new IllegalArgumentException("bad crawl config: " + e.getMessage() + line, e);
    }
  }

  public CrawlConfig validated() {
    sites.forEach(SiteProfile::validate);
    filters.validated();
    if (politeness.perHostConcurrency < 1 || politeness.threads < 1) {
      throw new IllegalArgumentException("politeness: perHostConcurrency and threads must be >= 1");
    }
    return this;
  }

  /**
   * The first profile whose hosts include the URL's host and whose {@code match} (if any) matches
   * the URL — the config's own {@code sites} first, then the pack's — or null. List specific
   * profiles before a host's catch-all one.
   */
  public SiteProfile profileFor(String url) {
    String host = Normalize.hostKey(url);
    for (SiteProfile p : sites) {
      if (p.appliesToHost(host) && p.matches(url)) {
        return p;
      }
    }
    if (profilePack) {
      for (SiteProfile p : pack()) {
        if (p.appliesToHost(host) && p.matches(url)) {
          return p;
        }
      }
    }
    return null;
  }
}
