package io.chfen.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The model registry against the models the project's script fetched. */
class ModelRegistryTest {
  @TempDir Path tmp;

  @Test
  void everyDeclaredFileIsFetchedAndVerifies() {
    assertTrue(ModelRegistry.all().size() >= 8, ModelRegistry.all().keySet().toString());
    for (ModelRegistry.Model m : ModelRegistry.all().values()) {
      assertTrue(m.licence() != null && m.source() != null, m.name());
      for (String f : m.files().keySet()) {
        assertTrue(Files.isRegularFile(ModelFiles.verified(ModelFiles.dir(), f)), f);
      }
    }
    ModelRegistry.Model bge = ModelRegistry.get("bge-small-zh-v1.5-q");
    assertEquals(512, bge.dim());
    assertEquals("cls", bge.pooling());
    assertEquals("text/bge-small-zh-v1.5-q.onnx", bge.file(".onnx"));
  }

  @Test
  void aCorruptFileNamesItselfAndTheFix() throws Exception {
    String name = "vad/silero_vad_v5.onnx";
    Files.createDirectories(tmp.resolve("vad"));
    Files.write(tmp.resolve(name), new byte[] {1, 2, 3});
    Exception e = assertThrows(IllegalStateException.class, () -> ModelFiles.verified(tmp, name));
    assertTrue(
        e.getMessage().contains("silero_vad_v5.onnx")
            && e.getMessage().contains("corrupt")
            && e.getMessage().contains("fetch-models.sh"),
        e.getMessage());
    Exception unknown =
        assertThrows(IllegalArgumentException.class, () -> ModelRegistry.get("no-such-model"));
    assertTrue(unknown.getMessage().contains("models.yaml"), unknown.getMessage());
  }
}
