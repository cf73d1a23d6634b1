package io.chfen.media;

import java.io.Serializable;

/**
 * Guards of one decoding pass; each trip is a typed failure, never a hang or an out-of-memory.
 *
 * @param maxDurationS longest input accepted (container duration, and decoded time)
 * @param maxPixels largest frame accepted (width × height)
 * @param timeBudgetMs wall time one video may take, analyzers included
 */
public record DecodeLimits(double maxDurationS, long maxPixels, long timeBudgetMs)
    implements Serializable {
  /** 10 minutes, 1920×1920 (vertical 1080p with margin), 10 minutes of wall time. */
  public static final DecodeLimits DEFAULT = new DecodeLimits(600, 1920L * 1920, 600_000);
}
