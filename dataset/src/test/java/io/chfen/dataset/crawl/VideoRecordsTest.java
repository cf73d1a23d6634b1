package io.chfen.dataset.crawl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class VideoRecordsTest {
  private static final String URL = "https://example.org/v/1";

  @Test
  void plainIdsStayAsTheyAre() {
    assertEquals("demo_v001", VideoRecords.videoId("demo", "v001", URL));
    assertEquals("example.org_a-b.c_9", VideoRecords.videoId("example.org", "a-b.c_9", URL));
  }

  @Test
  void idsThatLoseCharactersNeverMeet() {
    String a = VideoRecords.videoId("douyin", "视频一", URL);
    String b = VideoRecords.videoId("douyin", "视频二", URL);
    assertNotEquals(a, b);
    assertTrue(a.startsWith("douyin_~"), a);

    String common = "x".repeat(64);
    String c = VideoRecords.videoId("s", common + "1", URL);
    String d = VideoRecords.videoId("s", common + "2", URL);
    assertNotEquals(c, d);
    assertTrue(c.length() <= 2 + 40 + 1 + 16, c);

    // what a plain id can never be: one that needs a hash, or a source that moves the separator
    assertNotEquals(VideoRecords.videoId("s", "a b", URL), VideoRecords.videoId("s", "a-b", URL));
    assertNotEquals(VideoRecords.videoId("a_b", "c", URL), VideoRecords.videoId("a", "b_c", URL));
    assertNotEquals(VideoRecords.videoId("u", "0123", URL), VideoRecords.urlId("0123"));
  }

  @Test
  void idsAreStableAndInjectiveOverManyHostileInputs() {
    List<String> raw =
        List.of(
            "视频一",
            "视频二",
            "видео",
            "ビデオ",
            "a b",
            "a-b",
            "a_b",
            "a/b",
            "a\\b",
            "-a-",
            "a",
            "A",
            "..",
            ".",
            "a\u0000b",
            "😀",
            "😁",
            "x".repeat(200),
            "x".repeat(201),
            "");
    Set<String> ids = new HashSet<>();
    for (String source : List.of("demo", "示例", "a_b", "u")) {
      for (String r : raw) {
        if (r.isEmpty()) {
          continue;
        }
        String id = VideoRecords.videoId(source, r, URL);
        assertEquals(id, VideoRecords.videoId(source, r, URL));
        assertTrue(id.matches("[A-Za-z0-9._~-]+"), id);
        assertTrue(ids.add(id), "collision on " + source + "/" + r + ": " + id);
      }
    }
  }
}
