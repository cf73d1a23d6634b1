package io.chfen.dataset.labels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chfen.dataset.labels.AnnotationPlan.Candidate;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which videos go to the annotators next. */
class AnnotationPlanTest {
  private static final List<Candidate> RUN =
      List.of(
          new Candidate("v01", "zh", "demo", null, 0.9, 3, null),
          new Candidate("v02", "zh", "demo", null, 0.1, 3, null),
          new Candidate("v03", "zh", "demo", null, -0.2, 3, null),
          // the lowest agreement of all, but its subtitles failed: never sent
          new Candidate("v04", "zh", "demo", "subtitles failed (analyzer_error)", -0.5, 3, null),
          new Candidate("v05", "en", "demo", null, 0.8, 1, null),
          // agreed, but the faces say otherwise
          new Candidate("v12", "en", "demo", null, 0.7, 3, "joy, the faces show it"),
          new Candidate("v06", "zh", "demo", null, null, 0, null),
          new Candidate("v07", "zh", "demo", null, null, 0, null),
          new Candidate("v08", "en", "demo", null, null, 0, null),
          new Candidate("v09", "en", "demo", null, null, 0, null),
          new Candidate("v10", "en", "site", null, null, 0, null),
          new Candidate("v11", "en", "site", "audio failed (decode_error)", null, 0, null));

  @Test
  void lowAgreementFirstThenFewAnnotatorsThenTheLeastCoveredGroupsInTurn() {
    AnnotationPlan.Plan p = AnnotationPlan.plan(RUN, 100, 0.4, 3);
    assertEquals(
        List.of("v03", "v02", "v12", "v05", "v10", "v08", "v06", "v09", "v07"),
        p.picks().stream().map(AnnotationPlan.Pick::video).toList(),
        p.picks().toString());
    assertTrue(p.picks().get(0).why().startsWith("low agreement (alpha -0.200"));
    assertTrue(p.picks().get(2).why().startsWith("model and annotators disagree: joy"));
    assertTrue(p.picks().get(3).why().startsWith("1 of 3 annotators"));
    assertTrue(p.picks().get(4).why().contains("language en, source site: 0 annotated"));
    assertEquals(
        List.of("v04: subtitles failed (analyzer_error)", "v11: audio failed (decode_error)"),
        p.excluded());
  }

  @Test
  void theBatchIsCutToItsSizeInThatOrder() {
    AnnotationPlan.Plan p = AnnotationPlan.plan(RUN, 3, 0.4, 3);
    assertEquals(
        List.of("v03", "v02", "v12"), p.picks().stream().map(AnnotationPlan.Pick::video).toList());
  }
}
