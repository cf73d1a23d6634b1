package io.chfen.schemas;

import io.chfen.records.Failure;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;

/**
 * Builds every dead-letter record: what a person needs to fix it (the item, the stage, a reason
 * code, a message naming the item and the cause, where it came from) and, when a program error
 * rather than bad input caused it, the stack trace.
 */
public final class Failures {
  private Failures() {}

  /**
   * A failure of {@code id} in {@code stage}, now; {@code message} names the item and the cause
   * (the reason code stands in for a missing one). The builder takes the rest: url, attempts.
   */
  public static Failure.Builder of(String id, Stage stage, String reason, String message) {
    return Failure.newBuilder()
        .setId(id)
        .setStage(stage.code())
        .setReason(reason)
        .setMessage(message == null || message.isBlank() ? reason : message)
        .setOccurredAt(Instant.now());
  }

  /** The same for a program error: {@code id: error} as the message, and its stack trace. */
  public static Failure.Builder of(String id, Stage stage, String reason, Throwable error) {
    return of(id, stage, reason, id + ": " + error).setStackTrace(stackTrace(error));
  }

  /** {@code t}'s stack trace as {@link Throwable#printStackTrace()} prints it. */
  public static String stackTrace(Throwable t) {
    StringWriter w = new StringWriter();
    t.printStackTrace(new PrintWriter(w));
    return w.toString();
  }
}
