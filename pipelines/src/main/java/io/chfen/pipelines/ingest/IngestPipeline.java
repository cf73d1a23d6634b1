package io.chfen.pipelines.ingest;

import io.chfen.dataset.crawl.CrawlConfig;
import io.chfen.dataset.crawl.FetchException;
import io.chfen.dataset.crawl.Fetcher;
import io.chfen.dataset.crawl.MediaDownloader;
import io.chfen.dataset.ingest.IngestItem;
import io.chfen.dataset.ingest.IngestSource;
import io.chfen.dataset.ingest.ListSource;
import io.chfen.dataset.ingest.LocalVideos;
import io.chfen.dataset.labels.LabelMapping;
import io.chfen.files.Location;
import io.chfen.layout.RunLayout;
import io.chfen.media.MediaException;
import io.chfen.media.MediaProbe;
import io.chfen.pipelines.ItemSteps;
import io.chfen.pipelines.StageCounter;
import io.chfen.pipelines.crawl.CrawlPipeline;
import io.chfen.pipelines.crawl.FilterVideos;
import io.chfen.pipelines.io.Records;
import io.chfen.pipelines.io.Retry;
import io.chfen.pipelines.io.StagedRun;
import io.chfen.pipelines.io.WriteParquet;
import io.chfen.records.Failure;
import io.chfen.records.FilterOutcome;
import io.chfen.records.VideoMetadata;
import io.chfen.schemas.Failures;
import io.chfen.schemas.Schemas;
import io.chfen.schemas.Stage;
import io.chfen.storage.Storage;
import io.chfen.storage.StoredRecords;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneId;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.Validation;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Reshuffle;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;

/**
 * The ingest stage: a folder's media files or a list's rows ({@link IngestSource}) → stored in the
 * run's media store (a local file copied, a URL downloaded through the crawl's downloader: the
 * list's hosts only, robots.txt, politeness, caps, checksums) and described ({@link LocalVideos}) →
 * the crawl's filters ({@link FilterVideos}) → the crawl stage's outputs ({@link
 * CrawlPipeline#OUTPUTS}). The source is the crawl log; its bad rows and duplicate ids are
 * failures.
 */
public final class IngestPipeline {
  private IngestPipeline() {}

  /** Options of the ingest stage. */
  public interface Options extends PipelineOptions {
    @Description("The folder of media files, or the list file (CSV, TSV, JSONL, Parquet)")
    @Validation.Required
    String getFrom();

    void setFrom(String value);

    @Description("Output directory")
    @Validation.Required
    String getOutput();

    void setOutput(String value);

    @Description("Column mappings of a list, KEY=COLUMN (e.g. title=caption,url=link)")
    @Default.String("")
    String getColumns();

    void setColumns(String value);

    @Description(
        "A label mapping (built-in name or YAML) whose columns name the list's id, path...")
    @Default.String("")
    String getLabelMapping();

    void setLabelMapping(String value);

    @Description("Parquet files per output (0: the runner decides)")
    @Default.Integer(1)
    int getOutputShards();

    void setOutputShards(int value);

    @Description(
        "Bring in only the items the last run dead-lettered or never finished; the rest are"
            + " carried over as they are")
    @Default.Boolean(false)
    boolean getRetryFailed();

    void setRetryFailed(boolean value);
  }

  /** What a run carries over from the last one: its kept and filtered videos, not redone. */
  public record Carried(List<VideoMetadata> kept, List<FilterOutcome> rejected) {
    public static final Carried NONE = new Carried(List.of(), List.of());

    /** The published outputs' videos of {@code out} whose last run did not fail. */
    static Carried from(RunLayout out) {
      Set<String> failed = Retry.failed(out, Stage.INGEST);
      try {
        return new Carried(
            StoredRecords.<VideoMetadata>readAll(out.metadata(), Schemas.VIDEO_METADATA).stream()
                .filter(v -> !failed.contains(v.getId().toString()))
                .toList(),
            StoredRecords.<FilterOutcome>readAll(out.rejected(), Schemas.FILTER_OUTCOME).stream()
                .filter(r -> !failed.contains(r.getId().toString()))
                .toList());
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read the last run's output in " + out.root(), e);
      }
    }

