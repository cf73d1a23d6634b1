package io.chfen.dataset.crawl;

import com.fasterxml.jackson.databind.JsonNode;
import io.chfen.records.Failure;
import io.chfen.records.PageVisit;
import io.chfen.records.VideoMetadata;
import io.chfen.schemas.Failures;
import io.chfen.schemas.PageOutcome;
import io.chfen.schemas.Stage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.ZoneId;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.parser.Parser;

/**
 * Crawls from seeds (listing pages, sitemaps, video pages) breadth-first within the allowed hosts,
 * up to a depth and a page limit, and reports every page it queued (fetched, failed or skipped),
 * every video it found and every failure to a {@link Sink}; the links a page held that were not
 * queued are counted on that page by reason. Hosts are crawled concurrently, each within its
 * politeness limits: every host has its own queue, and at most {@code perHostConcurrency} workers
 * drain it.
 *
 * <p>Not reusable: one instance, one {@link #crawl} call. The sink is called from worker threads.
 */
public final class SiteCrawler {

  /** Receives results; called concurrently from the crawl's threads. */
  public interface Sink {
    void page(PageVisit visit);

    void video(VideoMetadata video);

    void failure(Failure failure);

    static Sink of(
        Consumer<PageVisit> pages, Consumer<VideoMetadata> videos, Consumer<Failure> failures) {
      return new Sink() {
        @Override
        public void page(PageVisit visit) {
          pages.accept(visit);
        }

        @Override
        public void video(VideoMetadata video) {
          videos.accept(video);
        }

        @Override
        public void failure(Failure failure) {
          failures.accept(failure);
        }
      };
    }
  }

  private record Task(String url, int depth, VideoFields hints) {}

  static final String DEPTH_LIMIT = "depth_limit";
  static final String PAGE_LIMIT = "page_limit";

  /** A page that should describe a video, or an app shell, where no video was found. */
  public static final String NO_VIDEO_METADATA = "no_video_metadata";

  /** Visible text below this many characters: the page is an app shell its scripts would fill. */
  private static final int SHELL_TEXT_CHARS = 200;

  private final CrawlConfig cfg;
  private final Fetcher fetcher;
  private final MetadataExtractor extractor = new MetadataExtractor();
  private final Clock clock;
  private final ZoneId zone;

  private final Set<String> seen = ConcurrentHashMap.newKeySet();
  private final Map<String, Queue<Task>> queues = new HashMap<>();
  private final Map<String, Integer> active = new HashMap<>();
  private final AtomicInteger pending = new AtomicInteger();
  private final AtomicInteger fetched = new AtomicInteger();
  private final AtomicInteger admitted = new AtomicInteger();
  private ExecutorService pool;
  private Sink sink;

  public SiteCrawler(CrawlConfig config, Set<String> allowedHosts, Clock clock) {
    this.cfg = config;
    this.fetcher = new Fetcher(config, allowedHosts);
    this.clock = clock;
    this.zone = ZoneId.of(config.defaultZone);
  }

  /** The hosts a crawl from these seeds may visit: the configured list, else the seeds' hosts. */
  public static Set<String> allowedHosts(CrawlConfig config, Collection<String> seeds) {
    Set<String> hosts = new LinkedHashSet<>();
    if (!config.allowedHosts.isEmpty()) {
      config.allowedHosts.forEach(h -> hosts.add(h.toLowerCase(Locale.ROOT)));
    } else {
      for (String s : seeds) {
        String c = Normalize.canonicalUrl(s);
        if (c != null) {
          hosts.add(Normalize.hostKey(c));
        }
      }
    }
    return hosts;
  }

