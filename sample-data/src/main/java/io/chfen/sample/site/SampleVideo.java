package io.chfen.sample.site;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.ArrayList;
import java.util.List;

/**
 * One entry of the sample site's catalog.yaml: a video page and what the demo should make of it.
 */
@JsonIgnoreProperties(ignoreUnknown = false)
public final class SampleVideo {
  public String id;

  /** Page path segment when it differs from the id (a second URL for the same video, ...). */
  public String page;

  /** jsonld, jsonld-graph, opengraph, microdata, selector, state, endpoint, broken-html. */
  public String style;

  public String title;
  public String description;
  public String author;
  public List<String> tags = new ArrayList<>();
  public String published;
  public String duration;
  public Integer width;
  public Integer height;
  public String views;
  public String likes;
  public String comments;
  public String shares;
  public String language;

  /** File in the sample media directory, or "@html" for a media URL that answers with a page. */
  public String media;

  /** Listed only in the sitemap, not on the listing pages. */
  public boolean sitemapOnly;

  /** kept, kept:near_duplicate_of:ID, filtered:REASON or failed:REASON. */
  public String expect;

  /** For kept videos: the process stage's outcome, ok, failed:REASON or absent:no_video_stream. */
  public String process;

  /** The page's path on the site. */
  public String path() {
    String seg = page != null ? page : id;
    return switch (style) {
      case "selector" -> "/sv/" + seg;
      case "state", "endpoint" -> "/app/" + seg;
      default -> "/v/" + seg;
    };
  }

  /** The media's path on the site. */
  public String mediaPath() {
    return "@html".equals(media) ? "/media/not-a-video.mp4" : "/media/" + media;
  }

  public String expectedOutcome() {
    return expect.split(":", 2)[0];
  }

  /** The reason code for filtered and failed, e.g. "missing_field:title". */
  public String expectedReason() {
    String[] p = expect.split(":", 2);
    return p.length > 1 && !p[0].equals("kept") ? p[1] : null;
  }
}
