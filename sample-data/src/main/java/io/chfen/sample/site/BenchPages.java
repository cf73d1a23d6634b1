package io.chfen.sample.site;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;

/**
 * The sample site's synthetic section for crawl benchmarks: listing pages of 20 links and JSON-LD
 * video pages of about 30 KB (real short-video pages weigh 50–300 KB, mostly script).
 */
final class BenchPages {
  static final int PER_LISTING = 20;
  private static final String FILLER =
      "<p class=\"comment\">这个视频太好看了 · What a lovely clip, watched it twice!</p>\n".repeat(300);

  private BenchPages() {}

  static void serve(HttpExchange ex, String path, int videos) throws IOException {
    int listings = (videos + PER_LISTING - 1) / PER_LISTING;
    if (path.startsWith("/bench/list/")) {
      int page = Integer.parseInt(path.substring("/bench/list/".length()));
      if (page < 1 || page > listings) {
        SampleSite.text(ex, 404, "text/html", "<html><body>no such page</body></html>");
        return;
      }
      StringBuilder sb =
          new StringBuilder(
              "<!doctype html><html><head><meta charset=\"utf-8\"><title>bench</title></head><body><ul>");
      for (int i = (page - 1) * PER_LISTING; i < Math.min(videos, page * PER_LISTING); i++) {
        sb.append("<li><a href=\"/bench/v/")
            .append(i)
            .append("\">video ")
            .append(i)
            .append("</a></li>");
      }
      sb.append("</ul>");
      if (page < listings) {
        sb.append("<a class=\"next\" href=\"/bench/list/").append(page + 1).append("\">next</a>");
      }
      SampleSite.text(ex, 200, "text/html; charset=utf-8", sb.append("</body></html>").toString());
    } else if (path.startsWith("/bench/v/")) {
      String id = path.substring("/bench/v/".length());
      String html =
          "<!doctype html><html><head><meta charset=\"utf-8\"><title>bench video "
              + id
              + "</title><script type=\"application/ld+json\">{\"@context\":\"https://schema.org\",\"@type\":\"VideoObject\",\"identifier\":\"b"
              + id
              + "\",\"name\":\"基准视频 number "
              + id
              + "\",\"contentUrl\":\"/media/c04.mp4\",\"duration\":\"PT11S\",\"uploadDate\":\"2024-05-01\",\"width\":640,\"height\":360,"
              + "\"interactionStatistic\":{\"@type\":\"InteractionCounter\",\"interactionType\":{\"@type\":\"WatchAction\"},\"userInteractionCount\":\"1.2万\"}}"
              + "</script></head><body><h1>基准视频 "
              + id
              + "</h1><a href=\"/bench/list/1\">home</a>"
              + FILLER
              + "</body></html>";
      SampleSite.text(ex, 200, "text/html; charset=utf-8", html);
    } else {
      SampleSite.text(ex, 404, "text/html", "<html><body>no such page</body></html>");
    }
  }
}
