package io.chfen.faces;

import static org.bytedeco.opencv.global.opencv_imgcodecs.imread;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.chfen.models.ModelFiles;
import io.chfen.records.Emotion;
import java.util.List;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.Test;

/** The expression classes, their Plutchik mapping, and the model on real faces. */
class FaceExpressionsTest {
  @Test
  void eachClassLandsOnItsPrimaryAndNeutralOnNone() {
    assertEquals(7, FaceExpressions.LABELS.size());
    assertNull(FaceExpressions.PLUTCHIK.get("neutral"));
    float[] p = {0.1f, 0.2f, 0.05f, 0.15f, 0.1f, 0.25f, 0.15f};
    float[] mapped = FaceExpressions.plutchik(p);
    assertEquals(0.2f, mapped[Emotion.JOY.ordinal()], 1e-6);
    assertEquals(0.05f, mapped[Emotion.SADNESS.ordinal()], 1e-6);
    assertEquals(0.15f, mapped[Emotion.ANGER.ordinal()], 1e-6);
    assertEquals(0.1f, mapped[Emotion.FEAR.ordinal()], 1e-6);
    assertEquals(0.25f, mapped[Emotion.DISGUST.ordinal()], 1e-6);
    assertEquals(0.15f, mapped[Emotion.SURPRISE.ordinal()], 1e-6);
    assertEquals(0f, mapped[Emotion.TRUST.ordinal()]);
    assertEquals(0f, mapped[Emotion.ANTICIPATION.ordinal()]);
    double sum = 0;
    for (float v : mapped) {
      sum += v;
    }
    assertEquals(1 - 0.1, sum, 1e-6, "everything but neutral");
  }

  @Test
  void theSmilingAstronautIsHappy() {
    Mat photo = imread(RealPhotos.ASTRONAUT.toString());
    List<FaceDetector.Face> faces = UltraFace.shared(ModelFiles.dir()).detect(photo);
    float[] p = FaceExpressions.shared(ModelFiles.dir()).classify(photo, faces)[0];
    int top = 0;
    for (int k = 1; k < p.length; k++) {
      top = p[k] > p[top] ? k : top;
    }
    assertEquals("happy", FaceExpressions.LABELS.get(top), java.util.Arrays.toString(p));
  }
}
