package io.chfen.faces;

import io.chfen.encode.Vectors;
import java.util.ArrayList;
import java.util.List;

/**
 * The unique persons of a video: tracks clustered by their embeddings (average-linkage
 * agglomerative clustering on cosine distance, stopping at {@code maxDistance}). Tracks that
 * overlap in time are never merged: one person cannot be in two places at once.
 */
public final class Identities {
  private Identities() {}

  /** A track's mean (unit) embedding and the samples it spans. */
  public record TrackEmbedding(int trackId, float[] embedding, long startUs, long endUs) {}

  /** Clusters of track ids, one per person, largest first. */
  public static List<List<Integer>> cluster(List<TrackEmbedding> tracks, double maxDistance) {
    List<List<TrackEmbedding>> clusters = new ArrayList<>();
    for (TrackEmbedding t : tracks) {
      clusters.add(new ArrayList<>(List.of(t)));
    }
    while (clusters.size() > 1) {
      double best = maxDistance;
      int bi = -1;
      int bj = -1;
      for (int i = 0; i < clusters.size(); i++) {
        for (int j = i + 1; j < clusters.size(); j++) {
          if (overlap(clusters.get(i), clusters.get(j))) {
            continue;
          }
          double d = averageDistance(clusters.get(i), clusters.get(j));
          if (d < best) {
            best = d;
            bi = i;
            bj = j;
          }
        }
      }
      if (bi < 0) {
        break;
      }
      clusters.get(bi).addAll(clusters.remove(bj));
    }
    List<List<Integer>> out = new ArrayList<>();
    for (List<TrackEmbedding> c : clusters) {
      out.add(c.stream().map(TrackEmbedding::trackId).sorted().toList());
    }
    out.sort((a, b) -> b.size() - a.size());
    return out;
  }

  private static boolean overlap(List<TrackEmbedding> a, List<TrackEmbedding> b) {
    for (TrackEmbedding x : a) {
      for (TrackEmbedding y : b) {
        if (x.startUs() <= y.endUs() && y.startUs() <= x.endUs()) {
          return true;
        }
      }
    }
    return false;
  }

  private static double averageDistance(List<TrackEmbedding> a, List<TrackEmbedding> b) {
    double s = 0;
    for (TrackEmbedding x : a) {
      for (TrackEmbedding y : b) {
        s += 1 - FaceEmbedder.cosine(x.embedding(), y.embedding());
      }
    }
    return s / (a.size() * b.size());
  }

  /** The unit mean of embeddings, weighted (e.g. by face size and sharpness). */
  public static float[] mean(List<float[]> embeddings, List<Double> weights) {
    float[] m = new float[embeddings.get(0).length];
    for (int i = 0; i < embeddings.size(); i++) {
      float w = weights.get(i).floatValue();
      for (int k = 0; k < m.length; k++) {
        m[k] += w * embeddings.get(i)[k];
      }
    }
    return Vectors.unit(m);
  }
}
