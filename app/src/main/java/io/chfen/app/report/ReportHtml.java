package io.chfen.app.report;

import java.util.List;
import java.util.Map;

/** The report's page as it is written: sections, tables, paragraphs, escaped text. */
final class ReportHtml {
  private final StringBuilder html = new StringBuilder();

  /** The page's head: title, styles, and which output it reports on. */
  ReportHtml(String subject) {
    html.append(
        """
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8">
        <title>CHFEN dataset quality report</title>
        <style>
        body{font-family:system-ui,sans-serif;margin:0;background:#f6f7f9;color:#1d232a}
        main{max-width:1100px;margin:0 auto;padding:24px}
        h1{margin:0 0 4px} h2{margin-top:36px;border-bottom:2px solid #d9dee5;padding-bottom:4px}
        table{border-collapse:collapse;background:#fff;margin:8px 0}
        th,td{border:1px solid #d9dee5;padding:4px 10px;text-align:left}
        th{background:#eef1f5} td.n{text-align:right;font-variant-numeric:tabular-nums}
        img{max-width:100%;background:#fff;border:1px solid #d9dee5;margin:8px 0}
        .note{color:#5b6573} .bad{color:#a1260d;font-weight:600}
        .grid{display:grid;grid-template-columns:1fr 1fr;gap:12px}
        </style></head><body><main>
        <h1>Dataset quality report</h1>
        """);
    html.append("<p class=note>")
        .append(esc(subject))
        .append(" · generated ")
        .append(java.time.Instant.now())
        .append("</p>\n");
  }

  void section(String id, String title) {
    html.append("<h2 id=").append(id).append('>').append(esc(title)).append("</h2>\n");
  }

  /** A paragraph of text (escaped). */
  void paragraph(String text) {
    html.append("<p>").append(esc(text)).append("</p>\n");
  }

  /** A paragraph in the note style (escaped). */
  void note(String text) {
    html.append("<p class=note>").append(esc(text)).append("</p>\n");
  }

  /** Charts side by side: everything added until {@link #endGrid}. */
  void grid() {
    html.append("<div class=grid>");
  }

  void endGrid() {
    html.append("</div>");
  }

  /** An image, inline as a data URL. */
  void image(String alt, String pngBase64) {
    html.append("<img alt=\"")
        .append(esc(alt))
        .append("\" src=\"data:image/png;base64,")
        .append(pngBase64)
        .append("\">\n");
  }

  /** A two-column table: a label and its value (numbers right-aligned). */
  void table(List<String> header, Map<String, Object> rows) {
    html.append("<table><tr>");
    header.forEach(h -> html.append("<th>").append(esc(h)).append("</th>"));
    html.append("</tr>\n");
    rows.forEach(
        (k, v) ->
            html.append("<tr><td>")
                .append(esc(k))
                .append(v instanceof Number ? "</td><td class=n>" : "</td><td>")
                .append(esc(String.valueOf(v)))
                .append("</td></tr>\n"));
    html.append("</table>\n");
  }

  /** A table of rows of cells. */
  void rows(List<String> header, List<List<String>> rows) {
    html.append("<table><tr>");
    header.forEach(h -> html.append("<th>").append(esc(h)).append("</th>"));
    html.append("</tr>\n");
    for (List<String> r : rows) {
      html.append("<tr>");
      r.forEach(c -> html.append("<td>").append(esc(c)).append("</td>"));
      html.append("</tr>\n");
    }
    html.append("</table>\n");
  }

  /** A paragraph holding one link (text escaped). */
  void link(String href, String text) {
    html.append("<p><a href=\"")
        .append(esc(href))
        .append("\">")
        .append(esc(text))
        .append("</a></p>\n");
  }

  /** The page, closed. */
  String finish() {
    return html + "</main></body></html>\n";
  }

  static String esc(String s) {
    return s.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;");
  }

  static String abbreviate(String s, int n) {
    return s.length() <= n ? s : s.substring(0, n - 1) + "…";
  }
}
