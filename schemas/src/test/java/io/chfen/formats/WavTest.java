package io.chfen.formats;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WavTest {
  @TempDir Path dir;

  @Test
  void streamedWritesReadBackWithinOneQuantizationStep() throws IOException {
    float[] x = new float[44_100 * 2 * 2];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) Math.sin(i * 0.01) * (i % 2 == 0 ? 0.5f : -0.25f);
    }
    Path f = dir.resolve("a.wav");
    try (WavWriter w = new WavWriter(f, 44_100, 2)) {
      // in blocks, as the decoder delivers them
      for (int at = 0; at < x.length; at += 3000) {
        w.write(FloatBuffer.wrap(x, at, Math.min(3000, x.length - at)));
      }
      assertEquals(44_100 * 2, w.frames());
    }
    WavReader.Audio a = WavReader.read(f);
    assertEquals(44_100, a.sampleRate());
    assertEquals(2, a.channels());
    assertEquals(2.0, a.seconds(), 1e-9);
    float[] expected = x.clone();
    for (int i = 0; i < expected.length; i++) {
      expected[i] = Math.round(expected[i] * 32767f) / 32768f;
    }
    assertArrayEquals(expected, a.interleaved(), 1e-4f);
    assertEquals(44 + x.length * 2, Files.size(f));
  }

  @Test
  void samplesBeyondFullScaleAreClipped() throws IOException {
    Path f = dir.resolve("clip.wav");
    try (WavWriter w = new WavWriter(f, 16_000, 1)) {
      w.write(new float[] {2f, -2f, 0.5f});
    }
    assertArrayEquals(
        new float[] {32767 / 32768f, -32767 / 32768f, 16384 / 32768f},
        WavReader.read(f).interleaved(),
        1e-6f);
  }

  @Test
  void notAWavFileIsAClearError() throws IOException {
    Path f = Files.writeString(dir.resolve("x.wav"), "not audio");
    IOException e = assertThrows(IOException.class, () -> WavReader.read(f));
    assertEquals(f + " is not a RIFF/WAVE file", e.getMessage());
  }
}
