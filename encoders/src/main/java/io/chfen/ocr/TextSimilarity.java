package io.chfen.ocr;

/** Edit distances on text, by Unicode code point (a Chinese character counts as one). */
public final class TextSimilarity {
  private TextSimilarity() {}

  /** Levenshtein distance between the code point sequences. */
  public static int distance(String a, String b) {
    int[] x = a.codePoints().toArray();
    int[] y = b.codePoints().toArray();
    int[] prev = new int[y.length + 1];
    int[] cur = new int[y.length + 1];
    for (int j = 0; j <= y.length; j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= x.length; i++) {
      cur[0] = i;
      for (int j = 1; j <= y.length; j++) {
        int sub = prev[j - 1] + (x[i - 1] == y[j - 1] ? 0 : 1);
        cur[j] = Math.min(sub, Math.min(prev[j] + 1, cur[j - 1] + 1));
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[y.length];
  }

  /** Distance divided by the longer length: 0 identical, 1 nothing in common. */
  public static double normalized(String a, String b) {
    int n = Math.max(a.codePointCount(0, a.length()), b.codePointCount(0, b.length()));
    return n == 0 ? 0 : distance(a, b) / (double) n;
  }

  /** Character error rate of {@code hypothesis} against {@code reference}. */
  public static double cer(String reference, String hypothesis) {
    int n = reference.codePointCount(0, reference.length());
    return n == 0 ? (hypothesis.isEmpty() ? 0 : 1) : distance(reference, hypothesis) / (double) n;
  }

  /** Whitespace collapsed to single spaces (line breaks included), trimmed. */
  public static String normalizeSpace(String s) {
    return s.replaceAll("\\s+", " ").trim();
  }
}
