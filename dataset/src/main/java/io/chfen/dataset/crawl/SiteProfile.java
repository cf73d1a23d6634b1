package io.chfen.dataset.crawl;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.io.Serializable;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Per-site extraction rules from the crawl YAML, for sites whose pages lack JSON-LD, microdata or
 * OpenGraph video tags, keep their data in JSON state, or answer from JSON APIs. Every rule is
 * parsed when the config loads ({@link #validate}), so a typo fails the run before any fetch,
 * naming the site, the key and the rule.
 *
 * <pre>
 * sites:
 *   - name: demo
 *     hosts: [www.demo.example, api.demo.example]
 *     match: "/v/|/api/feed"                   # URLs the profile applies to (regex); all if unset
 *     idPattern: "/v/([A-Za-z0-9_-]+)"        # platform id from the URL (group 1)
 *     timeZone: Asia/Shanghai                 # for dates the site writes without a zone
 *     json:                                   # JSON on the page, in the order "$" rules try it
 *       - {name: state, script: "window.__INITIAL_STATE__"}   # assigned in a script
 *       - {name: next, id: __NEXT_DATA__}                      # a script element by id
 *       - {name: render, id: RENDER_DATA, decode: url}         # URL-encoded JSON
 *       - {selector: "script[type='application/json']"}        # every match, in order
 *     jsonEndpoint: "/api/video/{id}.json"    # fetched per page; its JSON is the source "endpoint"
 *     items: "$.aweme_list[*]"                # a listing: one video per match, rules relative to it
 *     fields:                                 # field → rule, or rules tried in order
 *       title: ["state:$.video.title", "h1.video-title"]
 *       durationS: "$.video.duration | ms"
 *       tags: "$.video.tag_str | split(,)"
 *     next: {param: max_cursor, value: "$.max_cursor", while: "$.has_more"}  # a cursor
 *     # or {param: pn, until: "$.data.no_more"}, or {param: start, step: count} (offsets)
 *     links: "a.video-card"                  # links to follow: a selector (its href) or a $ path
 * </pre>
 *
 * <p>{@code hosts} entries are host names ({@code www.demo.example}), with a port when one is used,
 * {@code *.demo.example} for every subdomain, or {@code *} for any host (with a {@code match} that
 * names the software's paths, e.g. PeerTube's {@code /api/v1/videos/}).
 *
 * <p>A JSON response (a seed, a followed link or a listing endpoint) is the source {@code
 * response}. Rules are described in {@link Rule}.
 */
@JsonIgnoreProperties(ignoreUnknown = false)
public final class SiteProfile implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Names the JSON of a response and of a {@code jsonEndpoint}; not usable for page sources. */
  public static final String RESPONSE = "response";

  public static final String ENDPOINT = "endpoint";

  public String name;
  public List<String> hosts = List.of();
  public String match;
  public String idPattern;
  public String timeZone;
  public List<JsonSource> json = new ArrayList<>();
  public String jsonEndpoint;
  public String items;
  public Map<String, List<String>> fields = new LinkedHashMap<>();
  public Next next;
  public String links;

  /** Where a page keeps JSON: exactly one of script, id and selector. */
  @JsonIgnoreProperties(ignoreUnknown = false)
  public static final class JsonSource implements Serializable {
    private static final long serialVersionUID = 1L;

    /** The name rules use ({@code name:$.path}); {@code json<n>} (from 1) when unset. */
    public String name;

    /** A JavaScript assignment target, e.g. {@code window.__INITIAL_STATE__}. */
    public String script;

    /** The id of a script element holding JSON, e.g. {@code __NEXT_DATA__}. */
    public String id;

    /** A CSS selector of script elements holding JSON; each match is one root, in page order. */
    public String selector;

    /** {@code url}: the text is URL-encoded JSON. */
    public String decode;
  }

  /** The next page of a listing: a URL rule, or a query parameter set from the response. */
  @JsonIgnoreProperties(ignoreUnknown = false)
  public static final class Next implements Serializable {
    private static final long serialVersionUID = 1L;

    /** A rule giving the next page's URL ("a.next@href", "$.paging.next"). */
    public String url;

    /** The query parameter that selects the page (a cursor or a page number). */
    public String param;

    /** A rule giving the parameter's next value (a cursor); unset: the current number plus one. */
    public String value;

    /** A rule that must give a true value ("true", "1", non-zero) for the next page to exist. */
    @JsonProperty("while")
    public String whileRule;

    /** A rule whose true value means this is the last page ({@code $.data.no_more}). */
    public String until;

    /**
     * Without {@code value}: how much the parameter grows per page, a number or the name of the
     * query parameter holding the page size (offset pagination: {@code start} grows by {@code
     * count}); 1 if unset.
     */
    public String step;
  }

  private transient Pattern idRegex;
  private transient Pattern matchRegex;
  private transient Map<Field, List<Rule>> parsed;
  private transient Rule itemsRule;
  private transient Rule linksRule;
  private transient Map<String, Rule> nextRules;

  public boolean appliesToHost(String host) {
    String bare = host.replaceFirst(":\\d+$", "").toLowerCase(Locale.ROOT);
    for (String h : hosts) {
      String x = h.toLowerCase(Locale.ROOT);
      if (x.equals("*")
          || x.equals(host)
          || host.startsWith(x + ":")
          || (x.startsWith("*.")
              && (bare.endsWith(x.substring(1)) || bare.equals(x.substring(2))))) {
        return true;
      }
    }
    return false;
  }

  /** True when this URL is one the profile applies to per {@code match} (every URL if unset). */
  public boolean matches(String url) {
    if (match == null) {
      return true;
    }
    if (matchRegex == null) {
      matchRegex = Pattern.compile(match);
    }
    return matchRegex.matcher(url).find();
  }

  /** The platform id in the URL per {@code idPattern}, or null. */
  public String platformId(String url) {
    if (idPattern == null) {
      return null;
    }
    if (idRegex == null) {
      idRegex = Pattern.compile(idPattern);
    }
    Matcher m = idRegex.matcher(url);
    return m.find() ? m.group(1) : null;
  }

  /** The site's zone, else {@code fallback}. */
  public ZoneId zone(ZoneId fallback) {
    return timeZone == null ? fallback : ZoneId.of(timeZone);
  }

  /** Field → its rules in fallback order (parsed once). */
  public Map<Field, List<Rule>> rules() {
    if (parsed == null) {
      Map<Field, List<Rule>> m = new LinkedHashMap<>();
      fields.forEach((k, rules) -> m.put(Field.ofKey(k), rules.stream().map(Rule::parse).toList()));
      parsed = m;
    }
    return parsed;
  }

  /** The listing's item rule, or null for a page about one video. */
  public Rule itemsRule() {
    if (itemsRule == null && items != null) {
      itemsRule = Rule.parse(items);
    }
    return itemsRule;
  }

  /** The rule of the links to follow, or null for the default (every link of a page). */
  public Rule linksRule() {
    if (linksRule == null && links != null) {
      linksRule = Rule.parse(links);
    }
    return linksRule;
  }

  /** {@code url}, {@code value}, {@code while} of {@code next}, parsed; empty without next. */
  public Map<String, Rule> nextRules() {
    if (nextRules == null) {
      Map<String, Rule> m = new LinkedHashMap<>();
      if (next != null) {
        if (next.url != null) {
          m.put("url", Rule.parse(next.url));
        }
        if (next.value != null) {
          m.put("value", Rule.parse(next.value));
        }
        if (next.whileRule != null) {
          m.put("while", Rule.parse(next.whileRule));
        }
        if (next.until != null) {
          m.put("until", Rule.parse(next.until));
        }
      }
      nextRules = m;
    }
    return nextRules;
  }

  /** The names of the page's JSON sources, in order. */
  public List<String> jsonNames() {
    List<String> names = new ArrayList<>();
    for (int i = 0; i < json.size(); i++) {
      names.add(json.get(i).name != null ? json.get(i).name : "json" + (i + 1));
    }
    return names;
  }

  /** A rule or setting of a profile that cannot work, with the key and the value to find it by. */
  public static final class ProfileException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /** The offending value as written (null when a key is missing), to find its line. */
    public final String value;

    /** The profile's name, where the search for the line starts. */
    public final String site;

    ProfileException(String site, String key, String value, String problem) {
      super("site '" + site + "', " + key + ": " + problem);
      this.value = value;
      this.site = site;
    }
  }

  /** Checks every rule once, at config load, so a typo fails the run before any fetch. */
  public void validate() {
    if (name == null || name.isBlank()) {
      throw new ProfileException("?", "name", null, "a site profile needs a name");
    }
    if (hosts.isEmpty()) {
      throw new ProfileException(name, "hosts", null, "a site profile needs hosts");
    }
    regex("idPattern", idPattern, true);
    regex("match", match, false);
    if (timeZone != null) {
      try {
        ZoneId.of(timeZone);
      } catch (DateTimeException e) {
        throw new ProfileException(name, "timeZone", timeZone, "unknown zone '" + timeZone + "'");
      }
    }
    Set<String> sources = new LinkedHashSet<>(List.of(RESPONSE, ENDPOINT));
    List<String> names = jsonNames();
    for (int i = 0; i < json.size(); i++) {
      JsonSource s = json.get(i);
      String key = "json[" + i + "]";
      int set = (s.script != null ? 1 : 0) + (s.id != null ? 1 : 0) + (s.selector != null ? 1 : 0);
      if (set != 1) {
        String any = s.script != null ? s.script : s.id != null ? s.id : s.selector;
        throw new ProfileException(
            name, key, any, "give exactly one of script, id and selector (" + set + " given)");
      }
      if (s.decode != null && !s.decode.equals("url")) {
        throw new ProfileException(name, key + ".decode", s.decode, "only 'url' is known");
      }
      if (s.selector != null) {
        check(key + ".selector", s.selector);
      }
      if (!sources.add(names.get(i))) {
        throw new ProfileException(
            name, key + ".name", names.get(i), "the name '" + names.get(i) + "' is taken");
      }
    }
    if (jsonEndpoint != null && !jsonEndpoint.contains("{id}")) {
      throw new ProfileException(name, "jsonEndpoint", jsonEndpoint, "needs {id}");
    }
    if (jsonEndpoint != null && idPattern == null) {
      throw new ProfileException(name, "jsonEndpoint", jsonEndpoint, "needs idPattern");
    }
    if (items != null) {
      check("items", items);
    }
    for (Map.Entry<String, List<String>> f : fields.entrySet()) {
      try {
        Field.ofKey(f.getKey());
      } catch (IllegalArgumentException e) {
        throw new ProfileException(name, "fields." + f.getKey(), f.getKey(), e.getMessage());
      }
      for (int i = 0; i < f.getValue().size(); i++) {
        Rule r = check("fields." + f.getKey() + "[" + i + "]", f.getValue().get(i));
        if (r.source != null && !sources.contains(r.source)) {
          throw new ProfileException(
              name,
              "fields." + f.getKey() + "[" + i + "]",
              f.getValue().get(i),
              "no JSON source named '"
                  + r.source
                  + "' (known: "
                  + String.join(", ", sources)
                  + ")");
        }
      }
    }
    if (next != null) {
      if ((next.url == null) == (next.param == null)) {
        throw new ProfileException(
            name, "next", next.param != null ? next.param : next.url, "give either url or param");
      }
      if (next.url != null) {
        check("next.url", next.url);
      }
      if (next.value != null) {
        check("next.value", next.value);
      }
      if (next.whileRule != null) {
        check("next.while", next.whileRule);
      }
      if (next.until != null) {
        check("next.until", next.until);
      }
      if (next.step != null && next.value != null) {
        throw new ProfileException(
            name, "next.step", next.step, "step is for a counted parameter, not with value");
      }
    }
    if (links != null) {
      check("links", links);
    }
    parsed = null;
    rules();
  }

  private Rule check(String key, String rule) {
    try {
      return Rule.parse(rule);
    } catch (IllegalArgumentException e) {
      throw new ProfileException(name, key, rule, e.getMessage());
    }
  }

  private void regex(String key, String pattern, boolean needsGroup) {
    if (pattern == null) {
      return;
    }
    try {
      Pattern p = Pattern.compile(pattern);
      if (needsGroup && p.matcher("").groupCount() < 1) {
        throw new ProfileException(name, key, pattern, "needs a capture group");
      }
    } catch (PatternSyntaxException e) {
      throw new ProfileException(name, key, pattern, "bad pattern: " + e.getDescription());
    }
  }
}
