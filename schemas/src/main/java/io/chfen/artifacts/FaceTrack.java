package io.chfen.artifacts;

import java.util.List;

/**
 * One face followed through consecutive samples within a shot.
 *
 * @param verified on how many samples the second detector confirmed the face; null when none ran
 */
public record FaceTrack(
    int id, double start, double end, Integer verified, Quality quality, List<FaceSample> samples) {
  /** Means over the track's samples: face size (px), sharpness, |yaw|. */
  public record Quality(double meanSize, double meanSharpness, double meanAbsYaw) {}

  /**
   * The track's box {x, y, w, h} at time {@code t}: interpolated between the samples around it, the
   * nearest sample's within {@code reachS} of either end, else null.
   */
  public double[] boxAt(double t, double reachS) {
    FaceSample before = null;
    FaceSample after = null;
    for (FaceSample s : samples) {
      if (s.t() <= t && (before == null || s.t() > before.t())) {
        before = s;
      }
      if (s.t() >= t && (after == null || s.t() < after.t())) {
        after = s;
      }
    }
    if (before != null && after != null) {
      double w = after.t() == before.t() ? 0 : (t - before.t()) / (after.t() - before.t());
      double[] out = new double[4];
      for (int i = 0; i < 4; i++) {
        out[i] = (1 - w) * before.box()[i] + w * after.box()[i];
      }
      return out;
    }
    FaceSample near = before != null ? before : after;
    if (near != null && Math.abs(near.t() - t) <= reachS) {
      double[] out = new double[4];
      for (int i = 0; i < 4; i++) {
        out[i] = near.box()[i];
      }
      return out;
    }
    return null;
  }
}
