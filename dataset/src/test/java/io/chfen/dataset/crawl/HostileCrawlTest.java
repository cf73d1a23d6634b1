package io.chfen.dataset.crawl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chfen.records.PageVisit;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The crawler against pages and robots.txt files made to break it, over real HTTP. */
class HostileCrawlTest {

  private static CrawlConfig config() {
    CrawlConfig c = SampleSites.config();
    c.sites.clear();
    c.politeness.perHostDelayMs = 0;
    return c;
  }

  private static List<PageVisit> crawl(CrawlConfig c, List<String> seeds)
      throws InterruptedException {
    List<PageVisit> pages = Collections.synchronizedList(new ArrayList<>());
    new SiteCrawler(c, SiteCrawler.allowedHosts(c, seeds), Clock.systemUTC())
        .crawl(seeds, SiteCrawler.Sink.of(pages::add, v -> {}, f -> {}));
    return pages;
  }

  private static String links(String prefix, int n) {
    StringBuilder b = new StringBuilder("<!doctype html><title>fan</title>");
    for (int i = 0; i < n; i++) {
      b.append("<a href=\"").append(prefix).append(i).append("\">").append(i).append("</a>");
    }
    return b.toString();
  }

  @Test
  void aFanOutIsBoundedByMaxPagesInWhatIsQueuedAndLogged() throws Exception {
    // every page links 8,000 new ones: before, 40 fetches queued and logged ~270,000 rows
    try (LoopbackServer s =
        new LoopbackServer(
            ex -> {
              String path = ex.getRequestURI().getPath();
              if (path.equals("/robots.txt")) {
                LoopbackServer.send(ex, 404, "text/plain", "");
              } else {
                LoopbackServer.send(ex, 200, "text/html", links(path + "-", 8000));
              }
            })) {
      CrawlConfig c = config();
      c.limits.maxPages = 40;
      c.limits.maxDepth = 50;
      List<PageVisit> pages = crawl(c, List.of(s.baseUrl() + "/p"));
      long fetched = pages.stream().filter(p -> p.getOutcome().equals("fetched")).count();
      assertEquals(40, fetched);
      assertEquals(40, pages.size(), "one row per queued page, no more");
      long notQueued =
          pages.stream().mapToLong(p -> p.getLinksNotQueued().getOrDefault("page_limit", 0)).sum();
      long found = pages.stream().mapToLong(PageVisit::getLinksFound).sum();
      assertEquals(found - 39, notQueued, "every link found is queued or counted");
    }
  }

  @Test
  void aPageWithEightyThousandLinksIsReadInLinearTime() throws Exception {
    // each link twice: 160,000 anchors, 80,000 distinct; ArrayList.contains took 74 s
    String page = links("/a/", 80_000) + links("/a/", 80_000);
    try (LoopbackServer s =
        new LoopbackServer(ex -> LoopbackServer.send(ex, 200, "text/html", page))) {
      CrawlConfig c = config();
      c.fetch.maxBodyBytes = 64 << 20;
      c.fetch.timeoutMs = 20_000;
      c.limits.maxPages = 1;
      List<PageVisit> pages =
          assertTimeoutPreemptively(
              Duration.ofSeconds(30), () -> crawl(c, List.of(s.baseUrl() + "/big")));
      assertEquals(1, pages.size());
      assertEquals(80_000, pages.get(0).getLinksFound());
      assertEquals(80_000, pages.get(0).getLinksNotQueued().get("page_limit"));
    }
  }

  @Test
  void robotsTxtRedirectsAreFollowedAndTheirRulesHold() throws Exception {
    try (LoopbackServer s =
        new LoopbackServer(
            ex -> {
              switch (ex.getRequestURI().getPath()) {
                case "/robots.txt" -> LoopbackServer.redirect(ex, "/r1");
                case "/r1" -> LoopbackServer.redirect(ex, "/policies/robots.txt");
                case "/policies/robots.txt" ->
                    LoopbackServer.send(ex, 200, "text/plain", "User-agent: *\nDisallow: /\n");
                default -> LoopbackServer.send(ex, 200, "text/html", "<title>x</title>");
              }
            })) {
      List<PageVisit> pages = crawl(config(), List.of(s.baseUrl() + "/page"));
      assertEquals("robots_disallowed", pages.get(0).getReason());
      assertEquals(0, s.hits("/page"));
      assertEquals(1, s.hits("/policies/robots.txt"));
    }
  }

  @Test
  void moreThanFiveRobotsRedirectsMeanNoRobotsTxt() throws Exception {
    try (LoopbackServer s =
        new LoopbackServer(
            ex -> {
              String path = ex.getRequestURI().getPath();
              if (path.equals("/robots.txt")) {
                LoopbackServer.redirect(ex, "/r/1");
              } else if (path.startsWith("/r/")) {
                int n = Integer.parseInt(path.substring(3));
                if (n < 6) {
                  LoopbackServer.redirect(ex, "/r/" + (n + 1));
                } else {
                  LoopbackServer.send(ex, 200, "text/plain", "User-agent: *\nDisallow: /\n");
                }
              } else {
                LoopbackServer.send(ex, 200, "text/html", "<title>x</title>");
              }
            })) {
      List<PageVisit> pages = crawl(config(), List.of(s.baseUrl() + "/page"));
      assertEquals("fetched", pages.get(0).getOutcome());
      assertEquals(0, s.hits("/r/6"), "the sixth redirect is not followed");
    }
  }

  @Test
  void concurrentFirstRequestsFetchRobotsTxtOnce() throws Exception {
    try (LoopbackServer s =
        new LoopbackServer(
            ex -> {
              if (ex.getRequestURI().getPath().equals("/robots.txt")) {
                try {
                  Thread.sleep(300); // every worker asks while the first fetch is under way
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
                LoopbackServer.send(ex, 200, "text/plain", "User-agent: *\nDisallow: /no\n");
              } else {
                LoopbackServer.send(ex, 200, "text/html", "<title>x</title>");
              }
            })) {
      CrawlConfig c = config();
      c.politeness.threads = 8;
      c.politeness.perHostConcurrency = 8;
      List<String> seeds = new ArrayList<>();
      for (int i = 0; i < 16; i++) {
        seeds.add(s.baseUrl() + (i % 4 == 0 ? "/no/" : "/yes/") + i);
      }
      List<PageVisit> pages = crawl(c, seeds);
      assertEquals(1, s.hits("/robots.txt"));
      Map<String, Long> outcomes = new java.util.TreeMap<>();
      pages.forEach(p -> outcomes.merge(p.getOutcome(), 1L, Long::sum));
      assertEquals(Map.of("fetched", 12L, "skipped", 4L), outcomes);
      assertTrue(
          pages.stream()
              .filter(p -> p.getUrl().contains("/no/"))
              .allMatch(p -> "robots_disallowed".equals(p.getReason())));
    }
  }
}
