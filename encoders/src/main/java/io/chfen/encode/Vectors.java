package io.chfen.encode;

/** Small vector helpers the encoders share. */
public final class Vectors {
  private Vectors() {}

  /** Scales a vector to unit length in place (a zero vector stays zero); returns it. */
  public static float[] unit(float[] v) {
    double n = 0;
    for (float x : v) {
      n += x * x;
    }
    n = Math.sqrt(n);
    for (int i = 0; i < v.length; i++) {
      v[i] = n > 0 ? (float) (v[i] / n) : 0;
    }
    return v;
  }

  public static double dot(float[] a, float[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }
}
