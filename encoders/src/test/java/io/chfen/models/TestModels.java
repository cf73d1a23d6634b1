package io.chfen.models;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The tests' small ONNX fixtures ({@code src/test/resources/models/}, each with the script that
 * builds it and a README beside it) as files ONNX Runtime can open, for this module's tests and,
 * through its test jar, for the modules that run them in a stage.
 */
public final class TestModels {
  private TestModels() {}

  /** A fixture under {@code models/} as a file: itself, or a temporary copy out of a jar. */
  public static Path file(String name) {
    return resource("/models/" + name);
  }

  /** The mid/side waveform separator ({@code io/chfen/separation/midside_separator.onnx}). */
  public static Path separator() {
    return resource("/io/chfen/separation/midside_separator.onnx");
  }

  private static Path resource(String path) {
    URL url = TestModels.class.getResource(path);
    if (url == null) {
      throw new IllegalStateException("no test model " + path + " in src/test/resources");
    }
    String name = path.substring(path.lastIndexOf('/') + 1);
    try {
      if (url.getProtocol().equals("file")) {
        return Path.of(url.toURI());
      }
      Path copy = Files.createTempDirectory("chfen-test-models").resolve(name);
      try (InputStream in = url.openStream()) {
        Files.copy(in, copy, StandardCopyOption.REPLACE_EXISTING);
      }
      copy.toFile().deleteOnExit();
      return copy;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
