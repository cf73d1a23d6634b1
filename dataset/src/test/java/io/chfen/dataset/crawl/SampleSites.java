package io.chfen.dataset.crawl;

import io.chfen.sample.SampleData;
import io.chfen.sample.site.SampleSite;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Test access to the live sample site and its crawl config, tuned so broken cases fail fast. */
public final class SampleSites {
  /** The slow page waits this long; the test config's timeout is shorter. */
  public static final long SLOW_MS = 2500;

  private SampleSites() {}

  public static SampleSite start() {
    return start("127.0.0.1");
  }

  public static SampleSite start(String bind) {
    try {
      return SampleSite.start(bind, 0, SampleData.corpus(), SLOW_MS);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The demo's config with a 1 s timeout, one retry and short backoff. */
  public static CrawlConfig config() {
    CrawlConfig c = CrawlConfig.fromYaml(SampleSite.crawlConfigYaml());
    c.fetch.timeoutMs = 1000;
    c.fetch.maxRetries = 1;
    c.fetch.backoffBaseMs = 50;
    c.fetch.backoffMaxMs = 200;
    c.politeness.perHostDelayMs = 0;
    return c;
  }
}