  /** Crawls until every reachable page within the limits has been decided; blocks until done. */
  public void crawl(Collection<String> seeds, Sink sink) throws InterruptedException {
    this.sink = sink;
    this.pool =
        Executors.newFixedThreadPool(
            cfg.politeness.threads,
            r -> {
              Thread t = new Thread(r, "crawl-worker");
              t.setDaemon(true);
              return t;
            });
    try {
      for (String s : seeds) {
        String c = Normalize.canonicalUrl(s.trim());
        if (c == null) {
          sink.page(visit(s, "seed", 0, PageOutcome.SKIPPED, "unsupported_url").build());
          continue;
        }
        admitted.incrementAndGet();
        enqueue(new Task(c, 0, null));
      }
      synchronized (pending) {
        while (pending.get() > 0) {
          pending.wait();
        }
      }
    } finally {
      pool.shutdownNow();
      pool.awaitTermination(10, TimeUnit.SECONDS);
    }
  }

  /** Queues a task unless its URL was queued before; true if queued. */
  private boolean enqueue(Task t) {
    if (!seen.add(t.url)) {
      return false;
    }
    pending.incrementAndGet();
    String host = Normalize.hostKey(t.url);
    synchronized (queues) {
      queues.computeIfAbsent(host, h -> new ArrayDeque<>()).add(t);
      int running = active.getOrDefault(host, 0);
      if (running < cfg.politeness.perHostConcurrency) {
        active.put(host, running + 1);
        pool.execute(() -> drain(host));
      }
    }
    return true;
  }

  /**
   * Queues a link a page found, or says why not (null: queued, or queued before). What is not
   * queued is counted on the page that found it, never logged one row each: the frontier and the
   * crawl log stay within {@code maxPages} however many links pages hold.
   */
  private String offer(Task t) {
    if (seen.contains(t.url)) {
      return null; // queued already, by a page that found it first
    }
    if (t.depth > cfg.limits.maxDepth) {
      return DEPTH_LIMIT;
    }
    String refused = fetcher.localRefusal(t.url);
    if (refused != null) {
      return refused;
    }
    if (admitted.getAndUpdate(n -> n < cfg.limits.maxPages ? n + 1 : n) >= cfg.limits.maxPages) {
      return PAGE_LIMIT;
    }
    if (!enqueue(t)) {
      admitted.decrementAndGet(); // another page queued it first
    }
    return null;
  }

  /** Offers every link, counting those not queued by reason. */
  private Map<String, Integer> offerAll(Collection<Task> links) {
    Map<String, Integer> notQueued = new TreeMap<>();
    for (Task l : links) {
      String why = offer(l);
      if (why != null) {
        notQueued.merge(why, 1, Integer::sum);
      }
    }
    return notQueued;
  }

  /** Takes one task of a host, then requeues itself so hosts share the pool round-robin. */
  private void drain(String host) {
    Task t;
    synchronized (queues) {
      t = queues.get(host).poll();
      if (t == null) {
        active.merge(host, -1, Integer::sum);
        return;
      }
    }
    try {
      process(t);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    } catch (RuntimeException e) {
      // a bug or a page that breaks a parser: the page fails, the crawl goes on
      fail(t, "internal_error", e.toString(), null, 1, 0, e);
    } finally {
      done();
    }
    synchronized (queues) {
      if (queues.get(host).isEmpty()) {
        active.merge(host, -1, Integer::sum);
      } else if (!pool.isShutdown()) {
        pool.execute(() -> drain(host));
      }
    }
  }

  private void done() {
    if (pending.decrementAndGet() == 0) {
      synchronized (pending) {
        pending.notifyAll();
      }
    }
  }

