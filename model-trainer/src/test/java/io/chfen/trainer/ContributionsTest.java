package io.chfen.trainer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.Model;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.chfen.records.EncodedSample;
import io.chfen.schemas.Tensors;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The breakdown's invariants on an untrained net: they hold whatever the weights. */
class ContributionsTest {
  @Test
  void anAbsentModalityContributesNothingAndABatchExplainsAsSingleRowsDo() {
    Chfen.Config cfg = new Chfen.Config();
    cfg.d = 16;
    List<EncodedSample> rows = new ArrayList<>(Rows.planted("v", 4, 7));
    // the second video has no subtitles at all
    EncodedSample silent = rows.get(1);
    rows.set(
        1,
        EncodedSample.newBuilder(silent)
            .setTextMask(Tensors.mask(new boolean[silent.getSteps()]))
            .build());
    try (Model model = Model.newInstance("chfen");
        NDManager m = NDManager.newBaseManager()) {
      Chfen net = new Chfen(cfg);
      model.setBlock(net);
      NDList in = Chfen.inputs(Collate.batch(rows, "overall").toNd(m));
      Shape[] shapes = new Shape[in.size()];
      for (int i = 0; i < shapes.length; i++) {
        shapes[i] = in.get(i).getShape();
      }
      net.initialize(m, DataType.FLOAT32, shapes);

      List<Contributions.Row> batch = Contributions.explain(net, m, Collate.batch(rows, "overall"));
      assertEquals(4, batch.size());
      Contributions.Row noText = batch.get(1);
      assertEquals(0.0, noText.ablation().get("text"), "masking what is absent changes nothing");
      assertEquals(0.0, noText.gate().get("text"), "no text head without text");
      assertEquals(0.0, noText.gate().get("text_visual"));
      for (Contributions.Row r : batch) {
        assertEquals(1.0, r.gate().values().stream().mapToDouble(Double::doubleValue).sum(), 1e-5);
        assertEquals(r.probabilities()[r.predicted()], r.probability());
      }
      // rows of different lengths padded into one batch explain as they do alone
      for (int i = 0; i < rows.size(); i++) {
        Contributions.Row alone = Contributions.explain(net, m, rows.get(i));
        Contributions.Row inBatch = batch.get(i);
        assertEquals(inBatch.id(), alone.id());
        assertEquals(inBatch.language(), alone.language());
        assertEquals(inBatch.predicted(), alone.predicted());
        for (String mod : Contributions.MODALITIES.keySet()) {
          assertEquals(inBatch.ablation().get(mod), alone.ablation().get(mod), 1e-5, mod);
        }
      }
    }
  }
}
