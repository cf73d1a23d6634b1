package io.chfen.trainer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.djl.util.Pair;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * AdamW (decoupled weight decay) whose moments can be saved and restored, so that a run resumed
 * from a checkpoint continues exactly where it stopped; DJL's own optimizers keep their state
 * private. The step counter drives both the bias correction and the learning-rate schedule.
 */
public final class AdamW extends Optimizer {
  private final Tracker learningRate;
  private final float weightDecay;
  private final float beta1 = 0.9f;
  private final float beta2 = 0.999f;
  private final float epsilon = 1e-8f;
  private final Map<String, NDArray[]> moments = new HashMap<>();
  private int step;

  public AdamW(Tracker learningRate, float weightDecay) {
    super(new Builder());
    this.learningRate = learningRate;
    this.weightDecay = weightDecay;
  }

  /** Optimizer steps taken so far. */
  public int step() {
    return step;
  }

  /** The learning rate of the next step. */
  public float nextLearningRate() {
    return learningRate.getNewValue(step);
  }

  /** Counts one step; call once per {@code Trainer.step()}, before it. */
  public void beginStep() {
    step++;
  }

  @Override
  public void update(String parameterId, NDArray weight, NDArray grad) {
    float lr = learningRate.getNewValue(step - 1);
    NDArray[] mv =
        moments.computeIfAbsent(
            parameterId, k -> new NDArray[] {weight.zerosLike(), weight.zerosLike()});
    try (NDScope scope = new NDScope()) {
      scope.suppressNotUsedWarning();
      mv[0].muli(beta1).addi(grad.mul(1 - beta1));
      mv[1].muli(beta2).addi(grad.square().mul(1 - beta2));
      double c1 = 1 - Math.pow(beta1, step);
      double c2 = 1 - Math.pow(beta2, step);
      NDArray update = mv[0].div((float) c1).div(mv[1].div((float) c2).sqrt().add(epsilon)).mul(lr);
      weight.muli(1 - lr * weightDecay).subi(update);
    }
    zeroGradient(weight);
  }

  /** Zeroes a parameter's accumulated gradient in place (also when it holds NaN or inf). */
  static void zeroGradient(NDArray weight) {
    JniUtils.zeroGrad((PtNDArray) weight);
  }

  /**
   * Writes the step count and the moments by parameter name (ids are made afresh with every block,
   * names are its structure).
   */
  public void save(OutputStream out, Block block) throws IOException {
    DataOutputStream data = new DataOutputStream(out);
    data.writeInt(step);
    NDList all = new NDList();
    List<String> names = new ArrayList<>();
    for (Pair<String, Parameter> p : block.getParameters()) {
      NDArray[] mv = moments.get(p.getValue().getId());
      if (mv != null) {
        names.add(p.getKey());
        all.add(mv[0]);
        all.add(mv[1]);
      }
    }
    data.writeInt(names.size());
    for (String n : names) {
      data.writeUTF(n);
    }
    data.flush();
    all.encode(out);
  }

  /** Reads what {@link #save} wrote for {@code block}, onto {@code manager}. */
  public void load(InputStream in, NDManager manager, Block block) throws IOException {
    DataInputStream data = new DataInputStream(in);
    step = data.readInt();
    int n = data.readInt();
    List<String> names = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      names.add(data.readUTF());
    }
    NDList all = NDList.decode(manager, in);
    Map<String, String> ids = new java.util.HashMap<>();
    for (Pair<String, Parameter> p : block.getParameters()) {
      ids.put(p.getKey(), p.getValue().getId());
    }
    moments.clear();
    for (int i = 0; i < n; i++) {
      String id = ids.get(names.get(i));
      if (id == null) {
        throw new IOException(
            "the optimizer state names a parameter the net lacks: " + names.get(i));
      }
      moments.put(id, new NDArray[] {all.get(2 * i), all.get(2 * i + 1)});
    }
  }

  private static final class Builder extends OptimizerBuilder<Builder> {
    @Override
    protected Builder self() {
      return this;
    }
  }
}