  private void process(Task t) throws InterruptedException {
    String refused = fetcher.refusal(t.url);
    if (refused != null) {
      sink.page(visit(t.url, "unknown", t.depth, PageOutcome.SKIPPED, refused).build());
      return;
    }
    if (fetched.incrementAndGet() > cfg.limits.maxPages) {
      sink.page(visit(t.url, "unknown", t.depth, PageOutcome.SKIPPED, PAGE_LIMIT).build());
      return;
    }
    Fetcher.Page page;
    try {
      page = fetcher.fetch(t.url);
    } catch (FetchException e) {
      if (e.isSkip()) {
        sink.page(visit(t.url, "unknown", t.depth, PageOutcome.SKIPPED, e.reason()).build());
      } else {
        fail(t, e.reason(), e.getMessage(), e.httpStatus(), e.attempts(), 0, null);
      }
      return;
    }
    String head = head(page);
    if (isSitemap(head)) {
      handleSitemap(t, page, parse(page, Parser.xmlParser()));
    } else if (isJson(page, head)) {
      handleJson(t, page);
    } else if (isHtml(page, head)) {
      handleHtml(t, page, parse(page, Parser.htmlParser()));
    } else {
      fail(
          t,
          "unsupported_content",
          "not HTML, JSON or a sitemap: " + page.contentType(),
          page.status(),
          page.attempts(),
          page.body().length,
          null);
    }
  }

  private void handleHtml(Task t, Fetcher.Page page, Document doc) throws InterruptedException {
    SiteProfile profile = cfg.profileFor(page.finalUrl());
    JsonNode endpoint = endpointJson(profile, page.finalUrl(), t.depth);
    MetadataExtractor.Result r = extractor.page(doc, profile, t.hints, endpoint);
    boolean expected = profile != null && profile.match != null && !profile.fields.isEmpty();
    // an app shell: next to no text, and scripts that would render the content
    boolean shell =
        doc.body() != null
            && doc.body().text().length() < SHELL_TEXT_CHARS
            && !doc.select("script").isEmpty();
    String kind = r.videos().isEmpty() ? "listing" : "video";
    read(t, page, profile, r, r.links() != null ? r.links() : links(doc), kind, expected || shell);
  }

  /** A JSON response: a seed or link to an API, read by its site profile (or as JSON-LD). */
  private void handleJson(Task t, Fetcher.Page page) {
    JsonNode json;
    try {
      json = MetadataExtractor.LENIENT_JSON.readTree(page.body());
    } catch (IOException e) {
      fail(t, "bad_json", e.getMessage(), page.status(), page.attempts(), page.body().length, null);
      return;
    }
    SiteProfile profile = cfg.profileFor(page.finalUrl());
    MetadataExtractor.Result r = extractor.json(json, page.finalUrl(), profile);
    read(t, page, profile, r, r.links() != null ? r.links() : List.of(), "json", true);
  }

  /**
   * Records what a page gave: its videos, the links and next page it names (queued or counted), and
   * its row in the crawl log — skipped as {@code no_video_metadata} when it gave nothing to keep or
   * follow and a video was {@code expected} of it.
   */
  private void read(
      Task t,
      Fetcher.Page page,
      SiteProfile profile,
      MetadataExtractor.Result r,
      Collection<String> links,
      String kind,
      boolean expected) {
    String source = profile != null ? profile.name : Normalize.hostKey(page.finalUrl());
    ZoneId z = profile != null ? profile.zone(zone) : zone;
    for (VideoFields f : r.videos()) {
      sink.video(VideoRecords.build(f, page.finalUrl(), source, clock.instant(), z));
    }
    List<Task> found = new ArrayList<>();
    new LinkedHashSet<>(links).forEach(l -> found.add(new Task(l, t.depth + 1, null)));
    if (r.nextUrl() != null) {
      found.add(new Task(r.nextUrl(), t.depth, null)); // the next page of the same listing
    }
    Map<String, Integer> notQueued = offerAll(found);
    // a JSON listing that only points at its items is not nothing; an HTML page's links may be
    boolean nothing = r.videos().isEmpty() && (!kind.equals("json") || found.isEmpty());
    String reason = nothing && expected ? NO_VIDEO_METADATA : null;
    sink.page(
        visit(
                t.url,
                kind,
                t.depth,
                reason == null ? PageOutcome.FETCHED : PageOutcome.SKIPPED,
                reason)
            .setHttpStatus(page.status())
            .setAttempts(page.attempts())
            .setBytes(page.body().length)
            .setFetchMs(page.millis())
            .setVideosFound(r.videos().size())
            .setLinksFound(found.size())
            .setLinksNotQueued(notQueued)
            .setRulesUnmatched(misses(r))
            .build());
  }

