package io.chfen.app.bench;

import io.chfen.app.print.Numbers;
import io.chfen.app.print.Table;
import io.chfen.dataset.crawl.CrawlConfig;
import io.chfen.dataset.crawl.Fetcher;
import io.chfen.dataset.crawl.MediaDownloader;
import io.chfen.dataset.crawl.SiteCrawler;
import io.chfen.dataset.eval.Stats;
import io.chfen.files.FileOps;
import io.chfen.files.Location;
import io.chfen.pipelines.crawl.CrawlVideos;
import io.chfen.sample.site.SampleSite;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.beam.runners.direct.DirectOptions;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.transforms.Count;
import org.apache.beam.sdk.transforms.Create;

/**
 * Crawl-stage throughput against the sample site on loopback: pages/s and download MB/s with
 * politeness off, and a 1 s per-host delay over three hosts (127.0.0.1/2/3) to show that hosts are
 * crawled concurrently (elapsed ≈ one host's pages × delay, not the sum); then pages made to break
 * a crawler (a page of 80,000 links, a link fan-out). A warm-up run precedes every measured one;
 * each figure is the median of the runs. Prints Markdown tables.
 */
public final class CrawlBenchmark {
  private final Path media;
  private final int runs;

  public CrawlBenchmark(Path media, int runs) {
    this.media = media;
    this.runs = runs;
  }

  record Row(String scenario, long items, double seconds, double mb) {}

  public String run() throws Exception {
    Table t = new Table("scenario", "pages or files", "elapsed s (median)", "pages/s", "MB/s");
    add(t, crawlPolitenessOff(1000));
    add(t, downloads("download 100 × " + mb("c04.mp4") + " MB files", "c04.mp4", 100));
    add(t, downloads("download 3 × 100 MB files", bigFile(), 3));
    Row one = delayedHosts(List.of("127.0.0.1"), 8, false);
    Row three = delayedHosts(List.of("127.0.0.1", "127.0.0.2", "127.0.0.3"), 8, false);
    Row threeBeam = delayedHosts(List.of("127.0.0.1", "127.0.0.2", "127.0.0.3"), 8, true);
    add(t, one);
    add(t, three);
    add(t, threeBeam);
    return t
        + String.format(
            Locale.ROOT,
            "%nthree hosts took %.2f× the time of one (sequential would be 3×); through Beam %.2f×%n",
            three.seconds / one.seconds,
            threeBeam.seconds / one.seconds)
        + "\n"
        + hostilePages();
  }

  /**
   * Pages made to break a crawler, served on loopback: one page of 80,000 distinct links (each
   * twice), and a fan-out where every page links 8,000 new ones under maxPages 40. What is bounded
   * is what the crawl queues and logs; the heap after the crawl shows what it kept.
   */
  private String hostilePages() throws Exception {
    Table t =
        new Table(
            "hostile page",
            "pages fetched",
            "crawl-log rows",
            "links counted, not queued",
            "elapsed s (median)",
            "heap after, MB");
    StringBuilder big = new StringBuilder("<!doctype html><title>links</title>");
    for (int copy = 0; copy < 2; copy++) {
      for (int i = 0; i < 80_000; i++) {
        big.append("<a href=\"/a/").append(i).append("\">").append(i).append("</a>");
      }
    }
    byte[] bigPage = big.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    com.sun.net.httpserver.HttpServer server =
        com.sun.net.httpserver.HttpServer.create(
            new java.net.InetSocketAddress("127.0.0.1", 0), 64);
    server.createContext(
        "/",
        ex -> {
          String path = ex.getRequestURI().getPath();
          byte[] body;
          if (path.equals("/robots.txt")) {
            body = new byte[0];
          } else if (path.equals("/big")) {
            body = bigPage;
          } else {
            StringBuilder b = new StringBuilder("<!doctype html><title>fan</title>");
            for (int i = 0; i < 8000; i++) {
              b.append("<a href=\"").append(path).append('-').append(i).append("\">x</a>");
            }
            body = b.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
          }
          ex.sendResponseHeaders(body.length == 0 ? 404 : 200, body.length == 0 ? -1 : body.length);
          try (OutputStream o = ex.getResponseBody()) {
            o.write(body);
          }
        });
    server.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(8));
    server.start();
    try {
      String base = "http://127.0.0.1:" + server.getAddress().getPort();
      CrawlConfig c = unthrottled();
      c.fetch.maxBodyBytes = 64 << 20;
      c.limits.maxPages = 1;
      hostile(t, "one page, 80,000 links (160,000 anchors)", c, base + "/big");
      c.limits.maxPages = 40;
      hostile(t, "fan-out: 8,000 new links a page, maxPages 40", c, base + "/fan");
    } finally {
      server.stop(0);
      ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
    return t.toString();
  }

