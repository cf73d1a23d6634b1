package io.chfen.dataset.crawl;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Per-site extraction rules from the crawl YAML, for sites whose pages lack JSON-LD, microdata or
 * OpenGraph video tags, or that keep their data in a script's JSON state or a JSON endpoint.
 *
 * <pre>
 * sites:
 *   - name: demo
 *     hosts: [127.0.0.1]
 *     idPattern: "/v/([A-Za-z0-9_-]+)"      # platform id from the page URL (group 1)
 *     videoPagePattern: "/v/"               # pages where the rules below apply
 *     selectors:                            # field -> CSS selector, "@attr" for an attribute
 *       title: "h1.video-title"
 *       mediaUrl: "video.player source@src"
 *       tags: "ul.tags li"                  # every match for tags
 *     stateScript: "window.__INITIAL_STATE__"   # JSON assigned to this in a script tag
 *     statePaths: {title: "$.video.title"}       # field -> JSON path into that state
 *     jsonEndpoint: "/api/video/{id}.json"       # JSON fetched per page, {id} = platform id
 *     endpointPaths: {viewCount: "$.stats.play"}
 *     listingLinks: "a.video-card, a.next"  # links to follow (default: every a[href])
 * </pre>
 */
@JsonIgnoreProperties(ignoreUnknown = false)
public final class SiteProfile implements Serializable {
  private static final long serialVersionUID = 1L;

  public String name;
  public List<String> hosts = List.of();
  public String idPattern;
  public String videoPagePattern;
  public Map<String, String> selectors = new LinkedHashMap<>();
  public String stateScript;
  public Map<String, String> statePaths = new LinkedHashMap<>();
  public String jsonEndpoint;
  public Map<String, String> endpointPaths = new LinkedHashMap<>();
  public String listingLinks;

  private transient Pattern idRegex;
  private transient Pattern pageRegex;

  public boolean appliesToHost(String host) {
    return hosts.stream().anyMatch(h -> h.equalsIgnoreCase(host) || host.startsWith(h + ":"));
  }

  /** True when this URL is a video page per {@code videoPagePattern} (all pages if unset). */
  public boolean isVideoPage(String url) {
    if (videoPagePattern == null) {
      return true;
    }
    if (pageRegex == null) {
      pageRegex = Pattern.compile(videoPagePattern);
    }
    return pageRegex.matcher(url).find();
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

  /** Checks the rules once, at config load, so a typo fails the run before any fetch. */
  public void validate() {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("site profile without a name");
    }
    for (Map<String, String> m : List.of(selectors, statePaths, endpointPaths)) {
      m.keySet().forEach(Field::ofKey);
    }
    if (idPattern != null) {
      Pattern p = Pattern.compile(idPattern);
      if (p.matcher("").groupCount() < 1) {
        throw new IllegalArgumentException("site " + name + ": idPattern needs a capture group");
      }
    }
    if (videoPagePattern != null) {
      Pattern.compile(videoPagePattern);
    }
    if (jsonEndpoint != null && !jsonEndpoint.contains("{id}")) {
      throw new IllegalArgumentException("site " + name + ": jsonEndpoint needs {id}");
    }
    if (jsonEndpoint != null && idPattern == null) {
      throw new IllegalArgumentException("site " + name + ": jsonEndpoint needs idPattern");
    }
  }
}
