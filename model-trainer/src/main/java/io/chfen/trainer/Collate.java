package io.chfen.trainer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.chfen.records.EncodedSample;
import io.chfen.records.ModalityLabels;
import io.chfen.records.SentimentLabel;
import io.chfen.records.Tensor;
import io.chfen.schemas.Tensors;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A batch of shard rows as padded arrays: every per-step modality {@code [B, T, D]} padded to the
 * batch's longest video with its mask {@code [B, T]} (false on padding and on missing steps), the
 * whole-clip vectors {@code [B, D]} with their masks {@code [B]}, the soft labels {@code [B, 8, 4]}
 * of a modality with a {@code [B]} mask of the rows that have them, and that modality's sentiment
 * {@code [B]} scaled to [-1, 1] with its mask and its range and neutral band {@code [B, 3]}.
 */
public final class Collate {
  /** The per-step tensors and their masks, by name in EncodedSample. */
  public static final List<String> SEQUENCES =
      List.of("frames", "faces", "text", "vocals", "music");

  public static final List<String> GLOBALS =
      List.of("title", "vocalsGlobal", "musicGlobal", "context");

  private Collate() {}

  /** The language of a row that none was found for (BCP-47 "undetermined"). */
  public static final String UNKNOWN_LANGUAGE = "und";

  /**
   * The rows' ids and languages and their padded float32 arrays (row-major, native byte order,
   * off-heap) with their shapes: NDArrays are made over these buffers without another copy.
   */
  /** A row's language, {@link #UNKNOWN_LANGUAGE} when none was found. */
  public static String language(EncodedSample r) {
    return r.getLanguage() == null ? UNKNOWN_LANGUAGE : r.getLanguage().toString();
  }

  public record Padded(
      List<String> ids,
      List<String> languages,
      Map<String, ByteBuffer> values,
      Map<String, long[]> shapes) {
    public NDList toNd(NDManager m) {
      NDList out = new NDList();
      values.forEach(
          (name, v) -> {
            NDArray a = m.create(v.rewind(), new Shape(shapes.get(name)), DataType.FLOAT32);
            if (name.endsWith("Mask")) {
              a = a.toType(DataType.BOOLEAN, false);
            }
            a.setName(name);
            out.add(a);
          });
      return out;
    }

    /** One array's values, copied out (for tests and reports). */
    public float[] floats(String name) {
      FloatBuffer f =
          values.get(name).duplicate().rewind().order(ByteOrder.nativeOrder()).asFloatBuffer();
      float[] out = new float[f.remaining()];
      f.get(out);
      return out;
    }

    /** The batch's rows. */
    public int rows() {
      return (int) shapes.get("labelsMask")[0];
    }

    /** Bytes held. */
    public long bytes() {
      return values.values().stream().mapToLong(ByteBuffer::capacity).sum();
    }
  }

