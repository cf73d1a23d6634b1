package io.chfen.dataset.crawl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chfen.records.VideoMetadata;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;

class MetadataExtractorTest {
  private static final String URL = "http://site.test/v/abc123";
  private final MetadataExtractor extractor = new MetadataExtractor();

  private static Document doc(String html) {
    return Jsoup.parse(html, URL);
  }

  private static VideoMetadata build(VideoFields f) {
    return VideoRecords.build(f, URL, "site", Instant.EPOCH, ZoneOffset.UTC);
  }

  @Test
  void jsonLdVideoObjectWithCountsAuthorAndKeywords() {
    String html =
        """
        <html><head><script type="application/ld+json">
        {"@context":"https://schema.org","@type":"VideoObject","identifier":"abc123",
         "name":"城市夜景","description":"航拍","contentUrl":"/m/abc.mp4","thumbnailUrl":["/t/1.jpg","/t/2.jpg"],
         "uploadDate":"2024-05-01T20:30:00+08:00","duration":"PT1M3S","width":"720","height":1280,
         "author":{"@type":"Person","name":"夜行者"},"keywords":"夜景,航拍 , 城市","inLanguage":"zh-CN",
         "interactionStatistic":[
           {"@type":"InteractionCounter","interactionType":{"@type":"WatchAction"},"userInteractionCount":"1.2万"},
           {"@type":"InteractionCounter","interactionType":"https://schema.org/LikeAction","userInteractionCount":3400},
         ]}
        </script></head><body></body></html>""";
    List<VideoFields> found = extractor.extract(doc(html), null, null, null);
    assertEquals(1, found.size());
    VideoMetadata v = build(found.get(0));
    assertEquals("site_abc123", v.getId());
    assertEquals("城市夜景", v.getTitle());
    assertEquals("http://site.test/m/abc.mp4", v.getMediaUrl());
    assertEquals("http://site.test/t/1.jpg", v.getThumbnailUrl());
    assertEquals(Instant.parse("2024-05-01T12:30:00Z"), v.getPublishedAt());
    assertEquals(63.0, v.getDurationS());
    assertEquals(720, v.getWidth());
    assertEquals(1280, v.getHeight());
    assertEquals("夜行者", v.getAuthor());
    assertEquals(List.of("夜景", "航拍", "城市"), v.getTags());
    assertEquals(12000L, v.getViewCount());
    assertEquals(3400L, v.getLikeCount());
    assertEquals("zh", v.getLanguage());
    assertEquals("jsonld", v.getFieldSources().get("title"));
  }

  @Test
  void jsonLdInsideGraphAndNestedNodes() {
    String html =
        """
        <script type="application/ld+json">{"@context":"https://schema.org","@graph":[
          {"@type":"WebSite","name":"Site"},
          {"@type":"WebPage","name":"page","mainEntity":{"@type":["VideoObject","CreativeWork"],"name":"In a graph","contentUrl":"http://cdn.test/g.mp4"}}]}
        </script>""";
    List<VideoFields> found = extractor.extract(doc(html), null, null, null);
    assertEquals(1, found.size());
    assertEquals("In a graph", found.get(0).get(Field.TITLE));
    assertEquals("http://cdn.test/g.mp4", found.get(0).get(Field.MEDIA_URL));
  }

  @Test
  void severalJsonLdVideosOnOnePageAreSeveralVideos() {
    String html =
        """
        <script type="application/ld+json">[{"@type":"VideoObject","name":"A","contentUrl":"/a.mp4"},
        {"@type":"VideoObject","name":"B","contentUrl":"/b.mp4"}]</script>""";
    List<VideoFields> found = extractor.extract(doc(html), null, null, null);
    assertEquals(List.of("A", "B"), found.stream().map(f -> f.get(Field.TITLE)).toList());
  }

  @Test
  void brokenJsonLdBlockFallsBackToOpenGraph() {
    String html =
        """
        <head><script type="application/ld+json">{"@type":"VideoObject","name": oops</script>
        <meta property="og:type" content="video.other"><meta property="og:title" content="OG title">
        <meta property="og:video:url" content="/og.mp4"><meta property="og:video:width" content="640">
        <meta property="og:video:height" content="360"><meta property="video:duration" content="42">
        <meta property="video:tag" content="a"><meta property="video:tag" content="b"><meta property="og:locale" content="en_US">
        </head>""";
    List<VideoFields> found = extractor.extract(doc(html), null, null, null);
    VideoMetadata v = build(found.get(0));
    assertEquals("OG title", v.getTitle());
    assertEquals("http://site.test/og.mp4", v.getMediaUrl());
    assertEquals(42.0, v.getDurationS());
    assertEquals(List.of("a", "b"), v.getTags());
    assertEquals("en", v.getLanguage());
    assertEquals("opengraph", v.getFieldSources().get("mediaUrl"));
  }

