package io.chfen.app.print;

import io.chfen.pipelines.StageCounter;
import java.io.PrintStream;
import java.util.Locale;

/**
 * Prints a line of live progress while a pipeline runs ({@link #counters}, or a cluster's): redrawn
 * in place on a terminal, a plain line every few seconds otherwise (logs, CI).
 */
public final class ProgressLine implements AutoCloseable {
  private final PrintStream out;
  private final boolean tty = System.console() != null;
  private final Thread thread;
  private final long started = System.nanoTime();
  private final java.util.function.Supplier<String> line;
  private volatile boolean running = true;

  public ProgressLine(PrintStream out, java.util.function.Supplier<String> line) {
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

  /** The live counts of this JVM's stages on one line. */
  public static String counters() {
    long pages =
        StageCounter.PAGES_FETCHED.live()
            + StageCounter.PAGES_FAILED.live()
            + StageCounter.PAGES_SKIPPED.live();
    return String.format(
        Locale.ROOT,
        "pages %d (%d failed, %d skipped) | videos %d found, %d filtered | media %d stored (%.1f MB), %d reused, %d failed | processed %d, %d reused, %d failed | encoded %d, %d failed",
        pages,
        StageCounter.PAGES_FAILED.live(),
        StageCounter.PAGES_SKIPPED.live(),
        StageCounter.VIDEOS_FOUND.live(),
        StageCounter.VIDEOS_FILTERED.live(),
        StageCounter.MEDIA_DOWNLOADED.live(),
        StageCounter.MEDIA_BYTES.live() / 1e6,
        StageCounter.MEDIA_REUSED.live(),
        StageCounter.MEDIA_FAILED.live(),
        StageCounter.VIDEOS_PROCESSED.live(),
        StageCounter.VIDEOS_REUSED.live(),
        StageCounter.VIDEOS_PROCESS_FAILED.live(),
        StageCounter.VIDEOS_ENCODED.live(),
        StageCounter.VIDEOS_ENCODE_FAILED.live());
  }

  private String line() {
    return String.format(Locale.ROOT, "[%5.1fs] ", (System.nanoTime() - started) / 1e9)
        + line.get();
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
