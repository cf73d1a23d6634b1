package io.chfen.dataset.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chfen.faces.FaceAnalyzer;
import io.chfen.models.ModelFiles;
import io.chfen.sample.SampleData;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Face tracking quality on the whole sample corpus, as `chfen eval-faces` reports it. */
class FaceEvaluationTest {
  @TempDir Path tmp;

  @Test
  void tracksAndPersonsMeetTheTargetsOnTheCorpus() throws Exception {
    Path corpus = SampleData.corpus();
    FaceEvaluation eval = new FaceEvaluation(corpus, tmp);
    List<FaceEvaluation.Result> results = new ArrayList<>();
    for (String id : FaceEvaluation.videos(corpus)) {
      results.add(eval.run(id, new FaceAnalyzer.Settings(), ModelFiles.dir()));
    }
    assertTrue(results.size() >= 10, "videos with face truth: " + results.size());
    FaceEvaluation.Score all = FaceEvaluation.total(results);
    assertTrue(all.mota() >= 0.80, "MOTA " + all.mota());
    assertTrue(all.idf1() >= 0.85, "IDF1 " + all.idf1());
    assertTrue(all.exactCount >= 0.9 * all.videos, all.exactCount + "/" + all.videos);
    for (FaceEvaluation.Result r : results) {
      assertTrue(r.score().idf1() <= 1.0, r.toString());
    }
  }

  @Test
  void identityMatchingFindsTheBestAssignmentWhereGreedyDoesNot() {
    // greedy takes 9 (row 0 - col 0) and is left with 1; the best is 8 + 7
    double[][] w = {{9, 8}, {7, 1}};
    assertEquals(15, Assignment.maxWeight(w));
    assertEquals(5, Assignment.maxWeight(new double[][] {{5}, {3}, {4}}));
    assertEquals(0, Assignment.maxWeight(new double[0][0]));
  }
}
