package io.chfen.separation;

/**
 * Scale-invariant signal-to-distortion ratio (Le Roux et al., 2019): the estimate is projected on
 * the reference, and the projection's energy is compared with what is left.
 */
public final class SiSdr {
  private SiSdr() {}

  /** SI-SDR of {@code estimate} against {@code reference}, dB (both zero-mean'd first). */
  public static double of(float[] estimate, float[] reference) {
    int n = Math.min(estimate.length, reference.length);
    double me = 0;
    double mr = 0;
    for (int i = 0; i < n; i++) {
      me += estimate[i];
      mr += reference[i];
    }
    me /= n;
    mr /= n;
    double dot = 0;
    double rr = 0;
    for (int i = 0; i < n; i++) {
      double r = reference[i] - mr;
      dot += (estimate[i] - me) * r;
      rr += r * r;
    }
    double a = rr == 0 ? 0 : dot / rr;
    double target = 0;
    double noise = 0;
    for (int i = 0; i < n; i++) {
      double t = a * (reference[i] - mr);
      double e = (estimate[i] - me) - t;
      target += t * t;
      noise += e * e;
    }
    return 10 * Math.log10((target + 1e-12) / (noise + 1e-12));
  }
}
