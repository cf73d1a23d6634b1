package io.chfen.dataset.crawl;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.jayway.jsonpath.Configuration;
import com.jayway.jsonpath.JsonPath;
import com.jayway.jsonpath.Option;
import com.jayway.jsonpath.PathNotFoundException;
import com.jayway.jsonpath.spi.json.JacksonJsonNodeJsonProvider;
import com.jayway.jsonpath.spi.mapper.JacksonMappingProvider;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.select.Elements;

/**
 * Finds the videos a page describes, in every style short-video sites use: schema.org {@code
 * VideoObject} JSON-LD (also inside {@code @graph}, arrays and nested nodes), microdata, OpenGraph
 * video tags, per-site CSS selectors, and the JSON state single-page sites assign in a script tag
 * (Jsoup runs no JavaScript). One page with several JSON-LD videos yields several videos; otherwise
 * the sources merge field by field, the site profile first (it is the user's explicit rule), then
 * JSON-LD, microdata, the script state, OpenGraph and the sitemap's hints. Stateless and
 * thread-safe.
 */
public final class MetadataExtractor {

  /**
   * Lenient: JSON-LD and script state in the wild carry comments, single quotes, trailing commas.
   */
  static final ObjectMapper LENIENT_JSON =
      JsonMapper.builder()
          .enable(JsonReadFeature.ALLOW_JAVA_COMMENTS)
          .enable(JsonReadFeature.ALLOW_SINGLE_QUOTES)
          .enable(JsonReadFeature.ALLOW_UNQUOTED_FIELD_NAMES)
          .enable(JsonReadFeature.ALLOW_TRAILING_COMMA)
          .enable(JsonReadFeature.ALLOW_UNESCAPED_CONTROL_CHARS)
          .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
          .build();

  private static final Configuration JSON_PATH =
      Configuration.builder()
          .jsonProvider(new JacksonJsonNodeJsonProvider(LENIENT_JSON))
          .mappingProvider(new JacksonMappingProvider(LENIENT_JSON))
          .options(Option.SUPPRESS_EXCEPTIONS)
          .build();

  /** The videos on a page, each with per-field sources; empty when the page describes none. */
  public List<VideoFields> extract(
      Document doc, SiteProfile profile, VideoFields hints, JsonNode endpointJson) {
    String pageUrl = doc.location();
    List<VideoFields> jsonLd = jsonLd(doc);
    if (jsonLd.size() > 1) {
      jsonLd.forEach(v -> commonFields(doc, v));
      return jsonLd;
    }
    List<VideoFields> layers = new ArrayList<>();
    boolean profilePage = profile != null && profile.isVideoPage(pageUrl);
    if (profilePage) {
      layers.add(selectors(doc, profile));
      layers.add(state(doc, profile));
      if (endpointJson != null) {
        layers.add(paths(endpointJson, profile.endpointPaths, "json_endpoint", pageUrl));
      }
    }
    layers.addAll(jsonLd);
    layers.add(microdata(doc));
    layers.add(openGraph(doc));
    VideoFields merged = new VideoFields();
    layers.forEach(merged::mergeFrom);
    boolean looksLikeVideo =
        !jsonLd.isEmpty()
            || merged.has(Field.MEDIA_URL)
            || (profilePage && profile.videoPagePattern != null)
            || isOgVideoType(doc)
            || !doc.select("[itemtype~=(?i)schema.org/VideoObject]").isEmpty();
    if (!looksLikeVideo) {
      return List.of();
    }
    if (hints != null) {
      merged.mergeFrom(hints);
    }
    if (profile != null) {
      merged.offer(Field.PLATFORM_ID, profile.platformId(pageUrl), "url");
    }
    commonFields(doc, merged);
    return List.of(merged);
  }

  private static void commonFields(Document doc, VideoFields v) {
    Element canonical = doc.selectFirst("link[rel=canonical][href]");
    if (canonical != null) {
      v.offer(Field.CANONICAL_URL, canonical.absUrl("href"), "link_canonical");
    }
    v.offer(Field.CANONICAL_URL, meta(doc, "og:url"), "opengraph");
    String htmlLang = doc.selectFirst("html") == null ? null : doc.selectFirst("html").attr("lang");
    v.offer(Field.LANGUAGE, htmlLang, "html_lang");
  }

  // ---- JSON-LD --------------------------------------------------------------------------------