    Set<String> ids() {
      Set<String> ids = new HashSet<>();
      kept.forEach(v -> ids.add(v.getId().toString()));
      rejected.forEach(r -> ids.add(r.getId().toString()));
      return ids;
    }
  }

  static final TupleTag<VideoMetadata> VIDEOS = new TupleTag<>() {};
  static final TupleTag<Failure> FAILURES = new TupleTag<>() {};

  /**
   * The source named by the options: a folder, or a list read with its columns named by the label
   * mapping's {@code columns}, then by the options' mappings.
   */
  public static IngestSource source(Options o) {
    List<String> mappings =
        o.getColumns().isBlank() ? List.of() : List.of(o.getColumns().split(","));
    try {
      ListSource.Columns columns = ListSource.Columns.DEFAULT;
      if (!o.getLabelMapping().isBlank()) {
        columns = columns.with(LabelMapping.load(o.getLabelMapping()).columns);
      }
      return IngestSource.open(Path.of(o.getFrom()), columns.with(mappings));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the source " + o.getFrom() + ": " + e, e);
    }
  }

  /** Opens the source, builds the job and runs it; publishes the crawl's outputs when it ends. */
  public static PipelineResult run(Options o, CrawlConfig config) {
    IngestSource source = source(o);
    RunLayout out = RunLayout.at(o.getOutput());
    Carried carried = o.getRetryFailed() ? Carried.from(out) : Carried.NONE;
    return StagedRun.run(
        out,
        Stage.INGEST.job(),
        CrawlPipeline.OUTPUTS,
        null,
        run -> {
          Pipeline p = Pipeline.create(o);
          build(p, config, source, run.staged(), run.out(), o.getOutputShards(), carried);
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
      IngestSource source,
      RunLayout run,
      RunLayout store,
      int shards) {
    return build(p, config, source, run, store, shards, Carried.NONE);
  }

  /**
   * The same, the {@code carried} videos written as they were and their items not brought in again;
   * the source's log still counts every item, so the counts reconcile over both.
   */
  static PCollection<VideoMetadata> build(
      Pipeline p,
      CrawlConfig config,
      IngestSource source,
      RunLayout run,
      RunLayout store,
      int shards,
      Carried carried) {
    CrawlConfig cfg = config.validated();
    Set<String> done = carried.ids();
    List<IngestItem> items = source.items().stream().filter(i -> !done.contains(i.id())).toList();
    PCollectionTuple described =
        p.apply("Items", Create.of(items).withCoder(SerializableCoder.of(IngestItem.class)))
            .apply("Spread", Reshuffle.viaRandomKey())
            .apply(
                ItemSteps.INGEST.name(),
                ParDo.of(
                        new StoreAndDescribeFn(
                            cfg, new HashSet<>(source.urlHosts()), store.root().toString()))
                    .withOutputTags(VIDEOS, TupleTagList.of(FAILURES)));
    FilterVideos.Result filtered =
        described
            .get(VIDEOS)
            .setCoder(Records.VIDEO)
            .apply("FilterVideos", FilterVideos.with(cfg.filters));
    PCollection<VideoMetadata> kept =
        PCollectionList.of(filtered.kept)
            .and(p.apply("CarriedKept", Create.of(carried.kept()).withCoder(Records.VIDEO)))
            .apply("AllKept", Flatten.pCollections());
    kept.apply(
        "WriteMetadata",
        WriteParquet.to(
            Schemas.VIDEO_METADATA, run.metadata().toString(), RunLayout.METADATA, shards));
    PCollectionList.of(filtered.rejected)
        .and(
            p.apply(
                "CarriedRejected", Create.of(carried.rejected()).withCoder(Records.FILTER_OUTCOME)))
        .apply("AllRejected", Flatten.pCollections())
        .apply(
            "WriteRejected",
            WriteParquet.to(
                Schemas.FILTER_OUTCOME, run.rejected().toString(), RunLayout.REJECTED, shards));
    p.apply("SourceLog", Create.of(source.log()).withCoder(Records.PAGE_VISIT))
        .apply(
            "WritePages",
            WriteParquet.to(Schemas.PAGE_VISIT, run.pages().toString(), RunLayout.PAGES, shards));
    PCollection<Failure> early =
        p.apply("SourceFailures", Create.of(source.failures()).withCoder(Records.FAILURE));
    PCollectionList.of(early)
        .and(described.get(FAILURES).setCoder(Records.FAILURE))
        .apply("AllFailures", Flatten.pCollections())
        .apply(
            "WriteFailures",
            WriteParquet.to(
                Schemas.FAILURE, run.failures().toString(), Stage.INGEST.job(), shards));
    return kept;
  }

  /** Stores one item in the media store and describes it; one that cannot be is a failure. */
  static final class StoreAndDescribeFn extends DoFn<IngestItem, VideoMetadata> {
    private static final long serialVersionUID = 1L;

    private final CrawlConfig config;
    private final HashSet<String> hosts;
    private final String outputDir;
    private transient MediaDownloader store;

    StoreAndDescribeFn(CrawlConfig config, HashSet<String> hosts, String outputDir) {
      this.config = config;
      this.hosts = hosts;
      this.outputDir = outputDir;
    }

    @Setup
    public void setup() {
      store =
          new MediaDownloader(
              new Fetcher(config, hosts),
              config.download,
              Location.of(outputDir),
              MediaDownloader.Accept.VIDEO_OR_SOUND);
    }

    @ProcessElement
    public void process(@Element IngestItem item, MultiOutputReceiver out)
        throws InterruptedException {
      StageCounter.VIDEOS_FOUND.inc();
      try {
        if (item.isFile() && !Files.isRegularFile(item.path())) {
          fail(out, item, MISSING_FILE, item.path() + " does not exist or is not a file");
          return;
        }
        MediaDownloader.Stored s =
            item.isFile()
                ? store.store(item.id(), item.path())
                : store.download(item.id(), item.url());
        (s.reused() ? StageCounter.MEDIA_REUSED : StageCounter.MEDIA_DOWNLOADED).inc();
        if (!s.reused()) {
          StageCounter.MEDIA_BYTES.inc(s.bytes());
        }
        MediaProbe.Probe info;
        if (item.isFile()) {
          info = MediaProbe.probe(item.path());
        } else {
          try (Storage.Local media =
              Storage.local(Location.of(outputDir).resolve(s.relativePath()))) {
            info = MediaProbe.probe(media.path());
          }
        }
        VideoMetadata v =
            LocalVideos.metadata(
                item, s, info, Clock.systemUTC().instant(), ZoneId.of(config.defaultZone));
        out.get(VIDEOS).output(v);
      } catch (FetchException e) {
        fail(out, item, e.reason(), e.getMessage());
      } catch (MediaException e) {
        fail(out, item, e.reason(), e.getMessage());
      } catch (IOException e) {
        fail(out, item, "io_error", "cannot read the stored media: " + e.getMessage());
      }
    }

    private static void fail(
        MultiOutputReceiver out, IngestItem item, String reason, String message) {
      StageCounter.MEDIA_FAILED.inc();
      out.get(FAILURES)
          .output(
              Failures.of(item.id(), Stage.INGEST, reason, item.describe() + ": " + message)
                  .setUrl(item.canonical())
                  .setAttempts(1)
                  .build());
    }
  }

  /** A listed file that is not there. */
  public static final String MISSING_FILE = "missing_file";
}
