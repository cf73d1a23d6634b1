package io.chfen.dataset.crawl;

import com.fasterxml.jackson.databind.JsonNode;
import com.jayway.jsonpath.InvalidPathException;
import com.jayway.jsonpath.JsonPath;
import java.io.IOException;
import java.io.Serializable;
import java.math.BigDecimal;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Element;
import org.jsoup.select.Elements;
import org.jsoup.select.QueryParser;
import org.jsoup.select.Selector;

/**
 * One extraction rule of a site profile, parsed and checked when the config loads:
 *
 * <pre>
 *   [source:]$.json.path   [| transform]...   a JSON path into the page's JSON (or the listing item)
 *   css selector[@attr]    [| transform]...   an element's text, or one attribute
 *   &#64;url                   [| transform]...   the page's own URL
 * </pre>
 *
 * Transforms, applied left to right to every value: {@code ms} (milliseconds → seconds), {@code
 * split(,)} (one value → many, for tags), {@code regex(pattern)} (group 1, else the whole match; no
 * match drops the value), {@code strip(pattern)}, {@code cssurl} (the address in CSS {@code
 * url(…)}), {@code urldecode}, {@code text} (HTML → its text), {@code prefix(s)}, and {@code json}
 * followed by a {@code $} path (a string that holds JSON, read on). Immutable and thread-safe.
 */
public final class Rule implements Serializable {
  private static final long serialVersionUID = 1L;

  /** What a rule reads. */
  public enum Kind {
    JSON_PATH,
    CSS,
    PAGE_URL
  }

  /** The page a rule reads: its document (null for a JSON response), named JSON roots, its URL. */
  public record Page(Element doc, Map<String, JsonNode> json, String url) {}

  /** What a rule found, and the JSON source or element kind it came from. */
  public record Found(List<String> values, String source) {
    static final Found NOTHING = new Found(List.of(), null);

    public boolean isEmpty() {
      return values.isEmpty();
    }

    public String first() {
      return values.isEmpty() ? null : values.get(0);
    }
  }

  private static final Pattern SOURCE = Pattern.compile("^([A-Za-z_][A-Za-z0-9_-]*):(\\$.*)$");
  private static final Pattern TRANSFORM =
      Pattern.compile("^([a-z]+)(?:\\((.*)\\))?$", Pattern.DOTALL);
  private static final Pattern CSS_URL = Pattern.compile("url\\(\\s*['\"]?([^'\")]+)['\"]?\\s*\\)");

  /** The rule as written, for messages and {@code --explain}. */
  public final String text;

  public final Kind kind;

  /** The JSON source a {@code $} path names; null: every source in order. */
  public final String source;

  private final String body;
  private final String attr;
  private final List<String[]> transforms;

  private Rule(String text, Kind kind, String source, String body, String attr, List<String[]> t) {
    this.text = text;
    this.kind = kind;
    this.source = source;
    this.body = body;
    this.attr = attr;
    this.transforms = t;
  }