  static List<VideoFields> jsonLd(Document doc) {
    List<VideoFields> out = new ArrayList<>();
    for (Element script : doc.select("script[type=application/ld+json]")) {
      JsonNode root;
      try {
        root = LENIENT_JSON.readTree(script.data());
      } catch (IOException e) {
        continue; // a broken block; the page's other sources may still describe the video
      }
      List<JsonNode> videos = new ArrayList<>();
      collectVideoObjects(root, videos);
      for (JsonNode node : videos) {
        out.add(fromVideoObject(doc.location(), node));
      }
    }
    return out;
  }

  private static void collectVideoObjects(JsonNode node, List<JsonNode> out) {
    if (node == null) {
      return;
    }
    if (node.isArray()) {
      node.forEach(n -> collectVideoObjects(n, out));
    } else if (node.isObject()) {
      if (hasType(node, "VideoObject")) {
        out.add(node);
        return;
      }
      node.fields().forEachRemaining(e -> collectVideoObjects(e.getValue(), out));
    }
  }

  private static boolean hasType(JsonNode node, String type) {
    JsonNode t = node.get("@type");
    if (t == null) {
      return false;
    }
    List<JsonNode> types = new ArrayList<>();
    if (t.isArray()) {
      t.forEach(types::add);
    } else {
      types.add(t);
    }
    for (JsonNode x : types) {
      String s = x.asText();
      if (s.equals(type) || s.endsWith("/" + type) || s.endsWith(":" + type)) {
        return true;
      }
    }
    return false;
  }

  private static VideoFields fromVideoObject(String base, JsonNode n) {
    String src = "jsonld";
    VideoFields v = new VideoFields();
    v.offer(Field.TITLE, text(n, "name"), src);
    v.offer(Field.TITLE, text(n, "headline"), src);
    v.offer(Field.DESCRIPTION, text(n, "description"), src);
    v.offer(Field.MEDIA_URL, url(base, text(n, "contentUrl")), src);
    v.offer(Field.MEDIA_URL, url(base, text(n, "embedUrl")), src);
    v.offer(Field.MEDIA_TYPE, text(n, "encodingFormat"), src);
    v.offer(Field.THUMBNAIL_URL, url(base, text(n, "thumbnailUrl")), src);
    v.offer(Field.THUMBNAIL_URL, url(base, text(n, "thumbnail")), src);
    v.offer(Field.PUBLISHED_AT, text(n, "uploadDate"), src);
    v.offer(Field.PUBLISHED_AT, text(n, "datePublished"), src);
    v.offer(Field.DURATION, text(n, "duration"), src);
    v.offer(Field.WIDTH, text(n, "width"), src);
    v.offer(Field.HEIGHT, text(n, "height"), src);
    v.offer(Field.AUTHOR, text(n, "author"), src);
    v.offer(Field.AUTHOR, text(n, "creator"), src);
    v.offer(Field.LANGUAGE, text(n, "inLanguage"), src);
    v.offer(Field.PLATFORM_ID, text(n, "identifier"), src);
    v.offer(Field.CANONICAL_URL, url(base, text(n, "url")), src);
    JsonNode kw = n.get("keywords");
    if (kw != null) {
      List<String> tags = new ArrayList<>();
      if (kw.isArray()) {
        kw.forEach(k -> tags.add(k.asText()));
      } else {
        tags.addAll(List.of(kw.asText().split("[,，、;]")));
      }
      v.offerTags(tags, src);
    }
    JsonNode stats = n.get("interactionStatistic");
    if (stats != null) {
      List<JsonNode> list = new ArrayList<>();
      if (stats.isArray()) {
        stats.forEach(list::add);
      } else {
        list.add(stats);
      }
      for (JsonNode s : list) {
        String type = text(s, "interactionType");
        String count = text(s, "userInteractionCount");
        if (type == null || count == null) {
          continue;
        }
        String t = type.toLowerCase(Locale.ROOT);
        Field f =
            t.contains("watch") || t.contains("view")
                ? Field.VIEWS
                : t.contains("like")
                    ? Field.LIKES
                    : t.contains("comment")
                        ? Field.COMMENTS
                        : t.contains("share") ? Field.SHARES : null;
        if (f != null) {
          v.offer(f, count, src);
        }
      }
    }
    v.offer(Field.VIEWS, text(n, "interactionCount"), src);
    return v;
  }

