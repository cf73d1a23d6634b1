package io.chfen.pipelines.crawl;

import io.chfen.crawl.CrawlConfig;
import io.chfen.crawl.FetchException;
import io.chfen.crawl.Fetcher;
import io.chfen.crawl.MediaDownloader;
import io.chfen.pipelines.Progress;
import io.chfen.pipelines.StageResult;
import io.chfen.pipelines.io.Records;
import io.chfen.records.Failure;
import io.chfen.records.VideoMetadata;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Reshuffle;
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
    return new DownloadMedia(config, allowedHosts, outputDir);
  }

  @Override
  public Result expand(PCollection<VideoMetadata> videos) {
    PCollectionTuple out =
        videos
            .apply("Spread", Reshuffle.viaRandomKey())
            .apply(
                "Download",
                ParDo.of(new DownloadFn(config, allowedHosts, outputDir))
                    .withOutputTags(DOWNLOADED, TupleTagList.of(FAILURES)));
    return new Result(
        videos.getPipeline(),
        out.get(DOWNLOADED).setCoder(Records.VIDEO),
        out.get(FAILURES).setCoder(Records.FAILURE));
  }

  static final class DownloadFn extends DoFn<VideoMetadata, VideoMetadata> {
    private final CrawlConfig config;
    private final Set<String> allowedHosts;
    private final String outputDir;
    private final Counter downloaded = Metrics.counter(DownloadMedia.class, "media_downloaded");
    private final Counter reused = Metrics.counter(DownloadMedia.class, "media_reused");
    private final Counter failed = Metrics.counter(DownloadMedia.class, "media_failed");
    private final Counter bytes = Metrics.counter(DownloadMedia.class, "media_bytes");
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
              new Fetcher(config, allowedHosts), config.download, Path.of(outputDir));
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
        (s.reused() ? reused : downloaded).inc();
        Progress.inc(s.reused() ? "media_reused" : "media_downloaded");
        if (!s.reused()) {
          bytes.inc(s.bytes());
          Progress.add("media_bytes", s.bytes());
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
        failed.inc();
        Progress.inc("media_failed");
        out.get(FAILURES)
            .output(
                Failure.newBuilder()
                    .setId(v.getId())
                    .setStage("download")
                    .setReason(e.reason())
                    .setMessage(v.getId() + ": " + e.getMessage())
                    .setUrl(v.getMediaUrl())
                    .setAttempts(Math.max(1, e.attempts()))
                    .setOccurredAt(Instant.now())
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