  /** Parses and checks a rule; the message of the exception says what is wrong with it. */
  public static Rule parse(String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("empty rule");
    }
    String[] stages = text.trim().split("\\s+\\|\\s+");
    String head = stages[0].trim();
    String source = null;
    Kind kind;
    String body = head;
    String attr = null;
    Matcher s = SOURCE.matcher(head);
    if (s.matches()) {
      source = s.group(1);
      body = s.group(2);
      kind = Kind.JSON_PATH;
    } else if (head.startsWith("$")) {
      kind = Kind.JSON_PATH;
    } else if (head.equals("@url")) {
      kind = Kind.PAGE_URL;
    } else {
      kind = Kind.CSS;
      int at = head.lastIndexOf('@');
      if (at > 0 && head.indexOf(']', at) < 0) {
        body = head.substring(0, at).trim();
        attr = head.substring(at + 1).trim();
        if (!attr.matches("[A-Za-z_:][-A-Za-z0-9_:.]*")) {
          throw new IllegalArgumentException("bad attribute name '" + attr + "'");
        }
      }
      try {
        QueryParser.parse(body);
      } catch (Selector.SelectorParseException | IllegalArgumentException e) {
        throw new IllegalArgumentException("bad CSS selector '" + body + "': " + e.getMessage());
      }
    }
    if (kind == Kind.JSON_PATH) {
      checkPath(body);
    }
    List<String[]> transforms = new ArrayList<>();
    for (int i = 1; i < stages.length; i++) {
      String stage = stages[i].trim();
      if (stage.startsWith("$")) {
        if (i == 1 || !"json".equals(transforms.get(transforms.size() - 1)[0])) {
          throw new IllegalArgumentException("a '$' path after the first needs 'json' before it");
        }
        checkPath(stage);
        transforms.add(new String[] {"$", stage});
        continue;
      }
      Matcher m = TRANSFORM.matcher(stage);
      if (!m.matches()) {
        throw new IllegalArgumentException("bad transform '" + stage + "'");
      }
      String name = m.group(1);
      String arg = m.group(2);
      switch (name) {
        case "ms", "cssurl", "urldecode", "text", "json" -> {
          if (arg != null) {
            throw new IllegalArgumentException("'" + name + "' takes no argument");
          }
        }
        case "split", "prefix" -> {
          if (arg == null || arg.isEmpty()) {
            throw new IllegalArgumentException("'" + name + "(…)' needs an argument");
          }
        }
        case "regex", "strip" -> {
          if (arg == null || arg.isEmpty()) {
            throw new IllegalArgumentException("'" + name + "(…)' needs a pattern");
          }
          try {
            Pattern.compile(arg);
          } catch (RuntimeException e) {
            throw new IllegalArgumentException("bad pattern in '" + stage + "': " + e.getMessage());
          }
        }
        default ->
            throw new IllegalArgumentException(
                "unknown transform '"
                    + name
                    + "' (ms, split, regex, strip, cssurl, urldecode, text, prefix, json)");
      }
      transforms.add(new String[] {name, arg});
    }
    if (!transforms.isEmpty() && "json".equals(transforms.get(transforms.size() - 1)[0])) {
      throw new IllegalArgumentException("'json' must be followed by a '$' path");
    }
    return new Rule(text.trim(), kind, source, body, attr, List.copyOf(transforms));
  }

  private static void checkPath(String path) {
    try {
      JsonPath.compile(path);
    } catch (InvalidPathException | IllegalArgumentException e) {
      throw new IllegalArgumentException("bad JSON path '" + path + "': " + e.getMessage());
    }
  }

  /**
   * The values this rule finds on a page; {@code item} (a JSON node or an element of a listing) is
   * the root of unprefixed rules when given. {@code all}: every match (tags, items), else the
   * first.
   */
  public Found apply(Page page, Object item, boolean all) {
    List<String> raw = new ArrayList<>();
    String from;
    switch (kind) {
      case PAGE_URL -> {
        raw.add(page.url());
        from = "url";
      }
      case CSS -> {
        Element root = item instanceof Element e ? e : page.doc();
        if (root == null) {
          return Found.NOTHING;
        }
        Elements found = root.select(body);
        for (Element e : found) {
          raw.add(cssValue(e));
          if (!all) {
            break;
          }
        }
        from = "selector";
      }
      default -> {
        from = null;
        List<Map.Entry<String, JsonNode>> roots = new ArrayList<>();
        if (source != null) {
          JsonNode r = page.json().get(source);
          if (r != null) {
            roots.add(Map.entry(source, r));
          }
        } else if (item instanceof JsonNode j) {
          roots.add(Map.entry("item", j));
        } else {
          roots.addAll(page.json().entrySet());
        }
        for (Map.Entry<String, JsonNode> r : roots) {
          List<String> v = Json.values(r.getValue(), body, all);
          if (!v.isEmpty()) {
            raw.addAll(v);
            from = r.getKey();
            break;
          }
        }
      }
    }
    List<String> out = transform(raw, all);
    return out.isEmpty() ? Found.NOTHING : new Found(out, from);
  }

  /** Every value of the rule, a selector's matches read as links (their {@code href}). */
  public Found applyLinks(Page page) {
    if (kind == Kind.CSS && attr == null && page.doc() != null) {
      List<String> hrefs = new ArrayList<>();
      for (Element e : page.doc().select(body)) {
        String href = e.absUrl("href");
        if (!href.isEmpty()) {
          hrefs.add(href);
        }
      }
      List<String> out = transform(hrefs, true);
      return out.isEmpty() ? Found.NOTHING : new Found(out, "selector");
    }
    return apply(page, null, true);
  }

  /** The JSON nodes a {@code $} rule matches (listing items); empty for other rules. */
  public List<JsonNode> nodes(Page page) {
    if (kind != Kind.JSON_PATH) {
      return List.of();
    }
    List<JsonNode> roots =
        source != null
            ? page.json().get(source) == null ? List.of() : List.of(page.json().get(source))
            : List.copyOf(page.json().values());
    for (JsonNode r : roots) {
      List<JsonNode> n = Json.nodes(r, body);
      if (!n.isEmpty()) {
        return n;
      }
    }
    return List.of();
  }

  /** The elements a CSS rule matches (listing cards); empty for other rules. */
  public List<Element> elements(Page page) {
    return kind == Kind.CSS && page.doc() != null ? page.doc().select(body) : List.of();
  }

  private String cssValue(Element e) {
    if (attr == null) {
      // a script's or style's text is data, not text (script:containsData(videoId) | regex(...))
      return e.tagName().equals("script") || e.tagName().equals("style") ? e.data() : e.text();
    }
    if (attr.equals("href") || attr.equals("src") || attr.equals("poster")) {
      String abs = e.absUrl(attr);
      return abs.isEmpty() ? e.attr(attr) : abs;
    }
    return e.attr(attr);
  }

  private List<String> transform(List<String> values, boolean all) {
    List<String> cur = values;
    for (int i = 0; i < transforms.size(); i++) {
      String name = transforms.get(i)[0];
      String arg = transforms.get(i)[1];
      List<String> next = new ArrayList<>();
      for (String v : cur) {
        if (v == null) {
          continue;
        }
        switch (name) {
          case "ms" -> {
            try {
              next.add(
                  new BigDecimal(v.trim()).movePointLeft(3).stripTrailingZeros().toPlainString());
            } catch (NumberFormatException e) {
              // not a number: dropped, as a path that matched nothing
            }
          }
          case "split" -> {
            for (String p : v.split(Pattern.quote(arg))) {
              if (!p.isBlank()) {
                next.add(p.trim());
              }
            }
          }
          case "regex" -> {
            Matcher m = Pattern.compile(arg).matcher(v);
            if (m.find()) {
              next.add(m.groupCount() >= 1 && m.group(1) != null ? m.group(1) : m.group());
            }
          }
          case "strip" -> next.add(v.replaceAll(arg, ""));
          case "cssurl" -> {
            Matcher m = CSS_URL.matcher(v);
            if (m.find()) {
              next.add(m.group(1));
            }
          }
          case "urldecode" -> {
            try {
              next.add(URLDecoder.decode(v, StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
              next.add(v);
            }
          }
          case "text" -> next.add(Jsoup.parseBodyFragment(v).text());
          case "prefix" -> next.add(v.startsWith(arg) ? v : arg + v);
          case "json" -> {
            String path = transforms.get(i + 1)[1];
            try {
              next.addAll(Json.values(MetadataExtractor.LENIENT_JSON.readTree(v), path, all));
            } catch (IOException e) {
              // not JSON: nothing found
            }
          }
          default -> next.add(v); // "$": consumed by the json stage before it
        }
      }
      if ("json".equals(name)) {
        i++;
      }
      cur = next;
    }
    return cur;
  }

  @Override
  public String toString() {
    return text;
  }
}
