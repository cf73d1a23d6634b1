package io.chfen.trainer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Activation;
import ai.djl.training.ParameterStore;
import io.chfen.records.EncodedSample;
import io.chfen.schemas.Plutchik;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * What each modality contributed to a prediction, two ways. The <em>gate</em>: the decision-level
 * weights the net itself put on its heads (visual, text, acoustic, text↔visual, visual↔acoustic).
 * The <em>ablation</em>: each modality masked out in turn (the net treats it as absent, as it does
 * a video without it), the drop in the probability of the predicted emotion — positive when the
 * modality supported the decision, negative when it argued against it.
 */
public final class Contributions {
  /** The modalities an ablation removes, each with the masks that carry it. */
  public static final Map<String, List<String>> MODALITIES = modalities();

  private static Map<String, List<String>> modalities() {
    Map<String, List<String>> m = new LinkedHashMap<>();
    m.put("title", List.of("titleMask"));
    m.put("visual", List.of("framesMask", "facesMask", "expressionMask"));
    m.put("expression", List.of("expressionMask"));
    m.put("text", List.of("textMask"));
    m.put("acoustic", List.of("vocalsMask", "musicMask", "vocalsGlobalMask", "musicGlobalMask"));
    m.put("context", List.of("contextMask"));
    return java.util.Collections.unmodifiableMap(m);
  }

  /** One video's breakdown. */
  public record Row(
      String id,
      String language,
      int predicted,
      double probability,
      double[] probabilities,
      Map<String, Double> gate,
      Map<String, Double> ablation) {
    public String emotion() {
      return Plutchik.EMOTION_NAMES.get(predicted);
    }
  }

  private Contributions() {}

  /** Every row of {@code split} explained, in file order. */
  public static List<Row> explain(Chfen net, NDManager manager, ShardDataset split, int batch) {
    List<Row> out = new ArrayList<>();
    try (ShardDataset.Batches b = split.batches(ShardDataset.Plan.inOrder(batch, "overall"), 2)) {
      while (b.hasNext()) {
        Collate.Padded padded = b.next();
        try (NDManager m = manager.newSubManager()) {
          out.addAll(explain(net, m, padded));
        }
      }
    }
    return out;
  }

  /** One row explained. */
  public static Row explain(Chfen net, NDManager manager, EncodedSample row) {
    try (NDManager m = manager.newSubManager()) {
      return explain(net, m, Collate.batch(List.of(row), "overall")).get(0);
    }
  }

  /** The rows of one batch explained. */
  static List<Row> explain(Chfen net, NDManager m, Collate.Padded padded) {
    NDList batch = padded.toNd(m);
    ParameterStore ps = new ParameterStore(m, false);
    NDList all = net.forward(ps, Chfen.inputs(batch), false);
    float[] p = probabilities(net, all.get(0)).toFloatArray();
    float[] gate = all.get(2).toFloatArray();
    Map<String, float[]> without = new LinkedHashMap<>();
    for (Map.Entry<String, List<String>> e : MODALITIES.entrySet()) {
      NDList masked = new NDList();
      for (NDArray a : batch) {
        NDArray x = a;
        if (e.getValue().contains(a.getName())) {
          x = a.zerosLike();
          x.setName(a.getName());
        }
        masked.add(x);
      }
      without.put(
          e.getKey(),
          probabilities(net, net.forward(ps, Chfen.inputs(masked), false).get(0)).toFloatArray());
    }
    int heads = Chfen.HEADS.size();
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < padded.ids().size(); i++) {
      double[] probs = new double[Chfen.NUM_EMOTIONS];
      int best = 0;
      for (int k = 0; k < Chfen.NUM_EMOTIONS; k++) {
        probs[k] = p[i * Chfen.NUM_EMOTIONS + k];
        best = probs[k] > probs[best] ? k : best;
      }
      Map<String, Double> g = new LinkedHashMap<>();
      for (int h = 0; h < heads; h++) {
        g.put(Chfen.HEADS.get(h), (double) gate[i * heads + h]);
      }
      Map<String, Double> drop = new LinkedHashMap<>();
      for (Map.Entry<String, float[]> e : without.entrySet()) {
        drop.put(e.getKey(), probs[best] - e.getValue()[i * Chfen.NUM_EMOTIONS + best]);
      }
      rows.add(
          new Row(
              padded.ids().get(i), padded.languages().get(i), best, probs[best], probs, g, drop));
    }
    return rows;
  }

  private static NDArray probabilities(Chfen net, NDArray logits) {
    return net.config().multiLabel ? Activation.sigmoid(logits) : logits.softmax(1);
  }

  /** Means over groups of rows: per modality (ablation) and per head (gate). */
  public record Group(int videos, Map<String, Double> ablation, Map<String, Double> gate) {}

  /** The rows grouped by {@code key} (the predicted emotion, the language), group means. */
  public static Map<String, Group> aggregate(List<Row> rows, Function<Row, String> key) {
    Map<String, List<Row>> groups = new java.util.TreeMap<>();
    for (Row r : rows) {
      groups.computeIfAbsent(key.apply(r), k -> new ArrayList<>()).add(r);
    }
    Map<String, Group> out = new LinkedHashMap<>();
    groups.forEach(
        (k, g) ->
            out.put(
                k,
                new Group(
                    g.size(),
                    mean(g, MODALITIES.keySet(), Row::ablation),
                    mean(g, Chfen.HEADS, Row::gate))));
    return out;
  }

  private static Map<String, Double> mean(
      List<Row> rows, Iterable<String> names, Function<Row, Map<String, Double>> values) {
    Map<String, Double> out = new LinkedHashMap<>();
    for (String n : names) {
      out.put(n, rows.stream().mapToDouble(r -> values.apply(r).get(n)).average().orElse(0));
    }
    return out;
  }
}
