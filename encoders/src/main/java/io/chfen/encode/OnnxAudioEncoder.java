package io.chfen.encode;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.chfen.models.Onnx;
import java.nio.FloatBuffer;
import java.util.Map;

/**
 * Any ONNX audio encoder that takes a 16 kHz mono waveform {@code [N, samples]} (wav2vec2, HuBERT
 * or emotion2vec exports) and gives features {@code [N, frames, D]} or {@code [N, D]}: each step of
 * the time grid is one input (the last padded with silence), pooled over its frames by the mean;
 * the whole clip the same way, in windows of at most {@code maxWindowS} seconds averaged. Steps are
 * batched up to {@code batch}, or one at a time when the export fixes the batch at 1. Thread-safe.
 */
public final class OnnxAudioEncoder {
  /** How a model is fed and read. */
  public static final class Config extends Onnx.ModelConfig {
    private static final long serialVersionUID = 1L;

    /**
     * Scale the waveform to zero mean and unit variance per input (wav2vec2's feature extractor).
     */
    public boolean standardize = false;

    public double maxWindowS = 30;

    public Config() {
      super(16, false);
    }
  }

  private final Config c;
  private final OrtSession session;
  private final String input;
  private final String output;
  private final int batch;

  public OnnxAudioEncoder(Config config) {
    this.c = config;
    Onnx.Model m = Onnx.Model.open(config);
    this.session = m.session();
    this.input = m.input();
    this.output = m.output();
    this.batch = m.batch();
  }

  /** Per step of {@code stepS} seconds: the pooled features; null for steps past the audio. */
  public float[][] steps(float[] mono16k, int steps, double stepS) {
    int len = (int) Math.round(stepS * AudioDescriptors.RATE);
    float[][] out = new float[steps][];
    int present = Math.min(steps, (int) Math.ceil(mono16k.length / (double) len));
    for (int from = 0; from < present; from += batch) {
      int n = Math.min(batch, present - from);
      float[] data = new float[n * len];
      for (int b = 0; b < n; b++) {
        int start = (from + b) * len;
        int copy = Math.max(0, Math.min(len, mono16k.length - start));
        System.arraycopy(mono16k, start, data, b * len, copy);
      }
      float[][] e = run(data, n, len);
      System.arraycopy(e, 0, out, from, n);
    }
    return out;
  }

  /** The whole clip: windows of at most maxWindowS seconds, their pooled features averaged. */
  public float[] clip(float[] mono16k) {
    if (mono16k.length == 0) {
      return null;
    }
    int window = (int) Math.round(c.maxWindowS * AudioDescriptors.RATE);
    float[] sum = null;
    int windows = 0;
    for (int start = 0; start < mono16k.length; start += window) {
      int len = Math.min(window, mono16k.length - start);
      float[] data = new float[len];
      System.arraycopy(mono16k, start, data, 0, len);
      float[] v = run(data, 1, len)[0];
      if (sum == null) {
        sum = new float[v.length];
      }
      for (int k = 0; k < v.length; k++) {
        sum[k] += v[k];
      }
      windows++;
    }
    for (int k = 0; k < sum.length; k++) {
      sum[k] /= windows;
    }
    return c.normalize ? Vectors.unit(sum) : sum;
  }

  /** Scales each of the {@code n} inputs of {@code len} samples to zero mean, unit variance. */
  static void standardize(float[] data, int n, int len) {
    for (int b = 0; b < n; b++) {
      double m = 0;
      double sq = 0;
      for (int i = 0; i < len; i++) {
        m += data[b * len + i];
        sq += data[b * len + i] * data[b * len + i];
      }
      m /= len;
      double sd = Math.sqrt(Math.max(0, sq / len - m * m)) + 1e-7;
      for (int i = 0; i < len; i++) {
        data[b * len + i] = (float) ((data[b * len + i] - m) / sd);
      }
    }
  }

  private float[][] run(float[] data, int n, int len) {
    if (c.standardize) {
      standardize(data, n, len);
    }
    try (OnnxTensor t =
            OnnxTensor.createTensor(Onnx.env(), FloatBuffer.wrap(data), new long[] {n, len});
        OrtSession.Result r = session.run(Map.of(input, t))) {
      OnnxTensor o = (OnnxTensor) r.get(output).orElseThrow();
      long[] shape = o.getInfo().getShape();
      float[] y = o.getFloatBuffer().array();
      int per = y.length / n;
      int d = (int) shape[shape.length - 1];
      int frames = per / d;
      float[][] out = new float[n][d];
      for (int b = 0; b < n; b++) {
        for (int f = 0; f < frames; f++) {
          for (int k = 0; k < d; k++) {
            out[b][k] += y[b * per + f * d + k] / frames;
          }
        }
        if (c.normalize) {
          Vectors.unit(out[b]);
        }
      }
      return out;
    } catch (OrtException e) {
      throw new IllegalStateException(c.model + " failed: " + e.getMessage(), e);
    }
  }
}