  private static List<String> misses(MetadataExtractor.Result r) {
    return r.misses().stream().map(m -> m.key() + ": " + m.rule()).distinct().toList();
  }

  private JsonNode endpointJson(SiteProfile profile, String pageUrl, int depth)
      throws InterruptedException {
    if (profile == null || profile.jsonEndpoint == null) {
      return null;
    }
    String id = profile.platformId(pageUrl);
    if (id == null) {
      return null;
    }
    String url =
        Normalize.absoluteUrl(pageUrl, profile.jsonEndpoint.replace("{id}", id)).orElse(null);
    if (url == null || !seen.add(url)) {
      return null;
    }
    Task t = new Task(url, depth, null);
    String refused = fetcher.refusal(url);
    if (refused != null) {
      sink.page(visit(url, "json_endpoint", depth, PageOutcome.SKIPPED, refused).build());
      return null;
    }
    try {
      Fetcher.Page p = fetcher.fetch(url);
      JsonNode json = MetadataExtractor.LENIENT_JSON.readTree(p.body());
      sink.page(
          visit(url, "json_endpoint", depth, PageOutcome.FETCHED, null)
              .setHttpStatus(p.status())
              .setAttempts(p.attempts())
              .setBytes(p.body().length)
              .setFetchMs(p.millis())
              .build());
      return json;
    } catch (FetchException e) {
      fail(t, e.reason(), e.getMessage(), e.httpStatus(), e.attempts(), 0, null);
    } catch (IOException e) {
      fail(t, "bad_json", e.getMessage(), null, 1, 0, null);
    }
    return null;
  }

  /** A page's links, each once, in page order. */
  private static Set<String> links(Document doc) {
    Set<String> out = new LinkedHashSet<>();
    for (Element a : doc.select("a[href], link[rel=next][href]")) {
      String href = a.attr("href");
      if (href.startsWith("#") || href.startsWith("javascript:") || href.startsWith("mailto:")) {
        continue;
      }
      Normalize.absoluteUrl(doc.location(), href).ifPresent(out::add);
    }
    return out;
  }

  private void handleSitemap(Task t, Fetcher.Page page, Document xml) {
    int links = 0;
    List<Task> found = new ArrayList<>();
    for (Element sm : xml.select("sitemapindex > sitemap > loc")) {
      Normalize.absoluteUrl(page.finalUrl(), sm.text())
          .ifPresent(u -> found.add(new Task(u, t.depth + 1, null)));
      links++;
    }
    for (Element url : xml.select("urlset > url")) {
      Element loc = url.selectFirst("loc");
      if (loc == null) {
        continue;
      }
      VideoFields hints = sitemapHints(page.finalUrl(), url);
      Normalize.absoluteUrl(page.finalUrl(), loc.text())
          .ifPresent(u -> found.add(new Task(u, t.depth + 1, hints)));
      links++;
    }
    Map<String, Integer> notQueued = offerAll(found);
    sink.page(
        visit(t.url, "sitemap", t.depth, PageOutcome.FETCHED, null)
            .setHttpStatus(page.status())
            .setAttempts(page.attempts())
            .setBytes(page.body().length)
            .setFetchMs(page.millis())
            .setLinksFound(links)
            .setLinksNotQueued(notQueued)
            .build());
  }

