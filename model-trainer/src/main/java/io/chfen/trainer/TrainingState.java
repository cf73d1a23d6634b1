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
   * validation loss; without a validation split, a lower training loss. A regression target
   * (sentiment) is chosen by its loss alone: its error, of which the classes are a coarse view.
   */
  boolean better(Training.Epoch e, boolean byLoss) {
    if (bestEpoch == 0) {
      return true;
    }
    double f1 = e.validationMacroF1();
    if (byLoss || Double.isNaN(f1)) {
      return Training.selectionLoss(e) < bestLoss;
    }
    return f1 > bestF1 || f1 == bestF1 && Training.selectionLoss(e) < bestLoss;
  }
}
