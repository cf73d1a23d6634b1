package io.chfen.pipelines.io;

import io.chfen.files.FileOps;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** The record files a job writes through Beam's file IO, and clearing a previous run's. */
public final class Outputs {
  private Outputs() {}

  /**
   * Removes a previous run's record files from {@code dir} (those named {@code prefix-...}, or all
   * when {@code prefix} is null) and Beam's leftover temporary directories, so a re-run's outputs
   * are not mixed with stale shards. Media and artifacts are never touched: a re-run reuses what
   * verifies.
   */
  public static void clear(Path dir, String prefix) {
    if (!Files.isDirectory(dir)) {
      return;
    }
    try (Stream<Path> children = Files.list(dir)) {
      for (Path c : children.toList()) {
        String name = c.getFileName().toString();
        if (prefix == null || name.startsWith(prefix + "-") || name.startsWith(".temp-beam")) {
          FileOps.deleteTree(c);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot clear " + dir, e);
    }
  }
}
