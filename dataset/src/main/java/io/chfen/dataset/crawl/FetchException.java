package io.chfen.dataset.crawl;

/** A URL that could not be fetched, with a machine-readable reason code for the dead letter. */
public final class FetchException extends Exception {
  private static final long serialVersionUID = 1L;

  private final String url;
  private final String reason;
  private final Integer httpStatus;
  private final int attempts;

  public FetchException(
      String url, String reason, String message, Integer httpStatus, int attempts) {
    super(message);
    this.url = url;
    this.reason = reason;
    this.httpStatus = httpStatus;
    this.attempts = attempts;
  }

  public String url() {
    return url;
  }

  /** e.g. http_404, http_500, timeout, redirect_loop, too_many_redirects, body_too_large. */
  public String reason() {
    return reason;
  }

  public Integer httpStatus() {
    return httpStatus;
  }

  public int attempts() {
    return attempts;
  }

  /** True for reasons that mean "we chose not to fetch" rather than "the fetch failed". */
  public boolean isSkip() {
    return reason.equals("robots_disallowed") || reason.equals("off_allowlist");
  }
}