  @Test
  void microdataIgnoresTheNestedPersonExceptAsAuthor() {
    String html =
        """
        <div itemscope itemtype="https://schema.org/VideoObject">
          <h1 itemprop="name">Micro title</h1>
          <span itemprop="author" itemscope itemtype="https://schema.org/Person"><span itemprop="name">Ann</span></span>
          <div itemprop="publisher" itemscope itemtype="https://schema.org/Organization"><span itemprop="name">NotTheTitle</span></div>
          <meta itemprop="duration" content="PT30S"><meta itemprop="interactionCount" content="1,500">
          <video><source itemprop="contentUrl" src="/micro.mp4"></video>
        </div>""";
    VideoMetadata v = build(extractor.extract(doc(html), null, null, null).get(0));
    assertEquals("Micro title", v.getTitle());
    assertEquals("Ann", v.getAuthor());
    assertEquals(30.0, v.getDurationS());
    assertEquals(1500L, v.getViewCount());
    assertEquals("http://site.test/micro.mp4", v.getMediaUrl());
  }

  @Test
  void siteProfileRulesWinOverOtherSourcesAndFallBackInOrder() {
    SiteProfile p =
        CrawlConfig.fromYaml(
                """
                sites:
                  - name: site
                    hosts: [site.test]
                    match: "/v/"
                    idPattern: "/v/([a-z0-9]+)"
                    json: [{name: state, script: "window.__INITIAL_STATE__"}]
                    fields:
                      title: ["h1.t", "state:$.video.title"]
                      mediaUrl: "video source@src"
                      tags: "ul.tags li"
                      viewCount: "$.video.stat.view"
                      durationS: ["$.video.missing", "$.video.duration"]
                      likeCount: "$.video.stat.like_ms | ms"
                      shareCount: "$.video.stat.share"
                """)
            .sites
            .get(0);
    String html =
        """
        <head><meta property="og:title" content="og loses"></head>
        <body><h1 class="t">Selector title</h1><video><source src="/sel.mp4"></video>
        <ul class="tags"><li>x</li><li>y</li></ul>
        <script>var a = 1; window.__INITIAL_STATE__ = {"video":{"title":"state title","duration":"1:05",
          "stat":{"view":"3.4w","like_ms":12000}, "extra": undefined,},};window.__other = 2;</script></body>""";
    MetadataExtractor.Result r = extractor.page(doc(html), p, null, null);
    VideoMetadata v = build(r.videos().get(0));
    assertEquals("Selector title", v.getTitle());
    assertEquals("selector", v.getFieldSources().get("title"));
    assertEquals(65.0, v.getDurationS());
    assertEquals("state_json", v.getFieldSources().get("durationS"));
    assertEquals(34000L, v.getViewCount());
    assertEquals(12L, v.getLikeCount());
    assertEquals(List.of("x", "y"), v.getTags());
    assertEquals("site_abc123", v.getId());
    assertEquals(
        List.of(new MetadataExtractor.Miss("fields.shareCount", "$.video.stat.share")),
        r.misses(),
        "a fallback passed over is no miss; a field no rule found is");
  }

  @Test
  void pagesWithoutVideoEvidenceYieldNothing() {
    String html =
        "<html lang=en><head><title>List</title></head><body><a href='/v/1'>one</a></body></html>";
    assertTrue(extractor.extract(doc(html), null, null, null).isEmpty());
  }

  @Test
  void sitemapHintsFillOnlyMissingFields() {
    VideoFields hints =
        new VideoFields()
            .offer(Field.TITLE, "hint title", "sitemap")
            .offer(Field.VIEWS, "77", "sitemap");
    String html =
        "<script type=\"application/ld+json\">{\"@type\":\"VideoObject\",\"name\":\"page title\"}</script>";
    VideoFields f = extractor.extract(doc(html), null, hints, null).get(0);
    assertEquals("page title", f.get(Field.TITLE));
    assertEquals("77", f.get(Field.VIEWS));
    assertEquals("sitemap", f.source(Field.VIEWS));
  }

  @Test
  void characterReferencesInJsonLdAreDecoded() {
    String html =
        """
        <script type="application/ld+json">{"@type":"VideoObject","name":"Tom&apos;s&nbsp;clip &amp; more",
         "contentUrl":"https://cdn.test/v.mp4?a=1&amp;b=2","description":"&lt;3 it"}</script>""";
    VideoMetadata v = build(extractor.extract(doc(html), null, null, null).get(0));
    assertEquals("Tom's clip & more", v.getTitle());
    assertEquals("https://cdn.test/v.mp4?a=1&b=2", v.getMediaUrl());
    assertEquals("<3 it", v.getDescription());
  }

