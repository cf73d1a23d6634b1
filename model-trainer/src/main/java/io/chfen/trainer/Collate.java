package io.chfen.trainer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.chfen.records.EncodedSample;
import io.chfen.records.ModalityLabels;
import io.chfen.records.Tensor;
import io.chfen.schemas.Tensors;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A batch of shard rows as padded arrays: every per-step modality {@code [B, T, D]} padded to the
 * batch's longest video with its mask {@code [B, T]} (false on padding and on missing steps), the
 * whole-clip vectors {@code [B, D]} with their masks {@code [B]}, and the soft labels {@code [B, 8,
 * 4]} of a modality with a {@code [B]} mask of the rows that have them.
 */
public final class Collate {
  /** The per-step tensors and their masks, by name in EncodedSample. */
  public static final List<String> SEQUENCES =
      List.of("frames", "faces", "text", "vocals", "music");

  public static final List<String> GLOBALS = List.of("title", "vocalsGlobal", "musicGlobal");

  private Collate() {}

  /** Plain padded arrays (row-major) with their shapes, before they become NDArrays. */
  public record Padded(Map<String, float[]> values, Map<String, long[]> shapes) {
    public NDList toNd(NDManager m) {
      NDList out = new NDList();
      values.forEach(
          (name, v) -> {
            NDArray a = m.create(v, new Shape(shapes.get(name)));
            if (name.endsWith("Mask")) {
              a = a.toType(DataType.BOOLEAN, false);
            }
            a.setName(name);
            out.add(a);
          });
      return out;
    }
  }

  /**
   * @param labelModality whose labels to take (overall, visual, acoustic, text)
   */
  public static Padded batch(List<EncodedSample> rows, String labelModality) {
    int b = rows.size();
    int t = rows.stream().mapToInt(EncodedSample::getSteps).max().orElse(0);
    Map<String, float[]> values = new LinkedHashMap<>();
    Map<String, long[]> shapes = new LinkedHashMap<>();
    for (String name : SEQUENCES) {
      int d = Tensors.shape(sequence(rows.get(0), name))[1];
      float[] v = new float[b * t * d];
      float[] mask = new float[b * t];
      for (int i = 0; i < b; i++) {
        EncodedSample r = rows.get(i);
        float[] x = Tensors.floats(sequence(r, name));
        int steps = r.getSteps();
        if (x.length != steps * d) {
          throw new IllegalArgumentException(
              r.getId()
                  + ": "
                  + name
                  + " has "
                  + x.length / Math.max(1, d)
                  + " steps, not "
                  + steps);
        }
        System.arraycopy(x, 0, v, i * t * d, x.length);
        boolean[] m = Tensors.booleans(mask(r, name));
        for (int s = 0; s < steps; s++) {
          mask[i * t + s] = m[s] ? 1 : 0;
        }
      }
      values.put(name, v);
      shapes.put(name, new long[] {b, t, d});
      values.put(name + "Mask", mask);
      shapes.put(name + "Mask", new long[] {b, t});
    }
    float[] count = new float[b * t];
    for (int i = 0; i < b; i++) {
      float[] c = Tensors.floats(rows.get(i).getFaceCount());
      System.arraycopy(c, 0, count, i * t, c.length);
    }
    values.put("faceCount", count);
    shapes.put("faceCount", new long[] {b, t});
    for (String name : GLOBALS) {
      int d = Tensors.shape(global(rows.get(0), name))[0];
      float[] v = new float[b * d];
      float[] mask = new float[b];
      for (int i = 0; i < b; i++) {
        float[] x = Tensors.floats(global(rows.get(i), name));
        System.arraycopy(x, 0, v, i * d, d);
        mask[i] = globalMask(rows.get(i), name) ? 1 : 0;
      }
      values.put(name, v);
      shapes.put(name, new long[] {b, d});
      values.put(name + "Mask", mask);
      shapes.put(name + "Mask", new long[] {b});
    }
    float[] labels = new float[b * 32];
    float[] labelMask = new float[b];
    for (int i = 0; i < b; i++) {
      ModalityLabels l = rows.get(i).getLabels().get(labelModality);
      if (l != null) {
        System.arraycopy(Tensors.floats(l.getIntensity()), 0, labels, i * 32, 32);
        labelMask[i] = 1;
      }
    }
    values.put("labels", labels);
    shapes.put("labels", new long[] {b, 8, 4});
    values.put("labelsMask", labelMask);
    shapes.put("labelsMask", new long[] {b});
    return new Padded(values, shapes);
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
      default -> throw new IllegalArgumentException(name);
    };
  }

  private static boolean globalMask(EncodedSample r, String name) {
    return switch (name) {
      case "title" -> r.getTitleMask();
      case "vocalsGlobal" -> r.getVocalsGlobalMask();
      case "musicGlobal" -> r.getMusicGlobalMask();
      default -> throw new IllegalArgumentException(name);
    };
  }
}
