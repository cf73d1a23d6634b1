package io.chfen.pipelines.ingest;

import io.chfen.dataset.crawl.CrawlConfig;
import io.chfen.dataset.crawl.FetchException;
import io.chfen.dataset.crawl.Fetcher;
import io.chfen.dataset.crawl.MediaDownloader;
import io.chfen.dataset.ingest.DirectorySource;
import io.chfen.dataset.ingest.LocalVideos;
import io.chfen.layout.RunLayout;
import io.chfen.media.MediaException;
import io.chfen.media.MediaProbe;
import io.chfen.pipelines.StageCounter;
import io.chfen.pipelines.crawl.CrawlPipeline;
import io.chfen.pipelines.crawl.FilterVideos;
import io.chfen.pipelines.io.Records;
import io.chfen.pipelines.io.StagedRun;
import io.chfen.pipelines.io.WriteParquet;
import io.chfen.records.Failure;
import io.chfen.records.VideoMetadata;
import io.chfen.schemas.Failures;
import io.chfen.schemas.Schemas;
import io.chfen.schemas.Stage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.Validation;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Reshuffle;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;

/**
 * The ingest stage: a folder's media files ({@link DirectorySource}) → stored in the run's media
 * store and described ({@link LocalVideos}) → the crawl's filters ({@link FilterVideos}) → the
 * crawl stage's outputs ({@link CrawlPipeline#OUTPUTS}). The folder's scan is the crawl log: the
 * source and every entry it refused.
 */
public final class IngestPipeline {
  private IngestPipeline() {}

  /** Options of the ingest stage. */
  public interface Options extends PipelineOptions {
    @Description("The folder of media files to bring in (recursive)")
    @Validation.Required
    String getFrom();

    void setFrom(String value);

    @Description("Output directory")
    @Validation.Required
    String getOutput();

    void setOutput(String value);

    @Description("Parquet files per output (0: the runner decides)")
    @Default.Integer(1)
    int getOutputShards();

    void setOutputShards(int value);
  }

  static final TupleTag<VideoMetadata> VIDEOS = new TupleTag<>() {};
  static final TupleTag<Failure> FAILURES = new TupleTag<>() {};

  /** Scans the folder, builds the job and runs it; publishes the crawl's outputs when it ends. */
  public static PipelineResult run(Options o, CrawlConfig config) {
    DirectorySource.Scan scan;
    try {
      scan = DirectorySource.scan(Path.of(o.getFrom()));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the source " + o.getFrom() + ": " + e, e);
    }
    return StagedRun.run(
        RunLayout.at(Path.of(o.getOutput())),
        Stage.INGEST.job(),
        CrawlPipeline.OUTPUTS,
        null,
        run -> {
          Pipeline p = Pipeline.create(o);
          build(p, config, scan, run.staged(), run.out(), o.getOutputShards());
          return p;
        });
  }

  /**
   * Adds the ingest stage to {@code p}; returns the kept videos, their media stored.
   *
   * @param run where the records go (a staged layout)
   * @param store where the media goes (the run's own)
   */
  public static PCollection<VideoMetadata> build(
      Pipeline p,
      CrawlConfig config,
      DirectorySource.Scan scan,
      RunLayout run,
      RunLayout store,
      int shards) {
    CrawlConfig cfg = config.validated();
    List<KV<String, String>> files =
        scan.items().stream()
            .map(i -> KV.of(i.relative(), i.file().toAbsolutePath().toString()))
            .toList();
    PCollectionTuple described =
        p.apply(
                "Files",
                Create.of(files).withCoder(KvCoder.of(StringUtf8Coder.of(), StringUtf8Coder.of())))
            .apply("Spread", Reshuffle.viaRandomKey())
            .apply(
                "StoreAndDescribe",
                ParDo.of(new StoreAndDescribeFn(cfg, store.root().toString()))
                    .withOutputTags(VIDEOS, TupleTagList.of(FAILURES)));
    FilterVideos.Result filtered =
        described
            .get(VIDEOS)
            .setCoder(Records.VIDEO)
            .apply("FilterVideos", FilterVideos.with(cfg.filters));
    filtered.kept.apply(
        "WriteMetadata",
        WriteParquet.to(
            Schemas.VIDEO_METADATA, run.metadata().toString(), RunLayout.METADATA, shards));
    filtered.rejected.apply(
        "WriteRejected",
        WriteParquet.to(
            Schemas.FILTER_OUTCOME, run.rejected().toString(), RunLayout.REJECTED, shards));
    p.apply("ScanLog", Create.of(scan.log()).withCoder(Records.PAGE_VISIT))
        .apply(
            "WritePages",
            WriteParquet.to(Schemas.PAGE_VISIT, run.pages().toString(), RunLayout.PAGES, shards));
    described
        .get(FAILURES)
        .setCoder(Records.FAILURE)
        .apply(
            "WriteFailures",
            WriteParquet.to(
                Schemas.FAILURE, run.failures().toString(), Stage.INGEST.job(), shards));
    return filtered.kept;
  }

  /** Stores one file in the media store and describes it; a file that cannot be is a failure. */
  static final class StoreAndDescribeFn extends DoFn<KV<String, String>, VideoMetadata> {
    private static final long serialVersionUID = 1L;

    private final CrawlConfig config;
    private final String outputDir;
    private transient MediaDownloader store;

    StoreAndDescribeFn(CrawlConfig config, String outputDir) {
      this.config = config;
      this.outputDir = outputDir;
    }

    @Setup
    public void setup() {
      store =
          new MediaDownloader(new Fetcher(config, Set.of()), config.download, Path.of(outputDir));
    }

    @ProcessElement
    public void process(@Element KV<String, String> file, MultiOutputReceiver out) {
      DirectorySource.Item item = DirectorySource.item(Path.of(file.getValue()), file.getKey());
      StageCounter.VIDEOS_FOUND.inc();
      try {
        MediaDownloader.Stored s = store.store(item.id(), item.file());
        (s.reused() ? StageCounter.MEDIA_REUSED : StageCounter.MEDIA_DOWNLOADED).inc();
        VideoMetadata v =
            LocalVideos.metadata(
                item,
                s,
                MediaProbe.probe(item.file()),
                Clock.systemUTC().instant(),
                ZoneId.of(config.defaultZone));
        out.get(VIDEOS).output(v);
      } catch (FetchException e) {
        fail(out, item, e.reason(), e.getMessage());
      } catch (MediaException e) {
        fail(out, item, e.reason(), e.getMessage());
      }
    }

    private static void fail(
        MultiOutputReceiver out, DirectorySource.Item item, String reason, String message) {
      StageCounter.MEDIA_FAILED.inc();
      out.get(FAILURES)
          .output(
              Failures.of(item.id(), Stage.INGEST, reason, item.relative() + ": " + message)
                  .setUrl(LocalVideos.canonical(item))
                  .setAttempts(1)
                  .build());
    }
  }
}
