package io.chfen.dataset.encode;

import io.chfen.artifacts.FaceSample;
import io.chfen.artifacts.FaceTrack;
import io.chfen.artifacts.FacesFile;
import io.chfen.artifacts.Person;
import io.chfen.encode.FrameDescriptor;
import io.chfen.encode.Vectors;
import io.chfen.faces.FaceExpressions;
import io.chfen.schemas.Plutchik;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** A video's faces on the time grid: every face sample with its person's embedding. */
final class FaceSteps {
  /** One face in one sample, with its person's index and identity. */
  private record Seen(FaceSample sample, int index, float[] person) {}

  /** Per person and step, the mean expression probabilities, flat [P, T, classes], and the mask. */
  record Expressions(float[] values, boolean[] mask, int persons, int classes) {}

  private final List<Seen> seen = new ArrayList<>();
  private final int persons;

  FaceSteps(FacesFile faces) {
    persons = faces.persons().size();
    for (int index = 0; index < persons; index++) {
      Person p = faces.persons().get(index);
      int at = index;
      double[] e = p.embedding();
      float[] emb = new float[e.length];
      for (int i = 0; i < emb.length; i++) {
        emb[i] = (float) e[i];
      }
      for (FaceTrack t : p.tracks()) {
        t.samples().forEach(s -> seen.add(new Seen(s, at, emb)));
      }
    }
  }

  /**
   * Per step: the face-area-weighted mean of the embeddings of the persons seen (unit length) and
   * the mean number of faces per sample in which any face was seen.
   */
  void perStep(double stepS, float[][] rows, float[] counts) {
    for (int s = 0; s < rows.length; s++) {
      double from = s * stepS;
      double to = from + stepS;
      float[] sum = null;
      int faces = 0;
      Set<Double> times = new HashSet<>();
      for (Seen x : seen) {
        double t = x.sample().t();
        if (t >= from && t < to) {
          if (sum == null) {
            sum = new float[x.person().length];
          }
          int[] b = x.sample().box();
          double w = (double) b[2] * b[3];
          for (int i = 0; i < sum.length; i++) {
            sum[i] += (float) (w * x.person()[i]);
          }
          faces++;
          times.add(t);
        }
      }
      if (sum != null) {
        rows[s] = Vectors.unit(sum);
        counts[s] = (float) faces / times.size();
      }
    }
  }

  /** Each person's mean expression per step, where their face was classified. */
  Expressions expressions(double stepS, int steps) {
    int classes = FaceExpressions.LABELS.size();
    float[] sum = new float[persons * steps * classes];
    int[] count = new int[persons * steps];
    for (Seen x : seen) {
      double[] e = x.sample().expression();
      int s = (int) Math.floor(x.sample().t() / stepS);
      if (e == null || s < 0 || s >= steps) {
        continue;
      }
      int cell = x.index() * steps + s;
      for (int k = 0; k < classes; k++) {
        sum[cell * classes + k] += (float) e[k];
      }
      count[cell]++;
    }
    boolean[] mask = new boolean[count.length];
    for (int cell = 0; cell < count.length; cell++) {
      mask[cell] = count[cell] > 0;
      for (int k = 0; mask[cell] && k < classes; k++) {
        sum[cell * classes + k] /= count[cell];
      }
    }
    return new Expressions(sum, mask, persons, classes);
  }

  /**
   * The video's visual emotion prior: the mean over every classified face sample of its expression
   * spread over Plutchik's primaries ({@link FaceExpressions#plutchik}); null when no face was
   * classified.
   */
  float[] visualPrior() {
    float[] sum = new float[Plutchik.NUM_EMOTIONS];
    int n = 0;
    for (Seen x : seen) {
      double[] e = x.sample().expression();
      if (e == null) {
        continue;
      }
      float[] p = new float[e.length];
      for (int k = 0; k < p.length; k++) {
        p[k] = (float) e[k];
      }
      float[] mapped = FaceExpressions.plutchik(p);
      for (int k = 0; k < sum.length; k++) {
        sum[k] += mapped[k];
      }
      n++;
    }
    if (n == 0) {
      return null;
    }
    for (int k = 0; k < sum.length; k++) {
      sum[k] /= n;
    }
    return sum;
  }

  /** The faces sampled within 0.1 s of t, as shares of a width × height frame. */
  List<FrameDescriptor.FaceBox> boxesAt(double t, int width, int height) {
    List<FrameDescriptor.FaceBox> out = new ArrayList<>();
    for (Seen x : seen) {
      FaceSample s = x.sample();
      if (Math.abs(s.t() - t) <= 0.1) {
        int[] b = s.box();
        out.add(
            new FrameDescriptor.FaceBox(
                (double) b[0] / width,
                (double) b[1] / height,
                (double) b[2] / width,
                (double) b[3] / height,
                s.yaw()));
      }
    }
    return out;
  }
}
