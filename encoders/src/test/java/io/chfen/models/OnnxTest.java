package io.chfen.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OrtSession;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ONNX Runtime sessions: one per model in the JVM, CUDA only where usable (CI has no GPU). */
class OnnxTest {
  @TempDir Path tmp;

  @Test
  void sessionsAreSharedAndFallBackToTheCpuWithoutAGpu() throws Exception {
    OrtSession a = Onnx.session(ModelFiles.dir(), "vad/silero_vad_v5.onnx");
    assertSame(a, Onnx.session(ModelFiles.dir(), "vad/silero_vad_v5.onnx"));
    boolean gpu = Files.exists(Path.of("/dev/nvidia0"));
    assertEquals(gpu ? "cuda" : "cpu", Onnx.device());
    if (!gpu) {
      // asking for CUDA where there is none is an error, not a silent CPU run
      Path copy = tmp.resolve("vad.onnx");
      Files.copy(ModelFiles.verified(ModelFiles.dir(), "vad/silero_vad_v5.onnx"), copy);
      System.setProperty(Onnx.DEVICE_PROPERTY, "gpu");
      try {
        Exception e = assertThrows(IllegalStateException.class, () -> Onnx.external(copy, null));
        assertTrue(e.getMessage().contains("CUDA"), e.getMessage());
        // a device that does not exist is named, with the ones that do
        System.setProperty(Onnx.DEVICE_PROPERTY, "tpu");
        e = assertThrows(IllegalArgumentException.class, () -> Onnx.external(copy, null));
        assertTrue(e.getMessage().contains("auto, cpu or gpu"), e.getMessage());
      } finally {
        System.clearProperty(Onnx.DEVICE_PROPERTY);
      }
    }
  }
}
