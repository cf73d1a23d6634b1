package io.chfen.pipelines.process;

import io.chfen.dataset.process.ProcessSpec;
import io.chfen.dataset.process.VideoProcessor;
import io.chfen.files.Location;
import io.chfen.media.MediaException;
import io.chfen.pipelines.ItemSteps;
import io.chfen.pipelines.StageCounter;
import io.chfen.pipelines.StageResult;
import io.chfen.pipelines.io.Records;
import io.chfen.records.Failure;
import io.chfen.records.VideoArtifacts;
import io.chfen.records.VideoMetadata;
import io.chfen.schemas.Failures;
import io.chfen.schemas.Stage;
import java.io.IOException;
import java.util.Map;
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
 * Processes each downloaded video in one decoding pass into {@code artifacts/<id>/} (keyframes,
 * audio, and the later analyzers), emitting its {@link VideoArtifacts}; a video that cannot be
 * decoded becomes a process failure. Videos are spread over workers first ({@code Reshuffle}),
 * since each takes seconds; only references cross the shuffle, never media. Input that is already
 * spread (a {@link io.chfen.pipelines.io.VideoQueue}, which balances better) skips it.
 */
public final class ProcessVideos
    extends PTransform<PCollection<VideoMetadata>, ProcessVideos.Result> {
  private static final long serialVersionUID = 1L;

  static final TupleTag<VideoArtifacts> PROCESSED = new TupleTag<>() {};
  static final TupleTag<Failure> FAILURES = new TupleTag<>() {};

  private final ProcessSpec config;
  private final String mediaRoot;
  private final String out;
  private final boolean spread;

  private ProcessVideos(ProcessSpec config, String mediaRoot, String out, boolean spread) {
    this.config = config;
    this.mediaRoot = mediaRoot;
    this.out = out;
    this.spread = spread;
  }

  /**
   * @param mediaRoot the directory the videos' {@code mediaPath} is relative to (the crawl output)
   * @param out where {@code artifacts/} goes
   */
  public static ProcessVideos with(ProcessSpec config, String mediaRoot, String out) {
    if (mediaRoot == null || out == null) {
      throw new IllegalArgumentException("ProcessVideos needs the media root and an output");
    }
    return new ProcessVideos(config.validate(), mediaRoot, out, true);
  }

  @Override
  public void populateDisplayData(DisplayData.Builder builder) {
    super.populateDisplayData(builder);
    builder.add(DisplayData.item("mediaRoot", mediaRoot)).add(DisplayData.item("output", out));
    config.describe().forEach((k, v) -> builder.add(DisplayData.item(k, v)));
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
            ItemSteps.PROCESS.name(),
            ParDo.of(new ProcessVideoFn(config, mediaRoot, out))
                .withOutputTags(PROCESSED, TupleTagList.of(FAILURES)));
    return new Result(
        videos.getPipeline(),
        r.get(PROCESSED).setCoder(Records.VIDEO_ARTIFACTS),
        r.get(FAILURES).setCoder(Records.FAILURE));
  }

  static final class ProcessVideoFn extends DoFn<VideoMetadata, VideoArtifacts> {
    private static final long serialVersionUID = 1L;

    private final ProcessSpec config;
    private final String mediaRoot;
    private final String out;
    private transient VideoProcessor processor;

    ProcessVideoFn(ProcessSpec config, String mediaRoot, String out) {
      this.config = config;
      this.mediaRoot = mediaRoot;
      this.out = out;
    }

    @Setup
    public void setup() {
      processor = new VideoProcessor(config, Location.of(mediaRoot), Location.of(out));
    }

    @ProcessElement
    public void process(@Element VideoMetadata v, MultiOutputReceiver o) {
      try {
        VideoProcessor.Outcome r = processor.process(v);
        (r.reused() ? StageCounter.VIDEOS_REUSED : StageCounter.VIDEOS_PROCESSED).inc();
        VideoArtifacts made = r.stageRecord();
        if (!r.reused()) {
          StageCounter.cpu(made.getCpuMs(), made.getDurationS());
        }
        o.get(PROCESSED).output(made);
      } catch (MediaException e) {
        fail(
            v,
            Failures.of(v.getId(), Stage.PROCESS, e.reason(), v.getId() + ": " + e.getMessage()),
            o);
      } catch (IOException e) {
        fail(v, Failures.of(v.getId(), Stage.PROCESS, "io_error", v.getId() + ": " + e), o);
      } catch (RuntimeException e) {
        // a bug or media that breaks a decoder: this video fails, the run goes on
        fail(v, Failures.of(v.getId(), Stage.PROCESS, "internal_error", e), o);
      }
    }

    private void fail(VideoMetadata v, Failure.Builder f, MultiOutputReceiver o) {
      StageCounter.VIDEOS_PROCESS_FAILED.inc();
      o.get(FAILURES).output(f.setUrl(v.getMediaPath()).build());
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
