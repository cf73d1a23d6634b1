package io.chfen.trainer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import io.chfen.records.EncodedSample;
import io.chfen.records.ModalityLabels;
import io.chfen.records.Provenance;
import io.chfen.schemas.Tensors;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** CHFEN: padding and missing steps cannot reach the outputs. */
class ChfenTest {
  private static final int D = 8;

  /**
   * A synthetic row of class {@code k} (one of 4 emotions): the text steps carry the class (a
   * one-hot direction plus noise), every other modality is noise; 4–9 steps.
   */
  static EncodedSample planted(String id, int k, Random r) {
    int steps = 4 + r.nextInt(6);
    float[][] noise = new float[steps][];
    float[][] text = new float[steps][];
    boolean[] all = new boolean[steps];
    for (int s = 0; s < steps; s++) {
      noise[s] = gaussian(r, D, 1);
      text[s] = gaussian(r, D, 0.5f);
      text[s][k] += 2;
      all[s] = true;
    }
    float[] soft = new float[32];
    for (int e = 0; e < 8; e++) {
      soft[e * 4 + (e == k ? 2 : 0)] = 1;
    }
    return EncodedSample.newBuilder()
        .setId(id)
        .setSplit("train")
        .setStepSeconds(1)
        .setSteps(steps)
        .setDurationS(steps)
        .setTitle(Tensors.of(gaussian(r, D, 1), D))
        .setTitleMask(true)
        .setVocalsGlobal(Tensors.of(gaussian(r, D, 1), D))
        .setVocalsGlobalMask(true)
        .setMusicGlobal(Tensors.of(gaussian(r, D, 1), D))
        .setMusicGlobalMask(true)
        .setFrames(Tensors.matrix(noise, D))
        .setFramesMask(Tensors.mask(all))
        .setFaces(Tensors.matrix(noise, D))
        .setFaceCount(Tensors.of(new float[steps], steps))
        .setFacesMask(Tensors.mask(new boolean[steps]))
        .setText(Tensors.matrix(text, D))
        .setTextMask(Tensors.mask(all))
        .setVocals(Tensors.matrix(noise, D))
        .setVocalsMask(Tensors.mask(all))
        .setMusic(Tensors.matrix(noise, D))
        .setMusicMask(Tensors.mask(all))
        .setStatus(Map.of())
        .setLabels(
            Map.of(
                "overall",
                ModalityLabels.newBuilder()
                    .setAnnotators(3)
                    .setIntensity(Tensors.of(soft, 8, 4))
                    .build()))
        .setProvenance(
            Provenance.newBuilder()
                .setPipelineVersion("test")
                .setSchemaVersion(1)
                .setEncoders(Map.of())
                .build())
        .build();
  }

  private static float[] gaussian(Random r, int n, float sd) {
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = (float) r.nextGaussian() * sd;
    }
    return v;
  }

  private static List<EncodedSample> rows(int n, long seed) {
    Random r = new Random(seed);
    List<EncodedSample> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(planted("v" + i, i % 4, r));
    }
    return out;
  }

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
    try (Model model = Model.newInstance("chfen");
        NDManager m = NDManager.newBaseManager()) {
      Chfen net = new Chfen(cfg);
      model.setBlock(net);
      List<EncodedSample> batch = rows(3, 1);
      NDList in = Chfen.inputs(Collate.batch(batch, "overall").toNd(m));
      net.initialize(m, ai.djl.ndarray.types.DataType.FLOAT32, shapes(in));
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
}
