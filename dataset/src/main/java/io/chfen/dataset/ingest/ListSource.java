package io.chfen.dataset.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.chfen.dataset.crawl.Field;
import io.chfen.dataset.crawl.VideoRecords;
import io.chfen.dataset.tables.Tables;
import io.chfen.schemas.ShardManifest;
import java.io.IOException;
import java.io.Serializable;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A list of videos a user has, one row each, as video2dataset takes them: CSV, TSV, JSON Lines or
 * Parquet with a {@code path} (relative to the list's folder, or absolute) or a {@code url} column,
 * and optional {@code id}, {@code split} and video fields ({@code title}, {@code description},
 * {@code author}, {@code tags}, {@code language}, {@code published}, {@code views}, {@code likes},
 * {@code comments}, {@code shares}); every other column is kept as it is ({@code extra}). Column
 * names can be mapped ({@link Columns}). A row that does not parse is rejected with its line and
 * cause, never skipped.
 */
public final class ListSource {

  /** The column keys that are not video fields. */
  public static final String PATH = "path";

  public static final String URL = "url";
  public static final String ID = "id";
  public static final String SPLIT = "split";

  /** The video field each column key fills. */
  private static final Map<String, Field> FIELDS = fields();

  private static Map<String, Field> fields() {
    Map<String, Field> m = new LinkedHashMap<>();
    m.put("title", Field.TITLE);
    m.put("description", Field.DESCRIPTION);
    m.put("author", Field.AUTHOR);
    m.put("tags", Field.TAGS);
    m.put("language", Field.LANGUAGE);
    m.put("published", Field.PUBLISHED_AT);
    m.put("views", Field.VIEWS);
    m.put("likes", Field.LIKES);
    m.put("comments", Field.COMMENTS);
    m.put("shares", Field.SHARES);
    return m;
  }

  /**
   * The list's column for each key (video2dataset's {@code url_col}, {@code caption_col}...): by
   * default the key itself; {@code title=caption} reads titles from a {@code caption} column.
   */
  public static final class Columns implements Serializable {
    private static final long serialVersionUID = 1L;
    private final Map<String, String> byKey = new LinkedHashMap<>();

    private Columns() {
      for (String k : keys()) {
        byKey.put(k, k);
      }
    }

    public static final Columns DEFAULT = new Columns();

    /** Every key a column can be mapped to. */
    public static List<String> keys() {
      List<String> k = new ArrayList<>(List.of(PATH, URL, ID, SPLIT));
      k.addAll(FIELDS.keySet());
      return k;
    }

    /** The defaults with {@code key=column} mappings applied; an unknown key is an error. */
    public static Columns of(List<String> mappings) {
      return DEFAULT.with(mappings);
    }

    /** These with {@code key=column} mappings applied over them. */
    public Columns with(List<String> mappings) {
      Columns c = new Columns();
      c.byKey.putAll(byKey);
      for (String m : mappings) {
        int eq = m.indexOf('=');
        String key = eq < 0 ? "" : m.substring(0, eq).strip();
        if (!c.byKey.containsKey(key) || eq == m.length() - 1) {
          throw new IllegalArgumentException(
              "column mapping '" + m + "' is not KEY=COLUMN with KEY one of " + keys());
        }
        c.byKey.put(key, m.substring(eq + 1).strip());
      }
      return c;
    }

    /** These with a label mapping's {@code columns} (key → column) applied over them. */
    public Columns with(Map<String, String> mappings) {
      List<String> m = new ArrayList<>();
      mappings.forEach((k, v) -> m.add(k + "=" + v));
      return with(m);
    }

    public String column(String key) {
      return byKey.get(key);
    }

    boolean isKnown(String column) {
      return byKey.containsValue(column);
    }

    @Override
    public String toString() {
      return byKey.toString();
    }
  }

  /** The items read and the rows rejected, each with its line and cause. */
  public record Read(List<IngestItem> items, List<Tables.Rejected> rejected) {}

  private ListSource() {}

  public static Read read(Path list, Columns c) throws IOException {
    List<IngestItem> items = new ArrayList<>();
    List<Tables.Rejected> rejected = new ArrayList<>();
    Path base = list.toAbsolutePath().getParent();
    Tables.read(list, (line, cells) -> items.add(item(line, cells, c, base)), rejected);
    return new Read(items, rejected);
  }

  /**
   * The id of a row's video as {@link #read} gives it: the id column's under the list's source
   * part, else that of its path or URL; a row with none of them is refused.
   *
   * @param base the list's folder (paths are relative to it)
   */
  public static String id(int line, Map<String, String> cells, Columns c, Path base) {
    String id = value(cells, c.column(ID));
    return id != null
        ? VideoRecords.videoId(IngestItem.LIST_SOURCE, id, null)
        : item(line, cells, c, base).id();
  }

  private static IngestItem item(int line, Map<String, String> m, Columns c, Path base) {
    String path = value(m, c.column(PATH));
    String url = value(m, c.column(URL));
    if ((path == null) == (url == null)) {
      throw new IllegalArgumentException(
          path == null
              ? "neither a '" + c.column(PATH) + "' nor a '" + c.column(URL) + "' value"
              : "both a '" + c.column(PATH) + "' and a '" + c.column(URL) + "' value: give one");
    }
    String host = url == null ? null : host(url);
    if (url != null && host == null) {
      throw new IllegalArgumentException("url '" + url + "' is not an http(s) URL with a host");
    }
    Map<String, String> fields = new LinkedHashMap<>();
    List<String> tags = new ArrayList<>();
    FIELDS.forEach(
        (key, field) -> {
          String v = value(m, c.column(key));
          if (v == null) {
            return;
          }
          if (field == Field.TAGS) {
            tags.addAll(tags(v));
          } else {
            fields.put(field.key, v);
          }
        });
    String split = split(value(m, c.column(SPLIT)));
    Map<String, String> extra = new LinkedHashMap<>();
    m.forEach(
        (k, v) -> {
          boolean asGiven = k.equals(c.column(SPLIT)) || k.equals(c.column(ID));
          if ((!c.isKnown(k) || asGiven) && v != null && !v.isBlank()) {
            extra.put(k, v); // the dataset's own id and split name (test1, dev...) stay too
          }
        });
    String id = value(m, c.column(ID));
    if (path == null) {
      return IngestItem.of(
          id != null ? IngestItem.LIST_SOURCE : host,
          id,
          url,
          null,
          url,
          line,
          fields,
          tags,
          extra,
          split);
    }
    Path file = base.resolve(path).normalize();
    String locator =
        (file.startsWith(base) ? base.relativize(file).toString() : file.toString())
            .replace(file.getFileSystem().getSeparator(), "/");
    return IngestItem.of(
        id != null ? IngestItem.LIST_SOURCE : DirectorySource.SOURCE,
        id != null ? id : locator,
        locator,
        file.toString(),
        null,
        line,
        fields,
        tags,
        extra,
        split);
  }

  /**
   * A tags cell: a JSON array (a JSON Lines or Parquet list column), else names separated by {@code
   * ,}, {@code ;} or {@code |}.
   */
  static List<String> tags(String cell) {
    List<String> out = new ArrayList<>();
    if (cell.startsWith("[")) {
      try {
        for (JsonNode t : JSON.readTree(cell)) {
          if (t.isValueNode() && !t.asText().isBlank()) {
            out.add(t.asText().strip());
          }
        }
        return out;
      } catch (IOException e) {
        // not JSON after all: read it as separated names
      }
    }
    for (String x : cell.split("[,;|]")) {
      if (!x.isBlank()) {
        out.add(x.strip());
      }
    }
    return out;
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * A dataset's split name as a shard split: train; validation (valid, val, dev); test (test, and
   * numbered test sets such as MER's test1..3, kept as given in {@code extra}). Null when empty.
   */
  static String split(String raw) {
    if (raw == null) {
      return null;
    }
    String s = raw.toLowerCase(Locale.ROOT).strip();
    if (s.equals("train") || s.equals("training")) {
      return ShardManifest.TRAIN;
    }
    if (s.equals("valid") || s.equals("val") || s.equals("dev") || s.equals("validation")) {
      return ShardManifest.VALIDATION;
    }
    if (s.matches("test\\d*") || s.equals("testing")) {
      return ShardManifest.TEST;
    }
    throw new IllegalArgumentException(
        "split '" + raw + "' is none of train, valid/val/dev/validation, test/test1/test2...");
  }

  private static String host(String url) {
    try {
      URI u = new URI(url);
      String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
      return scheme.equals("http") || scheme.equals("https") ? u.getHost() : null;
    } catch (URISyntaxException e) {
      return null;
    }
  }

  /**
   * A cell, or a template's text: {@code Raw/{video_id}/{clip_id}.mp4} with each {@code {name}} the
   * named cell (null when one of them is empty).
   */
  static String value(Map<String, String> m, String column) {
    if (column.indexOf('{') >= 0) {
      Matcher x = TEMPLATE.matcher(column);
      StringBuilder out = new StringBuilder();
      while (x.find()) {
        String v = m.get(x.group(1));
        if (v == null || v.isBlank()) {
          return null;
        }
        x.appendReplacement(out, Matcher.quoteReplacement(v.strip()));
      }
      x.appendTail(out);
      return out.toString();
    }
    String v = m.get(column);
    return v == null || v.isBlank() ? null : v.strip();
  }

  private static final Pattern TEMPLATE = Pattern.compile("\\{([^{}]+)}");
}
