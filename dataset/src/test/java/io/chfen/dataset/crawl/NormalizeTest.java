package io.chfen.dataset.crawl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NormalizeTest {

  @ParameterizedTest
  @CsvSource({
    "PT1M3S, 63",
    "PT11S, 11",
    "PT0M11.5S, 11.5",
    "P0DT1H, 3600",
    "pt2m, 120",
    "1:03, 63",
    "01:02:03, 3723",
    "63, 63",
    "63.5s, 63.5",
    "11秒, 11",
    "T1M02S, 62",
    "PT00H02M22S, 142"
  })
  void durations(String raw, double seconds) {
    assertEquals(Optional.of(seconds), Normalize.durationSeconds(raw));
  }

  @ParameterizedTest
  @CsvSource({"PT", "abc", "-5", "'1:2:3:4'", "''"})
  void unreadableDurationsAreEmpty(String raw) {
    assertTrue(Normalize.durationSeconds(raw).isEmpty(), raw);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "1.2万|12000",
        "3.4w|34000",
        "1.5M|1500000",
        "12,345|12345",
        "2.3k|2300",
        "1.1亿|110000000",
        "98765|98765",
        "12 345|12345",
        "2.5万次播放|25000",
        "1,024 views|1024",
        "10万+|100000",
        "7,3 K|7300",
        "1.077.715|1077715",
        "1'234 views|1234",
        "2,5 Mio.|2500000",
        "12 345|12345",
        "1.077|1077"
      })
  void counts(String raw, long value) {
    assertEquals(Optional.of(value), Normalize.count(raw));
  }

  @Test
  void unreadableCountsAreEmpty() {
    assertTrue(Normalize.count("many").isEmpty());
    assertTrue(Normalize.count("1.2.3").isEmpty());
    assertTrue(Normalize.count(null).isEmpty());
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "2024-05-01T20:30:00+08:00|2024-05-01T12:30:00Z",
        "2024-05-01T12:30:00Z|2024-05-01T12:30:00Z",
        "2024-05-01T12:30:00|2024-05-01T12:30:00Z",
        "2024-06-12|2024-06-12T00:00:00Z",
        "2024/08/09 18:20|2024-08-09T18:20:00Z",
        "2024年6月28日|2024-06-28T00:00:00Z",
        "2024.5.3|2024-05-03T00:00:00Z",
        "1718000000|2024-06-10T06:13:20Z",
        "1718000000123|2024-06-10T06:13:20.123Z",
        "Tue, 3 Jun 2008 11:05:30 GMT|2008-06-03T11:05:30Z",
        "Jun 12, 2024|2024-06-12T00:00:00Z",
        "2019-9-7 21:30:50|2019-09-07T21:30:50Z",
        "14 abr 2017|2017-04-14T00:00:00Z",
        "3. März 2021|2021-03-03T00:00:00Z",
        "12 de junho de 2020|2020-06-12T00:00:00Z",
        "7 sept. 2019 à 21:30|2019-09-07T21:30:00Z",
        "Sat Sep 07 2019 21:30:50 GMT+0800 (China Standard Time)|2019-09-07T13:30:50Z",
        "Mon Jan 06 2020 09:00:00 GMT-0530|2020-01-06T14:30:00Z",
        "2020-02-24T12:31:00+0000|2020-02-24T12:31:00Z",
        "2019-12-09 09:08:21+01:00|2019-12-09T08:08:21Z",
        "2022-01-31T13:58:20+0100|2022-01-31T12:58:20Z"
      })
  void dates(String raw, String iso) {
    assertEquals(Optional.of(Instant.parse(iso)), Normalize.instant(raw));
  }

  @Test
  void datesWithoutZoneUseTheSiteZone() {
    assertEquals(
        Instant.parse("2024-08-09T10:20:00Z"),
        Normalize.instant("2024/08/09 18:20", ZoneId.of("Asia/Shanghai")).orElseThrow());
    assertTrue(Normalize.instant("yesterday").isEmpty());
  }

  @Test
  void relativeUrlsResolveAndCanonicalize() {
    String base = "http://Example.COM:80/v/abc?x=1";
    assertEquals(
        Optional.of("http://example.com/media/a.mp4"), Normalize.absoluteUrl(base, "/media/a.mp4"));
    assertEquals(Optional.of("http://example.com/v/def"), Normalize.absoluteUrl(base, "def"));
    assertEquals(
        Optional.of("http://example.com/list/2"), Normalize.absoluteUrl(base, "../list/2#top"));
    assertEquals(
        Optional.of("https://cdn.example.com/x.mp4"),
        Normalize.absoluteUrl(base, "//cdn.example.com/x.mp4".replace("//", "https://")));
    assertTrue(Normalize.absoluteUrl(base, "javascript:void(0)").isEmpty());
    assertTrue(Normalize.absoluteUrl(base, "ftp://example.com/a").isEmpty());
    assertEquals(
        "http://example.com/v/1?id=2",
        Normalize.canonicalUrl("http://example.com/v/1?utm_source=x&id=2&spm=a.b#frag"));
    assertNull(Normalize.canonicalUrl("mailto:someone@example.com"));
  }

  @Test
  void mediaUrlsKeepEveryParameterAndPagesKeepTheOnesThatSelectContent() {
    String signed =
        "https://p3-pc.douyinpic.com/obj/c85?x-expires=1710651600&x-signature=Txiw9DI%2FeQ%3D&from=2480802190";
    assertEquals(Optional.of(signed), Normalize.absoluteUrl(null, signed));
    assertEquals(
        Optional.of("https://cdn.test/a.mp4?utm_source=x&spm=1"),
        Normalize.absoluteUrl(
            "https://site.test/", "/a.mp4?utm_source=x&spm=1".replace("/a", "https://cdn.test/a")));
    assertEquals(
        "https://search.test/list?from=20&size=10",
        Normalize.canonicalUrl("https://search.test/list?from=20&size=10&spm_id_from=333.1"));
  }

  @Test
  void htmlCharacterReferencesLeftInValuesAreDecoded() {
    assertEquals("Tom's clip & more", Normalize.text("Tom&apos;s&nbsp;clip &amp; more"));
    assertEquals("“山丘”", Normalize.text("&amp;ldquo;山丘&amp;rdquo;"));
    assertEquals("a&b=1", Normalize.text("a&b=1"));
    // a parameter named like an entity is not one
    assertEquals(
        "https://x.test/?a=1&copy=2&b=3", Normalize.text("https://x.test/?a=1&copy=2&amp;b=3"));
  }
}
