package io.chfen.dataset.crawl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class RobotsTxtTest {
  private static final String TEXT =
      """
      # comments are ignored
      User-agent: *
      Disallow: /private/
      Disallow: /*.json$
      Allow: /private/open
      Crawl-delay: 2

      User-agent: chfen-crawler
      User-agent: other-bot
      Disallow: /no-chfen/
      Crawl-delay: 0.5

      Sitemap: http://example.com/sitemap.xml
      """;

  @Test
  void ourGroupWinsOverTheStarGroup() {
    RobotsTxt r = RobotsTxt.parse(TEXT, "chfen-crawler/0.1 (research)");
    assertFalse(r.allows("http://example.com/no-chfen/x"));
    assertTrue(r.allows("http://example.com/private/x"), "the * group does not apply to us");
    assertEquals(500, r.crawlDelayMs());
    assertEquals(List.of("http://example.com/sitemap.xml"), r.sitemaps());
  }

  @Test
  void starGroupLongestMatchAndWildcards() {
    RobotsTxt r = RobotsTxt.parse(TEXT, "somebot/1.0");
    assertFalse(r.allows("http://example.com/private/secret"));
    assertTrue(r.allows("http://example.com/private/open/page"), "longer Allow wins");
    assertFalse(r.allows("http://example.com/api/v.json"));
    assertTrue(r.allows("http://example.com/api/v.json?x=1"), "$ anchors the end");
    assertTrue(r.allows("http://example.com/v/1"));
    assertTrue(r.allows("http://example.com/robots.txt"));
    assertEquals(2000, r.crawlDelayMs());
  }

  @Test
  void emptyDisallowAllowsAll() {
    RobotsTxt r = RobotsTxt.parse("User-agent: *\nDisallow:\n", "x");
    assertTrue(r.allows("http://example.com/anything"));
    assertFalse(RobotsTxt.DISALLOW_ALL.allows("http://example.com/"));
  }
}