  @Test
  void microdataReadsContentOnLinksAndFollowsNestedItems() {
    String html =
        """
        <div itemscope itemtype="http://schema.org/VideoObject">
          <link itemprop="url" href="/watch?v=x1"><meta itemprop="name" content="Nested">
          <span itemprop="author" itemscope itemtype="http://schema.org/Person">
            <link itemprop="url" href="/@ann"><link itemprop="name" content="Ann Author"></span>
          <div itemprop="interactionStatistic" itemscope itemtype="http://schema.org/InteractionCounter">
            <meta itemprop="interactionType" content="http://schema.org/LikeAction">
            <meta itemprop="userInteractionCount" content="1.077.715"></div>
          <meta itemprop="interactionCount" content="UserPlays:7,3 K">
          <div itemprop="publisher" itemscope itemtype="http://schema.org/Organization">
            <meta itemprop="name" content="Not the title"></div>
          <link itemprop="contentUrl" href="/media/x1.mp4">
        </div>""";
    VideoMetadata v = build(extractor.extract(doc(html), null, null, null).get(0));
    assertEquals("Nested", v.getTitle());
    assertEquals("Ann Author", v.getAuthor());
    assertEquals(1_077_715L, v.getLikeCount());
    assertEquals(7_300L, v.getViewCount());
    assertEquals("http://site.test/media/x1.mp4", v.getMediaUrl());
  }

  @Test
  void html5VideoAndOgVideoTagsAreRead() {
    String html =
        """
        <head><meta property="og:type" content="video.other"><meta property="og:title" content="T">
        <meta property="og:video:tag" content="one"><meta property="og:video:tag" content="two"></head>
        <body><video poster="/p.jpg" width="1280" height="720"><source src="/v.webm" type="video/webm">
        <source src="/v.mp4" type="video/mp4"></video></body>""";
    VideoMetadata v = build(extractor.extract(doc(html), null, null, null).get(0));
    assertEquals(List.of("one", "two"), v.getTags());
    assertTrue(v.getMediaUrl().endsWith("/v.webm") || v.getMediaUrl().endsWith("/v.mp4"));
    assertEquals("http://site.test/p.jpg", v.getThumbnailUrl());
    assertEquals("html5_video", v.getFieldSources().get("mediaUrl"));
  }

  @Test
  void aDirectMediaFileBeatsAPlayerPageWhicheverSourceNamedIt() {
    String html =
        """
        <head><script type="application/ld+json">{"@type":"VideoObject","name":"N",
          "contentUrl":"https://site.test/watch/42.html","embedUrl":"https://player.site.test/embed/42"}</script>
        <meta property="og:video" content="https://cdn.site.test/42/720.mp4"></head>""";
    VideoMetadata v = build(extractor.extract(doc(html), null, null, null).get(0));
    assertEquals("https://cdn.site.test/42/720.mp4", v.getMediaUrl());
    String onlyPlayer =
        """
        <script type="application/ld+json">{"@type":"VideoObject","name":"N",
          "embedUrl":"https://www.youtube.com/embed/abc"}</script>""";
    assertEquals(
        null, build(extractor.extract(doc(onlyPlayer), null, null, null).get(0)).getMediaUrl());
  }

  @Test
  void openGraphAboutAnArticleIsNotTheVideosDescription() {
    String html =
        """
        <head><meta property="og:type" content="article"><meta property="og:title" content="Article">
        <meta property="og:description" content="What the article says"><meta property="og:image" content="/a.jpg">
        <script type="application/ld+json">{"@type":"VideoObject","name":"Clip in the article",
          "contentUrl":"/clip.mp4"}</script></head>""";
    VideoMetadata v = build(extractor.extract(doc(html), null, null, null).get(0));
    assertEquals("Clip in the article", v.getTitle());
    assertEquals(null, v.getDescription());
    assertEquals(null, v.getThumbnailUrl());
  }

  @Test
  void anAuthorGivenAsAProfileAddressIsNamedFromThePage() {
    String html =
        """
        <script type="application/ld+json">{"@type":"VideoObject","name":"N","contentUrl":"/a.mp4",
          "author":{"@type":"Person","url":"https://site.test/user/ann_k"}}</script>
        <a href="/user/ann_k?feature=watch">Ann K.</a>""";
    VideoMetadata v = build(extractor.extract(doc(html), null, null, null).get(0));
    assertEquals("Ann K.", v.getAuthor());
    assertEquals("page_link", v.getFieldSources().get("author"));
  }

