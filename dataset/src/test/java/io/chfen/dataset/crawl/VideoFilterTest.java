package io.chfen.dataset.crawl;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.chfen.records.VideoMetadata;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class VideoFilterTest {

  static VideoMetadata.Builder video() {
    return VideoMetadata.newBuilder()
        .setId("s_1")
        .setSource("s")
        .setPageUrl("http://s/v/1")
        .setCanonicalUrl("http://s/v/1")
        .setMediaUrl("http://s/m/1.mp4")
        .setTitle("夜景 night view")
        .setTags(List.of("city"))
        .setDurationS(20.0)
        .setWidth(720)
        .setHeight(1280)
        .setLanguage("zh")
        .setViewCount(500L)
        .setPublishedAt(Instant.parse("2024-05-01T00:00:00Z"))
        .setCrawledAt(Instant.EPOCH);
  }

  private static List<String> reasons(FilterConfig c, VideoMetadata v) {
    return new VideoFilter(c).check(v).stream().map(VideoFilter.Rejection::reason).toList();
  }

  @Test
  void everyCheckHasItsReason() {
    FilterConfig c = new FilterConfig();
    c.minDurationS = 5.0;
    c.maxDurationS = 60.0;
    c.minShortSide = 360;
    c.orientations = List.of("vertical");
    c.languages = List.of("zh", "en");
    c.excludeKeywords = List.of("广告");
    c.includeKeywords = List.of("夜景", "night");
    c.publishedAfter = "2024-01-01";
    c.publishedBefore = "2024-12-31";
    c.minViews = 100L;
    c.requiredFields = List.of("title", "mediaUrl");
    assertEquals(List.of(), reasons(c, video().build()));
    assertEquals(List.of("duration_too_short"), reasons(c, video().setDurationS(2.0).build()));
    assertEquals(List.of("duration_too_long"), reasons(c, video().setDurationS(300.0).build()));
    assertEquals(
        List.of("resolution_too_low", "orientation_excluded"),
        reasons(c, video().setWidth(320).setHeight(180).build()));
    assertEquals(
        List.of("orientation_excluded"), reasons(c, video().setWidth(1280).setHeight(720).build()));
    assertEquals(List.of("language_excluded"), reasons(c, video().setLanguage("ja").build()));
    assertEquals(List.of("keyword_excluded"), reasons(c, video().setTags(List.of("广告")).build()));
    assertEquals(List.of("keyword_missing"), reasons(c, video().setTitle("sunrise").build()));
    assertEquals(
        List.of("published_too_early"),
        reasons(c, video().setPublishedAt(Instant.parse("2023-01-01T00:00:00Z")).build()));
    assertEquals(
        List.of("published_too_late"),
        reasons(c, video().setPublishedAt(Instant.parse("2025-06-01T00:00:00Z")).build()));
    assertEquals(List.of("views_below_min"), reasons(c, video().setViewCount(5L).build()));
    assertEquals(
        List.of("missing_field:title", "keyword_missing"),
        reasons(c, video().setTitle(null).build()));
  }

  @Test
  void unknownValuesPassUnlessRequired() {
    FilterConfig c = new FilterConfig();
    c.maxDurationS = 60.0;
    c.minViews = 100L;
    VideoMetadata v = video().setDurationS(null).setViewCount(null).build();
    assertEquals(List.of(), reasons(c, v));
    c.requiredFields = List.of("durationS");
    assertEquals(List.of("missing_field:durationS"), reasons(c, v));
  }
}
