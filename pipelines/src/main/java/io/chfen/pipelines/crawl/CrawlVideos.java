package io.chfen.pipelines.crawl;

import io.chfen.dataset.crawl.CrawlConfig;
import io.chfen.dataset.crawl.Normalize;
import io.chfen.dataset.crawl.SiteCrawler;
import io.chfen.pipelines.StageCounter;
import io.chfen.pipelines.StageResult;
import io.chfen.pipelines.io.Records;
import io.chfen.records.Failure;
import io.chfen.records.PageVisit;
import io.chfen.records.VideoMetadata;
import io.chfen.schemas.PageOutcome;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * Crawls seed URLs (listing pages, sitemaps, video pages) into the videos they describe, a crawl
 * log of every page decided about, and dead-letter failures. Seeds are grouped by host, so each
 * host is crawled by one worker, whose politeness limits therefore hold for the whole job.
 */
public final class CrawlVideos extends PTransform<PCollection<String>, CrawlVideos.Result> {
  private static final long serialVersionUID = 1L;

  static final TupleTag<VideoMetadata> VIDEOS = new TupleTag<>() {};
  static final TupleTag<PageVisit> PAGES = new TupleTag<>() {};
  static final TupleTag<Failure> FAILURES = new TupleTag<>() {};

  private final CrawlConfig config;
  private final Set<String> allowedHosts;

  private CrawlVideos(CrawlConfig config, Set<String> allowedHosts) {
    this.config = config;
    this.allowedHosts = Set.copyOf(allowedHosts);
  }

  /**
   * @param allowedHosts hosts the crawl may visit; see {@link SiteCrawler#allowedHosts}
   */
  public static CrawlVideos with(CrawlConfig config, Set<String> allowedHosts) {
    if (allowedHosts.isEmpty()) {
      throw new IllegalArgumentException("the crawl may visit no host: give seeds or allowedHosts");
    }
    return new CrawlVideos(config.validated(), allowedHosts);
  }

  @Override
  public void populateDisplayData(DisplayData.Builder builder) {
    super.populateDisplayData(builder);
    builder
        .add(DisplayData.item("allowedHosts", String.join(", ", allowedHosts)))
        .add(DisplayData.item("userAgent", config.fetch.userAgent))
        .add(DisplayData.item("respectRobots", config.fetch.respectRobots))
        .add(DisplayData.item("maxDepth", config.limits.maxDepth))
        .add(DisplayData.item("maxPages", config.limits.maxPages))
        .add(DisplayData.item("perHostDelayMs", config.politeness.perHostDelayMs));
  }

  @Override
  public Result expand(PCollection<String> seeds) {
    PCollectionTuple out =
        seeds
            .apply(
                "KeyByHost",
                MapElements.into(
                        TypeDescriptors.kvs(TypeDescriptors.strings(), TypeDescriptors.strings()))
                    .via(CrawlVideos::keyByHost))
            .setCoder(KvCoder.of(StringUtf8Coder.of(), StringUtf8Coder.of()))
            .apply("GroupByHost", GroupByKey.create())
            .apply(
                "CrawlHost",
                ParDo.of(new CrawlHostFn(config, allowedHosts))
                    .withOutputTags(VIDEOS, TupleTagList.of(PAGES).and(FAILURES)));
    return new Result(
        seeds.getPipeline(),
        out.get(VIDEOS).setCoder(Records.VIDEO),
        out.get(PAGES).setCoder(Records.PAGE_VISIT),
        out.get(FAILURES).setCoder(Records.FAILURE));
  }

  private static KV<String, String> keyByHost(String url) {
    String c = Normalize.canonicalUrl(url.trim());
    return KV.of(c == null ? "" : Normalize.hostKey(c), url.trim());
  }

  /** Runs the plain {@link SiteCrawler} for one host's seeds and emits results as they come. */
  static final class CrawlHostFn extends DoFn<KV<String, Iterable<String>>, VideoMetadata> {
    private static final long serialVersionUID = 1L;

    private final CrawlConfig config;
    private final Set<String> allowedHosts;

    CrawlHostFn(CrawlConfig config, Set<String> allowedHosts) {
      this.config = config;
      this.allowedHosts = allowedHosts;
    }

    private static final Object END = new Object();

    @ProcessElement
    public void process(@Element KV<String, Iterable<String>> host, MultiOutputReceiver out)
        throws InterruptedException {
      List<String> seeds = new ArrayList<>();
      host.getValue().forEach(seeds::add);
      // The crawler calls its sink from worker threads; Beam outputs and metrics belong to this
      // thread, so results pass through a queue.
      BlockingQueue<Object> queue = new LinkedBlockingQueue<>();
      SiteCrawler.Sink sink = SiteCrawler.Sink.of(queue::add, queue::add, queue::add);
      Throwable[] crashed = new Throwable[1];
      Thread crawl =
          new Thread(
              () -> {
                try {
                  new SiteCrawler(config, allowedHosts, Clock.systemUTC()).crawl(seeds, sink);
                } catch (Throwable t) {
                  crashed[0] = t;
                } finally {
                  queue.add(END);
                }
              },
              "crawl-" + host.getKey());
      crawl.start();
      try {
        for (Object o = queue.take(); o != END; o = queue.take()) {
          emit(o, out);
        }
      } finally {
        crawl.interrupt();
        crawl.join();
      }
      if (crashed[0] != null) {
        throw new IllegalStateException("crawl of " + host.getKey() + " crashed", crashed[0]);
      }
    }

    private void emit(Object o, MultiOutputReceiver out) {
      if (o instanceof VideoMetadata v) {
        StageCounter.VIDEOS_FOUND.inc();
        out.get(VIDEOS).output(v);
      } else if (o instanceof PageVisit p) {
        (switch (p.getOutcome()) {
              case PageOutcome.FETCHED -> StageCounter.PAGES_FETCHED;
              case PageOutcome.FAILED -> StageCounter.PAGES_FAILED;
              default -> StageCounter.PAGES_SKIPPED;
            })
            .inc();
        out.get(PAGES).output(p);
      } else if (o instanceof Failure f) {
        out.get(FAILURES).output(f);
      }
    }
  }

  /** The crawl's three outputs. */
  public static final class Result extends StageResult {
    public final PCollection<VideoMetadata> videos;
    public final PCollection<PageVisit> pages;
    public final PCollection<Failure> failures;

    Result(
        Pipeline pipeline,
        PCollection<VideoMetadata> videos,
        PCollection<PageVisit> pages,
        PCollection<Failure> failures) {
      super(pipeline, Map.of(VIDEOS, videos, PAGES, pages, FAILURES, failures));
      this.videos = videos;
      this.pages = pages;
      this.failures = failures;
    }
  }
}
