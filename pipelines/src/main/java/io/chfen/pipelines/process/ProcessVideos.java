package io.chfen.pipelines.process;

import io.chfen.media.MediaException;
import io.chfen.pipelines.Progress;
import io.chfen.pipelines.StageResult;
import io.chfen.pipelines.io.Records;
import io.chfen.records.Failure;
import io.chfen.records.VideoArtifacts;
import io.chfen.records.VideoMetadata;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
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
 * Processes each downloaded video in one decoding pass into {@code artifacts/<id>/} (keyframes,
 * audio, and the later analyzers), emitting its {@link VideoArtifacts}; a video that cannot be
 * decoded becomes a process failure. Videos are spread over workers first ({@code Reshuffle}),
 * since each takes seconds; only references cross the shuffle, never media. Input that is already
 * spread (a {@link io.chfen.pipelines.io.VideoQueue}, which balances better) skips it.
 */
public final class ProcessVideos
    extends PTransform<PCollection<VideoMetadata>, ProcessVideos.Result> {
  static final TupleTag<VideoArtifacts> PROCESSED = new TupleTag<>() {};
  static final TupleTag<Failure> FAILURES = new TupleTag<>() {};

  private final ProcessConfig config;
  private final String mediaRoot;
  private final String out;
  private final boolean spread;

  private ProcessVideos(ProcessConfig config, String mediaRoot, String out, boolean spread) {
    this.config = config;
    this.mediaRoot = mediaRoot;
    this.out = out;
    this.spread = spread;
  }

  /**
   * @param mediaRoot the directory the videos' {@code mediaPath} is relative to (the crawl output)
   * @param out where {@code artifacts/} goes
   */
  public static ProcessVideos with(ProcessConfig config, String mediaRoot, String out) {
    return new ProcessVideos(config, mediaRoot, out, true);
  }

  /** The same, for input a work-queue source already spreads over the workers. */
  public ProcessVideos alreadySpread() {
    return new ProcessVideos(config, mediaRoot, out, false);
  }

  @Override
  public Result expand(PCollection<VideoMetadata> videos) {
    PCollection<VideoMetadata> spreadOut =
        spread ? videos.apply("Spread", Reshuffle.viaRandomKey()) : videos;
    PCollectionTuple r =
        spreadOut.apply(
            "Process",
            ParDo.of(new ProcessVideoFn(config, mediaRoot, out))
                .withOutputTags(PROCESSED, TupleTagList.of(FAILURES)));
    return new Result(
        videos.getPipeline(),
        r.get(PROCESSED).setCoder(Records.VIDEO_ARTIFACTS),
        r.get(FAILURES).setCoder(Records.FAILURE));
  }

  static final class ProcessVideoFn extends DoFn<VideoMetadata, VideoArtifacts> {
    private final ProcessConfig config;
    private final String mediaRoot;
    private final String out;
    private final Counter processed = Metrics.counter(ProcessVideos.class, "videos_processed");
    private final Counter reused = Metrics.counter(ProcessVideos.class, "videos_reused");
    private final Counter failed = Metrics.counter(ProcessVideos.class, "videos_failed");
    private transient VideoProcessor processor;

    ProcessVideoFn(ProcessConfig config, String mediaRoot, String out) {
      this.config = config;
      this.mediaRoot = mediaRoot;
      this.out = out;
    }

    @Setup
    public void setup() {
      processor = new VideoProcessor(config, Path.of(mediaRoot), Path.of(out));
    }

    @ProcessElement
    public void process(@Element VideoMetadata v, MultiOutputReceiver o) {
      try {
        VideoProcessor.Outcome r = processor.process(v);
        (r.reused() ? reused : processed).inc();
        Progress.inc(r.reused() ? "videos_reused" : "videos_processed");
        o.get(PROCESSED).output(r.artifacts());
      } catch (MediaException e) {
        fail(v, e.reason(), e.getMessage(), o);
      } catch (IOException e) {
        fail(v, "io_error", e.toString(), o);
      }
    }

    private void fail(VideoMetadata v, String reason, String message, MultiOutputReceiver o) {
      failed.inc();
      Progress.inc("videos_process_failed");
      o.get(FAILURES)
          .output(
              Failure.newBuilder()
                  .setId(v.getId())
                  .setStage("process")
                  .setReason(reason)
                  .setMessage(v.getId() + ": " + message)
                  .setUrl(v.getMediaPath())
                  .setOccurredAt(Instant.now())
                  .build());
    }

    @Teardown
    public void teardown() {
      if (processor != null) {
        processor.close();
        processor = null;
      }
    }
  }

  /** Processed videos and process failures. */
  public static final class Result extends StageResult {
    public final PCollection<VideoArtifacts> processed;
    public final PCollection<Failure> failures;

    Result(
        Pipeline pipeline, PCollection<VideoArtifacts> processed, PCollection<Failure> failures) {
      super(pipeline, Map.of(PROCESSED, processed, FAILURES, failures));
      this.processed = processed;
      this.failures = failures;
    }
  }
}
