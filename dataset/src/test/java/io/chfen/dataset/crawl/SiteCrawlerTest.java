package io.chfen.dataset.crawl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chfen.records.Failure;
import io.chfen.records.PageVisit;
import io.chfen.records.VideoMetadata;
import io.chfen.sample.site.SampleSite;
import io.chfen.sample.site.SampleVideo;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The crawler against the live sample site over real HTTP: one test per broken case. */
class SiteCrawlerTest {
  private SampleSite site;
  private CrawlConfig config;

  @BeforeEach
  void start() {
    site = SampleSites.start();
    config = SampleSites.config();
  }

  @AfterEach
  void stop() {
    site.close();
  }

  record Results(List<PageVisit> pages, List<VideoMetadata> videos, List<Failure> failures) {
    PageVisit page(String url) {
      return pages.stream()
          .filter(p -> p.getUrl().equals(url))
          .findFirst()
          .orElseThrow(() -> new AssertionError("no page " + url + " in " + pages));
    }
  }

  private Results crawl(String... paths) throws InterruptedException {
    List<String> seeds = new ArrayList<>();
    for (String p : paths) {
      seeds.add(p.startsWith("http") ? p : site.baseUrl() + p);
    }
    Results r =
        new Results(
            Collections.synchronizedList(new ArrayList<>()),
            Collections.synchronizedList(new ArrayList<>()),
            Collections.synchronizedList(new ArrayList<>()));
    new SiteCrawler(config, SiteCrawler.allowedHosts(config, seeds), Clock.systemUTC())
        .crawl(seeds, SiteCrawler.Sink.of(r.pages::add, r.videos::add, r.failures::add));
    return r;
  }

  private void assertFailed(Results r, String path, String reason, int attempts) {
    String url = site.baseUrl() + path;
    PageVisit p = r.page(url);
    assertEquals("failed", p.getOutcome());
    assertEquals(reason, p.getReason());
    assertEquals(attempts, p.getAttempts());
    Failure f = r.failures.stream().filter(x -> x.getUrl().equals(url)).findFirst().orElseThrow();
    assertEquals(reason, f.getReason());
    assertEquals("crawl", f.getStage());
    assertEquals(VideoRecords.urlId(url), f.getId());
  }

  @Test
  void notFoundFailsOnceWithoutRetry() throws Exception {
    Results r = crawl("/v/gone");
    assertFailed(r, "/v/gone", "http_404", 1);
    assertEquals(1, site.hits("/v/gone"));
  }

  @Test
  void serverErrorThenSuccessIsRetried() throws Exception {
    config.limits.maxDepth = 0;
    Results r = crawl("/v/flaky");
    PageVisit p = r.page(site.baseUrl() + "/v/flaky");
    assertEquals("fetched", p.getOutcome());
    assertEquals(2, p.getAttempts());
    assertEquals(List.of("demo_v022"), r.videos.stream().map(VideoMetadata::getId).toList());
    assertEquals(List.of(), r.failures);
  }

  @Test
  void alwaysFailingServerGivesUpAfterTheRetries() throws Exception {
    Results r = crawl("/boom");
    assertFailed(r, "/boom", "http_500", config.fetch.maxRetries + 1);
    assertEquals(config.fetch.maxRetries + 1, site.hits("/boom"));
  }

  @Test
  void tooManyRequestsWaitsForRetryAfter() throws Exception {
    Results r = crawl("/v/busy");
    PageVisit p = r.page(site.baseUrl() + "/v/busy");
    assertEquals("fetched", p.getOutcome());
    assertEquals(2, p.getAttempts());
    List<Long> times =
        site.requests().stream()
            .filter(e -> e.getKey().equals("/v/busy"))
            .map(Map.Entry::getValue)
            .toList();
    assertEquals(2, times.size());
    long waitedMs = (times.get(1) - times.get(0)) / 1_000_000;
    assertTrue(waitedMs >= 990, "Retry-After: 1 must be honoured, waited " + waitedMs + " ms");
  }

  @Test
  void retryAfterLongerThanTheCapFailsThePage() throws Exception {
    config.fetch.maxRetryAfterMs = 500;
    Results r = crawl("/v/busy");
    assertFailed(r, "/v/busy", "retry_after_too_long", 1);
  }

  @Test
  void slowPageTimesOut() throws Exception {
    Results r = crawl("/slow");
    assertFailed(r, "/slow", "timeout", config.fetch.maxRetries + 1);
  }

  @Test
  void redirectLoopIsDetected() throws Exception {
    Results r = crawl("/loop/a");
    assertFailed(r, "/loop/a", "redirect_loop", 2);
    assertTrue(r.failures.get(0).getMessage().contains("/loop/b"));
  }

  @Test
  void tooManyRedirectsFail() throws Exception {
    config.fetch.maxRedirects = 0;
    Results r = crawl("/");
    assertFailed(r, "/", "too_many_redirects", 1);
  }

  @Test
  void oversizedPageFailsWhileReading() throws Exception {
    Results r = crawl("/huge");
    assertFailed(r, "/huge", "body_too_large", 1);
  }

