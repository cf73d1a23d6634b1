package io.chfen.app.print;

import java.util.ArrayList;
import java.util.List;

/** A plain-text table with aligned columns, for run summaries and benchmark reports. */
public final class Table {
  private final List<String> header;
  private final List<List<String>> rows = new ArrayList<>();

  public Table(String... header) {
    this.header = List.of(header);
  }

  public Table row(Object... cells) {
    List<String> r = new ArrayList<>();
    for (Object c : cells) {
      r.add(String.valueOf(c));
    }
    rows.add(r);
    return this;
  }

  public List<String> header() {
    return header;
  }

  public List<List<String>> rows() {
    return List.copyOf(rows);
  }

  /** Markdown-compatible rendering (a pipe table), readable in a terminal too. */
  @Override
  public String toString() {
    int[] w = new int[header.size()];
    for (int i = 0; i < w.length; i++) {
      w[i] = width(header.get(i));
      for (List<String> r : rows) {
        w[i] = Math.max(w[i], width(r.get(i)));
      }
    }
    StringBuilder sb = new StringBuilder();
    line(sb, header, w);
    sb.append('|');
    for (int x : w) {
      sb.append('-').append("-".repeat(x)).append("-|");
    }
    sb.append('\n');
    rows.forEach(r -> line(sb, r, w));
    return sb.toString();
  }

  private static void line(StringBuilder sb, List<String> cells, int[] w) {
    sb.append('|');
    for (int i = 0; i < w.length; i++) {
      String c = cells.get(i);
      sb.append(' ').append(c).append(" ".repeat(w[i] - width(c))).append(" |");
    }
    sb.append('\n');
  }

  /** Display width: CJK characters take two terminal cells. */
  static int width(String s) {
    int n = 0;
    for (int i = 0; i < s.length(); ) {
      int cp = s.codePointAt(i);
      n +=
          (cp >= 0x1100
                  && (cp <= 0x115f
                      || (cp >= 0x2e80 && cp <= 0xa4cf)
                      || (cp >= 0xac00 && cp <= 0xd7a3)
                      || (cp >= 0xf900 && cp <= 0xfaff)
                      || (cp >= 0xfe30 && cp <= 0xfe4f)
                      || (cp >= 0xff00 && cp <= 0xff60)
                      || (cp >= 0xffe0 && cp <= 0xffe6)))
              ? 2
              : 1;
      i += Character.charCount(cp);
    }
    return n;
  }
}
