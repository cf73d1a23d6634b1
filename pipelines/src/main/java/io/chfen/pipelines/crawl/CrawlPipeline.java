package io.chfen.pipelines.crawl;

import io.chfen.dataset.crawl.CrawlConfig;
import io.chfen.dataset.crawl.SiteCrawler;
import io.chfen.layout.RunLayout;
import io.chfen.pipelines.ItemSteps;
import io.chfen.pipelines.io.StagedRun;
import io.chfen.pipelines.io.WriteParquet;
import io.chfen.records.VideoMetadata;
import io.chfen.schemas.Schemas;
import io.chfen.schemas.Stage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.Validation;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;

/**
 * The crawl stage end to end: seeds → {@link CrawlVideos} → {@link FilterVideos} → {@link
 * DownloadMedia} → Parquet in the run's layout ({@link RunLayout}): {@code metadata/} (kept),
 * {@code rejected/} (with reason), {@code failures/crawl-*} (dead letter), {@code pages/} (crawl
 * log), and {@code media/}.
 */
public final class CrawlPipeline {
  private CrawlPipeline() {}

  /** Options of the crawl stage. */
  public interface Options extends PipelineOptions {
    @Description("Seed URLs (listing pages, sitemaps, video pages), comma-separated")
    String getSeeds();

    void setSeeds(String value);

    @Description("A file of seed URLs, one per line ('#' starts a comment)")
    String getSeedsFile();

    void setSeedsFile(String value);

    @Description("Output directory")
    @Validation.Required
    String getOutput();

    void setOutput(String value);

    @Description("Crawl config YAML; omitted keys keep the embedded defaults")
    String getCrawlConfig();

    void setCrawlConfig(String value);

    @Description("Parquet files per output (0: the runner decides)")
    @Default.Integer(1)
    int getOutputShards();

    void setOutputShards(int value);
  }

  /** Builds the pipeline from options and runs it; the caller waits on the result. */
  public static PipelineResult run(Options options) {
    CrawlConfig config =
        options.getCrawlConfig() == null
            ? CrawlConfig.defaults()
            : CrawlConfig.load(Path.of(options.getCrawlConfig()));
    return run(options, config);
  }

  public static PipelineResult run(Options options, CrawlConfig config) {
    List<String> seeds = seeds(options);
    return StagedRun.run(
        RunLayout.at(options.getOutput()),
        Stage.CRAWL.job(),
        OUTPUTS,
        null,
        run -> {
          Pipeline p = Pipeline.create(options);
          build(p, config, seeds, run.staged(), run.out(), options.getOutputShards());
          return p;
        });
  }

  /** What the crawl writes, published together when it succeeds. */
  public static final List<StagedRun.Output> OUTPUTS =
      List.of(
          StagedRun.Output.dir(RunLayout.METADATA),
          StagedRun.Output.dir(RunLayout.REJECTED),
          StagedRun.Output.dir(RunLayout.PAGES),
          StagedRun.Output.files(RunLayout.FAILURES, Stage.CRAWL.job()));

  /**
   * Adds the crawl stage to {@code p}; returns the kept, downloaded videos.
   *
   * @param run where the records go (a staged layout)
   * @param store where the media goes (the run's own)
   */
  public static PCollection<VideoMetadata> build(
      Pipeline p,
      CrawlConfig config,
      List<String> seeds,
      RunLayout run,
      RunLayout store,
      int shards) {
    Set<String> allowed = SiteCrawler.allowedHosts(config, seeds);
    CrawlVideos.Result crawled =
        p.apply("Seeds", Create.of(seeds).withCoder(StringUtf8Coder.of()))
            .apply("CrawlVideos", CrawlVideos.with(config, allowed));
    FilterVideos.Result filtered =
        crawled.videos.apply("FilterVideos", FilterVideos.with(config.filters));
    DownloadMedia.Result downloaded =
        filtered.kept.apply(
            ItemSteps.DOWNLOAD.composite(),
            DownloadMedia.into(store.root().toString(), config, allowed));

    downloaded.downloaded.apply(
        "WriteMetadata",
        WriteParquet.to(
            Schemas.VIDEO_METADATA, run.metadata().toString(), RunLayout.METADATA, shards));
    filtered.rejected.apply(
        "WriteRejected",
        WriteParquet.to(
            Schemas.FILTER_OUTCOME, run.rejected().toString(), RunLayout.REJECTED, shards));
    crawled.pages.apply(
        "WritePages",
        WriteParquet.to(Schemas.PAGE_VISIT, run.pages().toString(), RunLayout.PAGES, shards));
    PCollectionList.of(crawled.failures)
        .and(downloaded.failures)
        .apply("AllFailures", Flatten.pCollections())
        .apply(
            "WriteFailures",
            WriteParquet.to(Schemas.FAILURE, run.failures().toString(), Stage.CRAWL.job(), shards));
    return downloaded.downloaded;
  }

  /** The seeds of --seeds and --seedsFile, in order, without repeats. */
  public static List<String> seeds(Options o) {
    List<String> seeds = new ArrayList<>();
    if (o.getSeeds() != null) {
      for (String s : o.getSeeds().split(",")) {
        if (!s.isBlank()) {
          seeds.add(s.trim());
        }
      }
    }
    if (o.getSeedsFile() != null) {
      try {
        for (String line : Files.readAllLines(Path.of(o.getSeedsFile()))) {
          String s = line.replaceAll("#.*", "").trim();
          if (!s.isEmpty()) {
            seeds.add(s);
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read seeds file " + o.getSeedsFile(), e);
      }
    }
    if (seeds.isEmpty()) {
      throw new IllegalArgumentException("no seeds: give --seed or --seeds-file");
    }
    return seeds.stream().distinct().toList();
  }
}
