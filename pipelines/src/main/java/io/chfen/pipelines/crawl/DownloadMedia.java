package io.chfen.pipelines.crawl;

import io.chfen.dataset.crawl.CrawlConfig;
import io.chfen.dataset.crawl.FetchException;
import io.chfen.dataset.crawl.Fetcher;
import io.chfen.dataset.crawl.MediaDownloader;
import io.chfen.files.Location;
import io.chfen.pipelines.ItemSteps;
import io.chfen.pipelines.StageCounter;
import io.chfen.pipelines.StageResult;
import io.chfen.pipelines.io.Records;
import io.chfen.records.Failure;
import io.chfen.records.VideoMetadata;
import io.chfen.schemas.Failures;
import io.chfen.schemas.Stage;
import java.util.Map;
import java.util.Set;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Reshuffle;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;

/**
 * Downloads each kept video's media into the output directory's content-addressed store and records
 * where it lies; a video whose media cannot be had becomes a download failure. A re-run re-verifies
 * media already stored and skips its download.
 */
public final class DownloadMedia
    extends PTransform<PCollection<VideoMetadata>, DownloadMedia.Result> {
  private static final long serialVersionUID = 1L;

  static final TupleTag<VideoMetadata> DOWNLOADED = new TupleTag<>() {};
  static final TupleTag<Failure> FAILURES = new TupleTag<>() {};

  private final CrawlConfig config;
  private final Set<String> allowedHosts;
  private final String outputDir;

  private DownloadMedia(CrawlConfig config, Set<String> allowedHosts, String outputDir) {
    this.config = config;
    this.allowedHosts = Set.copyOf(allowedHosts);
    this.outputDir = outputDir;
  }

  /**
   * @param outputDir a directory every worker can write (a local path on one machine)
   */
  public static DownloadMedia into(String outputDir, CrawlConfig config, Set<String> allowedHosts) {
    if (outputDir == null || outputDir.isBlank()) {
      throw new IllegalArgumentException("DownloadMedia needs an output directory");
    }
    return new DownloadMedia(config.validated(), allowedHosts, outputDir);
  }

  @Override
  public void populateDisplayData(DisplayData.Builder builder) {
    super.populateDisplayData(builder);
    builder
        .add(DisplayData.item("output", outputDir))
        .add(DisplayData.item("enabled", config.download.enabled))
        .add(DisplayData.item("maxBytes", config.download.maxBytes))
        .add(DisplayData.item("contentTypes", String.join(", ", config.download.contentTypes)));
  }

  @Override
  public Result expand(PCollection<VideoMetadata> videos) {
    PCollectionTuple out =
        videos
            .apply("Spread", Reshuffle.viaRandomKey())
            .apply(
                ItemSteps.DOWNLOAD.name(),
                ParDo.of(new DownloadFn(config, allowedHosts, outputDir))
                    .withOutputTags(DOWNLOADED, TupleTagList.of(FAILURES)));
    return new Result(
        videos.getPipeline(),
        out.get(DOWNLOADED).setCoder(Records.VIDEO),
        out.get(FAILURES).setCoder(Records.FAILURE));
  }

  static final class DownloadFn extends DoFn<VideoMetadata, VideoMetadata> {
    private static final long serialVersionUID = 1L;

    private final CrawlConfig config;
    private final Set<String> allowedHosts;
    private final String outputDir;
    private transient MediaDownloader downloader;

    DownloadFn(CrawlConfig config, Set<String> allowedHosts, String outputDir) {
      this.config = config;
      this.allowedHosts = allowedHosts;
      this.outputDir = outputDir;
    }

    @Setup
    public void setup() {
      downloader =
          new MediaDownloader(
              new Fetcher(config, allowedHosts), config.download, Location.of(outputDir));
    }

    @ProcessElement
    public void process(@Element VideoMetadata v, MultiOutputReceiver out)
        throws InterruptedException {
      if (!config.download.enabled) {
        out.get(DOWNLOADED).output(v);
        return;
      }
      try {
        MediaDownloader.Stored s = downloader.download(v.getId(), v.getMediaUrl());
        (s.reused() ? StageCounter.MEDIA_REUSED : StageCounter.MEDIA_DOWNLOADED).inc();
        if (!s.reused()) {
          StageCounter.MEDIA_BYTES.inc(s.bytes());
        }
        out.get(DOWNLOADED)
            .output(
                VideoMetadata.newBuilder(v)
                    .setMediaPath(s.relativePath())
                    .setMediaSha256(s.sha256())
                    .setMediaBytes(s.bytes())
                    .setMediaContentType(s.contentType())
                    .build());
      } catch (FetchException e) {
        StageCounter.MEDIA_FAILED.inc();
        out.get(FAILURES)
            .output(
                Failures.of(
                        v.getId(), Stage.DOWNLOAD, e.reason(), v.getId() + ": " + e.getMessage())
                    .setUrl(v.getMediaUrl())
                    .setAttempts(Math.max(1, e.attempts()))
                    .build());
      }
    }

    @Teardown
    public void teardown() {
      downloader = null;
    }
  }

  /** Videos with their media, and download failures. */
  public static final class Result extends StageResult {
    public final PCollection<VideoMetadata> downloaded;
    public final PCollection<Failure> failures;

    Result(
        Pipeline pipeline, PCollection<VideoMetadata> downloaded, PCollection<Failure> failures) {
      super(pipeline, Map.of(DOWNLOADED, downloaded, FAILURES, failures));
      this.downloaded = downloaded;
      this.failures = failures;
    }
  }
}
