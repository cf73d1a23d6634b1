package io.chfen.trainer;

import java.util.ArrayList;
import java.util.List;

/** What a training run has done so far; a checkpoint holds it (Jackson reads and writes it). */
final class TrainingState {
  public int epochsDone;
  public int bestEpoch;
  public double bestF1 = Double.NEGATIVE_INFINITY;
  public double bestLoss = Double.POSITIVE_INFINITY;
  public boolean stoppedEarly;
  public String manifestSha256 = "";
  public List<Training.Epoch> history = new ArrayList<>();

  /**
   * Better than the best so far: a higher validation macro-F1, or an equal one with a lower
   * validation loss; without a validation split, a lower training loss.
   */
  boolean better(Training.Epoch e) {
    if (bestEpoch == 0) {
      return true;
    }
    double f1 = e.validationMacroF1();
    if (Double.isNaN(f1)) {
      return Training.selectionLoss(e) < bestLoss;
    }
    return f1 > bestF1 || f1 == bestF1 && Training.selectionLoss(e) < bestLoss;
  }
}
