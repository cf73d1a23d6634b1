package io.chfen.dataset.crawl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;

/** The profile rule language: what each kind of rule and transform reads, and what it refuses. */
class RuleTest {
  private static final String URL = "https://v.example/video/BV1xx411c7mD?p=2";

  private static Rule.Page page(String html, String json) throws Exception {
    Document doc = html == null ? null : Jsoup.parse(html, URL);
    Map<String, JsonNode> roots = new LinkedHashMap<>();
    if (json != null) {
      roots.put("state", MetadataExtractor.LENIENT_JSON.readTree(json));
    }
    return new Rule.Page(doc, roots, URL);
  }

  private static List<String> values(String rule, Rule.Page page, boolean all) {
    return Rule.parse(rule).apply(page, null, all).values();
  }

  @Test
  void transformsApplyLeftToRight() throws Exception {
    Rule.Page p =
        page(
            "<div class=cover style=\"background-image: url('//img.example/c.jpg')\"></div>"
                + "<script>var meta = {\"tags\":\"a|b| c\",\"len\":\"15320\"};</script>",
            "{\"v\":{\"ms\":15320,\"tags\":\"%E6%B5%B7,%E5%B1%B1\",\"extra\":\"{\\\"title\\\":\\\"in a string\\\"}\","
                + "\"desc\":\"<b>bold</b> text #tag1 #tag2\"}}");
    assertEquals(List.of("15.32"), values("$.v.ms | ms", p, false));
    assertEquals(List.of("海", "山"), values("$.v.tags | urldecode | split(,)", p, true));
    assertEquals(List.of("in a string"), values("$.v.extra | json | $.title", p, false));
    assertEquals(List.of("bold text #tag1 #tag2"), values("$.v.desc | text", p, false));
    assertEquals(List.of("tag1"), values("$.v.desc | regex(#(\\w+))", p, false));
    assertEquals(List.of("bold text"), values("$.v.desc | text | strip(\\s*#\\w+)", p, false));
    assertEquals(List.of("//img.example/c.jpg"), values("div.cover@style | cssurl", p, false));
    assertEquals(List.of("BV1xx411c7mD"), values("@url | regex(/video/(\\w+))", p, false));
    assertEquals(
        List.of("https://www.example/video/BV1xx411c7mD"),
        values("@url | regex(/video/(\\w+)) | prefix(https://www.example/video/)", p, false));
    assertEquals(
        List.of("a", "b", "c"),
        values("script:containsData(var meta) | regex(\"tags\":\"([^\"]+)\") | split(|)", p, true));
    assertTrue(values("$.v.nothing | ms", p, false).isEmpty());
  }

  @Test
  void aNamedSourceReadsOnlyThatJsonAndUnnamedPathsTryEachInOrder() throws Exception {
    Map<String, JsonNode> roots = new LinkedHashMap<>();
    roots.put("first", MetadataExtractor.LENIENT_JSON.readTree("{\"a\":1}"));
    roots.put("second", MetadataExtractor.LENIENT_JSON.readTree("{\"a\":2,\"b\":3}"));
    Rule.Page p = new Rule.Page(null, roots, URL);
    assertEquals(List.of("2"), values("second:$.a", p, false));
    assertEquals(List.of("1"), values("$.a", p, false));
    assertEquals(List.of("3"), values("$.b", p, false));
    Rule.Found f = Rule.parse("$.b").apply(p, null, false);
    assertEquals("second", f.source());
  }

  @Test
  void badRulesAreRefusedWithTheCause() {
    Map<String, String> bad =
        Map.of(
            "$.a..[?(@.x", "bad JSON path",
            "div[", "bad CSS selector",
            "$.a | frobnicate", "unknown transform",
            "$.a | regex([)", "bad pattern",
            "$.a | json", "must be followed by a '$' path",
            "$.a | $.b", "needs 'json' before it",
            "$.a | split()", "needs an argument",
            "a@b c", "bad attribute name");
    bad.forEach(
        (rule, why) -> {
          IllegalArgumentException e =
              assertThrows(IllegalArgumentException.class, () -> Rule.parse(rule), rule);
          assertTrue(e.getMessage().contains(why), rule + " → " + e.getMessage());
        });
  }

  @Test
  void hostWildcardsAndMatch() {
    SiteProfile p = new SiteProfile();
    p.name = "x";
    p.hosts = List.of("*.kaltura.com", "127.0.0.1");
    p.match = "/media/";
    assertTrue(p.appliesToHost("videos.kaltura.com"));
    assertTrue(p.appliesToHost("kaltura.com"));
    assertTrue(p.appliesToHost("127.0.0.1:8080"));
    assertTrue(!p.appliesToHost("kaltura.com.evil.test"));
    assertTrue(p.matches("https://videos.kaltura.com/media/x/0_abc"));
    SiteProfile any = new SiteProfile();
    any.hosts = List.of("*");
    assertTrue(any.appliesToHost("peertube.example:443"));
  }
}