  /**
   * @param labelModality whose labels to take (overall, visual, acoustic, text)
   */
  public static Padded batch(List<EncodedSample> rows, String labelModality) {
    int b = rows.size();
    int t = rows.stream().mapToInt(EncodedSample::getSteps).max().orElse(0);
    Map<String, ByteBuffer> values = new LinkedHashMap<>();
    Map<String, long[]> shapes = new LinkedHashMap<>();
    for (String name : SEQUENCES) {
      int d = Tensors.shape(sequence(rows.get(0), name))[1];
      ByteBuffer v = floats(b * t * d);
      ByteBuffer mask = floats(b * t);
      FloatBuffer vf = v.asFloatBuffer();
      FloatBuffer mf = mask.asFloatBuffer();
      for (int i = 0; i < b; i++) {
        EncodedSample r = rows.get(i);
        FloatBuffer x = data(sequence(r, name));
        int steps = r.getSteps();
        if (x.remaining() != steps * d) {
          throw new IllegalArgumentException(
              r.getId()
                  + ": "
                  + name
                  + " has "
                  + x.remaining() / Math.max(1, d)
                  + " steps, not "
                  + steps);
        }
        vf.put(i * t * d, x, 0, x.remaining());
        boolean[] m = Tensors.booleans(mask(r, name));
        for (int s = 0; s < steps; s++) {
          mf.put(i * t + s, m[s] ? 1 : 0);
        }
      }
      values.put(name, v);
      shapes.put(name, new long[] {b, t, d});
      values.put(name + "Mask", mask);
      shapes.put(name + "Mask", new long[] {b, t});
    }
    ByteBuffer count = floats(b * t);
    for (int i = 0; i < b; i++) {
      FloatBuffer c = data(rows.get(i).getFaceCount());
      count.asFloatBuffer().put(i * t, c, 0, c.remaining());
    }
    values.put("faceCount", count);
    shapes.put("faceCount", new long[] {b, t});
    expressions(rows, t, values, shapes);
    for (String name : GLOBALS) {
      int d = Tensors.shape(global(rows.get(0), name))[0];
      ByteBuffer v = floats(b * d);
      ByteBuffer mask = floats(b);
      for (int i = 0; i < b; i++) {
        FloatBuffer x = data(global(rows.get(i), name));
        if (x.remaining() != d) {
          throw new IllegalArgumentException(
              rows.get(i).getId() + ": " + name + " has " + x.remaining() + " values, not " + d);
        }
        v.asFloatBuffer().put(i * d, x, 0, d);
        mask.asFloatBuffer().put(i, globalMask(rows.get(i), name) ? 1 : 0);
      }
      values.put(name, v);
      shapes.put(name, new long[] {b, d});
      values.put(name + "Mask", mask);
      shapes.put(name + "Mask", new long[] {b});
    }
    int perRow = Chfen.NUM_EMOTIONS * Chfen.NUM_INTENSITIES;
    ByteBuffer labels = floats(b * perRow);
    ByteBuffer labelMask = floats(b);
    for (int i = 0; i < b; i++) {
      ModalityLabels l = rows.get(i).getLabels().get(labelModality);
      if (l != null) {
        labels.asFloatBuffer().put(i * perRow, data(l.getIntensity()), 0, perRow);
        labelMask.asFloatBuffer().put(i, 1);
      }
    }
    values.put("labels", labels);
    shapes.put("labels", new long[] {b, Chfen.NUM_EMOTIONS, Chfen.NUM_INTENSITIES});
    values.put("labelsMask", labelMask);
    shapes.put("labelsMask", new long[] {b});
    // the sentiment of the same modality, scaled to [-1, 1] by its range (0 stays neutral); the
    // range and the neutral band beside it, to score in the dataset's own units
    ByteBuffer score = floats(b);
    ByteBuffer scoreMask = floats(b);
    ByteBuffer scale = floats(b * 3);
    for (int i = 0; i < b; i++) {
      SentimentLabel l = rows.get(i).getSentiment().get(labelModality);
      if (l != null) {
        score.asFloatBuffer().put(i, (float) Sentiment.scaled(l.getScore(), l));
        scoreMask.asFloatBuffer().put(i, 1);
        scale
            .asFloatBuffer()
            .put(i * 3, (float) l.getMin())
            .put(i * 3 + 1, (float) l.getMax())
            .put(i * 3 + 2, (float) l.getNeutral());
      }
    }
    values.put("sentiment", score);
    shapes.put("sentiment", new long[] {b});
    values.put("sentimentMask", scoreMask);
    shapes.put("sentimentMask", new long[] {b});
    values.put("sentimentScale", scale);
    shapes.put("sentimentScale", new long[] {b, 3});
    return new Padded(
        rows.stream().map(r -> r.getId().toString()).toList(),
        rows.stream().map(Collate::language).toList(),
        values,
        shapes);
  }

