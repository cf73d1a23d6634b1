package io.chfen.app.print;

import io.chfen.dataset.crawl.Explainer;
import io.chfen.dataset.crawl.Field;
import io.chfen.dataset.crawl.MetadataExtractor;
import io.chfen.dataset.crawl.VideoFields;
import io.chfen.dataset.crawl.VideoFilter;
import io.chfen.records.VideoMetadata;
import java.io.PrintStream;
import java.util.Map;
import org.apache.avro.Schema;

/** What {@code chfen crawl --explain} prints: one page's fields, their sources and rules. */
public final class CrawlTables {
  private CrawlTables() {}

  /** Longest value shown in a cell; the rest is elided. */
  private static final int MAX_VALUE = 48;

  public static void explain(Explainer.Explanation e, PrintStream out) {
    out.println("page     " + e.url() + " (" + e.kind() + ")");
    out.println("profile  " + (e.profile() == null ? "none: generic markup only" : e.profile()));
    if (e.endpoint() != null) {
      out.println("endpoint " + e.endpoint());
    }
    out.println("verdict  " + e.verdict() + " (" + e.videos().size() + " video(s))");
    int n = 0;
    for (Explainer.Video v : e.videos()) {
      n++;
      out.println();
      out.println(
          "video "
              + n
              + ": "
              + v.record().getId()
              + " → "
              + (v.kept() ? "kept" : "filtered: " + reasons(v)));
      Table t = new Table("field", "on the page", "recorded", "source", "rule");
      for (Map.Entry<Field, VideoFields.Value> f : v.fields().asMap().entrySet()) {
        VideoFields.Value x = f.getValue();
        String value = f.getKey() == Field.TAGS ? String.join(", ", v.fields().tags()) : x.raw();
        t.row(
            f.getKey().key,
            cell(value),
            cell(recorded(v.record(), f.getKey())),
            x.source(),
            x.rule() == null ? "" : cell(x.rule()));
      }
      out.print(t);
    }
    out.println();
    if (e.misses().isEmpty()) {
      out.println("rules that found nothing: none");
    } else {
      out.println("rules that found nothing:");
      for (MetadataExtractor.Miss m : e.misses().stream().distinct().toList()) {
        out.println("  " + m.key() + ": " + m.rule());
      }
    }
    if (e.links() != null) {
      out.println("links to follow: " + e.links().size());
      e.links().stream().limit(5).forEach(l -> out.println("  " + l));
      if (e.links().size() > 5) {
        out.println("  …");
      }
    }
    out.println("next page: " + (e.nextUrl() == null ? "none" : e.nextUrl()));
  }

  /** The value as the crawl records it (normalised), or "—" when it could not be read. */
  private static String recorded(VideoMetadata v, Field f) {
    if (f == Field.PLATFORM_ID) {
      return v.getId();
    }
    if (f == Field.TAGS) {
      return String.join(", ", v.getTags());
    }
    Schema.Field field = v.getSchema().getField(f.key);
    Object value = field == null ? null : v.get(field.pos());
    return value == null ? "—" : value.toString();
  }

  private static String reasons(Explainer.Video v) {
    StringBuilder sb = new StringBuilder();
    for (VideoFilter.Rejection r : v.failed()) {
      sb.append(sb.length() == 0 ? "" : "; ")
          .append(r.reason())
          .append(" (")
          .append(r.detail())
          .append(')');
    }
    return sb.toString();
  }

  private static String cell(String s) {
    String one = s.replace('\n', ' ').replace('|', '¦');
    return one.length() <= MAX_VALUE ? one : one.substring(0, MAX_VALUE - 1) + "…";
  }
}