  private void hostile(Table t, String scenario, CrawlConfig c, String seed) throws Exception {
    double[] secs = new double[runs];
    List<io.chfen.records.PageVisit> pages = new ArrayList<>();
    for (int r = -1; r < runs; r++) { // r = -1: warm-up
      pages.clear();
      long t0 = System.nanoTime();
      new SiteCrawler(c, SiteCrawler.allowedHosts(c, List.of(seed)), Clock.systemUTC())
          .crawl(
              List.of(seed),
              SiteCrawler.Sink.of(
                  v -> {
                    synchronized (pages) {
                      pages.add(v);
                    }
                  },
                  v -> {},
                  f -> {}));
      if (r >= 0) {
        secs[r] = (System.nanoTime() - t0) / 1e9;
      }
    }
    System.gc();
    Runtime rt = Runtime.getRuntime();
    t.row(
        scenario,
        pages.stream().filter(p -> p.getOutcome().equals("fetched")).count(),
        pages.size(),
        pages.stream()
            .mapToLong(p -> p.getLinksNotQueued().values().stream().mapToLong(n -> n).sum())
            .sum(),
        Numbers.fixed(Stats.median(secs), 2),
        Numbers.fixed((rt.totalMemory() - rt.freeMemory()) / 1e6, 0));
  }

  private static void add(Table t, Row r) {
    t.row(
        r.scenario,
        r.items,
        Numbers.fixed(r.seconds, 2),
        r.mb > 0 && r.scenario.startsWith("download") ? "" : Numbers.fixed(r.items / r.seconds, 0),
        r.mb > 0 ? Numbers.fixed(r.mb / r.seconds, 1) : "");
  }

  private static CrawlConfig unthrottled() {
    CrawlConfig c = CrawlConfig.defaults();
    c.politeness.perHostDelayMs = 0;
    c.politeness.perHostConcurrency = 8;
    c.politeness.threads = 8;
    c.limits.maxPages = 1_000_000;
    c.limits.maxDepth = 1_000;
    c.download.maxBytes = 1L << 31;
    return c;
  }

  /** Crawler alone (no Beam): listing + video pages of ~30 KB, extraction included. */
  private Row crawlPolitenessOff(int videos) throws Exception {
    try (SampleSite site = SampleSite.startWithBenchPages("127.0.0.1", 0, media, videos)) {
      String seed = site.baseUrl() + "/bench/list/1";
      CrawlConfig c = unthrottled();
      double[] secs = new double[runs];
      long pages = 0;
      long[] bytes = new long[1];
      crawl(c, List.of(seed), bytes); // warm-up
      for (int i = 0; i < runs; i++) {
        bytes[0] = 0;
        long t0 = System.nanoTime();
        pages = crawl(c, List.of(seed), bytes);
        secs[i] = (System.nanoTime() - t0) / 1e9;
      }
      return new Row(
          "crawl " + videos + " video pages, politeness off (8 connections)",
          pages,
          Stats.median(secs),
          bytes[0] / 1e6);
    }
  }