  /**
   * The facial expression per step {@code [B, T, classes]}: the mean over the persons whose face
   * was classified in the step (from the shard's per-person {@code [P, T, classes]}), with its mask
   * {@code [B, T]}.
   */
  private static void expressions(
      List<EncodedSample> rows, int t, Map<String, ByteBuffer> values, Map<String, long[]> shapes) {
    int b = rows.size();
    int classes = Tensors.shape(rows.get(0).getExpressions())[2];
    ByteBuffer v = floats(b * t * classes);
    ByteBuffer mask = floats(b * t);
    FloatBuffer vf = v.asFloatBuffer();
    FloatBuffer mf = mask.asFloatBuffer();
    for (int i = 0; i < b; i++) {
      EncodedSample r = rows.get(i);
      int[] shape = Tensors.shape(r.getExpressions());
      if (shape[1] != r.getSteps() || shape[2] != classes) {
        throw new IllegalArgumentException(
            r.getId() + ": expressions " + java.util.Arrays.toString(shape) + " do not fit");
      }
      float[] e = Tensors.floats(r.getExpressions());
      boolean[] seen = Tensors.booleans(r.getExpressionsMask());
      for (int s = 0; s < r.getSteps(); s++) {
        int n = 0;
        float[] sum = new float[classes];
        for (int p = 0; p < shape[0]; p++) {
          int cell = p * r.getSteps() + s;
          if (seen[cell]) {
            n++;
            for (int k = 0; k < classes; k++) {
              sum[k] += e[cell * classes + k];
            }
          }
        }
        if (n > 0) {
          for (int k = 0; k < classes; k++) {
            vf.put((i * t + s) * classes + k, sum[k] / n);
          }
          mf.put(i * t + s, 1);
        }
      }
    }
    values.put("expression", v);
    shapes.put("expression", new long[] {b, t, classes});
    values.put("expressionMask", mask);
    shapes.put("expressionMask", new long[] {b, t});
  }

  /** Zeroed off-heap room for n floats in native order. */
  private static ByteBuffer floats(int n) {
    return ByteBuffer.allocateDirect(n * 4).order(ByteOrder.nativeOrder());
  }

  /** A float32 tensor column's values as stored (little-endian), without copying. */
  private static FloatBuffer data(Tensor t) {
    if (!Tensors.FLOAT32.equals(t.getDtype().toString())) {
      throw new IllegalArgumentException("not a float32 tensor: " + t.getDtype());
    }
    return t.getData().duplicate().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
  }

  private static Tensor sequence(EncodedSample r, String name) {
    return switch (name) {
      case "frames" -> r.getFrames();
      case "faces" -> r.getFaces();
      case "text" -> r.getText();
      case "vocals" -> r.getVocals();
      case "music" -> r.getMusic();
      default -> throw new IllegalArgumentException(name);
    };
  }

  private static Tensor mask(EncodedSample r, String name) {
    return switch (name) {
      case "frames" -> r.getFramesMask();
      case "faces" -> r.getFacesMask();
      case "text" -> r.getTextMask();
      case "vocals" -> r.getVocalsMask();
      case "music" -> r.getMusicMask();
      default -> throw new IllegalArgumentException(name);
    };
  }

  private static Tensor global(EncodedSample r, String name) {
    return switch (name) {
      case "title" -> r.getTitle();
      case "vocalsGlobal" -> r.getVocalsGlobal();
      case "musicGlobal" -> r.getMusicGlobal();
      case "context" -> r.getContext();
      default -> throw new IllegalArgumentException(name);
    };
  }

  private static boolean globalMask(EncodedSample r, String name) {
    return switch (name) {
      case "title" -> r.getTitleMask();
      case "vocalsGlobal" -> r.getVocalsGlobalMask();
      case "musicGlobal" -> r.getMusicGlobalMask();
      case "context" -> r.getContextMask();
      default -> throw new IllegalArgumentException(name);
    };
  }
}
