package io.chfen.tests;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/** A chfen command in a child JVM, killed with SIGKILL the moment a condition on disk holds. */
final class Child {
  private Child() {}

  /** The command line of {@code chfen args} in a child JVM with this test's class path. */
  static List<String> command(String... args) {
    List<String> cmd =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dchfen.home=" + System.getProperty("chfen.home", ".chfen"),
                "-cp",
                System.getProperty("java.class.path"),
                "io.chfen.app.cli.Chfen"));
    cmd.addAll(List.of(args));
    return cmd;
  }

  /**
   * Runs {@code chfen args} and kills it (kill -9: no shutdown hook, no finally) as soon as {@code
   * when} holds; returns true if it was killed, false if it ended first.
   */
  static boolean killWhen(Path log, long timeoutS, BooleanSupplier when, String... args)
      throws IOException, InterruptedException {
    Process p =
        new ProcessBuilder(command(args))
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    long deadline = System.nanoTime() + timeoutS * 1_000_000_000L;
    while (p.isAlive() && System.nanoTime() < deadline) {
      if (when.getAsBoolean()) {
        p.destroyForcibly(); // SIGKILL
        p.waitFor();
        return true;
      }
      Thread.sleep(20);
    }
    if (p.isAlive()) {
      p.destroyForcibly();
      throw new IllegalStateException(
          "chfen " + String.join(" ", args) + " ran past " + timeoutS + " s");
    }
    return false;
  }

  /** Whether any regular file lies under {@code dir} (false if it does not exist). */
  static boolean anyFileUnder(Path dir) {
    if (!Files.isDirectory(dir)) {
      return false;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      return s.anyMatch(Files::isRegularFile);
    } catch (IOException | java.io.UncheckedIOException e) {
      return false; // a file renamed while walking: look again
    }
  }
}
