package io.chfen.sample.site;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import org.jsoup.nodes.Entities;

/**
 * Renders a sample video's page in its metadata style, the way real short-video sites write them.
 */
final class VideoPages {
  private static final ObjectMapper JSON = new ObjectMapper();

  private VideoPages() {}

  static String render(SampleVideo v, String base) {
    return switch (v.style) {
      case "jsonld" -> page(v, jsonLdScript(videoObject(v), v.language), "");
      case "jsonld-graph" -> page(v, jsonLdScript(graph(v), v.language), "");
      case "opengraph" -> page(v, openGraph(v), "");
      case "microdata" -> page(v, "", microdata(v));
      case "selector" -> page(v, "", selectorBody(v));
      case "state" ->
          page(
              v,
              "",
              "<div id=\"app\"></div><script>window.__INITIAL_STATE__ = "
                  + state(v)
                  + ";(function(){var s=document.currentScript;s.parentNode.removeChild(s);}());</script>");
      case "endpoint" ->
          page(v, "", "<div id=\"app\">加载中…</div><script src=\"/static/app.js\" defer></script>");
      case "broken-html" -> brokenHtml(v);
      default -> throw new IllegalArgumentException("unknown page style " + v.style);
    };
  }

  private static String page(SampleVideo v, String head, String body) {
    return "<!doctype html><html><head><meta charset=\"utf-8\"><title>"
        + esc(v.title == null ? "视频" : v.title)
        + " - 短视频 Demo</title><link rel=\"canonical\" href=\""
        + canonical(v)
        + "\">"
        + head
        + "</head><body><header><a href=\"/list/1\">首页</a></header><main>"
        + body
        + "</main><footer><a href=\"/list/1\">更多视频</a></footer></body></html>";
  }

  /** The canonical URL; a second copy of a video points at the first. */
  private static String canonical(SampleVideo v) {
    return v.page != null && v.page.startsWith(v.id + "-") ? "/v/" + v.id : v.path();
  }

  private static ObjectNode videoObject(SampleVideo v) {
    ObjectNode n = JSON.createObjectNode();
    n.put("@context", "https://schema.org").put("@type", "VideoObject");
    n.put("identifier", v.id);
    if (v.title != null) {
      n.put("name", v.title);
    }
    n.put("description", v.description);
    n.put("contentUrl", v.mediaPath());
    n.put("thumbnailUrl", "/thumbs/" + v.id + ".jpg");
    n.put("uploadDate", v.published);
    n.put("duration", v.duration);
    if (v.width != null) {
      n.put("width", v.width).put("height", v.height);
    }
    if (v.author != null) {
      n.putObject("author").put("@type", "Person").put("name", v.author);
    }
    if (!v.tags.isEmpty()) {
      n.put("keywords", String.join(",", v.tags));
    }
    ArrayNode stats = n.putArray("interactionStatistic");
    stat(stats, "WatchAction", v.views);
    stat(stats, "LikeAction", v.likes);
    stat(stats, "CommentAction", v.comments);
    stat(stats, "ShareAction", v.shares);
    return n;
  }

  private static void stat(ArrayNode stats, String type, String count) {
    if (count != null) {
      ObjectNode s = stats.addObject().put("@type", "InteractionCounter");
      s.putObject("interactionType").put("@type", type);
      s.put("userInteractionCount", count);
    }
  }

  private static ObjectNode graph(SampleVideo v) {
    ObjectNode root = JSON.createObjectNode().put("@context", "https://schema.org");
    ArrayNode g = root.putArray("@graph");
    g.addObject().put("@type", "WebSite").put("name", "短视频 Demo").put("url", "/");
    ObjectNode page = g.addObject().put("@type", "WebPage").put("name", v.title);
    ObjectNode video = videoObject(v);
    video.remove("@context");
    page.set("mainEntity", video);
    return root;
  }

  private static String jsonLdScript(ObjectNode n, String lang) {
    if (lang != null) {
      // inLanguage sits on the VideoObject, wherever the graph put it
      ObjectNode video =
          n.has("@graph") ? (ObjectNode) n.get("@graph").get(1).get("mainEntity") : n;
      video.put("inLanguage", lang);
    }
    return "<script type=\"application/ld+json\">" + json(n) + "</script>";
  }

  private static String openGraph(SampleVideo v) {
    StringBuilder sb = new StringBuilder();
    meta(sb, "og:type", "video.other");
    meta(sb, "og:title", v.title);
    meta(sb, "og:description", v.description);
    meta(sb, "og:video", v.mediaPath());
    meta(sb, "og:video:type", "video/mp4");
    meta(sb, "og:video:width", v.width == null ? null : v.width.toString());
    meta(sb, "og:video:height", v.height == null ? null : v.height.toString());
    meta(sb, "og:image", "/thumbs/" + v.id + ".jpg");
    meta(sb, "video:duration", v.duration);
    meta(sb, "video:release_date", v.published);
    for (String t : v.tags) {
      meta(sb, "video:tag", t);
    }
    return sb.toString();
  }

  private static void meta(StringBuilder sb, String property, String content) {
    if (content != null) {
      sb.append("<meta property=\"")
          .append(property)
          .append("\" content=\"")
          .append(esc(content))
          .append("\">");
    }
  }

