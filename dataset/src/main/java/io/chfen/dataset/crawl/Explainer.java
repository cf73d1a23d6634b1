package io.chfen.dataset.crawl;

import com.fasterxml.jackson.databind.JsonNode;
import io.chfen.records.VideoMetadata;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.parser.Parser;

/**
 * What the crawler makes of one page or JSON response, and why: every field with its value, source
 * and rule, the profile rules that found nothing, the next page of a listing, and the verdict the
 * crawl would give each video (kept, or the filters it fails) — so a site profile is written in
 * minutes against a saved page, without a crawl and a Parquet read per attempt. Reads exactly as
 * the crawl does ({@link MetadataExtractor}, {@link VideoRecords}, {@link VideoFilter}).
 */
public final class Explainer {
  private Explainer() {}

  /** One video as the crawl would record it, with its raw fields and verdict. */
  public record Video(
      VideoMetadata record, VideoFields fields, List<VideoFilter.Rejection> failed) {
    public boolean kept() {
      return failed.isEmpty();
    }
  }

  /**
   * @param kind html or json
   * @param profile the site profile that applied, or null
   * @param links the links the profile's {@code links} rule names (null: none, the page's own)
   * @param endpoint what became of the profile's jsonEndpoint (null when it has none)
   */
  public record Explanation(
      String url,
      String kind,
      String profile,
      List<Video> videos,
      List<MetadataExtractor.Miss> misses,
      String nextUrl,
      List<String> links,
      String endpoint) {

    /** kept, filtered, listing (links to follow) or no_video_metadata, for the page as a whole. */
    public String verdict() {
      if (videos.isEmpty() && (links != null && !links.isEmpty() || nextUrl != null)) {
        return "listing";
      }
      if (videos.isEmpty()) {
        return SiteCrawler.NO_VIDEO_METADATA;
      }
      return videos.stream().anyMatch(Video::kept) ? "kept" : "filtered";
    }
  }

  /**
   * A saved file, read as if fetched from {@code pageUrl} (its host picks the profile; its address
   * resolves relative links). A {@code jsonEndpoint} is not fetched for a saved file.
   */
  public static Explanation file(CrawlConfig cfg, Path file, String pageUrl) throws IOException {
    byte[] body = Files.readAllBytes(file);
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    String type = name.endsWith(".json") ? "application/json" : null;
    Fetcher.Page page = new Fetcher.Page(pageUrl, pageUrl, 200, type, body, 1, 0);
    return explain(cfg, page, null, "not fetched for a saved file");
  }

  /**
   * The address a saved page declares for itself (its canonical link, else og:url), else {@code
   * http://localhost/<file name>}.
   */
  public static String savedAddress(Path file) throws IOException {
    String name = file.getFileName().toString();
    String fallback = "http://localhost/" + name.replace(' ', '_');
    if (name.toLowerCase(Locale.ROOT).endsWith(".json")) {
      return fallback;
    }
    Document doc = Jsoup.parse(file.toFile(), null, fallback);
    var canonical = doc.selectFirst("link[rel=canonical][href]");
    String declared =
        canonical != null ? canonical.absUrl("href") : MetadataExtractor.meta(doc, "og:url");
    return declared != null && declared.matches("(?i)^https?://.*") ? declared : fallback;
  }

  /**
   * A live page, fetched as the crawl fetches (robots.txt, politeness, caps), endpoint included.
   */
  public static Explanation live(CrawlConfig cfg, String url)
      throws FetchException, InterruptedException, IOException {
    String c = Normalize.canonicalUrl(url);
    if (c == null) {
      throw new IllegalArgumentException("not an http(s) URL: " + url);
    }
    Set<String> hosts = SiteCrawler.allowedHosts(cfg, List.of(c));
    Fetcher fetcher = new Fetcher(cfg, hosts);
    Fetcher.Page page = fetcher.fetch(url);
    SiteProfile profile = cfg.profileFor(page.finalUrl());
    JsonNode endpoint = null;
    String endpointNote = null;
    if (profile != null && profile.jsonEndpoint != null) {
      String id = profile.platformId(page.finalUrl());
      String e =
          id == null
              ? null
              : Normalize.absoluteUrl(page.finalUrl(), profile.jsonEndpoint.replace("{id}", id))
                  .orElse(null);
      if (e == null) {
        endpointNote = "no id in the URL for " + profile.jsonEndpoint;
      } else {
        try {
          endpoint = MetadataExtractor.LENIENT_JSON.readTree(fetcher.fetch(e).body());
          endpointNote = e;
        } catch (FetchException ex) {
          endpointNote = e + ": " + ex.reason();
        }
      }
    }
    return explain(cfg, page, endpoint, endpointNote);
  }

  private static Explanation explain(
      CrawlConfig cfg, Fetcher.Page page, JsonNode endpoint, String endpointNote)
      throws IOException {
    String url = page.finalUrl();
    SiteProfile profile = cfg.profileFor(url);
    String head = SiteCrawler.head(page);
    MetadataExtractor extractor = new MetadataExtractor();
    MetadataExtractor.Result r;
    String kind;
    if (SiteCrawler.isJson(page, head)) {
      kind = "json";
      r = extractor.json(MetadataExtractor.LENIENT_JSON.readTree(page.body()), url, profile);
    } else {
      kind = "html";
      Document doc = SiteCrawler.parse(page, Parser.htmlParser());
      r = extractor.page(doc, profile, null, endpoint);
    }
    ZoneId zone = ZoneId.of(cfg.defaultZone);
    String source = profile != null ? profile.name : Normalize.hostKey(url);
    ZoneId z = profile != null ? profile.zone(zone) : zone;
    VideoFilter filter = new VideoFilter(cfg.filters);
    List<Video> videos = new ArrayList<>();
    for (VideoFields f : r.videos()) {
      VideoMetadata v = VideoRecords.build(f, url, source, Instant.now(), z);
      videos.add(new Video(v, f, filter.check(v)));
    }
    return new Explanation(
        url,
        kind,
        profile == null ? null : profile.name,
        videos,
        r.misses(),
        r.nextUrl(),
        r.links(),
        profile == null || profile.jsonEndpoint == null ? null : endpointNote);
  }
}
