package io.chfen.schemas;

/** What became of a page the crawler decided about ({@link io.chfen.records.PageVisit}). */
public final class PageOutcome {
  public static final String FETCHED = "fetched";
  public static final String FAILED = "failed";
  public static final String SKIPPED = "skipped";

  private PageOutcome() {}
}
