package io.chfen.app.print;

import io.chfen.trainer.Experiment;
import io.chfen.trainer.Training;
import java.io.PrintStream;
import java.util.Locale;

/**
 * A progress bar for training: redrawn in place on a terminal (run, epoch, batches, loss,
 * samples/s), one line per epoch otherwise (logs, CI).
 */
public final class TrainingProgress implements Experiment.Listener, AutoCloseable {
  private static final int BAR = 24;
  private final PrintStream out;
  private final boolean tty = System.console() != null;
  private String run = "";
  private int epoch;
  private int epochs;
  private int batches;

  public TrainingProgress(PrintStream out) {
    this.out = out;
  }

  @Override
  public void runStart(int index, int of, String variant, long seed) {
    run = String.format(Locale.ROOT, "run %d/%d %s seed %d", index, of, variant, seed);
  }

  @Override
  public void epochStart(int epoch, int epochs, int batches) {
    this.epoch = epoch;
    this.epochs = epochs;
    this.batches = batches;
  }

  @Override
  public void batch(int epoch, int batch, float loss, double samplesPerS) {
    if (!tty) {
      return;
    }
    int done = batches == 0 ? BAR : BAR * batch / batches;
    out.print(
        String.format(
            Locale.ROOT,
            "\r%s | epoch %d/%d [%s%s] %d/%d | loss %.4f | %.1f samples/s\u001b[K",
            run,
            epoch,
            epochs,
            "#".repeat(done),
            "-".repeat(BAR - done),
            batch,
            batches,
            loss,
            samplesPerS));
  }

  @Override
  public void epochEnd(Training.Epoch e) {
    out.print(
        String.format(
            Locale.ROOT,
            "%s%s | epoch %d/%d | train loss %.4f | val loss %s | val macro-F1 %s | %.1f samples/s%s%s%n",
            tty ? "\r" : "",
            run,
            e.epoch(),
            epochs,
            e.trainLoss(),
            Numbers.fixed(e.validationLoss(), 4),
            Numbers.fixed(e.validationMacroF1(), 3),
            e.samplesPerS(),
            e.best() ? " | best" : "",
            tty ? "\u001b[K" : ""));
  }

  @Override
  public void close() {
    out.flush();
  }
}
