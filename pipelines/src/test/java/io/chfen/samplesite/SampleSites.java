package io.chfen.samplesite;

import io.chfen.crawl.CrawlConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** Test access to the live sample site and its crawl config, tuned so broken cases fail fast. */
public final class SampleSites {
  /** The slow page waits this long; the test config's timeout is shorter. */
  public static final long SLOW_MS = 2500;

  private SampleSites() {}

  /** The sample corpus (generated on first use; the site serves it as media). */
  public static Path mediaDir() {
    try {
      return SampleData.corpus(msg -> System.err.println("sample: " + msg));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static SampleSite start() {
    return start("127.0.0.1");
  }

  public static SampleSite start(String bind) {
    try {
      return SampleSite.start(bind, 0, mediaDir(), SLOW_MS);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The demo's config with a 1 s timeout, one retry and short backoff. */
  public static CrawlConfig config() {
    try (InputStream in = SampleSite.class.getResourceAsStream("sample-crawl.yaml")) {
      CrawlConfig c = CrawlConfig.fromYaml(new String(in.readAllBytes(), StandardCharsets.UTF_8));
      c.fetch.timeoutMs = 1000;
      c.fetch.maxRetries = 1;
      c.fetch.backoffBaseMs = 50;
      c.fetch.backoffMaxMs = 200;
      c.politeness.perHostDelayMs = 0;
      return c;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
