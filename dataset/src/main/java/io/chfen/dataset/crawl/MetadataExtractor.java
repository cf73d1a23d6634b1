package io.chfen.dataset.crawl;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/**
 * Finds the videos a page or a JSON response describes, in every style short-video sites use:
 * schema.org {@code VideoObject} as JSON-LD (also inside {@code @graph}, arrays and nested nodes)
 * or microdata (nested items followed: author → Person → name, interactionStatistic → count),
 * OpenGraph video tags, HTML5 {@code <video>} elements, and a site profile's rules over the page,
 * its JSON state or the response ({@link SiteProfile}, {@link Rule}). Jsoup runs no JavaScript.
 *
 * <p>Sources merge field by field: the profile first (the user's explicit rule), then JSON-LD,
 * microdata, HTML5 video, OpenGraph and the sitemap's hints — except the media address, where a
 * direct media file beats a player page whichever source named it. OpenGraph joins only when it is
 * about the video (a video {@code og:type}, or the video's own URL or title): a page-level
 * description of an article is not the description of the clip embedded in it. Stateless and
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
          .enable(JsonReadFeature.ALLOW_BACKSLASH_ESCAPING_ANY_CHARACTER)
          .build();

  /** Source names recorded in {@code fieldSources}. */
  static final String JSONLD = "jsonld";

  static final String MICRODATA = "microdata";
  static final String OPENGRAPH = "opengraph";
  static final String HTML5 = "html5_video";
  static final String PAGE_LINK = "page_link";
  static final String DERIVED = "derived";

  /** The rules of a profile that found nothing on a page, for the crawl log and --explain. */
  public record Miss(String key, String rule) {}

  /**
   * What one page gave: its videos, the profile rules that found nothing, the next page, and the
   * links the profile's {@code links} rule names (null: no such rule, follow the page's links).
   */
  public record Result(
      List<VideoFields> videos, List<Miss> misses, String nextUrl, List<String> links) {
    static Result of(List<VideoFields> videos) {
      return new Result(videos, List.of(), null, null);
    }
  }

  /** The videos on a page, each with per-field sources; empty when the page describes none. */
  public List<VideoFields> extract(
      Document doc, SiteProfile profile, VideoFields hints, JsonNode endpointJson) {
    return page(doc, profile, hints, endpointJson).videos();
  }

  /** The same, with the profile rules that matched nothing and the listing's next page. */
  public Result page(Document doc, SiteProfile profile, VideoFields hints, JsonNode endpointJson) {
    Rule.Page page =
        profile == null
            ? null
            : new Rule.Page(doc, jsonRoots(doc, profile, endpointJson), doc.location());
    Result r = pageVideos(doc, profile, page, hints);
    if (profile == null || profile.linksRule() == null) {
      return r;
    }
    return withLinks(r, links(page, profile, r.misses()));
  }

  /**
   * @param page the page as the profile's rules read it (its JSON sources parsed once), or null
   *     without a profile
   */
  private Result pageVideos(Document doc, SiteProfile profile, Rule.Page page, VideoFields hints) {
    String pageUrl = doc.location();
    List<Miss> misses = new ArrayList<>();
    if (profile != null) {
      if (profile.itemsRule() != null) {
        return listing(page, profile, misses);
      }
    }
    List<VideoFields> structured = new ArrayList<>(jsonLd(doc));
    List<VideoFields> micro = microdata(doc);
    if (structured.size() == 1 && micro.size() == 1) {
      structured.get(0).mergeFrom(micro.get(0));
    } else if (structured.isEmpty()) {
      structured.addAll(micro);
    }
    VideoFields fromProfile =
        page == null ? new VideoFields() : fields(page, profile, null, misses);
    String next = page == null ? null : nextUrl(page, profile, misses);
    if (structured.size() > 1) {
      return new Result(several(doc, structured, fromProfile), misses, next, null);
    }
    VideoFields merged = new VideoFields().mergeFrom(fromProfile);
    List<VideoFields> layers = new ArrayList<>(List.of(fromProfile));
    structured.forEach(
        s -> {
          merged.mergeFrom(s);
          layers.add(s);
        });
    VideoFields html5 = html5Video(doc);
    merged.mergeFrom(html5);
    layers.add(html5);
    VideoFields card = playerCard(doc);
    merged.mergeFrom(card);
    layers.add(card);
    VideoFields og = openGraph(doc);
    if (ogDescribes(doc, og, merged, structured.isEmpty())) {
      merged.mergeFrom(og);
      layers.add(og);
    } else {
      VideoFields ogVideo = ogVideoOnly(og);
      merged.mergeFrom(ogVideo);
      layers.add(ogVideo);
    }
    boolean profileFound =
        fromProfile.asMap().keySet().stream().anyMatch(f -> f != Field.PLATFORM_ID);
    boolean looksLikeVideo =
        !structured.isEmpty() || profileFound || merged.has(Field.MEDIA_URL) || isOgVideoType(doc);
    if (!looksLikeVideo) {
      return new Result(List.of(), misses, next, null);
    }
    if (hints != null) {
      merged.mergeFrom(hints);
      layers.add(hints);
    }
    if (profile != null) {
      // the URL's id is the last resort: an id the page states wins
      merged.offer(Field.PLATFORM_ID, profile.platformId(pageUrl), "url", "idPattern");
    }
    bestMedia(merged, layers);
    nameTheAuthor(doc, merged);
    commonFields(doc, merged);
    return new Result(List.of(merged), misses, next, null);
  }

  /** A JSON response (a seed, a listing endpoint, a followed link) under a profile, or generic. */
  public Result json(JsonNode response, String url, SiteProfile profile) {
    Result r = jsonVideos(response, url, profile);
    if (profile == null || profile.linksRule() == null) {
      return r;
    }
    Map<String, JsonNode> roots = new LinkedHashMap<>();
    roots.put(SiteProfile.RESPONSE, response);
    return withLinks(r, links(new Rule.Page(null, roots, url), profile, r.misses()));
  }

  /** A listing's next page is worth asking for only while its pages hold videos or links. */
  private static Result withLinks(Result r, List<String> links) {
    String next = r.videos().isEmpty() && links.isEmpty() ? null : r.nextUrl();
    return new Result(r.videos(), r.misses(), next, links);
  }

  /** The addresses the profile's links rule names, resolved against the page's. */
  private static List<String> links(Rule.Page page, SiteProfile profile, List<Miss> misses) {
    Rule rule = profile.linksRule();
    Rule.Found found = rule.applyLinks(page);
    if (found.isEmpty()) {
      misses.add(new Miss("links", rule.text));
      return List.of();
    }
    List<String> out = new ArrayList<>();
    for (String v : found.values()) {
      String u = url(page.url(), v);
      if (u != null && !out.contains(u)) {
        out.add(u);
      }
    }
    return out;
  }

  private Result jsonVideos(JsonNode response, String url, SiteProfile profile) {
    if (profile != null) {
      Map<String, JsonNode> roots = new LinkedHashMap<>();
      roots.put(SiteProfile.RESPONSE, response);
      Rule.Page page = new Rule.Page(null, roots, url);
      List<Miss> misses = new ArrayList<>();
      if (profile.itemsRule() != null) {
        return listing(page, profile, misses);
      }
      VideoFields v = fields(page, profile, null, misses);
      String next = nextUrl(page, profile, misses);
      if (v.isEmpty()) {
        return new Result(List.of(), misses, next, null);
      }
      v.offer(Field.PLATFORM_ID, profile.platformId(url), "url", "idPattern");
      return new Result(List.of(v), misses, next, null);
    }
    // no profile: schema.org JSON-LD served as JSON, or an oEmbed answer about a video
    List<VideoFields> out = new ArrayList<>();
    List<JsonNode> videos = new ArrayList<>();
    collectVideoObjects(response, videos);
    videos.forEach(n -> out.add(fromVideoObject(url, n, JSONLD)));
    if (out.isEmpty() && "video".equals(Json.text(response.get("type")))) {
      VideoFields v = new VideoFields();
      String src = "oembed";
      v.offer(Field.TITLE, Json.text(response.get("title")), src, "title");
      v.offer(Field.AUTHOR, Json.text(response.get("author_name")), src, "author_name");
      v.offer(
          Field.THUMBNAIL_URL,
          url(url, Json.text(response.get("thumbnail_url"))),
          src,
          "thumbnail_url");
      v.offer(Field.WIDTH, Json.text(response.get("width")), src, "width");
      v.offer(Field.HEIGHT, Json.text(response.get("height")), src, "height");
      v.offer(Field.DURATION, Json.text(response.get("duration")), src, "duration");
      out.add(v);
    }
    return Result.of(out);
  }

  // ---- profile --------------------------------------------------------------------------------

  private static Result listing(Rule.Page page, SiteProfile profile, List<Miss> misses) {
    Rule items = profile.itemsRule();
    List<Object> found = new ArrayList<>();
    found.addAll(items.nodes(page));
    found.addAll(items.elements(page));
    if (found.isEmpty()) {
      misses.add(new Miss("items", items.text));
    }
    List<VideoFields> videos = new ArrayList<>();
    for (Object item : found) {
      VideoFields v = fields(page, profile, item, new ArrayList<>());
      if (!v.isEmpty()) {
        videos.add(v);
      }
    }
    // a rule that found nothing in every item is a miss; one that found something somewhere is not
    if (!videos.isEmpty()) {
      for (Map.Entry<Field, List<Rule>> f : profile.rules().entrySet()) {
        if (videos.stream().noneMatch(v -> v.has(f.getKey()))) {
          f.getValue().forEach(r -> misses.add(new Miss("fields." + f.getKey().key, r.text)));
        }
      }
    }
    String next = found.isEmpty() ? null : nextUrl(page, profile, misses);
    return new Result(videos, misses, next, null);
  }

  /**
   * The profile's fields on a page or a listing item; each field's rules in fallback order. A field
   * none of whose rules found anything is a miss (each of its rules listed); a rule passed over for
   * a later one that found the value is a fallback doing its job, not a miss.
   */
  private static VideoFields fields(
      Rule.Page page, SiteProfile profile, Object item, List<Miss> misses) {
    VideoFields v = new VideoFields();
    for (Map.Entry<Field, List<Rule>> f : profile.rules().entrySet()) {
      Field field = f.getKey();
      boolean tags = field == Field.TAGS;
      for (Rule r : f.getValue()) {
        Rule.Found found = r.apply(page, item, tags);
        if (found.isEmpty()) {
          continue;
        }
        String source = sourceKind(found.source());
        if (tags) {
          v.offerTags(found.values(), source, r.text);
        } else if (field == Field.MEDIA_URL
            || field == Field.THUMBNAIL_URL
            || field == Field.CANONICAL_URL) {
          v.offer(field, url(page.url(), found.first()), source, r.text);
        } else {
          v.offer(field, found.first(), source, r.text);
        }
        if (v.has(field)) {
          break;
        }
      }
      if (!v.has(field)) {
        f.getValue().forEach(r -> misses.add(new Miss("fields." + field.key, r.text)));
      }
    }
    return v;
  }

  /** The kind of source a rule read, as {@code fieldSources} records it. */
  private static String sourceKind(String from) {
    if (from == null) {
      return "state_json";
    }
    return switch (from) {
      case "selector", "url" -> from;
      case SiteProfile.ENDPOINT -> "json_endpoint";
      case SiteProfile.RESPONSE -> "json_response";
      case "item" -> "json_item";
      default -> "state_json";
    };
  }

  /** The next page of a listing per the profile's {@code next}, or null. */
  private static String nextUrl(Rule.Page page, SiteProfile profile, List<Miss> misses) {
    if (profile.next == null) {
      return null;
    }
    Map<String, Rule> rules = profile.nextRules();
    Rule whileRule = rules.get("while");
    if (whileRule != null && !truthy(whileRule.apply(page, null, false).first())) {
      return null;
    }
    Rule until = rules.get("until");
    if (until != null && truthy(until.apply(page, null, false).first())) {
      return null;
    }
    if (rules.containsKey("url")) {
      String u = rules.get("url").apply(page, null, false).first();
      return u == null ? null : url(page.url(), u);
    }
    String param = profile.next.param;
    String value;
    if (rules.containsKey("value")) {
      value = rules.get("value").apply(page, null, false).first();
      if (value == null) {
        misses.add(new Miss("next.value", rules.get("value").text));
        return null;
      }
    } else {
      String current = queryParam(page.url(), param);
      String stepSpec = profile.next.step;
      long n;
      long step;
      try {
        step =
            stepSpec == null
                ? 1
                : stepSpec.matches("\\d+")
                    ? Long.parseLong(stepSpec)
                    : Long.parseLong(String.valueOf(queryParam(page.url(), stepSpec)));
        n = current == null ? (stepSpec == null ? 1 : 0) : Long.parseLong(current);
      } catch (NumberFormatException e) {
        misses.add(new Miss("next.step", String.valueOf(stepSpec)));
        return null;
      }
      value = Long.toString(n + step);
    }
    return withQueryParam(page.url(), param, value);
  }

  private static boolean truthy(String v) {
    return v != null && !v.isBlank() && !v.equals("false") && !v.equals("0") && !v.equals("null");
  }

  static String queryParam(String url, String name) {
    int q = url.indexOf('?');
    if (q < 0) {
      return null;
    }
    for (String p : url.substring(q + 1).split("&")) {
      String[] kv = p.split("=", 2);
      if (kv[0].equals(name)) {
        return kv.length > 1 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "";
      }
    }
    return null;
  }

  static String withQueryParam(String url, String name, String value) {
    String enc = URLEncoder.encode(value, StandardCharsets.UTF_8);
    int q = url.indexOf('?');
    String base = q < 0 ? url : url.substring(0, q);
    List<String> params = new ArrayList<>();
    boolean set = false;
    if (q >= 0) {
      for (String p : url.substring(q + 1).split("&")) {
        if (p.split("=", 2)[0].equals(name)) {
          params.add(name + "=" + enc);
          set = true;
        } else if (!p.isEmpty()) {
          params.add(p);
        }
      }
    }
    if (!set) {
      params.add(name + "=" + enc);
    }
    return base + "?" + String.join("&", params);
  }

  /** The page's JSON sources by name, in the profile's order, then the endpoint's JSON. */
  static Map<String, JsonNode> jsonRoots(Document doc, SiteProfile profile, JsonNode endpoint) {
    Map<String, JsonNode> roots = new LinkedHashMap<>();
    List<String> names = profile.jsonNames();
    for (int i = 0; i < profile.json.size(); i++) {
      SiteProfile.JsonSource s = profile.json.get(i);
      List<JsonNode> found = new ArrayList<>();
      if (s.script != null) {
        for (Element script : doc.select("script:not([src])")) {
          String js = script.data();
          int at = js.indexOf(s.script);
          if (at >= 0) {
            JsonNode n = parseAssignedJson(js, at + s.script.length());
            if (n != null) {
              found.add(n);
              break;
            }
          }
        }
      } else {
        List<Element> scripts =
            s.id != null
                ? doc.getElementById(s.id) == null ? List.of() : List.of(doc.getElementById(s.id))
                : doc.select(s.selector);
        for (Element e : scripts) {
          String text = e.data().isEmpty() ? e.text() : e.data();
          if ("url".equals(s.decode)) {
            try {
              text = URLDecoder.decode(text.trim(), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException ex) {
              continue;
            }
          }
          try {
            found.add(LENIENT_JSON.readTree(text));
          } catch (IOException ex) {
            // not JSON: this source holds nothing on this page
          }
        }
      }
      for (int k = 0; k < found.size(); k++) {
        roots.put(k == 0 ? names.get(i) : names.get(i) + "#" + (k + 1), found.get(k));
      }
    }
    if (endpoint != null) {
      roots.put(SiteProfile.ENDPOINT, endpoint);
    }
    return roots;
  }

  /**
   * Several videos on one page (JSON-LD lists, microdata items): each stands alone, and the
   * profile's fields go to the one they describe (same id, URL, media or title), or stand as one
   * more video.
   */
  private static List<VideoFields> several(
      Document doc, List<VideoFields> videos, VideoFields fromProfile) {
    List<VideoFields> out = new ArrayList<>();
    boolean placed = fromProfile.isEmpty();
    for (VideoFields v : videos) {
      if (!placed && sameVideo(fromProfile, v)) {
        VideoFields merged = new VideoFields().mergeFrom(fromProfile).mergeFrom(v);
        bestMedia(merged, List.of(fromProfile, v));
        out.add(merged);
        placed = true;
      } else {
        bestMedia(v, List.of(v));
        out.add(v);
      }
    }
    if (!placed) {
      out.add(fromProfile);
    }
    out.forEach(v -> nameTheAuthor(doc, v));
    return out;
  }

  private static boolean sameVideo(VideoFields a, VideoFields b) {
    for (Field f : List.of(Field.PLATFORM_ID, Field.CANONICAL_URL, Field.MEDIA_URL, Field.TITLE)) {
      if (a.has(f) && b.has(f) && a.get(f).equals(b.get(f))) {
        return true;
      }
    }
    return false;
  }

  private static void commonFields(Document doc, VideoFields v) {
    Element canonical = doc.selectFirst("link[rel=canonical][href]");
    if (canonical != null) {
      v.offer(
          Field.CANONICAL_URL, canonical.absUrl("href"), "link_canonical", "link[rel=canonical]");
    }
    v.offer(Field.CANONICAL_URL, meta(doc, "og:url"), OPENGRAPH, "og:url");
    Element html = doc.selectFirst("html");
    v.offer(Field.LANGUAGE, html == null ? null : html.attr("lang"), "html_lang", "html@lang");
  }

  // ---- the media address ----------------------------------------------------------------------

  private static final Set<String> MEDIA_EXT =
      Set.of("mp4", "m4v", "mov", "webm", "mkv", "flv", "avi", "ts", "3gp", "ogv", "mpg", "mpeg");
  private static final Set<String> MANIFEST_EXT = Set.of("m3u8", "mpd");
  private static final Set<String> PAGE_EXT =
      Set.of("html", "htm", "php", "asp", "aspx", "jsp", "shtml", "swf");

  /**
   * How directly an address gives the media: 3 a media file, 2 a streaming manifest (HLS, DASH), 1
   * unknown (a CDN path without an extension), 0 a page or player to embed.
   */
  static int mediaRank(String url, String type) {
    String path = url.replaceFirst("[?#].*$", "");
    String lower = path.toLowerCase(Locale.ROOT);
    String last = lower.substring(lower.lastIndexOf('/') + 1);
    int dot = last.lastIndexOf('.');
    String ext = dot < 0 ? "" : last.substring(dot + 1);
    // the address's own evidence first: sites often label a player page with the media's type
    if (PAGE_EXT.contains(ext) || PLAYER_PAGE.matcher(lower).find()) {
      return 0;
    }
    if (MEDIA_EXT.contains(ext)) {
      return 3;
    }
    if (MANIFEST_EXT.contains(ext)) {
      return 2;
    }
    String t = type == null ? "" : type.toLowerCase(Locale.ROOT);
    if (t.contains("mpegurl") || t.contains("dash+xml")) {
      return 2;
    }
    if (t.contains("html") || t.contains("shockwave")) {
      return 0;
    }
    return t.startsWith("video/") ? 3 : 1;
  }

  /** Player and embed pages: an embed path segment, a player host, YouTube's old /v/ player. */
  private static final Pattern PLAYER_PAGE =
      Pattern.compile(
          "^https?://(?:player\\.[^/]+/|[^/]+/(?:.*/)?[^/]*embed[^/]*(?:/|$)|[^/]*youtube\\.com/v/)");

  /**
   * The media address: the profile's when it gave one (the user's explicit rule); otherwise, source
   * by source in priority order, the most direct address of the first source that names something
   * other than a player page. A later source's file does not beat an earlier source's stream: an
   * article's {@code og:video} is often a preview, its VideoObject the clip itself.
   */
  private static void bestMedia(VideoFields merged, List<VideoFields> layers) {
    VideoFields first = layers.get(0);
    if (first.has(Field.MEDIA_URL) && isProfileSource(first.source(Field.MEDIA_URL))) {
      return;
    }
    for (VideoFields layer : layers) {
      VideoFields.Value best = null;
      VideoFields.Value bestType = null;
      int bestRank = 0; // a player page is not the media: better none than one to fail downloading
      for (VideoFields.Value m : layer.mediaCandidates()) {
        boolean primary = m.raw().equals(layer.get(Field.MEDIA_URL));
        int r = mediaRank(m.raw(), primary ? layer.get(Field.MEDIA_TYPE) : null);
        if (r > bestRank) {
          bestRank = r;
          best = m;
          bestType = primary ? layer.value(Field.MEDIA_TYPE) : null;
        }
      }
      if (best != null) {
        merged.replace(Field.MEDIA_URL, best);
        merged.replace(Field.MEDIA_TYPE, bestType);
        return;
      }
    }
    merged.replace(Field.MEDIA_URL, null);
    merged.replace(Field.MEDIA_TYPE, null);
  }

  /** Sources a profile's rules record (a rule's value is the user's choice, never re-ranked). */
  private static boolean isProfileSource(String source) {
    return switch (source) {
      case "selector", "url", "state_json", "json_endpoint", "json_response", "json_item" -> true;
      default -> false;
    };
  }

  // ---- the author -----------------------------------------------------------------------------

  /**
   * An author given as a profile address becomes the name the page shows for it: the text of a link
   * to that profile, else {@code <meta name=author>}, else the profile's handle (its last path
   * segment, marked derived).
   */
  private static void nameTheAuthor(Document doc, VideoFields v) {
    String author = v.get(Field.AUTHOR);
    if (author == null || !author.matches("(?i)^https?://.*")) {
      return;
    }
    String want = pathKey(author);
    for (Element a : doc.select("a[href]")) {
      String href = a.absUrl("href");
      if (!href.isEmpty() && pathKey(href).equals(want) && !a.text().isBlank()) {
        v.replace(
            Field.AUTHOR, new VideoFields.Value(a.text().trim(), PAGE_LINK, "a[href=author]"));
        return;
      }
    }
    String meta = meta(doc, "author");
    if (meta != null && !meta.isBlank() && !meta.matches("(?i)^https?://.*")) {
      v.replace(Field.AUTHOR, new VideoFields.Value(meta.trim(), "meta", "meta[name=author]"));
      return;
    }
    String[] segments = want.replaceAll("/+$", "").split("/");
    String handle = segments[segments.length - 1].replaceFirst("^@", "");
    if (!handle.isBlank() && segments.length > 1) {
      v.replace(
          Field.AUTHOR,
          new VideoFields.Value(
              URLDecoder.decode(handle, StandardCharsets.UTF_8), DERIVED, "author URL"));
    }
  }

  /** Host and path of a URL in one spelling (no scheme, query, fragment or trailing slash). */
  private static String pathKey(String url) {
    String s = url.replaceFirst("(?i)^https?://(www\\.)?", "").replaceFirst("[?#].*$", "");
    return s.toLowerCase(Locale.ROOT).replaceAll("/+$", "");
  }

  // ---- JSON-LD --------------------------------------------------------------------------------

  static List<VideoFields> jsonLd(Document doc) {
    List<ObjectNode> videos = new ArrayList<>();
    for (Element script : doc.select("script[type=application/ld+json]")) {
      JsonNode root;
      try {
        root = LENIENT_JSON.readTree(script.data());
      } catch (IOException e) {
        continue; // a broken block; the page's other sources may still describe the video
      }
      List<JsonNode> found = new ArrayList<>();
      collectVideoObjects(root, found);
      found.forEach(n -> addOrMerge(videos, (ObjectNode) n));
    }
    List<VideoFields> out = new ArrayList<>();
    videos.forEach(n -> out.add(fromVideoObject(doc.location(), n, JSONLD)));
    return out;
  }

  /** Identities of a VideoObject: one shared with another means both describe the same video. */
  private static final List<String> VIDEO_IDENTITY = List.of("@id", "contentUrl", "embedUrl");

  /**
   * Adds a VideoObject, or completes the one already found that describes the same video (same
   * {@code @id}, {@code contentUrl} or {@code embedUrl}: pages repeat a video in several blocks).
   */
  private static void addOrMerge(List<ObjectNode> videos, ObjectNode video) {
    for (ObjectNode known : videos) {
      for (String key : VIDEO_IDENTITY) {
        String a = Json.url(known.get(key));
        if (a != null && !a.isBlank() && a.equals(Json.url(video.get(key)))) {
          video
              .fields()
              .forEachRemaining(
                  e -> {
                    if (!known.has(e.getKey())) {
                      known.set(e.getKey(), e.getValue());
                    }
                  });
          return;
        }
      }
    }
    videos.add(video.deepCopy());
  }

  private static void collectVideoObjects(JsonNode node, List<JsonNode> out) {
    collectVideoObjects(node, null, out);
  }

  /**
   * Every VideoObject in a JSON-LD tree; one held by another work (a post, an article, a page whose
   * video it is) is paired with that work, whose facts are the video's where it has none.
   */
  private static void collectVideoObjects(JsonNode node, JsonNode parent, List<JsonNode> out) {
    if (node == null) {
      return;
    }
    if (node.isArray()) {
      node.forEach(n -> collectVideoObjects(n, parent, out));
    } else if (node.isObject()) {
      if (hasType(node, "VideoObject")) {
        out.add(parent == null ? node.deepCopy() : withParent(node, parent));
        return;
      }
      boolean work =
          node.has("@type") && !hasType(node, "WebSite") && !hasType(node, "BreadcrumbList");
      node.fields()
          .forEachRemaining(e -> collectVideoObjects(e.getValue(), work ? node : parent, out));
    }
  }

  /** A video's properties, then those of the work that holds it for the ones it lacks. */
  private static JsonNode withParent(JsonNode video, JsonNode parent) {
    ObjectNode merged = ((ObjectNode) video).deepCopy();
    for (String p :
        List.of(
            "interactionStatistic",
            "interactionCount",
            "author",
            "creator",
            "datePublished",
            "keywords",
            "inLanguage",
            "headline")) {
      if (!merged.has(p) && parent.has(p)) {
        merged.set(p, parent.get(p));
      } else if (p.equals("interactionStatistic") && parent.has(p)) {
        ArrayNode all = JsonNodeFactory.instance.arrayNode();
        list(merged.get(p)).forEach(all::add);
        list(parent.get(p)).forEach(all::add); // the post's counts add the kinds the video lacks
        merged.set(p, all);
      }
    }
    return merged;
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
      for (String s : x.asText().split("\\s+")) {
        if (s.equals(type) || s.endsWith("/" + type) || s.endsWith(":" + type)) {
          return true;
        }
      }
    }
    return false;
  }

  /** Legacy {@code interactionCount} values such as "UserPlays:1234" or "UserLikes: 56". */
  private static final Pattern LEGACY_COUNT = Pattern.compile("(?i)^\\s*user(\\w+)\\s*:\\s*(.+)$");

  /** A schema.org VideoObject (from JSON-LD, or microdata turned into the same tree). */
  static VideoFields fromVideoObject(String base, JsonNode n, String src) {
    VideoFields v = new VideoFields();
    v.offer(Field.TITLE, text(n, "name"), src, "name");
    v.offer(Field.TITLE, text(n, "headline"), src, "headline");
    v.offer(Field.DESCRIPTION, text(n, "description"), src, "description");
    // every address that may be the media; the most direct wins after the merge
    v.offerMedia(url(base, Json.url(n.get("contentUrl"))), src, "contentUrl");
    v.offerMedia(url(base, Json.url(n.get("embedUrl"))), src, "embedUrl");
    v.offer(Field.MEDIA_TYPE, text(n, "encodingFormat"), src, "encodingFormat");
    v.offer(Field.THUMBNAIL_URL, url(base, Json.url(n.get("thumbnailUrl"))), src, "thumbnailUrl");
    v.offer(Field.THUMBNAIL_URL, url(base, Json.url(n.get("thumbnail"))), src, "thumbnail");
    v.offer(Field.PUBLISHED_AT, text(n, "uploadDate"), src, "uploadDate");
    v.offer(Field.PUBLISHED_AT, text(n, "datePublished"), src, "datePublished");
    v.offer(Field.PUBLISHED_AT, text(n, "dateCreated"), src, "dateCreated");
    v.offer(Field.DURATION, text(n, "duration"), src, "duration");
    v.offer(Field.WIDTH, text(n, "width"), src, "width");
    v.offer(Field.HEIGHT, text(n, "height"), src, "height");
    v.offer(Field.AUTHOR, text(n, "author"), src, "author");
    v.offer(Field.AUTHOR, text(n, "creator"), src, "creator");
    v.offer(Field.LANGUAGE, text(n, "inLanguage"), src, "inLanguage");
    v.offer(Field.PLATFORM_ID, text(n, "identifier"), src, "identifier");
    v.offer(Field.PLATFORM_ID, text(n, "videoId"), src, "videoId");
    v.offer(Field.CANONICAL_URL, url(base, Json.url(n.get("url"))), src, "url");
    JsonNode kw = n.get("keywords");
    if (kw != null) {
      List<String> tags = new ArrayList<>();
      if (kw.isArray()) {
        kw.forEach(k -> tags.add(Json.text(k)));
      } else {
        tags.addAll(List.of(kw.asText().split("[,，、;]")));
      }
      v.offerTags(tags, src, "keywords");
    }
    for (JsonNode s : list(n.get("interactionStatistic"))) {
      String type = Json.text(s.get("interactionType"));
      String count = Json.text(s.get("userInteractionCount"));
      Field f = type == null ? null : interaction(type);
      if (f != null && count != null) {
        v.offer(f, count, src, "interactionStatistic");
      }
    }
    for (JsonNode c : list(n.get("interactionCount"))) {
      String raw = Json.text(c);
      Matcher m = raw == null ? null : LEGACY_COUNT.matcher(raw);
      if (m != null && m.matches()) {
        Field f = interaction(m.group(1));
        if (f != null) {
          v.offer(f, m.group(2), src, "interactionCount");
        }
      } else {
        v.offer(Field.VIEWS, raw, src, "interactionCount");
      }
    }
    return v;
  }

  private static List<JsonNode> list(JsonNode n) {
    List<JsonNode> out = new ArrayList<>();
    if (n == null || n.isNull()) {
      return out;
    }
    if (n.isArray()) {
      n.forEach(out::add);
    } else {
      out.add(n);
    }
    return out;
  }

  private static Field interaction(String type) {
    String t = type.toLowerCase(Locale.ROOT);
    if (t.contains("watch") || t.contains("view") || t.contains("play")) {
      return Field.VIEWS;
    }
    if (t.contains("like")) {
      return Field.LIKES;
    }
    if (t.contains("comment")) {
      return Field.COMMENTS;
    }
    return t.contains("share") ? Field.SHARES : null;
  }

  /** The text of a JSON-LD property (see {@link Json#text}). */
  static String text(JsonNode n, String prop) {
    return Json.text(n.get(prop));
  }

  private static String url(String base, String href) {
    return href == null ? null : Normalize.absoluteUrl(base, Normalize.text(href)).orElse(null);
  }

  // ---- microdata ------------------------------------------------------------------------------

  /**
   * Every top-level microdata VideoObject on the page as a VideoObject tree: nested items are
   * followed (an author's Person gives its name; an InteractionCounter its count), as JSON-LD's.
   */
  static List<VideoFields> microdata(Document doc) {
    List<VideoFields> out = new ArrayList<>();
    for (Element scope : doc.select("[itemscope][itemtype~=(?i)schema.org/VideoObject]")) {
      if (scope.hasAttr("itemprop") && enclosingScope(scope) != null) {
        continue; // a video inside another item is that item's property
      }
      out.add(fromVideoObject(doc.location(), item(scope), MICRODATA));
    }
    return out;
  }

  private static ObjectNode item(Element scope) {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("@type", scope.attr("itemtype"));
    for (Element e : scope.select("[itemprop]")) {
      if (e == scope || enclosingScope(e) != scope) {
        continue;
      }
      JsonNode value =
          e.hasAttr("itemscope") ? item(e) : JsonNodeFactory.instance.textNode(itemValue(e));
      for (String prop : e.attr("itemprop").trim().split("\\s+")) {
        JsonNode was = o.get(prop);
        if (was == null) {
          o.set(prop, value);
        } else if (was.isArray()) {
          ((ArrayNode) was).add(value);
        } else {
          o.set(prop, JsonNodeFactory.instance.arrayNode().add(was).add(value));
        }
      }
    }
    return o;
  }

  /** The nearest ancestor of {@code e} that opens an item. */
  private static Element enclosingScope(Element e) {
    for (Element p = e.parent(); p != null; p = p.parent()) {
      if (p.hasAttr("itemscope")) {
        return p;
      }
    }
    return null;
  }

  /** A property's value per the microdata spec, plus the {@code content} sites put on links. */
  private static String itemValue(Element e) {
    if (e.hasAttr("content")) {
      return e.attr("content");
    }
    return switch (e.tagName()) {
      case "link", "a", "area" -> e.absUrl("href");
      case "img", "video", "source", "embed", "iframe", "audio", "track" -> e.absUrl("src");
      case "object" -> e.absUrl("data");
      case "time" -> e.hasAttr("datetime") ? e.attr("datetime") : e.text();
      case "data", "meter" -> e.attr("value");
      default -> e.text();
    };
  }

  // ---- HTML5 video ----------------------------------------------------------------------------

  /** The page's first {@code <video>} with an address: its source (MP4 preferred), poster, size. */
  static VideoFields html5Video(Document doc) {
    VideoFields v = new VideoFields();
    for (Element video : doc.select("video")) {
      List<Element> sources = new ArrayList<>();
      if (!video.attr("src").isBlank()) {
        sources.add(video);
      }
      sources.addAll(video.select("source[src]"));
      sources.sort(
          (a, b) ->
              Integer.compare(
                  mediaRank(b.absUrl("src"), b.attr("type")),
                  mediaRank(a.absUrl("src"), a.attr("type"))));
      for (Element s : sources) {
        String src = s.absUrl("src");
        if (src.isEmpty() || src.startsWith("blob:")) {
          continue;
        }
        v.offerMedia(src, HTML5, s == video ? "video@src" : "video source@src");
        v.offer(Field.MEDIA_TYPE, s.attr("type"), HTML5, "source@type");
      }
      if (!v.has(Field.MEDIA_URL) && video.attr("poster").isBlank()) {
        continue;
      }
      v.offer(
          Field.THUMBNAIL_URL, url(doc.location(), video.attr("poster")), HTML5, "video@poster");
      v.offer(Field.WIDTH, video.attr("width"), HTML5, "video@width");
      v.offer(Field.HEIGHT, video.attr("height"), HTML5, "video@height");
      break;
    }
    return v;
  }

  // ---- OpenGraph ------------------------------------------------------------------------------

  static VideoFields openGraph(Document doc) {
    String src = OPENGRAPH;
    VideoFields v = new VideoFields();
    for (String p : List.of("og:video:secure_url", "og:video:url", "og:video")) {
      v.offerMedia(url(doc.location(), meta(doc, p)), src, p);
    }
    v.offer(Field.MEDIA_TYPE, meta(doc, "og:video:type"), src, "og:video:type");
    v.offer(Field.WIDTH, meta(doc, "og:video:width"), src, "og:video:width");
    v.offer(Field.HEIGHT, meta(doc, "og:video:height"), src, "og:video:height");
    v.offer(Field.TITLE, meta(doc, "og:title"), src, "og:title");
    v.offer(Field.DESCRIPTION, meta(doc, "og:description"), src, "og:description");
    v.offer(Field.THUMBNAIL_URL, url(doc.location(), meta(doc, "og:image")), src, "og:image");
    for (String p : List.of("video:duration", "og:video:duration")) {
      v.offer(Field.DURATION, meta(doc, p), src, p);
    }
    for (String p : List.of("video:release_date", "og:video:release_date")) {
      v.offer(Field.PUBLISHED_AT, meta(doc, p), src, p);
    }
    v.offer(Field.AUTHOR, meta(doc, "video:director"), src, "video:director");
    v.offer(Field.LANGUAGE, meta(doc, "og:locale"), src, "og:locale");
    List<String> tags = new ArrayList<>();
    for (Element e :
        doc.select(
            "meta[property=video:tag], meta[name=video:tag], meta[property=og:video:tag],"
                + " meta[name=og:video:tag]")) {
      tags.add(e.attr("content"));
    }
    v.offerTags(tags, src, "og:video:tag");
    return v;
  }

  /**
   * A player card ({@code twitter:card=player}): its stream is the media file itself, its player a
   * page to embed; a card describes the media it plays, so its title and image are the video's.
   */
  static VideoFields playerCard(Document doc) {
    VideoFields v = new VideoFields();
    if (!"player".equalsIgnoreCase(String.valueOf(meta(doc, "twitter:card")))) {
      return v;
    }
    String src = "player_card";
    v.offerMedia(
        url(doc.location(), meta(doc, "twitter:player:stream")), src, "twitter:player:stream");
    String type = meta(doc, "twitter:player:stream:content_type");
    v.offer(
        Field.MEDIA_TYPE,
        type == null ? null : type.split(";")[0],
        src,
        "twitter:player:stream:content_type");
    v.offerMedia(url(doc.location(), meta(doc, "twitter:player")), src, "twitter:player");
    v.offer(Field.TITLE, meta(doc, "twitter:title"), src, "twitter:title");
    v.offer(Field.DESCRIPTION, meta(doc, "twitter:description"), src, "twitter:description");
    v.offer(
        Field.THUMBNAIL_URL, url(doc.location(), meta(doc, "twitter:image")), src, "twitter:image");
    return v;
  }

  /** The OpenGraph tags that describe the video itself, whatever the page is about. */
  private static VideoFields ogVideoOnly(VideoFields og) {
    VideoFields v = new VideoFields();
    for (Field f :
        List.of(
            Field.MEDIA_URL,
            Field.MEDIA_TYPE,
            Field.WIDTH,
            Field.HEIGHT,
            Field.DURATION,
            Field.TAGS)) {
      VideoFields.Value x = og.value(f);
      if (x != null) {
        v.replace(f, x);
      }
    }
    og.mediaCandidates().forEach(m -> v.offerMedia(m.raw(), m.source(), m.rule()));
    return v;
  }

  /**
   * Whether the page's OpenGraph is about the video: a video og:type, no other description of a
   * video on the page, or the same URL or title as the video's.
   */
  private static boolean ogDescribes(
      Document doc, VideoFields og, VideoFields video, boolean alone) {
    if (isOgVideoType(doc) || og.has(Field.MEDIA_URL)) {
      return true;
    }
    if (alone && !video.has(Field.TITLE)) {
      return true;
    }
    String ogUrl = meta(doc, "og:url");
    if (ogUrl != null && video.has(Field.CANONICAL_URL)) {
      String a = Normalize.canonicalUrl(url(doc.location(), ogUrl));
      if (a != null && a.equals(Normalize.canonicalUrl(video.get(Field.CANONICAL_URL)))) {
        return true;
      }
    }
    return og.has(Field.TITLE) && og.get(Field.TITLE).equals(video.get(Field.TITLE));
  }

  private static boolean isOgVideoType(Document doc) {
    String t = meta(doc, "og:type");
    return t != null && t.toLowerCase(Locale.ROOT).startsWith("video");
  }

  static String meta(Document doc, String property) {
    Element e = doc.selectFirst("meta[property=" + property + "], meta[name=" + property + "]");
    return e == null ? null : e.attr("content");
  }

  // ---- script state ---------------------------------------------------------------------------

  /**
   * The JSON value assigned after {@code from}, by {@code =} or as an object's property ({@code
   * item: {...}}); null when there is none.
   */
  static JsonNode parseAssignedJson(String js, int from) {
    int eq = from;
    while (eq < js.length() && Character.isWhitespace(js.charAt(eq))) {
      eq++;
    }
    if (eq >= js.length() || (js.charAt(eq) != '=' && js.charAt(eq) != ':')) {
      eq = js.indexOf('=', from);
      if (eq < 0) {
        return null;
      }
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
}
