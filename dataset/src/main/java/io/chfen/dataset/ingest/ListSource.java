package io.chfen.dataset.ingest;

import io.chfen.dataset.tables.Tables;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A list of videos a user has, one row each, as video2dataset takes them: CSV, TSV or JSON Lines
 * with a {@code path} (relative to the list's folder, or absolute) or a {@code url} column, and
 * optional {@code id}, {@code title}, {@code description}, {@code tags}, {@code language}, {@code
 * published}; every other column is kept as it is ({@code extra}). Column names can be mapped
 * ({@link Columns}). A row that does not parse is rejected with its line and cause, never skipped.
 */
public final class ListSource {

  /** The list's column for each field (video2dataset's {@code url_col}, {@code caption_col}...). */
  public record Columns(
      String path,
      String url,
      String id,
      String title,
      String description,
      String tags,
      String language,
      String published) {
    public static final Columns DEFAULT =
        new Columns("path", "url", "id", "title", "description", "tags", "language", "published");

    Set<String> known() {
      return Set.of(path, url, id, title, description, tags, language, published);
    }
  }

  /** One row: a local file or a URL, the fields given, the other columns, and its line. */
  public record Row(
      int line,
      Path file,
      String url,
      String id,
      Map<String, String> fields,
      List<String> tags,
      Map<String, String> extra) {}

  /** The rows read and those rejected ("file:line: cause"). */
  public record Read(List<Row> rows, List<String> rejected) {}

  private ListSource() {}

  public static Read read(Path list, Columns c) throws IOException {
    List<Row> rows = new ArrayList<>();
    List<String> rejected = new ArrayList<>();
    Path base = list.toAbsolutePath().getParent();
    Tables.read(list, (line, cells) -> rows.add(row(line, cells, c, base)), rejected);
    return new Read(rows, rejected);
  }

  private static Row row(int line, Map<String, String> m, Columns c, Path base) {
    String path = value(m, c.path());
    String url = value(m, c.url());
    if ((path == null) == (url == null)) {
      throw new IllegalArgumentException(
          path == null
              ? "neither a '" + c.path() + "' nor a '" + c.url() + "' value"
              : "both a '" + c.path() + "' and a '" + c.url() + "' value: give one");
    }
    if (url != null && !url.startsWith("http://") && !url.startsWith("https://")) {
      throw new IllegalArgumentException("url '" + url + "' is not http(s)");
    }
    Map<String, String> fields = new LinkedHashMap<>();
    for (String f : List.of(c.title(), c.description(), c.language(), c.published())) {
      String v = value(m, f);
      if (v != null) {
        fields.put(f, v);
      }
    }
    List<String> tags = new ArrayList<>();
    String t = value(m, c.tags());
    if (t != null) {
      for (String x : t.split("[,;|]")) {
        if (!x.isBlank()) {
          tags.add(x.strip());
        }
      }
    }
    Map<String, String> extra = new LinkedHashMap<>();
    m.forEach(
        (k, v) -> {
          if (!c.known().contains(k) && v != null && !v.isBlank()) {
            extra.put(k, v);
          }
        });
    return new Row(
        line,
        path == null ? null : base.resolve(path).normalize(),
        url,
        value(m, c.id()),
        fields,
        tags,
        extra);
  }

  private static String value(Map<String, String> m, String column) {
    String v = m.get(column);
    return v == null || v.isBlank() ? null : v.strip();
  }
}