  private static long crawl(CrawlConfig c, List<String> seeds, long[] bytes)
      throws InterruptedException {
    AtomicLong fetched = new AtomicLong();
    AtomicLong size = new AtomicLong();
    new SiteCrawler(c, SiteCrawler.allowedHosts(c, seeds), Clock.systemUTC())
        .crawl(
            seeds,
            SiteCrawler.Sink.of(
                v -> {
                  if (v.getOutcome().equals("fetched")) {
                    fetched.incrementAndGet();
                    size.addAndGet(v.getBytes());
                  }
                },
                v -> {},
                f -> {
                  throw new IllegalStateException("benchmark page failed: " + f);
                }));
    bytes[0] = size.get();
    return fetched.get();
  }

  private Row downloads(String scenario, String file, int count) throws Exception {
    try (SampleSite site = SampleSite.start("127.0.0.1", 0, media, 4000)) {
      CrawlConfig c = unthrottled();
      long size = Files.size(media.resolve(file));
      double[] secs = new double[runs];
      for (int r = -1; r < runs; r++) { // r = -1: warm-up
        Path out = Files.createTempDirectory("chfen-bench-dl");
        MediaDownloader d =
            new MediaDownloader(
                new Fetcher(c, Set.of(site.baseUrl().substring(7))), c.download, Location.of(out));
        long t0 = System.nanoTime();
        for (int i = 0; i < count; i++) {
          d.download("bench_" + i, site.baseUrl() + "/media/" + file);
        }
        if (r >= 0) {
          secs[r] = (System.nanoTime() - t0) / 1e9;
        }
        FileOps.deleteTree(out);
      }
      return new Row(scenario, count, Stats.median(secs), size * (double) count / 1e6);
    }
  }

  /** A ~100 MB file that is still an MP4 by its magic bytes (the sample clip, repeated). */
  private String bigFile() throws IOException {
    Path big = media.resolve("bench-big.mp4");
    if (!Files.exists(big)) {
      byte[] clip = Files.readAllBytes(media.resolve("c04.mp4"));
      try (OutputStream out = Files.newOutputStream(big)) {
        for (long n = 0; n < 100_000_000L; n += clip.length) {
          out.write(clip);
        }
      }
    }
    return big.getFileName().toString();
  }

  /** Hosts with a 1 s delay each, crawled together: by the plain crawler or the Beam stage. */
  private Row delayedHosts(List<String> hosts, int videosPerHost, boolean beam) throws Exception {
    List<SampleSite> sites = new ArrayList<>();
    try {
      List<String> seeds = new ArrayList<>();
      for (String h : hosts) {
        SampleSite s = SampleSite.startWithBenchPages(h, 0, media, videosPerHost);
        sites.add(s);
        seeds.add(s.baseUrl() + "/bench/list/1");
      }
      CrawlConfig c = CrawlConfig.defaults();
      c.politeness.perHostDelayMs = 1000;
      c.politeness.perHostConcurrency = 1;
      c.politeness.threads = 8;
      long t0 = System.nanoTime();
      long pages;
      if (beam) {
        DirectOptions o = PipelineOptionsFactory.as(DirectOptions.class);
        o.setTargetParallelism(hosts.size());
        Pipeline p = Pipeline.create(o);
        p.apply(Create.of(seeds).withCoder(StringUtf8Coder.of()))
            .apply(CrawlVideos.with(c, SiteCrawler.allowedHosts(c, seeds)))
            .pages
            .apply(Count.globally());
        p.run().waitUntilFinish();
        pages = (long) hosts.size() * (videosPerHost + 1);
      } else {
        pages = crawl(c, seeds, new long[1]);
      }
      double secs = (System.nanoTime() - t0) / 1e9;
      String how = beam ? "crawl stage (Beam DirectRunner)" : "crawler";
      return new Row(
          how
              + ", "
              + hosts.size()
              + " host(s) × "
              + (videosPerHost + 1)
              + " pages, 1 s per-host delay",
          pages,
          secs,
          0);
    } finally {
      sites.forEach(SampleSite::close);
    }
  }

  private String mb(String file) throws IOException {
    return Numbers.fixed(Files.size(media.resolve(file)) / 1e6, 1);
  }
}
