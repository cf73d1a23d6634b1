package io.chfen.schemas;

import java.util.Locale;

/**
 * Where an input was decided about: the {@code stage} of a {@link io.chfen.records.Failure} or a
 * {@link io.chfen.records.FilterOutcome}, and the job whose dead-letter file records it.
 */
public enum Stage {
  /** Fetching and reading pages. */
  CRAWL("crawl"),
  /** The configured filters. */
  FILTER("crawl"),
  /** Duplicates by id or canonical URL. */
  DEDUPE("crawl"),
  /** Fetching a kept video's media. */
  DOWNLOAD("crawl"),
  /** Storing and describing a file a user already has (the crawl's outputs, from a folder). */
  INGEST("crawl"),
  /** Decoding and analyzing a video. */
  PROCESS("process"),
  /** Encoding a processed video into a shard row. */
  ENCODE("encode");

  private final String job;

  Stage(String job) {
    this.job = job;
  }

  /** The name in records, lower case. */
  public String code() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * The job that runs this stage: its dead-letter file in {@code failures/} is {@code
   * <job>-SSSSS-of-NNNNN.parquet}.
   */
  public String job() {
    return job;
  }

  /** The stage of a record's code; throws naming the allowed codes. */
  public static Stage of(String code) {
    for (Stage s : values()) {
      if (s.code().equals(code)) {
        return s;
      }
    }
    throw new IllegalArgumentException(
        "unknown stage '" + code + "' (" + java.util.Arrays.toString(values()) + ")");
  }
}