  /**
   * The text of a JSON-LD property that may be a string, number, array (first item), an object with
   * {@code name}/{@code @id}/{@code url}/{@code value}, or an {@code @type} object (for interaction
   * types).
   */
  static String text(JsonNode n, String prop) {
    JsonNode v = n.get(prop);
    return asText(v);
  }

  private static String asText(JsonNode v) {
    if (v == null || v.isNull()) {
      return null;
    }
    if (v.isArray()) {
      return v.isEmpty() ? null : asText(v.get(0));
    }
    if (v.isObject()) {
      for (String k : List.of("name", "value", "url", "contentUrl", "@id", "@type")) {
        if (v.has(k)) {
          return asText(v.get(k));
        }
      }
      return null;
    }
    return v.asText();
  }

  private static String url(String base, String href) {
    return href == null ? null : Normalize.absoluteUrl(base, href).orElse(null);
  }

  // ---- microdata ------------------------------------------------------------------------------

  static VideoFields microdata(Document doc) {
    VideoFields v = new VideoFields();
    Element scope = doc.selectFirst("[itemscope][itemtype~=(?i)schema.org/VideoObject]");
    if (scope == null) {
      return v;
    }
    String src = "microdata";
    Map<String, Field> props =
        Map.ofEntries(
            Map.entry("name", Field.TITLE),
            Map.entry("headline", Field.TITLE),
            Map.entry("description", Field.DESCRIPTION),
            Map.entry("contentUrl", Field.MEDIA_URL),
            Map.entry("embedUrl", Field.MEDIA_URL),
            Map.entry("thumbnailUrl", Field.THUMBNAIL_URL),
            Map.entry("uploadDate", Field.PUBLISHED_AT),
            Map.entry("datePublished", Field.PUBLISHED_AT),
            Map.entry("duration", Field.DURATION),
            Map.entry("width", Field.WIDTH),
            Map.entry("height", Field.HEIGHT),
            Map.entry("author", Field.AUTHOR),
            Map.entry("inLanguage", Field.LANGUAGE),
            Map.entry("interactionCount", Field.VIEWS),
            Map.entry("identifier", Field.PLATFORM_ID));
    List<String> tags = new ArrayList<>();
    for (Element e : scope.select("[itemprop]")) {
      if (e != scope && nestedScopeBetween(e, scope)) {
        continue;
      }
      String prop = e.attr("itemprop");
      String value = itemValue(e);
      if (prop.equals("keywords")) {
        tags.addAll(List.of(value.split("[,，、;]")));
      } else if (props.containsKey(prop)) {
        v.offer(props.get(prop), value, src);
      }
    }
    v.offerTags(tags, src);
    return v;
  }

  private static boolean nestedScopeBetween(Element e, Element scope) {
    for (Element p = e.parent(); p != null && p != scope; p = p.parent()) {
      if (p.hasAttr("itemscope")) {
        // an author Person's name is the author's, not the video's
        return !"author".equals(p.attr("itemprop"));
      }
    }
    return false;
  }

  private static String itemValue(Element e) {
    return switch (e.tagName()) {
      case "meta" -> e.attr("content");
      case "link", "a" -> e.absUrl("href");
      case "img", "video", "source", "embed", "iframe", "audio" -> e.absUrl("src");
      case "time" -> e.hasAttr("datetime") ? e.attr("datetime") : e.text();
      case "data", "meter" -> e.attr("value");
      default -> e.hasAttr("content") ? e.attr("content") : e.text();
    };
  }

  // ---- OpenGraph ------------------------------------------------------------------------------

  static VideoFields openGraph(Document doc) {
    String src = "opengraph";
    VideoFields v = new VideoFields();
    for (String p : List.of("og:video:secure_url", "og:video:url", "og:video")) {
      v.offer(Field.MEDIA_URL, url(doc.location(), meta(doc, p)), src);
    }
    v.offer(Field.MEDIA_TYPE, meta(doc, "og:video:type"), src);
    v.offer(Field.WIDTH, meta(doc, "og:video:width"), src);
    v.offer(Field.HEIGHT, meta(doc, "og:video:height"), src);
    v.offer(Field.TITLE, meta(doc, "og:title"), src);
    v.offer(Field.DESCRIPTION, meta(doc, "og:description"), src);
    v.offer(Field.THUMBNAIL_URL, url(doc.location(), meta(doc, "og:image")), src);
    v.offer(Field.DURATION, meta(doc, "video:duration"), src);
    v.offer(Field.PUBLISHED_AT, meta(doc, "video:release_date"), src);
    v.offer(Field.AUTHOR, meta(doc, "video:director"), src);
    String locale = meta(doc, "og:locale");
    v.offer(Field.LANGUAGE, locale, src);
    List<String> tags = new ArrayList<>();
    for (Element e : doc.select("meta[property=video:tag], meta[name=video:tag]")) {
      tags.add(e.attr("content"));
    }
    v.offerTags(tags, src);
    return v;
  }