  @Test
  void robotsDisallowedPageIsSkippedAndNeverRequested() throws Exception {
    Results r = crawl("/private/hidden");
    PageVisit p = r.page(site.baseUrl() + "/private/hidden");
    assertEquals("skipped", p.getOutcome());
    assertEquals("robots_disallowed", p.getReason());
    assertEquals(0, site.hits("/private/hidden"));
    assertEquals(1, site.hits("/robots.txt"));
  }

  @Test
  void linksToHostsOutsideTheAllowlistAreSkipped() throws Exception {
    config.limits.maxDepth = 1;
    Results r = crawl("/list/1");
    // a link off the allowlist is counted on its page, never queued
    assertEquals(1, r.page(site.baseUrl() + "/list/1").getLinksNotQueued().get("off_allowlist"));
    assertTrue(
        r.pages.stream().noneMatch(x -> x.getUrl().equals("http://example.invalid/elsewhere")));
    assertTrue(r.pages.stream().noneMatch(x -> x.getUrl().startsWith("mailto:")));
  }

  @Test
  void malformedHtmlStillYieldsItsVideo() throws Exception {
    config.limits.maxDepth = 0;
    Results r = crawl("/v/v019");
    VideoMetadata v = r.videos.get(0);
    assertEquals("网页结构损坏但信息还在", v.getTitle());
    assertEquals(site.baseUrl() + "/media/c05.mp4", v.getMediaUrl());
    assertEquals("opengraph", v.getFieldSources().get("title"));
  }

  @Test
  void depthAndPageLimitsSkipWithReasons() throws Exception {
    config.limits.maxDepth = 1;
    Results r = crawl("/");
    assertTrue(
        r.pages.stream().allMatch(p -> p.getDepth() <= 1), "nothing two hops away is queued");
    assertTrue(
        r.pages.stream().anyMatch(p -> p.getLinksNotQueued().containsKey("depth_limit")),
        "links two hops away are counted as depth_limit");
    site.close();
    site = SampleSites.start();
    config = SampleSites.config();
    config.limits.maxPages = 3;
    r = crawl("/");
    assertEquals(3, r.pages.stream().filter(p -> p.getOutcome().equals("fetched")).count());
    assertEquals(3, r.pages.size(), "the log holds no more than maxPages rows");
    assertTrue(r.pages.stream().anyMatch(p -> p.getLinksNotQueued().containsKey("page_limit")));
  }

  @Test
  void politenessSpacesRequestsToOneHost() throws Exception {
    config.politeness.perHostDelayMs = 100;
    config.politeness.perHostConcurrency = 1;
    config.limits.maxPages = 6;
    crawl("/");
    // Arrival times on the server carry the client's set-up latency and scheduling jitter, so
    // check the span of all requests (jitter only at its two ends) and that no gap is far short.
    List<Long> times = site.requests().stream().map(Map.Entry::getValue).sorted().toList();
    assertTrue(times.size() >= 6, "robots.txt + 6 pages");
    long spanMs = (times.get(times.size() - 1) - times.get(0)) / 1_000_000;
    assertTrue(
        spanMs >= (times.size() - 1) * 100 - 30,
        times.size() + " requests in only " + spanMs + " ms");
    for (int i = 1; i < times.size(); i++) {
      long gapMs = (times.get(i) - times.get(i - 1)) / 1_000_000;
      assertTrue(gapMs >= 50, "requests " + (i - 1) + " and " + i + " only " + gapMs + " ms apart");
    }
  }

  @Test
  void fullCrawlFindsEveryCatalogVideoInEveryStyle() throws Exception {
    Results r = crawl(site.seeds().toArray(String[]::new));
    Set<String> expected =
        SampleSite.catalog().stream()
            .map(v -> "demo_" + v.id)
            .collect(Collectors.toCollection(TreeSet::new));
    assertEquals(
        expected,
        r.videos.stream().map(VideoMetadata::getId).collect(Collectors.toCollection(TreeSet::new)));
    assertEquals(SampleSite.catalog().size(), r.videos.size(), "the duplicate page is found too");
    Map<String, String> titleSource =
        r.videos.stream()
            .filter(v -> v.getTitle() != null)
            .collect(
                Collectors.toMap(VideoMetadata::getPageUrl, v -> v.getFieldSources().get("title")));
    for (SampleVideo v : SampleSite.catalog()) {
      if (v.title == null) {
        continue;
      }
      String expectedSource =
          switch (v.style) {
            case "jsonld", "jsonld-graph" -> "jsonld";
            case "opengraph", "broken-html" -> "opengraph";
            case "microdata" -> "microdata";
            case "selector" -> "selector";
            case "state" -> "state_json";
            case "endpoint" -> "json_endpoint";
            default -> throw new AssertionError(v.style);
          };
      assertEquals(expectedSource, titleSource.get(site.baseUrl() + v.path()), v.id);
    }
    // every page was decided about exactly once
    assertEquals(r.pages.size(), r.pages.stream().map(PageVisit::getUrl).distinct().count());
  }
}
