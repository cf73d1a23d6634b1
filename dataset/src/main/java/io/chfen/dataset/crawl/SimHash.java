package io.chfen.dataset.crawl;

import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.Locale;

/**
 * 64-bit SimHash of a title over character shingles, so that Chinese (no spaces) and English titles
 * both work; near-duplicate titles differ in few bits. Stateless and thread-safe.
 */
public final class SimHash {
  private SimHash() {}

  static final int SHINGLE = 3;

  public static long ofTitle(String title) {
    String s = normalize(title);
    if (s.isEmpty()) {
      return 0L;
    }
    int[] weights = new int[64];
    int[] cps = s.codePoints().toArray();
    int n = Math.max(1, cps.length - SHINGLE + 1);
    for (int i = 0; i < n; i++) {
      String shingle = new String(cps, i, Math.min(SHINGLE, cps.length - i));
      long h = fnv1a64(shingle);
      for (int bit = 0; bit < 64; bit++) {
        weights[bit] += ((h >>> bit) & 1L) == 1L ? 1 : -1;
      }
    }
    long out = 0L;
    for (int bit = 0; bit < 64; bit++) {
      if (weights[bit] > 0) {
        out |= 1L << bit;
      }
    }
    return out;
  }

  public static int distance(long a, long b) {
    return Long.bitCount(a ^ b);
  }

  /** NFKC, lower case, punctuation, symbols and spaces removed (they carry no identity). */
  static String normalize(String title) {
    String s = Normalizer.normalize(title == null ? "" : title, Normalizer.Form.NFKC);
    return s.toLowerCase(Locale.ROOT).replaceAll("[\\p{P}\\p{S}\\s]+", "");
  }

  private static long fnv1a64(String s) {
    long h = 0xcbf29ce484222325L;
    for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
      h ^= (b & 0xff);
      h *= 0x100000001b3L;
    }
    // FNV's low bits mix poorly for short inputs: finish with a 64-bit avalanche (splitmix64)
    h ^= h >>> 30;
    h *= 0xbf58476d1ce4e5b9L;
    h ^= h >>> 27;
    h *= 0x94d049bb133111ebL;
    h ^= h >>> 31;
    return h;
  }
}
