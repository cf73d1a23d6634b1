package io.chfen.schemas;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chfen.records.Tensor;
import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;

class TensorsTest {
  @Test
  void floatsAreLittleEndianRowMajorAndRoundTrip() {
    Tensor t = Tensors.matrix(new float[][] {{1f, -2.5f, 3f}, {0f, 1e-7f, 65504f}}, 3);
    assertEquals(List.of(2, 3), t.getShape());
    assertEquals("float32", t.getDtype());
    ByteBuffer b = t.getData().duplicate();
    // 1.0f little-endian: 00 00 80 3f
    assertEquals(0x00, b.get(0) & 0xff);
    assertEquals(0x80, b.get(2) & 0xff);
    assertEquals(0x3f, b.get(3) & 0xff);
    assertArrayEquals(new float[] {1f, -2.5f, 3f, 0f, 1e-7f, 65504f}, Tensors.floats(t));
    assertArrayEquals(new int[] {2, 3}, Tensors.shape(t));
  }

  @Test
  void masksAreOneBytePerStep() {
    Tensor m = Tensors.mask(new boolean[] {true, false, true});
    assertEquals("uint8", m.getDtype());
    assertEquals(3, m.getData().remaining());
    assertArrayEquals(new boolean[] {true, false, true}, Tensors.booleans(m));
  }

  @Test
  void nonFiniteValuesAndWrongShapesAreRefused() {
    Exception nan =
        assertThrows(
            IllegalArgumentException.class, () -> Tensors.of(new float[] {0, Float.NaN}, 2));
    assertTrue(nan.getMessage().contains("index 1"), nan.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Tensors.of(new float[3], 2, 2));
    assertThrows(
        IllegalArgumentException.class, () -> Tensors.floats(Tensors.mask(new boolean[1])));
  }
}
