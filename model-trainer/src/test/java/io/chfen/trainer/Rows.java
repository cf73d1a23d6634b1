package io.chfen.trainer;

import io.chfen.records.EncodedSample;
import io.chfen.records.ModalityLabels;
import io.chfen.records.Provenance;
import io.chfen.schemas.Schemas;
import io.chfen.schemas.Tensors;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Shard rows and shard directories for the trainer's tests, written as the encode stage does. */
final class Rows {
  private Rows() {}

  /**
   * A row of {@code steps} steps: every sequence {@code d} wide and all zero with every step
   * present, whole-clip vectors zero and present, no faces seen, no labels. Tests set what matters
   * to them.
   */
  static EncodedSample.Builder base(String id, int steps, int d) {
    float[][] zeros = new float[steps][d];
    boolean[] all = new boolean[steps];
    java.util.Arrays.fill(all, true);
    return EncodedSample.newBuilder()
        .setId(id)
        .setSplit("train")
        .setStepSeconds(1)
        .setSteps(steps)
        .setDurationS(steps)
        .setTitle(Tensors.of(new float[d], d))
        .setTitleMask(true)
        .setVocalsGlobal(Tensors.of(new float[d], d))
        .setVocalsGlobalMask(true)
        .setMusicGlobal(Tensors.of(new float[d], d))
        .setMusicGlobalMask(true)
        .setFrames(Tensors.matrix(zeros, d))
        .setFramesMask(Tensors.mask(all))
        .setFaces(Tensors.matrix(zeros, d))
        .setFaceCount(Tensors.of(new float[steps], steps))
        .setFacesMask(Tensors.mask(new boolean[steps]))
        .setFrameQuality(Tensors.matrix(zeros, d))
        .setExpressions(Tensors.of(new float[0], 0, steps, 7))
        .setExpressionsMask(Tensors.mask(new boolean[0], 0, steps))
        .setVisualPrior(Tensors.of(new float[8], 8))
        .setVisualPriorMask(false)
        .setText(Tensors.matrix(zeros, d))
        .setTextMask(Tensors.mask(all))
        .setVocals(Tensors.matrix(zeros, d))
        .setVocalsMask(Tensors.mask(all))
        .setMusic(Tensors.matrix(zeros, d))
        .setMusicMask(Tensors.mask(all))
        .setContext(Tensors.of(new float[d], d))
        .setContextMask(false)
        .setStatus(Map.of())
        .setLabels(Map.of())
        .setProvenance(
            Provenance.newBuilder()
                .setPipelineVersion("test")
                .setSchemaVersion(Schemas.SCHEMA_VERSION)
                .setEncoders(Map.of())
                .build());
  }

  /** Overall labels: every annotator saw {@code emotion} at {@code level}, nothing else. */
  static Map<String, ModalityLabels> label(int emotion, int level) {
    float[] soft = new float[32];
    for (int e = 0; e < 8; e++) {
      soft[e * 4 + (e == emotion ? level : 0)] = 1;
    }
    return Map.of(
        "overall",
        ModalityLabels.newBuilder().setAnnotators(3).setIntensity(Tensors.of(soft, 8, 4)).build());
  }

  static final int PLANTED_D = 8;

  /**
   * A synthetic row of class {@code k} (one of 4 emotions): the text steps carry the class (a
   * one-hot direction plus noise), every other modality is noise; 4–9 steps; zh or en at random.
   */
  static EncodedSample planted(String id, String split, int k, Random r) {
    int d = PLANTED_D;
    int steps = 4 + r.nextInt(6);
    float[][] noise = new float[steps][];
    float[][] text = new float[steps][];
    for (int s = 0; s < steps; s++) {
      noise[s] = gaussian(r, d, 1);
      text[s] = gaussian(r, d, 0.5f);
      text[s][k] += 2;
    }
    return base(id, steps, d)
        .setSplit(split)
        .setTitle(Tensors.of(gaussian(r, d, 1), d))
        .setVocalsGlobal(Tensors.of(gaussian(r, d, 1), d))
        .setMusicGlobal(Tensors.of(gaussian(r, d, 1), d))
        .setFrames(Tensors.matrix(noise, d))
        .setFaces(Tensors.matrix(noise, d))
        .setText(Tensors.matrix(text, d))
        .setVocals(Tensors.matrix(noise, d))
        .setMusic(Tensors.matrix(noise, d))
        .setLabels(label(k, 2))
        .setLanguage(r.nextBoolean() ? "zh" : "en")
        .build();
  }

  /** n planted rows of classes 0–3 in turn. */
  static List<EncodedSample> planted(String split, int n, long seed) {
    Random r = new Random(seed);
    List<EncodedSample> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(planted(split + i, split, i % 4, r));
    }
    return out;
  }

  static float[] gaussian(Random r, int n, float sd) {
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = (float) r.nextGaussian() * sd;
    }
    return v;
  }
}
