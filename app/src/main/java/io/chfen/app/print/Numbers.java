package io.chfen.app.print;

import java.util.Locale;

/** How the tables write numbers: fixed decimals, a dash for none (NaN). Stateless. */
public final class Numbers {
  private Numbers() {}

  /** {@code v} with {@code digits} decimals; "-" for NaN. */
  public static String fixed(double v, int digits) {
    return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%." + digits + "f", v);
  }

  /** The same with a sign: +0.123, -0.045. */
  public static String signed(double v, int digits) {
    return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%+." + digits + "f", v);
  }

  /** Bytes as megabytes with one decimal. */
  public static String mb(long bytes) {
    return fixed(bytes / 1e6, 1);
  }
}
