package io.chfen.dataset.labels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chfen.records.Emotion;
import io.chfen.schemas.Plutchik;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The expression model as a rater beside the annotators. */
class ModelRaterTest {
  /** A video three annotators labelled: {@code present} of them marked {@code e} (intensity 2). */
  private static ModelRater.Video video(String id, Emotion e, int present, float prior) {
    float[] soft = new float[Plutchik.NUM_EMOTIONS * Plutchik.NUM_INTENSITIES];
    for (Emotion x : Plutchik.EMOTIONS) {
      int at = x.ordinal() * Plutchik.NUM_INTENSITIES;
      if (x == e) {
        soft[at + Plutchik.BASIC] = present / 3f;
        soft[at + Plutchik.ABSENT] = 1 - present / 3f;
      } else {
        soft[at + Plutchik.ABSENT] = 1;
      }
    }
    float[] p = new float[Plutchik.NUM_EMOTIONS];
    p[e.ordinal()] = prior;
    return new ModelRater.Video(id, p, 3, soft);
  }

  private static ModelRater.EmotionAgreement of(ModelRater.Result r, Emotion e) {
    return r.perEmotion().stream().filter(a -> a.emotion() == e).findFirst().orElseThrow();
  }

  @Test
  void aModelThatSeesWhatTheAnnotatorsSeeAgreesWithTheirMajority() {
    List<ModelRater.Video> v = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      // joy marked by 3, 2 or 0 annotators; the model sees it exactly where most do
      int present = i % 3 == 0 ? 3 : i % 3 == 1 ? 2 : 0;
      v.add(video("v" + i, Emotion.JOY, present, present >= 2 ? 0.6f : 0.02f));
    }
    ModelRater.Result r = ModelRater.rate(v);
    ModelRater.EmotionAgreement joy = of(r, Emotion.JOY);
    assertEquals(6, joy.videos());
    assertEquals(1.0, joy.modelVsMajority(), 1e-9);
    assertTrue(joy.withModel() >= joy.humans(), joy.toString());
    assertNull(of(r, Emotion.TRUST).withModel(), "no expression class for trust");
    assertTrue(r.disagreements().isEmpty(), r.disagreements().toString());
  }

  @Test
  void strongDisagreementsAreListedWorstFirst() {
    List<ModelRater.Video> v =
        List.of(
            video("all-sad-no-face-shows-it", Emotion.SADNESS, 3, 0.01f),
            video("faces-angry-nobody-marked", Emotion.ANGER, 0, 0.9f),
            video("agree", Emotion.ANGER, 3, 0.7f),
            video("mild", Emotion.ANGER, 0, 0.3f));
    ModelRater.Result r = ModelRater.rate(v);
    assertEquals(
        List.of("all-sad-no-face-shows-it", "faces-angry-nobody-marked"),
        r.disagreements().stream().map(ModelRater.Disagreement::video).toList());
    assertEquals(Emotion.SADNESS, r.disagreements().get(0).emotion());
  }
}
