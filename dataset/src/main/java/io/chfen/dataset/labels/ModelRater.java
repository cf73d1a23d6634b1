package io.chfen.dataset.labels;

import io.chfen.faces.FaceExpressions;
import io.chfen.records.Emotion;
import io.chfen.schemas.Plutchik;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.OptionalDouble;

/**
 * The facial expression model as one more rater of the visual labels: a label-quality check. Per
 * Plutchik primary, over the videos with visual labels and a visual prior, Krippendorff's alpha of
 * the annotators' presence judgements (nominal) alone, with the model added as one more coder, and
 * of the model against the annotators' majority; and the videos where the model and the annotators
 * disagree strongly, to look at first.
 *
 * <p>The model "sees" an emotion in a video when its prior for it (the mean probability over the
 * video's classified faces) is above chance over its 7 classes ({@link #PRESENT}): no threshold
 * tuned on any corpus. Trust and anticipation have no expression class: the model never rates them.
 * No accuracy is published for the model; a low model-versus-human alpha says the two disagree, not
 * which is wrong.
 */
public final class ModelRater {
  /** Chance over the model's 7 classes: a prior above it counts as the emotion being present. */
  public static final double PRESENT = 1.0 / FaceExpressions.LABELS.size();

  /** A prior at or above this, with no annotator marking the emotion, is a strong disagreement. */
  public static final double CONFIDENT = 0.5;

  /**
   * One video: its visual prior [8] (wheel order) and its visual labels' soft distribution [8 × 4]
   * (the share of its annotators at each intensity) over {@code annotators} annotators.
   */
  public record Video(String id, float[] prior, int annotators, float[] intensity) {}

  /**
   * One emotion's agreement (null where undefined: no variation, or the model has no class for it).
   */
  public record EmotionAgreement(
      Emotion emotion, int videos, Double humans, Double withModel, Double modelVsMajority) {}

  /** A video where the model and the annotators disagree strongly on one emotion. */
  public record Disagreement(
      String video, Emotion emotion, double prior, double annotatorsPresent, String what) {}

  public record Result(
      int videos, List<EmotionAgreement> perEmotion, List<Disagreement> disagreements) {}

  private ModelRater() {}

  public static Result rate(Collection<Video> videos) {
    List<Video> rated = videos.stream().filter(v -> v.annotators() > 0).toList();
    List<EmotionAgreement> per = new ArrayList<>();
    List<Disagreement> flagged = new ArrayList<>();
    for (Emotion e : Plutchik.EMOTIONS) {
      boolean rates = FaceExpressions.PLUTCHIK.containsValue(e);
      List<Integer[]> humans = new ArrayList<>();
      List<Integer[]> withModel = new ArrayList<>();
      List<Integer[]> vsMajority = new ArrayList<>();
      for (Video v : rated) {
        int present = presentCount(v, e);
        int n = v.annotators();
        Integer[] h = new Integer[n];
        for (int k = 0; k < n; k++) {
          h[k] = k < present ? 1 : 0;
        }
        humans.add(h);
        if (!rates) {
          continue;
        }
        double p = v.prior()[e.ordinal()];
        int model = p > PRESENT ? 1 : 0;
        Integer[] m = java.util.Arrays.copyOf(h, n + 1);
        m[n] = model;
        withModel.add(m);
        vsMajority.add(new Integer[] {2 * present >= n ? 1 : 0, model});
        double share = (double) present / n;
        if (n >= 2 && present == n && p < PRESENT / 2) {
          flagged.add(
              new Disagreement(
                  v.id(), e, p, share, "every annotator marked it; the faces show almost none"));
        } else if (present == 0 && p >= CONFIDENT) {
          flagged.add(
              new Disagreement(
                  v.id(),
                  e,
                  p,
                  share,
                  "the faces show it most of the time; no annotator marked it"));
        }
      }
      per.add(
          new EmotionAgreement(
              e,
              rated.size(),
              value(Krippendorff.alpha(humans, Krippendorff.Metric.NOMINAL)),
              rates ? value(Krippendorff.alpha(withModel, Krippendorff.Metric.NOMINAL)) : null,
              rates ? value(Krippendorff.alpha(vsMajority, Krippendorff.Metric.NOMINAL)) : null));
    }
    flagged.sort(
        java.util.Comparator.comparingDouble(
                (Disagreement d) -> Math.abs(d.prior() - d.annotatorsPresent()))
            .reversed());
    return new Result(rated.size(), per, flagged);
  }

  /** How many of the video's annotators gave the emotion an intensity above absent. */
  private static int presentCount(Video v, Emotion e) {
    double absent = v.intensity()[e.ordinal() * Plutchik.NUM_INTENSITIES + Plutchik.ABSENT];
    return (int) Math.round(v.annotators() * (1 - absent));
  }

  private static Double value(OptionalDouble d) {
    return d.isPresent() ? d.getAsDouble() : null;
  }
}