  @Test
  void aVideoHeldByAPostTakesThePostsCounts() {
    String html =
        """
        <script type="application/ld+json">{"@type":"SocialMediaPosting","headline":"Post",
          "interactionStatistic":{"@type":"InteractionCounter","interactionType":"http://schema.org/LikeAction","userInteractionCount":"9"},
          "video":{"@type":"VideoObject","name":"V","contentUrl":"/v.mp4",
            "interactionStatistic":{"@type":"InteractionCounter","interactionType":"http://schema.org/WatchAction","userInteractionCount":"52"}}}</script>""";
    VideoMetadata v = build(extractor.extract(doc(html), null, null, null).get(0));
    assertEquals(52L, v.getViewCount());
    assertEquals(9L, v.getLikeCount());
  }

  @Test
  void aPlayerCardStreamIsTheMedia() {
    String html =
        """
        <meta name="twitter:card" content="player"><meta name="twitter:title" content="Card">
        <meta name="twitter:player" content="https://site.test/embed/1">
        <meta name="twitter:player:stream" content="https://cdn.site.test/1.mp4">""";
    VideoMetadata v = build(extractor.extract(doc(html), null, null, null).get(0));
    assertEquals("https://cdn.site.test/1.mp4", v.getMediaUrl());
    assertEquals("Card", v.getTitle());
  }

  @Test
  void severalJsonLdVideosKeepTheSiteProfile() {
    SiteProfile p =
        CrawlConfig.fromYaml(
                """
                sites:
                  - name: site
                    hosts: [site.test]
                    idPattern: "/v/([a-z0-9]+)"
                    fields: {title: "h1", likeCount: "span.likes"}
                """)
            .sites
            .get(0);
    String html =
        """
        <script type="application/ld+json">[{"@type":"VideoObject","name":"Main","contentUrl":"/m.mp4"},
          {"@type":"VideoObject","name":"Related","contentUrl":"/r.mp4"}]</script>
        <h1>Main</h1><span class="likes">1,2 K</span>""";
    List<VideoFields> found = extractor.extract(doc(html), p, null, null);
    assertEquals(2, found.size());
    VideoMetadata main = build(found.get(0));
    assertEquals("Main", main.getTitle());
    assertEquals(1200L, main.getLikeCount());
    assertEquals(null, build(found.get(1)).getLikeCount());
  }

  @Test
  void aVideoRepeatedInSeveralBlocksIsOneVideo() {
    String html =
        """
        <script type="application/ld+json">{"@type":"VideoObject","@id":"v-1","name":"Clip",
          "embedUrl":"https://player.site.test/embed/1","datePublished":"2022-05-10T23:35:55"}</script>
        <script type="application/ld+json">{"@type":"VideoObject","@id":"v-1","name":"Clip",
          "embedUrl":"https://player.site.test/embed/1","uploadDate":"2022-05-10","duration":"PT1M"}</script>
        <script type="application/ld+json">{"@type":"VideoObject","name":"Other","contentUrl":"/o.mp4"}</script>""";
    List<VideoFields> found = extractor.extract(doc(html), null, null, null);
    assertEquals(2, found.size());
    VideoMetadata clip = build(found.get(0));
    assertEquals(60.0, clip.getDurationS());
    assertEquals(null, clip.getMediaUrl(), "an embed player is no media, on a page of several too");
    assertEquals("http://site.test/o.mp4", build(found.get(1)).getMediaUrl());
  }

  @Test
  void anArticlesOgVideoPreviewDoesNotBeatTheVideoObjectsStream() {
    String html =
        """
        <head><meta property="og:type" content="article">
        <meta property="og:video:url" content="https://cdn.test/preview.viwindow.mp4">
        <script type="application/ld+json">{"@type":"VideoObject","name":"The clip",
          "contentUrl":"https://vod.test/clip/master.m3u8"}</script></head>""";
    VideoMetadata v = build(extractor.extract(doc(html), null, null, null).get(0));
    assertEquals("https://vod.test/clip/master.m3u8", v.getMediaUrl());
  }

  @Test
  void languageIsDetectedFromTheTitleScriptWhenUndeclared() {
    assertEquals("zh", VideoRecords.detectLanguage("今天的心情 today"));
    assertEquals("ja", VideoRecords.detectLanguage("桜の季節"));
    assertEquals("en", VideoRecords.detectLanguage("Calm morning"));
    assertEquals(null, VideoRecords.detectLanguage("123 !!"));
  }
}
