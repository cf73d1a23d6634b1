package io.chfen.app.cli;

import io.chfen.schemas.Device;
import io.chfen.trainer.TrainConfig;
import java.util.Set;
import picocli.CommandLine.Option;

/** The training options shared by {@code chfen train} and {@code chfen demo}. */
final class TrainOptions {
  @Option(names = "--epochs", description = "Epochs at most (default: 40; the demo 30).")
  Integer epochs;

  @Option(names = "--batch-size", description = "Rows per batch (default 16).")
  Integer batchSize;

  @Option(names = "--lr", description = "Peak learning rate of AdamW (default 1e-3).")
  Float learningRate;

  @Option(names = "--weight-decay", description = "AdamW's decoupled weight decay (default 0.01).")
  Float weightDecay;

  @Option(
      names = "--patience",
      description =
          "Epochs without a better validation macro-F1 before stopping; 0 never (default 10).")
  Integer patience;

  @Option(names = "--seed", description = "First seed (default 42).")
  Long seed;

  @Option(
      names = "--seeds",
      defaultValue = "1",
      description = "Runs per variant, seeds seed, seed+1, ... (default ${DEFAULT-VALUE}).")
  int seeds;

  @Option(
      names = "--ablations",
      description =
          "Also train every ablation (drop each modality, no conditional query, feature- or decision-level only).")
  boolean ablations;

  @Option(
      names = "--max-batches",
      description = "Batches per epoch at most, for smoke runs (default: all).")
  Integer maxBatches;

  @Option(names = "--d", description = "Model width (default 64).")
  Integer d;

  @Option(names = "--heads", description = "Attention heads (default 4).")
  Integer heads;

  @Option(names = "--layers", description = "Self-attention layers per modality (default 1).")
  Integer layers;

  @Option(names = "--dropout", description = "Dropout rate (default 0.1).")
  Float dropout;

  @Option(
      names = "--target",
      description =
          "What to fit: emotion (the Plutchik labels, the default) or sentiment (a dataset's score"
              + " per modality, from encode --label-file: WAR/UAR/F1 over negative/neutral/positive"
              + " and MMSA's Acc2/F1/Acc3/MAE/Corr).")
  String target;

  @Option(
      names = "--labels",
      description = "Whose labels to fit: overall, visual, acoustic, text (default overall).")
  String labels;

  @Option(names = "--multi-label", description = "A sigmoid per emotion instead of one softmax.")
  boolean multiLabel;

  @Option(
      names = "--class-weights",
      description = "Weigh classes by the inverse of their share of the training targets.")
  boolean classWeights;

  @Option(
      names = "--drop",
      split = ",",
      description = "Modalities to leave out: visual, text, acoustic, title.")
  Set<String> drop;

  @Option(
      names = "--device",
      description =
          "${COMPLETION-CANDIDATES}: a GPU when PyTorch sees one (auto, the default), the CPU, or"
              + " a GPU or an error.")
  Device device;

  /** The options over the defaults ({@code base}). */
  TrainConfig config(TrainConfig base) {
    TrainConfig c = base;
    if (epochs != null) {
      c.epochs = epochs;
    }
    if (batchSize != null) {
      c.batchSize = batchSize;
    }
    if (learningRate != null) {
      c.learningRate = learningRate;
    }
    if (weightDecay != null) {
      c.weightDecay = weightDecay;
    }
    if (patience != null) {
      c.patience = patience;
    }
    if (seed != null) {
      c.seed = seed;
    }
    if (maxBatches != null) {
      c.maxBatches = maxBatches;
    }
    if (d != null) {
      c.model.d = d;
    }
    if (heads != null) {
      c.model.heads = heads;
    }
    if (layers != null) {
      c.model.layers = layers;
    }
    if (dropout != null) {
      c.model.dropout = dropout;
    }
    if (labels != null) {
      c.labels = labels;
    }
    if (target != null) {
      c.target = target;
    }
    if (drop != null) {
      c.model.dropped = Set.copyOf(drop);
    }
    if (device != null) {
      c.device = device;
    }
    c.model.multiLabel |= multiLabel;
    c.classWeights |= classWeights;
    return c.validated();
  }
}
