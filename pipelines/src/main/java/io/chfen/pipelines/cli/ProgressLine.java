package io.chfen.pipelines.cli;

import io.chfen.pipelines.Progress;
import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;

/**
 * Prints the live counters of {@link Progress} while a pipeline runs: redrawn in place on a
 * terminal, a plain line every few seconds otherwise (logs, CI).
 */
final class ProgressLine implements AutoCloseable {
  private final PrintStream out;
  private final boolean tty = System.console() != null;
  private final Thread thread;
  private final long started = System.nanoTime();
  private final java.util.function.Supplier<String> line;
  private volatile boolean running = true;

  ProgressLine(PrintStream out, java.util.function.Supplier<String> line) {
    this.out = out;
    this.line = line;
    this.thread = new Thread(this::loop, "progress");
    thread.setDaemon(true);
    thread.start();
  }

  private void loop() {
    String last = "";
    while (running) {
      try {
        Thread.sleep(tty ? 250 : 5000);
      } catch (InterruptedException e) {
        return;
      }
      String line = line();
      if (tty) {
        out.print("\r" + line + "\u001b[K");
      } else if (!line.equals(last)) {
        out.println(line);
      }
      last = line;
    }
  }

  static String line(Map<String, Long> c) {
    long pages =
        c.getOrDefault("pages_fetched", 0L)
            + c.getOrDefault("pages_failed", 0L)
            + c.getOrDefault("pages_skipped", 0L);
    return String.format(
        Locale.ROOT,
        "pages %d (%d failed, %d skipped) | videos %d found, %d filtered | media %d stored (%.1f MB), %d reused, %d failed | processed %d, %d reused, %d failed | encoded %d, %d failed",
        pages,
        c.getOrDefault("pages_failed", 0L),
        c.getOrDefault("pages_skipped", 0L),
        c.getOrDefault("videos_found", 0L),
        c.getOrDefault("videos_filtered", 0L),
        c.getOrDefault("media_downloaded", 0L),
        c.getOrDefault("media_bytes", 0L) / 1e6,
        c.getOrDefault("media_reused", 0L),
        c.getOrDefault("media_failed", 0L),
        c.getOrDefault("videos_processed", 0L),
        c.getOrDefault("videos_reused", 0L),
        c.getOrDefault("videos_process_failed", 0L),
        c.getOrDefault("videos_encoded", 0L),
        c.getOrDefault("videos_encode_failed", 0L));
  }

  private String line() {
    return String.format(Locale.ROOT, "[%5.1fs] ", (System.nanoTime() - started) / 1e9)
        + line.get();
  }

  /** The pipeline's own counters (they live in this JVM on the DirectRunner). */
  static String counters() {
    return line(Progress.snapshot());
  }

  @Override
  public void close() {
    running = false;
    thread.interrupt();
    try {
      thread.join(1000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    out.println((tty ? "\r" : "") + line() + (tty ? "\u001b[K" : ""));
  }
}
