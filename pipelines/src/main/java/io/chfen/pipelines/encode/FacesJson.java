package io.chfen.pipelines.encode;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.chfen.encode.FrameDescriptor;
import io.chfen.encode.Vectors;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The face samples of a faces.json, each with its person's embedding. */
final class FacesJson {
  /** One face in one sample. */
  record Sample(double t, int x, int y, int w, int h, double yaw, float[] person) {}

  final List<Sample> samples = new ArrayList<>();

  static FacesJson read(Path file) throws IOException {
    FacesJson f = new FacesJson();
    JsonNode doc = new ObjectMapper().readTree(file.toFile());
    for (JsonNode p : doc.get("persons")) {
      JsonNode e = p.get("embedding");
      float[] emb = new float[e.size()];
      for (int i = 0; i < emb.length; i++) {
        emb[i] = (float) e.get(i).asDouble();
      }
      for (JsonNode t : p.get("tracks")) {
        for (JsonNode s : t.get("samples")) {
          JsonNode b = s.get("box");
          f.samples.add(
              new Sample(
                  s.get("t").asDouble(),
                  b.get(0).asInt(),
                  b.get(1).asInt(),
                  b.get(2).asInt(),
                  b.get(3).asInt(),
                  s.get("yaw").asDouble(),
                  emb));
        }
      }
    }
    return f;
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
      for (Sample x : samples) {
        if (x.t() >= from && x.t() < to) {
          if (sum == null) {
            sum = new float[x.person().length];
          }
          double w = (double) x.w() * x.h();
          for (int i = 0; i < sum.length; i++) {
            sum[i] += (float) (w * x.person()[i]);
          }
          faces++;
          times.add(x.t());
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
    for (Sample x : samples) {
      if (Math.abs(x.t() - t) <= 0.1) {
        out.add(
            new FrameDescriptor.FaceBox(
                (double) x.x() / width,
                (double) x.y() / height,
                (double) x.w() / width,
                (double) x.h() / height,
                x.yaw()));
      }
    }
    return out;
  }
}
