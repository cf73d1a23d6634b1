package io.chfen.trainer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.tracker.Tracker;
import java.util.List;
import org.junit.jupiter.api.Test;

/** CHFEN: padding and missing steps cannot reach the outputs, and gradients stay finite. */
class ChfenTest {
  private static Shape[] shapes(NDList in) {
    Shape[] s = new Shape[in.size()];
    for (int i = 0; i < s.length; i++) {
      s[i] = in.get(i).getShape();
    }
    return s;
  }

  @Test
  void paddingAndMissingStepsCannotChangeTheOutputs() {
    Chfen.Config cfg = new Chfen.Config();
    cfg.d = 16;
    cfg.layers = 2;
    try (Model model = Model.newInstance("chfen");
        NDManager m = NDManager.newBaseManager()) {
      Chfen net = new Chfen(cfg);
      model.setBlock(net);
      NDList in = Chfen.inputs(Collate.batch(Rows.planted("v", 3, 1), "overall").toNd(m));
      net.initialize(m, DataType.FLOAT32, shapes(in));
      ParameterStore ps = new ParameterStore(m, false);
      NDList out = net.forward(ps, in, false);
      float[] logits = out.get(0).toFloatArray();
      // overwrite every masked-off step of every sequence with large values
      NDList changed = new NDList();
      for (int i = 0; i < in.size(); i++) {
        String name = Chfen.INPUTS.get(i);
        NDArray a = in.get(i);
        int maskAt = Chfen.INPUTS.indexOf(name + "Mask");
        if (a.getShape().dimension() == 3 && maskAt >= 0) {
          NDArray off = in.get(maskAt).logicalNot().expandDims(2).toType(a.getDataType(), false);
          a = a.add(off.mul(m.randomNormal(a.getShape()).mul(1000f)));
        }
        changed.add(a);
      }
      float[] again = net.forward(ps, changed, false).get(0).toFloatArray();
      assertArrayEquals(logits, again, 1e-5f);
      // and a gate only over the heads present: faces are absent here, visual is not
      float[] gate = out.get(2).toFloatArray();
      float sum = 0;
      for (int i = 0; i < Chfen.HEADS.size(); i++) {
        sum += gate[i];
      }
      assertEquals(1f, sum, 1e-5f);
    }
  }

  /**
   * DJL's {@code div(Number)} left autograd holding a tensor over a freed Java buffer: with the
   * garbage collector run between forward and backward, gradients went NaN within a few steps (3
   * runs in 3). {@link Chfen#constant} keeps every such scalar alive.
   */
  @Test
  void gradientsStayFiniteWhenTheGarbageCollectorRunsBeforeBackward() {
    Chfen.Config cfg = new Chfen.Config();
    cfg.d = 32;
    List<io.chfen.records.EncodedSample> rows = Rows.planted("train", 96, 5);
    try (Model model = Model.newInstance("chfen")) {
      model.setBlock(new Chfen(cfg));
      AdamW adam = new AdamW(Tracker.fixed(2e-3f), 0.01f);
      try (Trainer trainer =
          model.newTrainer(new DefaultTrainingConfig(Loss.l2Loss()).optOptimizer(adam))) {
        try (NDManager probe = NDManager.newBaseManager()) {
          trainer.initialize(
              shapes(Chfen.inputs(Collate.batch(rows.subList(0, 2), "overall").toNd(probe))));
        }
        TrainConfig tc = new TrainConfig();
        for (int step = 0; step < 12; step++) {
          int from = (step % 6) * 16;
          try (NDManager m = trainer.getManager().newSubManager()) {
            NDList batch = Collate.batch(rows.subList(from, from + 16), "overall").toNd(m);
            try (GradientCollector gc = trainer.newGradientCollector()) {
              NDArray loss =
                  Evaluation.objective(trainer.forward(Chfen.inputs(batch)), batch, tc, null);
              System.gc();
              byte[][] churn = new byte[64][];
              for (int i = 0; i < churn.length; i++) {
                churn[i] = new byte[1 << 16];
              }
              gc.backward(loss);
            }
            for (var p : model.getBlock().getParameters()) {
              NDArray g = p.getValue().getArray().getGradient();
              assertTrue(
                  !g.isNaN().any().getBoolean() && !g.isInfinite().any().getBoolean(),
                  "step " + step + ": gradient of " + p.getKey());
            }
            adam.beginStep();
            trainer.step();
          }
        }
      }
    }
  }
}
