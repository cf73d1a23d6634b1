package io.chfen.schemas;

import io.chfen.records.Tensor;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * The tensor column codec: {@code {dtype, shape, data}} with little-endian float32 (or uint8 masks)
 * in row-major order, so that {@code numpy.frombuffer(data, '<f4').reshape(shape)} and {@code
 * ByteBuffer.order(LITTLE_ENDIAN).asFloatBuffer()} read it. Non-finite values are refused: a NaN in
 * a shard poisons every batch that reads it.
 */
public final class Tensors {
  public static final String FLOAT32 = "float32";
  public static final String UINT8 = "uint8";

  private Tensors() {}

  /** A float32 tensor of the given shape (the product of the shape must be the values' length). */
  public static Tensor of(float[] values, int... shape) {
    check(values.length, shape);
    ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < values.length; i++) {
      if (!Float.isFinite(values[i])) {
        throw new IllegalArgumentException(
            "non-finite value " + values[i] + " at index " + i + " of a tensor " + shapeOf(shape));
      }
      b.putFloat(values[i]);
    }
    return new Tensor(FLOAT32, ints(shape), b.flip());
  }

  /** A [T, D] float32 tensor from rows of equal length. */
  public static Tensor matrix(float[][] rows, int width) {
    float[] flat = new float[rows.length * width];
    for (int t = 0; t < rows.length; t++) {
      if (rows[t].length != width) {
        throw new IllegalArgumentException(
            "row " + t + " has " + rows[t].length + " values, not " + width);
      }
      System.arraycopy(rows[t], 0, flat, t * width, width);
    }
    return of(flat, rows.length, width);
  }

  /** A uint8 mask: 1 where present. */
  public static Tensor mask(boolean[] present) {
    return mask(present, present.length);
  }

  /** A uint8 mask of the given shape, row-major: 1 where present. */
  public static Tensor mask(boolean[] present, int... shape) {
    check(present.length, shape);
    byte[] b = new byte[present.length];
    for (int i = 0; i < b.length; i++) {
      b[i] = (byte) (present[i] ? 1 : 0);
    }
    return new Tensor(UINT8, ints(shape), ByteBuffer.wrap(b));
  }

  /** The values of a float32 tensor, row-major. */
  public static float[] floats(Tensor t) {
    if (!FLOAT32.equals(t.getDtype())) {
      throw new IllegalArgumentException("a " + t.getDtype() + " tensor, not float32");
    }
    ByteBuffer b = t.getData().duplicate().order(ByteOrder.LITTLE_ENDIAN);
    float[] out = new float[b.remaining() / 4];
    b.asFloatBuffer().get(out);
    return out;
  }

  /** The values of a uint8 mask. */
  public static boolean[] booleans(Tensor t) {
    if (!UINT8.equals(t.getDtype())) {
      throw new IllegalArgumentException("a " + t.getDtype() + " tensor, not uint8");
    }
    ByteBuffer b = t.getData().duplicate();
    boolean[] out = new boolean[b.remaining()];
    for (int i = 0; i < out.length; i++) {
      out[i] = b.get() != 0;
    }
    return out;
  }

  public static int[] shape(Tensor t) {
    return t.getShape().stream().mapToInt(Integer::intValue).toArray();
  }

  private static void check(int length, int[] shape) {
    long n = 1;
    for (int d : shape) {
      if (d < 0) {
        throw new IllegalArgumentException("negative dimension in " + shapeOf(shape));
      }
      n *= d;
    }
    if (n != length) {
      throw new IllegalArgumentException(length + " values do not fill a tensor " + shapeOf(shape));
    }
  }

  private static List<Integer> ints(int[] shape) {
    List<Integer> l = new ArrayList<>();
    for (int d : shape) {
      l.add(d);
    }
    return l;
  }

  private static String shapeOf(int[] shape) {
    return java.util.Arrays.toString(shape);
  }
}
