package io.chfen.dataset.crawl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chfen.records.Failure;
import io.chfen.records.PageVisit;
import io.chfen.records.VideoMetadata;
import io.chfen.schemas.PageOutcome;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * JSON seeds and endpoints over real HTTP: a listing API paged by cursor, a listing that points at
 * each item's own API, an app shell with only site-wide tags, and a rule that never matches.
 */
class JsonCrawlTest {
  private LoopbackServer server;

  @BeforeEach
  void start() {
    server =
        new LoopbackServer(
            ex -> {
              String path = ex.getRequestURI().getPath();
              String query = String.valueOf(ex.getRequestURI().getQuery());
              switch (path) {
                case "/robots.txt" -> LoopbackServer.send(ex, 404, "text/plain", "");
                case "/api/feed" ->
                    LoopbackServer.send(
                        ex,
                        200,
                        "application/json; charset=utf-8",
                        query.contains("cursor=1700")
                            ? feed(List.of("3", "4"), 0, 0)
                            : feed(List.of("1", "2"), 1700, 1));
                case "/api/list" ->
                    LoopbackServer.send(
                        ex,
                        200,
                        "application/json",
                        "{\"data\":[{\"uuid\":\"u1\"},{\"uuid\":\"u2\"}],\"total\":2}");
                case "/api/v/u1", "/api/v/u2" ->
                    LoopbackServer.send(
                        ex,
                        200,
                        "application/json",
                        "{\"uuid\":\""
                            + path.substring(7)
                            + "\",\"name\":\"Item "
                            + path.substring(7)
                            + "\",\"files\":[{\"fileUrl\":\"/m/"
                            + path.substring(7)
                            + ".mp4\"}]}");
                case "/shell" ->
                    LoopbackServer.send(
                        ex,
                        200,
                        "text/html",
                        "<html><head><meta property=\"og:title\" content=\"The Site\">"
                            + "<meta property=\"og:image\" content=\"/logo.png\"></head><body>"
                            + "<div id=\"root\"></div><script src=\"/app.js\"></script>"
                            + "<script>window.__STATE__={}</script></body></html>");
                case "/ld.json" ->
                    LoopbackServer.send(
                        ex,
                        200,
                        "application/ld+json",
                        "{\"@context\":\"https://schema.org\",\"@type\":\"VideoObject\","
                            + "\"name\":\"Served as JSON\",\"contentUrl\":\"/m/ld.mp4\"}");
                default -> LoopbackServer.send(ex, 404, "text/plain", "");
              }
            });
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private static String feed(List<String> ids, long cursor, int more) {
    StringBuilder sb = new StringBuilder("{\"aweme_list\":[");
    for (int i = 0; i < ids.size(); i++) {
      String id = ids.get(i);
      sb.append(i == 0 ? "" : ",")
          .append("{\"aweme_id\":\"")
          .append(id)
          .append("\",\"desc\":\"视频")
          .append(id)
          .append(" #日常\",\"create_time\":1716200000,")
          .append("\"video\":{\"duration\":15320,\"play_addr\":{\"url_list\":[\"/m/")
          .append(id)
          .append(".mp4\"]}},\"statistics\":{\"digg_count\":")
          .append(10 * Integer.parseInt(id))
          .append("}}");
    }
    return sb.append("],\"max_cursor\":")
        .append(cursor)
        .append(",\"has_more\":")
        .append(more)
        .append("}")
        .toString();
  }

  private CrawlConfig config() {
    CrawlConfig c =
        CrawlConfig.fromYaml(
            """
            politeness: {perHostDelayMs: 0}
            sites:
              - name: feed
                hosts: [127.0.0.1]
                match: "/api/feed"
                timeZone: Asia/Shanghai
                items: "$.aweme_list[*]"
                fields:
                  platformId: "$.aweme_id"
                  title: "$.desc | strip(\\\\s*#\\\\S+)"
                  tags: "$.desc | regex(#(\\\\S+))"
                  durationS: "$.video.duration | ms"
                  publishedAt: "$.create_time"
                  mediaUrl: "$.video.play_addr.url_list[0]"
                  likeCount: "$.statistics.digg_count"
                  shareCount: "$.statistics.share_count"
                next: {param: cursor, value: "$.max_cursor", while: "$.has_more"}
              - name: list
                hosts: [127.0.0.1]
                match: "/api/list"
                links: "$.data[*].uuid | prefix(/api/v/)"
              - name: item
                hosts: [127.0.0.1]
                match: "/api/v/"
                fields:
                  platformId: "$.uuid"
                  title: "$.name"
                  mediaUrl: "$.files[0].fileUrl"
              - name: shell
                hosts: [127.0.0.1]
                match: "/shell"
                json: [{name: state, script: "window.__STATE__"}]
                fields: {title: "state:$.video.title"}
            """);
    c.fetch.respectRobots = false;
    return c;
  }

  private record Results(List<PageVisit> pages, List<VideoMetadata> videos, List<Failure> failed) {
    PageVisit page(String suffix) {
      return pages.stream()
          .filter(p -> p.getUrl().endsWith(suffix))
          .findFirst()
          .orElseThrow(() -> new AssertionError("no page " + suffix + " in " + pages));
    }
  }

  private Results crawl(String... paths) throws InterruptedException {
    CrawlConfig cfg = config();
    List<String> seeds = new ArrayList<>();
    for (String p : paths) {
      seeds.add(server.baseUrl() + p);
    }
    Results r =
        new Results(
            Collections.synchronizedList(new ArrayList<>()),
            Collections.synchronizedList(new ArrayList<>()),
            Collections.synchronizedList(new ArrayList<>()));
    new SiteCrawler(cfg, SiteCrawler.allowedHosts(cfg, seeds), Clock.systemUTC())
        .crawl(seeds, SiteCrawler.Sink.of(r.pages::add, r.videos::add, r.failed::add));
    return r;
  }

  @Test
  void aListingApiPagedByCursorGivesEveryItem() throws Exception {
    Results r = crawl("/api/feed?cursor=0");
    Map<String, VideoMetadata> byId = new TreeMap<>();
    r.videos.forEach(v -> byId.put(v.getId(), v));
    assertEquals(List.of("feed_1", "feed_2", "feed_3", "feed_4"), List.copyOf(byId.keySet()));
    VideoMetadata v = byId.get("feed_3");
    assertEquals("视频3", v.getTitle());
    assertEquals(List.of("日常"), v.getTags());
    assertEquals(15.32, v.getDurationS());
    assertEquals(30L, v.getLikeCount());
    assertEquals(server.baseUrl() + "/m/3.mp4", v.getMediaUrl());
    assertEquals("json_item", v.getFieldSources().get("title"));
    assertEquals(2, r.pages.size(), "two pages, and no third once has_more is 0: " + r.pages);
    PageVisit first = r.page("cursor=0");
    assertEquals(PageOutcome.FETCHED, first.getOutcome());
    assertEquals(2, first.getVideosFound());
    assertEquals(List.of("fields.shareCount: $.statistics.share_count"), first.getRulesUnmatched());
  }

  @Test
  void aListingThatPointsAtItsItemsIsFollowed() throws Exception {
    Results r = crawl("/api/list");
    assertEquals(
        List.of("item_u1", "item_u2"),
        r.videos.stream().map(VideoMetadata::getId).sorted().toList());
    PageVisit list = r.page("/api/list");
    assertEquals(PageOutcome.FETCHED, list.getOutcome());
    assertEquals(2, list.getLinksFound());
  }

  @Test
  void anAppShellWithSiteWideTagsIsNoVideoAndNotARecord() throws Exception {
    Results r = crawl("/shell");
    assertTrue(r.videos.isEmpty(), "no record with the site's name and logo: " + r.videos);
    PageVisit shell = r.page("/shell");
    assertEquals(PageOutcome.SKIPPED, shell.getOutcome());
    assertEquals(SiteCrawler.NO_VIDEO_METADATA, shell.getReason());
    assertEquals(List.of("fields.title: state:$.video.title"), shell.getRulesUnmatched());
  }

  @Test
  void aJsonSeedWithoutAProfileIsReadAsJsonLd() throws Exception {
    Results r = crawl("/ld.json");
    assertEquals(1, r.videos.size());
    assertEquals("Served as JSON", r.videos.get(0).getTitle());
    assertEquals(server.baseUrl() + "/m/ld.mp4", r.videos.get(0).getMediaUrl());
    assertTrue(r.failed.isEmpty(), r.failed.toString());
  }
}
