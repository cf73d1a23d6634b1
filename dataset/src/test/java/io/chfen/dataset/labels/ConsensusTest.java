package io.chfen.dataset.labels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chfen.records.Annotation;
import io.chfen.records.Emotion;
import io.chfen.records.Modality;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Importing annotations and their consensus, on the corpus's sample annotations. */
class ConsensusTest {
  @TempDir Path tmp;

  @Test
  void theSampleAnnotationsGiveSoftLabelsAndAgreement() throws Exception {
    Annotations.Import in = Annotations.sample();
    assertEquals(List.of(), in.rejected());
    Consensus c = new Consensus(in.rows(), 0.4);
    Consensus.Agreement a = c.agreement();
    assertEquals(3, a.annotators());
    assertEquals(13, a.videos());
    for (Modality m : Modality.values()) {
      double alpha = a.perModality().get(m);
      assertTrue(alpha > 0 && alpha < 1, m + " " + alpha);
    }
    // subtitles say what they feel; faces and music leave more to the annotator
    assertTrue(a.perModality().get(Modality.TEXT) > a.perModality().get(Modality.ACOUSTIC));
    assertTrue(a.perModality().get(Modality.TEXT) > a.perModality().get(Modality.VISUAL));
    assertTrue(a.lowAgreementVideos() >= 1 && a.lowAgreementVideos() < a.videos());

    Consensus.VideoLabels goal = c.video("demo_v002").orElseThrow();
    Consensus.ModalityLabel overall = goal.modalities().get(Modality.OVERALL);
    assertEquals(3, overall.annotators());
    float[] joy = row(overall.intensity(), Emotion.JOY);
    assertEquals(2f / 3, joy[3], 1e-6, "two of three say ecstasy");
    assertEquals(1f / 3, joy[2], 1e-6);
    for (Emotion e : Emotion.values()) {
      float[] r = row(overall.intensity(), e);
      assertEquals(1f, r[0] + r[1] + r[2] + r[3], 1e-6, e.toString());
    }
    assertTrue(c.video("demo_v020").isEmpty(), "unlabelled");
  }

  @Test
  void malformedRowsAreRejectedWithTheirLineAndCauseAndJsonLinesReadTheSame() throws Exception {
    Path csv = tmp.resolve("a.csv");
    Files.writeString(
        csv,
        "video,annotator,modality,emotion,intensity\n"
            + "v1,a1,overall,joy,2\n"
            + "v1,a1,smell,joy,2\n"
            + "v1,a2,overall,happiness,1\n"
            + "v1,a3,overall,joy,7\n"
            + "v1,,overall,joy,1\n"
            + "v1,a3,overall,joy,2,extra\n"
            + "v1,a3,overall,joy,high\n"
            + "v1,a2,text,fear,3\n");
    Annotations.Import in = Annotations.read(csv);
    assertEquals(2, in.rows().size(), "the rows after a bad one are kept");
    assertEquals(6, in.rejected().size(), in.rejected().toString());
    assertTrue(
        in.rejected().get(4).contains(":7: 6 columns, the header has 5"), in.rejected().get(4));
    assertTrue(in.rejected().get(5).contains(":8: intensity 'high'"), in.rejected().get(5));
    assertTrue(in.rejected().get(0).contains(":3: modality 'smell'"), in.rejected().get(0));
    assertTrue(in.rejected().get(1).contains("emotion 'happiness'"), in.rejected().get(1));
    assertTrue(in.rejected().get(2).contains("outside 0-3"), in.rejected().get(2));
    assertTrue(in.rejected().get(3).contains("missing annotator"), in.rejected().get(3));

    Path jsonl = tmp.resolve("a.jsonl");
    Files.writeString(
        jsonl,
        "{\"video\":\"v1\",\"annotator\":\"a1\",\"modality\":\"overall\",\"emotion\":\"joy\",\"intensity\":2}\n"
            + "\n"
            + "{\"video\":\"v1\",\"annotator\":\"a2\",\"modality\":\"text\",\"emotion\":\"fear\",\"intensity\":3}\n"
            + "{not json\n");
    Annotations.Import j = Annotations.read(jsonl);
    assertEquals(in.rows(), j.rows());
    assertEquals(1, j.rejected().size());
    assertTrue(j.rejected().get(0).contains(":4:"), j.rejected().get(0));
  }

  /**
   * A fourth annotator who marks, on five of the sample's videos, the intensity opposite to the
   * first annotator's (3 − x) stands out against the rest, and the modalities where the others
   * disagree come first for adjudication.
   */
  @Test
  void eachAnnotatorIsMeasuredAgainstTheRestAndDisagreementsAreListedLowestFirst()
      throws Exception {
    List<Annotation> rows = new ArrayList<>(Annotations.sample().rows());
    List<String> five = List.of("demo_v001", "demo_v002", "demo_v003", "demo_v004", "demo_v005");
    Map<String, int[]> a1 = new TreeMap<>();
    for (Annotation a : rows) {
      if (a.getAnnotatorId().equals("a1") && five.contains(a.getVideoId())) {
        a1.computeIfAbsent(a.getVideoId() + " " + a.getModality(), k -> new int[8])[
                a.getEmotion().ordinal()] =
            a.getIntensity();
      }
    }
    for (Map.Entry<String, int[]> e : a1.entrySet()) {
      String[] vm = e.getKey().split(" ");
      for (Emotion em : Emotion.values()) {
        rows.add(
            Annotation.newBuilder()
                .setVideoId(vm[0])
                .setAnnotatorId("a4")
                .setModality(Modality.valueOf(vm[1]))
                .setEmotion(em)
                .setIntensity(3 - e.getValue()[em.ordinal()])
                .build());
      }
    }
    Consensus c = new Consensus(rows, 0.4);
    Map<String, Double> each = c.perAnnotator();
    assertEquals(List.of("a1", "a2", "a3", "a4"), List.copyOf(each.keySet()));
    for (String who : List.of("a1", "a2", "a3")) {
      assertTrue(each.get(who) > 0.2, who + " " + each);
      assertTrue(each.get("a4") < each.get(who) - 0.3, "a4 stands out: " + each);
    }
    assertTrue(each.get("a4") < 0, "worse than chance: " + each);

    List<Consensus.Disagreement> d = c.disagreements();
    assertTrue(d.size() >= 5, d.toString());
    for (int i = 0; i < d.size(); i++) {
      Consensus.Disagreement x = d.get(i);
      assertTrue(x.annotators() >= 2);
      assertTrue(x.alpha() == null ? !x.spread().isEmpty() : x.alpha() < 0.4, x.toString());
      if (i > 0 && d.get(i - 1).alpha() != null) {
        assertTrue(x.alpha() != null && x.alpha() >= d.get(i - 1).alpha(), "sorted: " + d);
      }
    }
    assertTrue(
        d.stream().filter(x -> five.contains(x.video())).count() >= 5,
        "the videos a4 contradicts are among them");
  }

  private static float[] row(float[] soft, Emotion e) {
    float[] r = new float[4];
    System.arraycopy(soft, e.ordinal() * 4, r, 0, 4);
    return r;
  }
}
