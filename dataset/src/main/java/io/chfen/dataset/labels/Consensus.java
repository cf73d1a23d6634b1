package io.chfen.dataset.labels;

import io.chfen.records.Annotation;
import io.chfen.records.Emotion;
import io.chfen.records.Modality;
import io.chfen.schemas.Plutchik;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What the annotators agree on. Per video and modality: the soft label (for each of the 8
 * primaries, the share of the annotators at each intensity 0–3) and Krippendorff's alpha of their
 * intensities over the 8 emotions (ordinal). Over the dataset: alpha per modality (ordinal
 * intensity; units are video × emotion) and per emotion (nominal presence; units are video ×
 * modality). A video is of low agreement when the mean of its modalities' alphas is below the floor
 * (one modality alone, over 8 emotions, is too few units to judge a video by).
 */
public final class Consensus {
  private static final int EMOTIONS = Plutchik.NUM_EMOTIONS;
  private static final int LEVELS = Plutchik.NUM_INTENSITIES;

  /**
   * One video's modality: its annotators, soft label [8 × 4] row-major, alpha (null: undefined).
   */
  public record ModalityLabel(int annotators, float[] intensity, Double alpha) {}

  public record VideoLabels(
      String video, Map<Modality, ModalityLabel> modalities, boolean lowAgreement) {}

  /** Dataset agreement (null where undefined) and the low-agreement count. */
  public record Agreement(
      Map<Modality, Double> perModality,
      Map<Emotion, Double> perEmotion,
      int videos,
      int annotators,
      int lowAgreementVideos,
      double floor) {}

  /** video → modality → annotator → intensity per emotion. */
  private final Map<String, Map<Modality, Map<String, int[]>>> ratings = new TreeMap<>();

  private final TreeSet<String> annotators = new TreeSet<>();
  private final double floor;

  /**
   * @param floor per-video alpha under which a video is flagged as low agreement
   */
  public Consensus(List<Annotation> rows, double floor) {
    this.floor = floor;
    for (Annotation a : rows) {
      annotators.add(a.getAnnotatorId());
      ratings
              .computeIfAbsent(a.getVideoId(), k -> new EnumMap<>(Modality.class))
              .computeIfAbsent(a.getModality(), k -> new TreeMap<>())
              .computeIfAbsent(a.getAnnotatorId(), k -> new int[EMOTIONS])[
              a.getEmotion().ordinal()] =
          a.getIntensity();
    }
  }

  public Optional<VideoLabels> video(String id) {
    Map<Modality, Map<String, int[]>> byModality = ratings.get(id);
    if (byModality == null) {
      return Optional.empty();
    }
    Map<Modality, ModalityLabel> out = new EnumMap<>(Modality.class);
    double alphaSum = 0;
    int alphas = 0;
    for (Map.Entry<Modality, Map<String, int[]>> e : byModality.entrySet()) {
      List<int[]> raters = new ArrayList<>(e.getValue().values());
      float[] soft = new float[EMOTIONS * LEVELS];
      for (int[] r : raters) {
        for (int em = 0; em < EMOTIONS; em++) {
          soft[em * LEVELS + r[em]] += 1f / raters.size();
        }
      }
      List<Integer[]> units = new ArrayList<>();
      for (int em = 0; em < EMOTIONS; em++) {
        Integer[] u = new Integer[raters.size()];
        for (int k = 0; k < raters.size(); k++) {
          u[k] = raters.get(k)[em];
        }
        units.add(u);
      }
      OptionalDouble alpha = Krippendorff.alpha(units, Krippendorff.Metric.ORDINAL);
      if (alpha.isPresent()) {
        alphaSum += alpha.getAsDouble();
        alphas++;
      }
      out.put(
          e.getKey(),
          new ModalityLabel(raters.size(), soft, alpha.isPresent() ? alpha.getAsDouble() : null));
    }
    return Optional.of(new VideoLabels(id, out, alphas > 0 && alphaSum / alphas < floor));
  }