  /** Google's video sitemap extension (video:video) as low-priority hints for the page. */
  private static VideoFields sitemapHints(String base, Element url) {
    Element v = url.selectFirst("video|video");
    if (v == null) {
      return null;
    }
    String src = "sitemap";
    VideoFields f = new VideoFields();
    f.offer(
        Field.MEDIA_URL,
        Normalize.absoluteUrl(base, childText(v, "content_loc")).orElse(null),
        src);
    f.offer(
        Field.THUMBNAIL_URL,
        Normalize.absoluteUrl(base, childText(v, "thumbnail_loc")).orElse(null),
        src);
    f.offer(Field.TITLE, childText(v, "title"), src);
    f.offer(Field.DESCRIPTION, childText(v, "description"), src);
    f.offer(Field.DURATION, childText(v, "duration"), src);
    f.offer(Field.PUBLISHED_AT, childText(v, "publication_date"), src);
    f.offer(Field.VIEWS, childText(v, "view_count"), src);
    f.offer(Field.AUTHOR, childText(v, "uploader"), src);
    List<String> tags = new ArrayList<>();
    v.select("video|tag").forEach(e -> tags.add(e.text()));
    f.offerTags(tags, src);
    return f.isEmpty() ? null : f;
  }

  private static String childText(Element parent, String name) {
    Element e = parent.selectFirst("video|" + name);
    return e == null ? null : e.text();
  }

  private static final Pattern CHARSET = Pattern.compile("(?i)charset=\"?([\\w.:-]+)");

  /** Parses with the header's charset, else Jsoup's sniffing (BOM, meta charset, UTF-8). */
  static Document parse(Fetcher.Page page, Parser parser) {
    String charset = null;
    if (page.contentType() != null) {
      Matcher m = CHARSET.matcher(page.contentType());
      if (m.find() && Charset.isSupported(m.group(1))) {
        charset = m.group(1);
      }
    }
    try {
      return Jsoup.parse(new ByteArrayInputStream(page.body()), charset, page.finalUrl(), parser);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String head(Fetcher.Page p) {
    return new String(p.body(), 0, Math.min(p.body().length, 512), StandardCharsets.UTF_8);
  }

  private static boolean isSitemap(String head) {
    return head.contains("<urlset") || head.contains("<sitemapindex");
  }

  static boolean isJson(Fetcher.Page p, String head) {
    String ct = p.contentType() == null ? "" : p.contentType().toLowerCase(Locale.ROOT);
    String h = head.stripLeading();
    return ct.contains("json")
        || (!ct.contains("html") && (h.startsWith("{") || h.startsWith("[")));
  }

  private static boolean isHtml(Fetcher.Page p, String head) {
    String ct = p.contentType() == null ? "" : p.contentType().toLowerCase(Locale.ROOT);
    return ct.contains("html") || head.stripLeading().startsWith("<");
  }

  /** The page failed: a dead-letter record and its line in the crawl log. */
  private void fail(
      Task t,
      String reason,
      String message,
      Integer status,
      int attempts,
      long bytes,
      Throwable bug) {
    String id = VideoRecords.urlId(t.url);
    Failure.Builder f =
        bug != null
            ? Failures.of(id, Stage.CRAWL, reason, bug).setMessage(t.url + ": " + message)
            : Failures.of(id, Stage.CRAWL, reason, message);
    sink.failure(f.setUrl(t.url).setAttempts(attempts).setOccurredAt(clock.instant()).build());
    sink.page(
        visit(t.url, "unknown", t.depth, PageOutcome.FAILED, reason)
            .setHttpStatus(status)
            .setAttempts(attempts)
            .setBytes(bytes)
            .build());
  }

  private static PageVisit.Builder visit(
      String url, String kind, int depth, String outcome, String reason) {
    String host;
    try {
      host = Normalize.hostKey(url);
    } catch (RuntimeException e) {
      host = "";
    }
    return PageVisit.newBuilder()
        .setUrl(url)
        .setHost(host)
        .setKind(kind)
        .setDepth(depth)
        .setOutcome(outcome)
        .setReason(reason);
  }
}
