package io.chfen.encode;

import static org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_LINEAR;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.chfen.models.ModelFiles;
import io.chfen.models.ModelRegistry;
import io.chfen.models.Onnx;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * Any ONNX image encoder (a CLIP or SigLIP image tower, a classifier's backbone, a face model)
 * applied as its export expects: the picture resized to the model's input, scaled to 0–1 (or kept
 * 0–255), normalized per channel in RGB or BGR order, NCHW or NHWC; the named output pooled (none,
 * the mean over tokens or over the spatial grid, or the first token) and optionally L2-normalized.
 * Pictures are batched up to {@code batch}, or one at a time when the model's batch dimension is
 * fixed. Thread-safe.
 */
public final class OnnxImageEncoder {
  /** How a model is fed and read. */
  public static final class Config extends Onnx.ModelConfig {
    private static final long serialVersionUID = 1L;

    public int width = 224;
    public int height = 224;

    /** Pixels divided by 255 before normalization (false: kept 0–255). */
    public boolean unitScale = true;

    public boolean rgb = true;
    public float[] mean = {0.48145466f, 0.4578275f, 0.40821073f};
    public float[] std = {0.26862954f, 0.26130258f, 0.27577711f};

    /** none, mean (over every axis after the first two, or tokens of [N, T, D]), or first. */
    public String pooling = "none";

    /** Channels last (NHWC, as TF.js and Keras exports take pictures) instead of NCHW. */
    public boolean nhwc;

    public Config() {
      super(32, true);
    }

    /**
     * A model of {@code models.yaml} as its entry says it is fed: {@code preprocessing} gives
     * {@code width}, {@code height}, {@code layout} (nchw or nhwc), {@code range} (unit or 255) and
     * optionally {@code mean} and {@code std}; the output and pooling are the entry's.
     */
    public static Config registered(Path modelsDir, String name) {
      ModelRegistry.Model m = ModelRegistry.get(name);
      Map<String, Object> p = m.preprocessing();
      Config c = new Config();
      String file = m.file(".onnx");
      c.model = ModelFiles.verified(modelsDir, file).toString();
      c.sha256 = m.sha256();
      c.output = m.output();
      c.pooling = m.pooling() == null ? "none" : m.pooling();
      c.normalize = Boolean.TRUE.equals(p.get("normalize"));
      c.width = ((Number) p.getOrDefault("width", c.width)).intValue();
      c.height = ((Number) p.getOrDefault("height", c.height)).intValue();
      c.nhwc = "nhwc".equals(p.get("layout"));
      c.unitScale = !"255".equals(String.valueOf(p.get("range")));
      c.mean = floats(p.get("mean"), c.unitScale ? c.mean : new float[] {0, 0, 0});
      c.std = floats(p.get("std"), c.unitScale ? c.std : new float[] {1, 1, 1});
      return c;
    }

    private static float[] floats(Object list, float[] otherwise) {
      if (list == null) {
        return otherwise;
      }
      List<?> l = (List<?>) list;
      float[] f = new float[l.size()];
      for (int i = 0; i < f.length; i++) {
        f[i] = ((Number) l.get(i)).floatValue();
      }
      return f;
    }
  }

  private final Config c;
  private final OrtSession session;
  private final String input;
  private final String output;
  private final int batch;

  public OnnxImageEncoder(Config config) {
    this.c = config;
    Onnx.Model m = Onnx.Model.open(config);
    this.session = m.session();
    this.input = m.input();
    this.output = m.output();
    this.batch = m.batch();
  }

  /** The batch size used (1 when the model's batch dimension is fixed). */
  public int batchSize() {
    return batch;
  }

  /** One vector per BGR picture, in order. */
  public float[][] encode(List<Mat> pictures) {
    float[][] out = new float[pictures.size()][];
    for (int from = 0; from < pictures.size(); from += batch) {
      List<Mat> b = pictures.subList(from, Math.min(pictures.size(), from + batch));
      float[][] e = run(b);
      System.arraycopy(e, 0, out, from, e.length);
    }
    return out;
  }

  private float[][] run(List<Mat> pictures) {
    int n = pictures.size();
    int plane = c.width * c.height;
    float[] data = new float[n * 3 * plane];
    byte[] px = new byte[plane * 3];
    try (Mat small = new Mat();
        Size size = new Size(c.width, c.height)) {
      for (int b = 0; b < n; b++) {
        Mat p = pictures.get(b);
        boolean shrink = p.cols() > c.width || p.rows() > c.height;
        resize(p, small, size, 0, 0, shrink ? INTER_AREA : INTER_LINEAR);
        small.data().get(px);
        for (int i = 0; i < plane; i++) {
          for (int ch = 0; ch < 3; ch++) {
            int bgr = c.rgb ? 2 - ch : ch;
            float v = px[i * 3 + bgr] & 0xff;
            if (c.unitScale) {
              v /= 255f;
            }
            int at = c.nhwc ? (b * plane + i) * 3 + ch : (b * 3 + ch) * plane + i;
            data[at] = (v - c.mean[ch]) / c.std[ch];
          }
        }
      }
    }
    long[] shape =
        c.nhwc ? new long[] {n, c.height, c.width, 3} : new long[] {n, 3, c.height, c.width};
    try (OnnxTensor t = OnnxTensor.createTensor(Onnx.env(), FloatBuffer.wrap(data), shape);
        OrtSession.Result r = session.run(Map.of(input, t))) {
      OnnxTensor o = (OnnxTensor) r.get(output).orElseThrow();
      long[] os = o.getInfo().getShape();
      float[] y = o.getFloatBuffer().array();
      return pool(y, os, n);
    } catch (OrtException e) {
      throw new IllegalStateException(c.model + " failed: " + e.getMessage(), e);
    }
  }

  /** [N, D] from the output: as is, the first token, or the mean over the trailing axes. */
  private float[][] pool(float[] y, long[] shape, int n) {
    int per = y.length / n;
    List<float[]> rows = new ArrayList<>();
    for (int b = 0; b < n; b++) {
      float[] v;
      if (shape.length <= 2 || c.pooling.equals("none")) {
        v = new float[per];
        System.arraycopy(y, b * per, v, 0, per);
      } else if (shape.length == 3) { // [N, T, D]: tokens
        int tokens = (int) shape[1];
        int d = (int) shape[2];
        v = new float[d];
        if (c.pooling.equals("first")) {
          System.arraycopy(y, b * per, v, 0, d);
        } else {
          for (int t = 0; t < tokens; t++) {
            for (int k = 0; k < d; k++) {
              v[k] += y[b * per + t * d + k] / tokens;
            }
          }
        }
      } else { // [N, C, H, W...]: the mean over the grid
        int ch = (int) shape[1];
        int cells = per / ch;
        v = new float[ch];
        for (int k = 0; k < ch; k++) {
          double s = 0;
          for (int i = 0; i < cells; i++) {
            s += y[b * per + k * cells + i];
          }
          v[k] = (float) (s / cells);
        }
      }
      rows.add(c.normalize ? Vectors.unit(v) : v);
    }
    return rows.toArray(new float[0][]);
  }
}