  private static String microdata(SampleVideo v) {
    StringBuilder sb =
        new StringBuilder("<div itemscope itemtype=\"https://schema.org/VideoObject\">");
    sb.append("<h1 itemprop=\"name\">").append(esc(v.title)).append("</h1>");
    sb.append("<meta itemprop=\"identifier\" content=\"").append(v.id).append("\">");
    sb.append("<p itemprop=\"description\">").append(esc(v.description)).append("</p>");
    sb.append(
            "<span itemprop=\"author\" itemscope itemtype=\"https://schema.org/Person\"><span itemprop=\"name\">")
        .append(esc(v.author))
        .append("</span></span>");
    sb.append("<meta itemprop=\"duration\" content=\"").append(v.duration).append("\">");
    sb.append("<meta itemprop=\"uploadDate\" content=\"").append(v.published).append("\">");
    sb.append("<meta itemprop=\"width\" content=\"").append(v.width).append("\">");
    sb.append("<meta itemprop=\"height\" content=\"").append(v.height).append("\">");
    sb.append("<meta itemprop=\"interactionCount\" content=\"").append(v.views).append("\">");
    sb.append("<meta itemprop=\"keywords\" content=\"")
        .append(esc(String.join(",", v.tags)))
        .append("\">");
    sb.append("<meta itemprop=\"inLanguage\" content=\"").append(v.language).append("\">");
    sb.append("<video controls><source itemprop=\"contentUrl\" src=\"")
        .append(v.mediaPath())
        .append("\" type=\"video/mp4\"></video>");
    return sb.append("</div>").toString();
  }

  private static String selectorBody(SampleVideo v) {
    StringBuilder sb = new StringBuilder("<article class=\"video\">");
    sb.append("<h1 class=\"video-title\">").append(esc(v.title)).append("</h1>");
    sb.append("<video class=\"player\" width=\"")
        .append(v.width)
        .append("\" height=\"")
        .append(v.height)
        .append("\" controls><source src=\"")
        .append(v.mediaPath())
        .append("\" type=\"video/mp4\"></video>");
    sb.append("<div class=\"meta\"><a class=\"uploader\" href=\"/list/1\">")
        .append(esc(v.author))
        .append("</a>");
    sb.append("<time class=\"pubdate\" datetime=\"")
        .append(esc(v.published))
        .append("\">发布于 ")
        .append(esc(v.published))
        .append("</time>");
    sb.append("<span class=\"duration\">").append(esc(v.duration)).append("</span>");
    sb.append("<span class=\"views\">").append(esc(v.views)).append("</span> 次播放 ");
    sb.append("<span class=\"likes\">").append(esc(v.likes)).append("</span> 赞</div>");
    sb.append("<div class=\"video-desc\">")
        .append(esc(v.description))
        .append("</div><ul class=\"tags\">");
    for (String t : v.tags) {
      sb.append("<li>").append(esc(t)).append("</li>");
    }
    return sb.append("</ul></article>").toString();
  }

  private static String state(SampleVideo v) {
    ObjectNode root = JSON.createObjectNode();
    ObjectNode video = root.putObject("video");
    video.put("bvid", v.id).put("title", v.title).put("desc", v.description);
    video.putObject("owner").put("name", v.author).put("mid", 42);
    ArrayNode tags = video.putArray("tags");
    v.tags.forEach(tags::add);
    video.put("pubdate", v.published).put("duration", v.duration);
    video.putObject("dimension").put("width", v.width).put("height", v.height).put("rotate", 0);
    video.put("playUrl", v.mediaPath());
    video.putObject("stat").put("view", v.views).put("like", v.likes);
    root.putObject("user").put("isLogin", false);
    // JavaScript that is not JSON: a trailing comma and an undefined value
    return json(root).replace("\"isLogin\":false}", "\"isLogin\":false,\"token\":undefined,}");
  }

  /** No closing head, unclosed and misnested tags, an unterminated attribute, a broken script. */
  private static String brokenHtml(SampleVideo v) {
    return "<html><head><meta charset=utf-8><title>"
        + esc(v.title)
        + "</title><meta property=\"og:type\" content=\"video.other\">"
        + "<meta property=\"og:title\" content=\""
        + esc(v.title)
        + "\"><meta property=\"og:video\" content=\""
        + v.mediaPath()
        + "\"><meta property=\"og:video:width\" content=\""
        + v.width
        + "\"><meta property=\"og:video:height\" content=\""
        + v.height
        + "\"><meta property=\"video:duration\" content=\""
        + v.duration
        + "\"><meta property=\"video:release_date\" content=\""
        + v.published
        + "\"><meta property=\"og:description\" content=\""
        + esc(v.description)
        + "\"><body><div class=\"x><p>unclosed <b>bold <i>misnested</b> text</i><table><tr><td>cell</div>"
        + "<a href=\"/list/1\">back</a><script>var broken = {;</script>";
  }

  private static String json(Object n) {
    try {
      return JSON.writeValueAsString(n);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String esc(String s) {
    return s == null ? "" : Entities.escape(s);
  }
}
