package io.chfen.encode;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.chfen.models.ModelFiles;
import io.chfen.models.ModelRegistry;
import io.chfen.models.Onnx;
import java.io.IOException;
import java.nio.LongBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Sentence embeddings of titles and subtitle cues: a BERT-style ONNX model (bge-small-zh-v1.5 by
 * default, Chinese and English) over its own WordPiece tokenizer ({@link WordPieceTokenizer}),
 * pooled as the registry declares (the [CLS] token) and L2-normalized. Texts are encoded in batches
 * of up to {@code batchSize}, similar lengths together so that little is padding.
 *
 * <p>The default model is int8 with dynamic quantization: activations get one scale per batch, so
 * in a batch a text's embedding depends on its batch-mates (cosine 0.977–0.996 to the text alone on
 * the corpus). The default batch size is therefore 1: the same text always gets the same vector, in
 * any video. Larger batches are faster (docs/benchmarks.md) and, formed deterministically, still
 * reproducible for the same input. Thread-safe.
 */
public final class TextEncoder implements AutoCloseable {
  public static final String DEFAULT_MODEL = "bge-small-zh-v1.5-q";

  private final ModelRegistry.Model model;
  private final OrtSession session;
  private final WordPieceTokenizer tokenizer;
  private final int maxTokens;
  private final int batchSize;
  private final boolean normalize;

  public TextEncoder(Path modelsDir, String modelName, int batchSize) {
    this.model = ModelRegistry.get(modelName);
    this.session = Onnx.session(modelsDir, model.file(".onnx"));
    this.batchSize = batchSize;
    this.maxTokens =
        Integer.parseInt(model.preprocessing().getOrDefault("maxTokens", 512).toString());
    this.normalize = Boolean.TRUE.equals(model.preprocessing().getOrDefault("normalize", true));
    try {
      tokenizer = WordPieceTokenizer.load(ModelFiles.verified(modelsDir, model.file(".json")));
    } catch (IOException | IllegalArgumentException e) {
      throw new IllegalStateException(
          "cannot load the tokenizer of " + modelName + ": " + e.getMessage(), e);
    }
  }

  /** The default text model, one text per run. */
  public TextEncoder(Path modelsDir) {
    this(modelsDir, DEFAULT_MODEL, 1);
  }

  public int dimension() {
    return model.dim();
  }

  /** One embedding per text, in order. */
  public float[][] encode(List<String> texts) {
    float[][] out = new float[texts.size()][];
    List<Integer> order = new ArrayList<>();
    WordPieceTokenizer.Encoding[] enc = new WordPieceTokenizer.Encoding[texts.size()];
    for (int i = 0; i < texts.size(); i++) {
      enc[i] = tokenizer.encode(texts.get(i), maxTokens);
      order.add(i);
    }
    // similar lengths batched together: less padding; ties by position keep it deterministic
    order.sort(Comparator.comparingInt((Integer i) -> enc[i].ids().length).thenComparing(i -> i));
    for (int from = 0; from < order.size(); from += batchSize) {
      List<Integer> batch = order.subList(from, Math.min(order.size(), from + batchSize));
      float[][] e = run(batch.stream().map(i -> enc[i]).toList());
      for (int k = 0; k < batch.size(); k++) {
        out[batch.get(k)] = e[k];
      }
    }
    return out;
  }

  private float[][] run(List<WordPieceTokenizer.Encoding> batch) {
    int n = batch.size();
    int len = batch.stream().mapToInt(b -> b.ids().length).max().orElse(0);
    long[] ids = new long[n * len];
    long[] mask = new long[n * len];
    long[] types = new long[n * len];
    for (int b = 0; b < n; b++) {
      WordPieceTokenizer.Encoding e = batch.get(b);
      long[] id = e.ids();
      System.arraycopy(id, 0, ids, b * len, id.length);
      System.arraycopy(e.attentionMask(), 0, mask, b * len, id.length);
      System.arraycopy(e.typeIds(), 0, types, b * len, id.length);
    }
    long[] shape = {n, len};
    var env = Onnx.env();
    try (OnnxTensor tIds = OnnxTensor.createTensor(env, LongBuffer.wrap(ids), shape);
        OnnxTensor tMask = OnnxTensor.createTensor(env, LongBuffer.wrap(mask), shape);
        OnnxTensor tTypes = OnnxTensor.createTensor(env, LongBuffer.wrap(types), shape);
        OrtSession.Result r =
            session.run(
                Map.of("input_ids", tIds, "attention_mask", tMask, "token_type_ids", tTypes))) {
      float[] h = ((OnnxTensor) r.get(model.output()).orElseThrow()).getFloatBuffer().array();
      int d = h.length / (n * len);
      float[][] out = new float[n][];
      for (int b = 0; b < n; b++) {
        out[b] = pool(h, b, len, d, mask);
      }
      return out;
    } catch (OrtException e) {
      throw new IllegalStateException(model.name() + " failed: " + e.getMessage(), e);
    }
  }

  /** [CLS] (the first token) or the mask-weighted mean of the tokens, then unit length. */
  private float[] pool(float[] h, int b, int len, int d, long[] mask) {
    float[] v = new float[d];
    if ("mean".equals(model.pooling())) {
      int count = 0;
      for (int t = 0; t < len; t++) {
        if (mask[b * len + t] != 0) {
          count++;
          for (int k = 0; k < d; k++) {
            v[k] += h[(b * len + t) * d + k];
          }
        }
      }
      for (int k = 0; k < d; k++) {
        v[k] /= Math.max(1, count);
      }
    } else {
      System.arraycopy(h, b * len * d, v, 0, d);
    }
    return normalize ? Vectors.unit(v) : v;
  }

  @Override
  public void close() {}
}
