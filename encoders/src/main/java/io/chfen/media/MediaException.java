package io.chfen.media;

/**
 * A media file that cannot be processed, with a machine-readable reason code for the dead letter:
 * {@code empty_file}, {@code not_media}, {@code truncated}, {@code decode_error}, {@code
 * duration_exceeds_limit}, {@code resolution_exceeds_limit}, {@code time_budget_exceeded}, {@code
 * missing_file}, {@code not_a_video} (a picture or a one-frame file).
 */
public final class MediaException extends Exception {
  private static final long serialVersionUID = 1L;
  private final String reason;

  public MediaException(String reason, String message) {
    super(message);
    this.reason = reason;
  }

  public MediaException(String reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = reason;
  }

  public String reason() {
    return reason;
  }
}