  public Agreement agreement() {
    List<String> coders = new ArrayList<>(annotators);
    Map<Modality, Double> perModality = new EnumMap<>(Modality.class);
    for (Modality m : Modality.values()) {
      List<Integer[]> units = new ArrayList<>();
      for (Map<Modality, Map<String, int[]>> v : ratings.values()) {
        Map<String, int[]> r = v.get(m);
        if (r == null) {
          continue;
        }
        for (int em = 0; em < EMOTIONS; em++) {
          units.add(row(coders, r, em, false));
        }
      }
      perModality.put(m, value(Krippendorff.alpha(units, Krippendorff.Metric.ORDINAL)));
    }
    Map<Emotion, Double> perEmotion = new EnumMap<>(Emotion.class);
    for (Emotion em : Emotion.values()) {
      List<Integer[]> units = new ArrayList<>();
      for (Map<Modality, Map<String, int[]>> v : ratings.values()) {
        for (Map<String, int[]> r : v.values()) {
          units.add(row(coders, r, em.ordinal(), true));
        }
      }
      perEmotion.put(em, value(Krippendorff.alpha(units, Krippendorff.Metric.NOMINAL)));
    }
    int low = 0;
    for (String id : ratings.keySet()) {
      low += video(id).orElseThrow().lowAgreement() ? 1 : 0;
    }
    return new Agreement(perModality, perEmotion, ratings.size(), coders.size(), low, floor);
  }

  /**
   * Each annotator against the rest: ordinal alpha between the annotator's intensities and the
   * median of the other annotators' (rounded down) over every video, modality and emotion they and
   * someone else judged; null where undefined (an annotator alone on every video).
   */
  public Map<String, Double> perAnnotator() {
    Map<String, Double> out = new TreeMap<>();
    for (String who : annotators) {
      List<Integer[]> units = new ArrayList<>();
      for (Map<Modality, Map<String, int[]>> v : ratings.values()) {
        for (Map<String, int[]> r : v.values()) {
          int[] own = r.get(who);
          if (own == null || r.size() < 2) {
            continue;
          }
          for (int em = 0; em < EMOTIONS; em++) {
            List<Integer> others = new ArrayList<>();
            for (Map.Entry<String, int[]> e : r.entrySet()) {
              if (!e.getKey().equals(who)) {
                others.add(e.getValue()[em]);
              }
            }
            others.sort(null);
            units.add(new Integer[] {own[em], others.get((others.size() - 1) / 2)});
          }
        }
      }
      out.put(who, value(Krippendorff.alpha(units, Krippendorff.Metric.ORDINAL)));
    }
    return out;
  }

  /**
   * A video's modality to adjudicate: its alpha (null: undefined), its annotators, and the emotions
   * whose intensities lie two or more apart.
   */
  public record Disagreement(
      String video, Modality modality, Double alpha, int annotators, List<Emotion> spread) {}

  /**
   * The video modalities judged by two or more annotators whose alpha is under the floor, or
   * undefined while some emotion's intensities lie two or more apart: lowest alpha first.
   */
  public List<Disagreement> disagreements() {
    List<Disagreement> out = new ArrayList<>();
    for (Map.Entry<String, Map<Modality, Map<String, int[]>>> v : ratings.entrySet()) {
      VideoLabels labels = video(v.getKey()).orElseThrow();
      for (Map.Entry<Modality, Map<String, int[]>> m : v.getValue().entrySet()) {
        if (m.getValue().size() < 2) {
          continue;
        }
        List<Emotion> spread = new ArrayList<>();
        for (Emotion em : Emotion.values()) {
          int lo = Integer.MAX_VALUE;
          int hi = Integer.MIN_VALUE;
          for (int[] r : m.getValue().values()) {
            lo = Math.min(lo, r[em.ordinal()]);
            hi = Math.max(hi, r[em.ordinal()]);
          }
          if (hi - lo >= 2) {
            spread.add(em);
          }
        }
        Double alpha = labels.modalities().get(m.getKey()).alpha();
        if (alpha != null ? alpha < floor : !spread.isEmpty()) {
          out.add(new Disagreement(v.getKey(), m.getKey(), alpha, m.getValue().size(), spread));
        }
      }
    }
    out.sort(
        java.util.Comparator.comparingDouble(
                (Disagreement d) -> d.alpha() == null ? Double.NEGATIVE_INFINITY : d.alpha())
            .thenComparing(Disagreement::video)
            .thenComparing(Disagreement::modality));
    return out;
  }

  /** One unit's values by coder (null: that coder did not judge it). */
  private static Integer[] row(
      List<String> coders, Map<String, int[]> r, int emotion, boolean presence) {
    Integer[] u = new Integer[coders.size()];
    for (int k = 0; k < coders.size(); k++) {
      int[] x = r.get(coders.get(k));
      u[k] = x == null ? null : presence ? (x[emotion] > 0 ? 1 : 0) : x[emotion];
    }
    return u;
  }

  private static Double value(OptionalDouble d) {
    return d.isPresent() ? d.getAsDouble() : null;
  }
}
