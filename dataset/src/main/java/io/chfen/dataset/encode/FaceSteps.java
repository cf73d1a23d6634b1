package io.chfen.dataset.encode;

import io.chfen.artifacts.FaceSample;
import io.chfen.artifacts.FaceTrack;
import io.chfen.artifacts.FacesFile;
import io.chfen.artifacts.Person;
import io.chfen.encode.FrameDescriptor;
import io.chfen.encode.Vectors;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** A video's faces on the time grid: every face sample with its person's embedding. */
final class FaceSteps {
  /** One face in one sample, with its person's identity. */
  private record Seen(FaceSample sample, float[] person) {}

  private final List<Seen> seen = new ArrayList<>();

  FaceSteps(FacesFile faces) {
    for (Person p : faces.persons()) {
      double[] e = p.embedding();
      float[] emb = new float[e.length];
      for (int i = 0; i < emb.length; i++) {
        emb[i] = (float) e[i];
      }
      for (FaceTrack t : p.tracks()) {
        t.samples().forEach(s -> seen.add(new Seen(s, emb)));
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
