package io.chfen.faces;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * ByteTrack-style association of per-sample face detections into tracks: each track's box moves by
 * a constant-velocity Kalman filter (centre x, centre y, width and height, each with its velocity);
 * confident detections are matched to the predicted boxes first, by IoU, and the low-score ones (a
 * face turning, blurred, half hidden) then keep unmatched tracks alive instead of being dropped; a
 * confident detection left over starts a track; a track unseen for {@code maxMissed} samples ends.
 * A shot cut ends every track: motion means nothing across it (tracks are re-linked across cuts by
 * identity, not here).
 *
 * <p>Not thread-safe (one video's state).
 */
public final class FaceTracker {
  /** A track: its id and its boxes (null where the face was missed). */
  public static final class Track {
    public final int id;
    public final List<Long> timesUs = new ArrayList<>();
    public final List<FaceDetector.Face> faces = new ArrayList<>();
    final Kalman[] k = new Kalman[4];
    int missed;

    Track(int id, long t, FaceDetector.Face f) {
      this.id = id;
      double[] z = measure(f);
      for (int i = 0; i < 4; i++) {
        k[i] = new Kalman(z[i]);
      }
      add(t, f);
    }

    void add(long t, FaceDetector.Face f) {
      timesUs.add(t);
      faces.add(f);
    }

    FaceDetector.Face predicted() {
      double cx = k[0].x;
      double cy = k[1].x;
      double w = Math.max(2, k[2].x);
      double h = Math.max(2, k[3].x);
      return new FaceDetector.Face(
          (int) Math.round(cx - w / 2),
          (int) Math.round(cy - h / 2),
          (int) Math.round(w),
          (int) Math.round(h),
          0);
    }

    FaceDetector.Face lastSeen() {
      for (int i = faces.size() - 1; i >= 0; i--) {
        if (faces.get(i) != null) {
          return faces.get(i);
        }
      }
      return predicted();
    }

    /** Samples where the face was seen. */
    public int seen() {
      return (int) faces.stream().filter(f -> f != null).count();
    }
  }

  /** A scalar constant-velocity Kalman filter (position and velocity). */
  static final class Kalman {
    double x;
    double v;
    double pxx = 10;
    double pxv = 0;
    double pvv = 100;
    private static final double Q = 1;
    private static final double R = 4;

    Kalman(double x0) {
      this.x = x0;
    }

    void predict() {
      x += v;
      double nxx = pxx + 2 * pxv + pvv + Q;
      double nxv = pxv + pvv;
      pxx = nxx;
      pxv = nxv;
      pvv += Q;
    }

    void update(double z) {
      double s = pxx + R;
      double kx = pxx / s;
      double kv = pxv / s;
      double y = z - x;
      x += kx * y;
      v += kv * y;
      double nxx = (1 - kx) * pxx;
      double nxv = (1 - kx) * pxv;
      double nvv = pvv - kv * pxv;
      pxx = nxx;
      pxv = nxv;
      pvv = nvv;
    }
  }

  private final double highScore;
  private final double matchIou;
  private final int maxMissed;
  private final List<Track> active = new ArrayList<>();
  private final List<Track> ended = new ArrayList<>();
  private int nextId = 1;

  /**
   * @param highScore detections at least this confident are matched first and start tracks
   * @param matchIou the least IoU between a predicted box and a detection that match
   * @param maxMissed samples a track may go unseen before it ends
   */
  public FaceTracker(double highScore, double matchIou, int maxMissed) {
    this.highScore = highScore;
    this.matchIou = matchIou;
    this.maxMissed = maxMissed;
  }

  public FaceTracker() {
    this(0.7, 0.3, 5);
  }

  /**
   * One sample's detections (all scores); {@code cut}: a shot cut lies before this sample. Returns
   * the tracks that have a box in this sample (matched or new), each box last in its track.
   */
  public List<Track> update(long timeUs, List<FaceDetector.Face> detections, boolean cut) {
    if (cut) {
      ended.addAll(active);
      active.clear();
    }
    for (Track t : active) {
      for (Kalman k : t.k) {
        k.predict();
      }
    }
    List<FaceDetector.Face> high = new ArrayList<>();
    List<FaceDetector.Face> low = new ArrayList<>();
    for (FaceDetector.Face d : detections) {
      (d.score() >= highScore ? high : low).add(d);
    }
    List<Track> unmatched = new ArrayList<>(active);
    List<FaceDetector.Face> leftHigh = match(unmatched, high, timeUs, matchIou, false);
    match(unmatched, low, timeUs, matchIou, false); // low-score boxes only keep tracks alive
    // a face coming back from behind something: its partial boxes dragged the prediction, so
    // the last box seen is compared, more loosely, and the motion starts afresh
    leftHigh = match(unmatched, leftHigh, timeUs, matchIou / 3, true);
    for (Track t : unmatched) {
      t.missed++;
      t.add(timeUs, null);
    }
    active.removeIf(
        t -> {
          if (t.missed > maxMissed) {
            ended.add(t);
            return true;
          }
          return false;
        });
    for (FaceDetector.Face d : leftHigh) {
      active.add(new Track(nextId++, timeUs, d));
    }
    List<Track> seenNow = new ArrayList<>();
    for (Track t : active) {
      if (t.missed == 0 && t.timesUs.get(t.timesUs.size() - 1) == timeUs) {
        seenNow.add(t);
      }
    }
    return seenNow;
  }

  /** The newest box of a track returned by {@link #update}. */
  public static FaceDetector.Face last(Track t) {
    return t.faces.get(t.faces.size() - 1);
  }

  /**
   * Greedy best-IoU matching against each track's predicted box (or, {@code reacquire}, its last
   * box seen, restarting its motion); matched tracks leave {@code tracks}; returns unmatched boxes.
   */
  private List<FaceDetector.Face> match(
      List<Track> tracks,
      List<FaceDetector.Face> dets,
      long timeUs,
      double minIou,
      boolean reacquire) {
    List<FaceDetector.Face> left = new ArrayList<>(dets);
    while (!tracks.isEmpty() && !left.isEmpty()) {
      double best = minIou;
      Track bt = null;
      FaceDetector.Face bd = null;
      for (Track t : tracks) {
        FaceDetector.Face p = reacquire ? t.lastSeen() : t.predicted();
        for (FaceDetector.Face d : left) {
          double iou = p.iou(d);
          if (iou >= best) {
            best = iou;
            bt = t;
            bd = d;
          }
        }
      }
      if (bt == null) {
        break;
      }
      double[] z = measure(bd);
      for (int i = 0; i < 4; i++) {
        if (reacquire) {
          bt.k[i] = new Kalman(z[i]);
        } else {
          bt.k[i].update(z[i]);
        }
      }
      bt.missed = 0;
      bt.add(timeUs, bd);
      tracks.remove(bt);
      left.remove(bd);
    }
    return left;
  }

  private static double[] measure(FaceDetector.Face f) {
    return new double[] {f.x() + f.width() / 2.0, f.y() + f.height() / 2.0, f.width(), f.height()};
  }

  /**
   * Every track, ended or not, with trailing misses trimmed; tracks seen fewer than twice dropped.
   */
  public List<Track> tracks() {
    List<Track> all = new ArrayList<>(ended);
    all.addAll(active);
    List<Track> out = new ArrayList<>();
    for (Track t : all) {
      while (!t.faces.isEmpty() && t.faces.get(t.faces.size() - 1) == null) {
        t.faces.remove(t.faces.size() - 1);
        t.timesUs.remove(t.timesUs.size() - 1);
      }
      if (t.seen() >= 2) {
        out.add(t);
      }
    }
    out.sort(Comparator.comparingInt(t -> t.id));
    return out;
  }
}