  private static boolean isOgVideoType(Document doc) {
    String t = meta(doc, "og:type");
    return t != null && t.toLowerCase(Locale.ROOT).startsWith("video");
  }

  static String meta(Document doc, String property) {
    Element e = doc.selectFirst("meta[property=" + property + "], meta[name=" + property + "]");
    return e == null ? null : e.attr("content");
  }

  // ---- site profile: CSS selectors, script state ----------------------------------------------

  static VideoFields selectors(Document doc, SiteProfile profile) {
    VideoFields v = new VideoFields();
    profile.selectors.forEach(
        (key, rule) -> {
          Field f = Field.ofKey(key);
          String css = rule;
          String attr = null;
          int at = rule.lastIndexOf('@');
          if (at > 0) {
            css = rule.substring(0, at).trim();
            attr = rule.substring(at + 1).trim();
          }
          Elements found = doc.select(css);
          if (found.isEmpty()) {
            return;
          }
          if (f == Field.TAGS) {
            List<String> tags = new ArrayList<>();
            for (Element e : found) {
              tags.add(attr == null ? e.text() : e.attr(attr));
            }
            v.offerTags(tags, "selector");
            return;
          }
          Element e = found.first();
          String value;
          if (attr == null) {
            value = e.text();
          } else if (attr.equals("href") || attr.equals("src") || attr.equals("poster")) {
            value = e.absUrl(attr);
          } else {
            value = e.attr(attr);
          }
          v.offer(f, value, "selector");
        });
    return v;
  }

  static VideoFields state(Document doc, SiteProfile profile) {
    if (profile.stateScript == null || profile.statePaths.isEmpty()) {
      return new VideoFields();
    }
    for (Element script : doc.select("script:not([src])")) {
      String js = script.data();
      int at = js.indexOf(profile.stateScript);
      if (at < 0) {
        continue;
      }
      JsonNode state = parseAssignedJson(js, at + profile.stateScript.length());
      if (state != null) {
        return paths(state, profile.statePaths, "state_json", doc.location());
      }
    }
    return new VideoFields();
  }

  /** The JSON value assigned after {@code from} ({@code = {...};}); null when there is none. */
  static JsonNode parseAssignedJson(String js, int from) {
    int eq = js.indexOf('=', from);
    if (eq < 0) {
      return null;
    }
    int start = eq + 1;
    while (start < js.length() && Character.isWhitespace(js.charAt(start))) {
      start++;
    }
    if (start >= js.length() || (js.charAt(start) != '{' && js.charAt(start) != '[')) {
      return null;
    }
    // JavaScript literals that JSON lacks
    String body = js.substring(start).replaceAll("(?<=[:\\[,])\\s*undefined\\b", "null");
    try (JsonParser p = LENIENT_JSON.createParser(body)) {
      return LENIENT_JSON.readTree(p); // reads one value and stops before the trailing ";..."
    } catch (IOException e) {
      return null;
    }
  }

  static VideoFields paths(JsonNode json, Map<String, String> paths, String source, String base) {
    VideoFields v = new VideoFields();
    paths.forEach(
        (key, path) -> {
          Field f = Field.ofKey(key);
          JsonNode found;
          try {
            found = JsonPath.using(JSON_PATH).parse(json).read(path, JsonNode.class);
          } catch (PathNotFoundException | ClassCastException e) {
            return;
          }
          if (found == null || found.isNull() || found.isMissingNode()) {
            return;
          }
          if (f == Field.TAGS && found.isArray()) {
            List<String> tags = new ArrayList<>();
            found.forEach(t -> tags.add(asText(t)));
            v.offerTags(tags, source);
          } else if (f == Field.MEDIA_URL || f == Field.THUMBNAIL_URL || f == Field.CANONICAL_URL) {
            v.offer(f, url(base, asText(found)), source);
          } else {
            v.offer(f, asText(found), source);
          }
        });
    return v;
  }
}
