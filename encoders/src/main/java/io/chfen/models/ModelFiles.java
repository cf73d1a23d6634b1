package io.chfen.models;

import io.chfen.files.FileOps;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The model files the project fetches ({@code scripts/fetch-models.sh}) and their SHA-256 sums (as
 * {@link ModelRegistry} declares them): a model is only loaded after its checksum verifies, and a
 * missing or corrupt file is an error naming the file and the command that fetches it.
 */
public final class ModelFiles {
  public static final String FETCH = "scripts/fetch-models.sh";
  private static final Map<String, String> SUMS = ModelRegistry.checksums();

  private ModelFiles() {}

  /** The models directory: {@code chfen.models} or {@code <chfen.home>/models}. */
  public static Path dir() {
    String explicit = System.getProperty("chfen.models");
    if (explicit != null) {
      return Path.of(explicit);
    }
    return Path.of(System.getProperty("chfen.home", ".chfen")).resolve("models").toAbsolutePath();
  }

  /** A verified model file, e.g. {@code ppocr/ch_PP-OCRv4_det_infer.onnx}. */
  public static Path verified(Path modelsDir, String name) {
    Path f = modelsDir.resolve(name);
    if (!Files.isRegularFile(f)) {
      throw new IllegalStateException("model file " + f + " is missing: run " + FETCH);
    }
    String expected = SUMS.get(name);
    if (expected == null) {
      throw new IllegalStateException(
          "no checksum is declared for model file " + name + " (models.yaml)");
    }
    try {
      String got = FileOps.sha256(f);
      if (!got.equals(expected)) {
        throw new IllegalStateException(
            "model file "
                + f
                + " is corrupt (SHA-256 "
                + got
                + ", expected "
                + expected
                + "): delete it and run "
                + FETCH);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read model file " + f, e);
    }
    return f;
  }
}
